import { Injectable, Logger } from '@nestjs/common';
import { DomainError, pickSfuNode } from '@kohtaamo/domain';
import { SfuNodesRepository } from './sfu-nodes.repository';

export interface SfuPlacement {
  nodeId: string;
  /** where the browser reaches that node's signalling */
  url: string;
}

/**
 * Which SFU node a meeting lives on, decided when a join token is signed: the node it is already on while
 * that node is live, otherwise the least-loaded live node (libs/domain pickSfuNode). A meeting whose node
 * died is thereby moved the first time anyone asks for a token again — which is what a client does when
 * it loses its node. No registered node at all means a single SFU without a registry: null, and the API's
 * SFU_PUBLIC_URL is used as before.
 */
@Injectable()
export class SfuPlacementService {
  private readonly logger = new Logger('SfuPlacement');

  constructor(private readonly nodes: SfuNodesRepository) {}

  /**
   * @param untilMs when the meeting's tokens stop being valid (the placement is kept that long)
   * While Redis cannot be read, null: the single SFU at SFU_PUBLIC_URL (logged), as without a registry.
   */
  async place(meetingId: string, nowMs: number, untilMs: number): Promise<SfuPlacement | null> {
    let live: Awaited<ReturnType<SfuNodesRepository['liveNodes']>>;
    try {
      live = await this.nodes.liveNodes();
    } catch (e) {
      this.logger.warn(`cannot read the SFU registry (${e instanceof Error ? e.message : String(e)}); using SFU_PUBLIC_URL`);
      return null;
    }
    if (live.length === 0) return null;
    const candidate = pickSfuNode(live);
    if (candidate === undefined) throw new DomainError('unavailable', 'no media server has a running worker; try again shortly');
    const nodeId = await this.nodes.place(meetingId, candidate.id, untilMs - nowMs);
    const node = live.find((n) => n.id === nodeId) ?? (await this.nodes.node(nodeId));
    if (node === undefined) throw new DomainError('unavailable', 'the media server of this meeting just went away; try again shortly');
    return { nodeId, url: node.url };
  }
}
