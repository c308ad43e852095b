import { DomainError } from './errors';

/** The seed's critical client groups (docs/domain.md), plus "other". */
export const CLIENT_GROUPS = [
  'neuropsychiatric',
  'substance_use',
  'mental_health',
  'separating_family',
  'custody_dispute',
  'other',
] as const;
export type ClientGroup = (typeof CLIENT_GROUPS)[number];

/** Ordered from most to least urgent. */
export const URGENCIES = ['urgent', 'soon', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const MEETING_MODES = ['remote', 'in_person', 'hybrid'] as const;
export type MeetingMode = (typeof MEETING_MODES)[number];

export const AGE_BANDS = ['0-1', '1-3', '3-6', '7-12', '13-17', '18-24', '25-64', '65+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const REQUEST_STATUSES = [
  'submitted',
  'more_info_needed',
  'accepted',
  'declined',
  'scheduled',
  'handled',
  'minutes_finalised',
  'closed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_ACTIONS = [
  'accept',
  'request_info',
  'decline',
  'resubmit',
  'schedule',
  'unschedule',
  'mark_handled',
  'finalise_minutes',
  'close',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

/**
 * The lifecycle in docs/domain.md (Concepts): submitted → triaged (accepted / more info needed /
 * declined with reason) → scheduled → handled → minutes finalised → closed. A request that needs more information goes back
 * to triage when the requester resubmits; a scheduled request whose meeting is cancelled goes back to
 * accepted; a declined request can only be closed.
 */
const TRANSITIONS: Record<RequestStatus, Partial<Record<RequestAction, RequestStatus>>> = {
  submitted: { accept: 'accepted', request_info: 'more_info_needed', decline: 'declined' },
  more_info_needed: { resubmit: 'submitted', decline: 'declined' },
  accepted: { schedule: 'scheduled', decline: 'declined' },
  scheduled: { unschedule: 'accepted', mark_handled: 'handled' },
  handled: { finalise_minutes: 'minutes_finalised' },
  minutes_finalised: { close: 'closed' },
  declined: { close: 'closed' },
  closed: {},
};

/** Actions that need a reason in words (shown to the requester). */
export const ACTIONS_REQUIRING_REASON: readonly RequestAction[] = ['decline', 'request_info'];

export function nextStatus(current: RequestStatus, action: RequestAction): RequestStatus | undefined {
  return TRANSITIONS[current][action];
}

export function allowedActions(current: RequestStatus): RequestAction[] {
  return REQUEST_ACTIONS.filter((a) => TRANSITIONS[current][a] !== undefined);
}

/** Applies an action to a status, or throws `invalid_transition` naming what is allowed instead. */
export function applyRequestAction(current: RequestStatus, action: RequestAction, reason?: string | null): RequestStatus {
  const next = nextStatus(current, action);
  if (next === undefined) {
    const allowed = allowedActions(current);
    throw new DomainError(
      'invalid_transition',
      `a request in status "${current}" cannot be "${action}"; allowed: ${allowed.length ? allowed.join(', ') : 'none (closed)'}`,
      [{ field: 'action', reason: `not allowed from status ${current}` }],
      { status: current, action, allowed },
    );
  }
  if (ACTIONS_REQUIRING_REASON.includes(action) && !(reason && reason.trim())) {
    throw DomainError.field('validation_failed', 'reason', `a reason is required to ${action.replace('_', ' ')}`);
  }
  return next;
}
