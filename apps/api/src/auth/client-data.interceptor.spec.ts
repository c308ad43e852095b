import { clientIdsIn, requestIdsIn } from './client-data.interceptor';

describe('client ids in a response', () => {
  it('finds clientId and client records at any depth, not in events', () => {
    const deep = { a: { b: { c: { d: { e: { f: [{ clientId: 'c-deep' }] } } } } } };
    const body = { items: [{ clientId: 'c1', meeting: { requestId: 'r1' } }], deep, events: [{ clientId: 'c-event' }] };
    expect([...clientIdsIn(body, false)].sort()).toEqual(['c-deep', 'c1']);
    expect([...requestIdsIn(body)]).toEqual(['r1']);
  });
  it('reads a client record only on client routes', () => {
    const client = { id: 'c2', fullName: 'Aino' };
    expect([...clientIdsIn([client], true)]).toEqual(['c2']);
    expect([...clientIdsIn([client], false)]).toEqual([]);
  });
  it('fails closed on a body too large to check', () => {
    const huge = Array.from({ length: 200_001 }, () => ({}));
    expect(() => clientIdsIn(huge, false)).toThrow('too large');
  });
});
