import { Injectable } from '@nestjs/common';

/**
 * The instant the API's rules are judged at: consent validity, chairs "on the day", deadlines, invitation
 * and join-token lifetimes, when a reminder is due, and `kohtaamo.now`, the instant row-level security
 * judges consents at (database/actor-settings.ts). Tests replace it (TestClock in test/support/api.ts);
 * libs/ get the instant passed in and read no clock.
 *
 * A few places read the machine's time instead, because what they measure against runs on that time,
 * not on a test clock:
 * - auth/token-verifier.service.ts: the principal cache's 30-second lifetime, set beside the token's own
 *   expiry, which jose's `jwtVerify` checks against the machine's time as well;
 * - notifications/outbox-relay.service.ts (the delay of a reminder's job) and notifications.processor.ts
 *   (putting back a job that came early): BullMQ counts delays on the real time; a job that runs before
 *   its row is due by this clock puts itself back, so a reminder never goes early by this clock;
 * - scheduling/booking.service.ts: a session read is reused for 10 seconds (an in-process cache).
 * PostgreSQL's own `now()` stamps bookkeeping columns (created_at, updated_at, sent_at, …), times claim
 * leases (delivery.repository.ts, the relay's rescue) and picks "meetings not yet over" for a language change
 * (persons.service.ts); the principal's chair role from a responsible pair is judged on PostgreSQL's
 * `current_date` (token-verifier.service.ts).
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
