import { pickSfuNode, type SfuNodeRecord } from './sfu-nodes';

const node = (id: string, peers: number, workers = 2, recent = 0): SfuNodeRecord & { recent: number } => ({ id, url: `http://${id}`, workers, peers, rooms: 0, consumers: 0, at: 0, recent });

describe('pickSfuNode', () => {
  it('picks the node with the fewest participants per worker', () => {
    expect(pickSfuNode([node('a', 10), node('b', 4), node('c', 6)])?.id).toBe('b');
    // 6 on 4 workers is less per worker than 4 on 2
    expect(pickSfuNode([node('a', 4, 2), node('b', 6, 4)])?.id).toBe('b');
  });

  it('counts meetings placed moments ago, so two placements in a row spread over two idle nodes', () => {
    expect(pickSfuNode([node('a', 0), node('b', 0)])?.id).toBe('a');
    expect(pickSfuNode([node('a', 0, 2, 1), node('b', 0)])?.id).toBe('b');
  });

  it('breaks ties by id (the same answer on every API instance) and skips nodes without workers', () => {
    expect(pickSfuNode([node('b', 1), node('a', 1)])?.id).toBe('a');
    expect(pickSfuNode([node('a', 0, 0), node('b', 9)])?.id).toBe('b');
    expect(pickSfuNode([])).toBeUndefined();
  });
});
