import type { JoinResult, JoinedInfo, TransportInfo } from '@kohtaamo/protocol';
import { isError, TestClient } from './client';
import { signJoinToken, type TokenClaims } from './tokens';

export interface Participant {
  client: TestClient;
  result: JoinResult;
  token: string;
}

/** Connects and sends `join` with a freshly signed token; throws on an error acknowledgement. */
export async function joinAs(url: string, claims: TokenClaims, meetingId: string | undefined = claims.mid): Promise<Participant> {
  const token = await signJoinToken(claims);
  const client = await TestClient.connect(url);
  const result = await client.request('join', meetingId === undefined ? { token } : { token, meetingId });
  if (isError(result)) {
    client.close();
    throw new Error(`join failed: ${JSON.stringify(result.error)}`);
  }
  return { client, result, token };
}

export function joined(p: Participant): JoinedInfo {
  if (p.result.status !== 'joined') throw new Error(`${p.result.self.participantId} is in the lobby`);
  return p.result;
}

/** What a browser does after joining: capabilities, then a send and a recv transport. */
export async function prepareMedia(client: TestClient, info: JoinedInfo): Promise<{ send: TransportInfo; recv: TransportInfo }> {
  await client.ok('peer:capabilities', { rtpCapabilities: info.routerRtpCapabilities });
  const send = await client.ok('transport:create', { direction: 'send' });
  const recv = await client.ok('transport:create', { direction: 'recv' });
  return { send, recv };
}
