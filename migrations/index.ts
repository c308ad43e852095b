import { InitialSchema1764300000000 } from './1764300000000-initial-schema';
import { MeetingOutbox1764300000001 } from './1764300000001-meeting-outbox';
import { Scheduling1764300000002 } from './1764300000002-scheduling';
import { Notifications1764400000000 } from './1764400000000-notifications';
import { Minutes1764400000001 } from './1764400000001-minutes';
import { Access1764500000000 } from './1764500000000-access';
import { CalendarFeeds1764550000000 } from './1764550000000-calendar-feeds';
import { NeedToKnow1764600000000 } from './1764600000000-need-to-know';
import { InvitationExpiry1764600000010 } from './1764600000010-invitation-expiry';
import { DatabaseRoles1764900000000 } from './1764900000000-database-roles';
import { TriageNotices1765020000000 } from './1765020000000-triage-notices';
import { DisclosureLog1765030000000 } from './1765030000000-disclosure-log';
import { ConsentCascade1765030000100 } from './1765030000100-consent-cascade';
import { RequestEvents1765040000000 } from './1765040000000-request-events';
import { Feedback1765040000001 } from './1765040000001-feedback';
import { RequestMetrics1765040000002 } from './1765040000002-request-metrics';
import { RequestMetricsFast1765200000000 } from './1765200000000-request-metrics-fast';
import { MetricsVersion1765300000000 } from './1765300000000-metrics-version';
import { EndedEarlyOutbox1765400000000 } from './1765400000000-ended-early-outbox';
import { ParticipantOrder1765500000000 } from './1765500000000-participant-order';
import { PairMemberBusyNotice1765600000000 } from './1765600000000-pair-member-busy-notice';
import { MinutesRevision1765060000010 } from './1765060000010-minutes-revision';
import { AccessibilityFeedback1765060000011 } from './1765060000011-accessibility-feedback';
import { MeetingHosting1765100000000 } from './1765100000000-meeting-hosting';

/** Every migration, in order. Listed explicitly so that compiled code and tests load the same set. */
export const MIGRATIONS = [
  InitialSchema1764300000000,
  MeetingOutbox1764300000001,
  Scheduling1764300000002,
  Notifications1764400000000,
  Minutes1764400000001,
  Access1764500000000,
  CalendarFeeds1764550000000,
  NeedToKnow1764600000000,
  InvitationExpiry1764600000010,
  DatabaseRoles1764900000000,
  TriageNotices1765020000000,
  DisclosureLog1765030000000,
  ConsentCascade1765030000100,
  RequestEvents1765040000000,
  Feedback1765040000001,
  RequestMetrics1765040000002,
  MinutesRevision1765060000010,
  AccessibilityFeedback1765060000011,
  MeetingHosting1765100000000,
  RequestMetricsFast1765200000000,
  MetricsVersion1765300000000,
  EndedEarlyOutbox1765400000000,
  ParticipantOrder1765500000000,
  PairMemberBusyNotice1765600000000,
];
