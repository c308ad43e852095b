import { DomainError } from './errors';
import { REQUEST_ACTIONS, REQUEST_STATUSES, RequestAction, RequestStatus, allowedActions, applyRequestAction } from './request';

// The whole allowed table, written out independently of the implementation.
const ALLOWED: Array<[RequestStatus, RequestAction, RequestStatus]> = [
  ['submitted', 'accept', 'accepted'],
  ['submitted', 'request_info', 'more_info_needed'],
  ['submitted', 'decline', 'declined'],
  ['more_info_needed', 'resubmit', 'submitted'],
  ['more_info_needed', 'decline', 'declined'],
  ['accepted', 'schedule', 'scheduled'],
  ['accepted', 'decline', 'declined'],
  ['scheduled', 'unschedule', 'accepted'],
  ['scheduled', 'mark_handled', 'handled'],
  ['handled', 'finalise_minutes', 'minutes_finalised'],
  ['minutes_finalised', 'close', 'closed'],
  ['declined', 'close', 'closed'],
];

describe('request lifecycle', () => {
  it.each(ALLOWED)('%s --%s--> %s', (from, action, to) => {
    expect(applyRequestAction(from, action, 'because')).toBe(to);
  });

  const forbidden: Array<[RequestStatus, RequestAction]> = [];
  for (const s of REQUEST_STATUSES) {
    for (const a of REQUEST_ACTIONS) {
      if (!ALLOWED.some(([f, act]) => f === s && act === a)) forbidden.push([s, a]);
    }
  }

  it('has every status × action pair either allowed or forbidden', () => {
    expect(ALLOWED.length + forbidden.length).toBe(REQUEST_STATUSES.length * REQUEST_ACTIONS.length);
  });

  it.each(forbidden)('%s cannot %s', (from, action) => {
    let caught: unknown;
    try {
      applyRequestAction(from, action, 'because');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('invalid_transition');
    expect((caught as DomainError).details.allowed).toEqual(allowedActions(from));
  });

  it('requires a reason to decline or to ask for more information', () => {
    expect(() => applyRequestAction('submitted', 'decline', '  ')).toThrow(/reason/);
    expect(() => applyRequestAction('submitted', 'request_info', null)).toThrow(/reason/);
    expect(applyRequestAction('submitted', 'accept')).toBe('accepted');
  });

  it('closed is terminal', () => {
    expect(allowedActions('closed')).toEqual([]);
  });
});
