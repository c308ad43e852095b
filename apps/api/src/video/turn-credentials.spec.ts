import { createHmac } from 'node:crypto';
import { turnCredentials, turnIceServers } from './turn-credentials';

describe('TURN REST credentials', () => {
  const secret = 'shared-secret-of-coturn-0123456789';

  it('puts the expiry (unix seconds) first and signs the username with HMAC-SHA1 of the shared secret', () => {
    const { username, credential } = turnCredentials(secret, 'participant-1', 1_900_000_000_999);
    expect(username).toMatch(/^1900000000:k[0-9a-f]{16}$/);
    // the value coturn computes: base64(HMAC-SHA1(secret, username))
    expect(credential).toBe(createHmac('sha1', secret).update(username).digest('base64'));
    expect(turnCredentials('another-secret-0123456789abcdef', 'participant-1', 1_900_000_000_999).credential).not.toBe(credential);
  });

  it('does not reveal the participant id to the TURN server', () => {
    const { username } = turnCredentials(secret, 'person:3f1c9a7e-1111-2222-3333-444455556666', 1_900_000_000_000);
    expect(username).not.toContain('3f1c9a7e');
    expect(username.split(':')).toHaveLength(2);
  });

  it('hands out no servers when TURN is not configured, one entry with every URL when it is', () => {
    expect(turnIceServers(null, 'p', 0)).toEqual([]);
    const [server, ...rest] = turnIceServers({ urls: ['turn:t.example:3478?transport=udp', 'turns:t.example:443?transport=tcp'], secret }, 'p', 1_900_000_000_000);
    expect(rest).toEqual([]);
    expect(server?.urls).toEqual(['turn:t.example:3478?transport=udp', 'turns:t.example:443?transport=tcp']);
  });
});
