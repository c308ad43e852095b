import { SchedulingError } from './errors';
import { instantMs, intervalMs } from './intervals';
import { MINUTE_MS, MINUTES_PER_DAY } from './local-date';

/** Urgency of a consultation request, most urgent first. */
export const URGENCIES = ['urgent', 'soon', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** 0 for the most urgent; lower sorts first. */
export function urgencyRank(urgency: Urgency): number {
  const rank = URGENCIES.indexOf(urgency);
  if (rank < 0) throw new SchedulingError('invalid_argument', 'urgency', `urgency must be one of ${URGENCIES.join(', ')}`);
  return rank;
}

/** One case's place in a session. */
export interface AgendaSlot {
  /** the session occurrence's key, when slots of several sessions are allocated together */
  readonly sessionKey?: string;
  /** 0-based position within its session */
  readonly index: number;
  readonly start: Date;
  readonly end: Date;
  /** id of the request already booked here; such a slot is skipped */
  readonly occupiedBy?: string | null;
}

/** A request waiting for a slot. */
export interface AgendaRequest {
  readonly id: string;
  readonly urgency: Urgency;
  /** when it was submitted: the longer it has waited, the earlier it goes */
  readonly submittedAt: Date;
}

export interface SlotAssignment {
  readonly requestId: string;
  readonly slot: AgendaSlot;
}

export interface AgendaAllocation {
  readonly assignments: SlotAssignment[];
  /** requests that did not fit, in priority order */
  readonly unassigned: AgendaRequest[];
}

/**
 * Splits a session [start, end) into consecutive slots of `slotMinutes`; a remainder shorter than a slot
 * is not a slot (13:00–15:00 by 20 minutes → 6 slots; by 25 minutes → 4).
 */
export function splitIntoSlots(start: Date, end: Date, slotMinutes: number, sessionKey?: string): AgendaSlot[] {
  const [s, e] = intervalMs({ start, end }, 'session');
  if (!Number.isInteger(slotMinutes) || slotMinutes < 1 || slotMinutes > MINUTES_PER_DAY) {
    throw new SchedulingError('invalid_argument', 'slotMinutes', `slotMinutes must be an integer 1–${MINUTES_PER_DAY}`);
  }
  const len = slotMinutes * MINUTE_MS;
  const slots: AgendaSlot[] = [];
  for (let t = s, index = 0; t + len <= e; t += len, index++) {
    slots.push(sessionKey === undefined ? { index, start: new Date(t), end: new Date(t + len) } : { sessionKey, index, start: new Date(t), end: new Date(t + len) });
  }
  return slots;
}

/**
 * Orders requests by priority: urgency (urgent, soon, normal), then waiting time (earlier `submittedAt`
 * first), then id, so the order never depends on the input order.
 */
export function compareRequests(a: AgendaRequest, b: AgendaRequest): number {
  return (
    urgencyRank(a.urgency) - urgencyRank(b.urgency) ||
    a.submittedAt.getTime() - b.submittedAt.getTime() ||
    compareText(a.id, b.id)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Allocates requests to free slots: the highest-priority request (see {@link compareRequests}) gets the
 * earliest free slot, the next one the next, and so on. Occupied slots are skipped; no slot gets two
 * requests and no request two slots (a request that already occupies a slot is a `duplicate` error).
 * Slots may come from several sessions and in any order.
 */
export function allocateAgenda(slots: readonly AgendaSlot[], requests: readonly AgendaRequest[]): AgendaAllocation {
  const booked = new Set<string>();
  for (const slot of slots) if (typeof slot?.occupiedBy === 'string') booked.add(slot.occupiedBy);
  const ids = new Set<string>();
  requests.forEach((r, i) => {
    if (typeof r?.id !== 'string' || r.id === '') throw new SchedulingError('invalid_argument', `requests[${i}].id`, 'request id must be a non-empty string');
    if (ids.has(r.id)) throw new SchedulingError('duplicate', `requests[${i}].id`, `request ${JSON.stringify(r.id)} is listed twice`);
    if (booked.has(r.id)) throw new SchedulingError('duplicate', `requests[${i}].id`, `request ${JSON.stringify(r.id)} already has a slot`);
    ids.add(r.id);
    urgencyRank(r.urgency);
    instantMs(r.submittedAt, `requests[${i}].submittedAt`);
  });
  const seen = new Set<string>();
  slots.forEach((slot, i) => {
    intervalMs(slot, `slots[${i}]`);
    const id = `${slot.sessionKey ?? ''}#${slot.index}`;
    if (seen.has(id)) throw new SchedulingError('duplicate', `slots[${i}]`, `slot ${slot.index} of session ${slot.sessionKey ?? '(none)'} is listed twice`);
    seen.add(id);
  });

  const free = slots
    .filter((slot) => slot.occupiedBy === undefined || slot.occupiedBy === null)
    .sort((a, b) => a.start.getTime() - b.start.getTime() || compareText(a.sessionKey ?? '', b.sessionKey ?? '') || a.index - b.index);
  const queue = [...requests].sort(compareRequests);
  const assignments: SlotAssignment[] = [];
  const n = Math.min(free.length, queue.length);
  for (let i = 0; i < n; i++) assignments.push({ requestId: queue[i].id, slot: free[i] });
  return { assignments, unassigned: queue.slice(n) };
}
