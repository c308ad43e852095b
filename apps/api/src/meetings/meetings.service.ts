import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, consentAllows, nextStatus } from '@kohtaamo/domain';
import { beforeCurrentMinute } from '@kohtaamo/scheduling';
import { SfuControlService } from '../video/sfu-control.service';
import { Clock } from '../common/clock';
import { PolicyService } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { Page } from '../common/pagination.dto';
import { asReference } from '../common/reference.util';
import { ConsentsService } from '../consents/consents.service';
import { RoomsService } from '../rooms/rooms.service';
import { PersonsService } from '../persons/persons.service';
import { AnonymousContentService } from '../privacy/anonymous-content.service';
import { ConsultationRequestEntity } from '../requests/consultation-request.entity';
import { RequestsService } from '../requests/requests.service';
import { neutralTitle } from '../notifications/messages';
import { TeamsService } from '../teams/teams.service';
import { AttendanceRepository } from './attendance.repository';
import { AgendaItemEntity, MeetingAttendanceEntity, MeetingEntity, MeetingParticipantEntity } from './meeting.entity';
import { CancelMeetingDto, CreateMeetingDto, ListMeetingsQuery, ParticipantDto, RoomAttendanceDto, RoomHeadcountDto, UpdateMeetingDto, UpdateParticipantDto } from './meeting.dto';
import { MeetingNotice, MeetingsRepository, NewParticipant } from './meetings.repository';

export type { MeetingNotice } from './meetings.repository';

/** `clientId`: the identified client the meeting is about, if any (its participants may name the family). */
export type MeetingDetail = MeetingEntity & { participants: MeetingParticipantEntity[]; agenda: AgendaItemEntity[]; clientId: string | null; notices: MeetingNotice[] };

/** GET /api/meetings/:id/attendance: every video connection and room mark, and the room's headcount. */
export interface AttendanceView {
  meetingId: string;
  status: MeetingEntity['status'];
  endedAt: Date | null;
  roomHeadcount: number | null;
  rows: Array<Pick<MeetingAttendanceEntity, 'id' | 'participantId' | 'personId' | 'source' | 'joinedAt' | 'leftAt' | 'roomCount'>>;
}

/** What a guest sees of the meeting they were invited to: when, where, how to join. */
export interface GuestMeetingView {
  id: string;
  /** the neutral word ("Tapaaminen"/"Möte"/"Meeting", the guest's language), never the staff's title */
  title: string;
  startsAt: Date;
  endsAt: Date;
  mode: MeetingEntity['mode'];
  location: string | null;
  status: MeetingEntity['status'];
  you: { participantId: string; displayName: string };
}

/**
 * How long before its booked start a meeting may be ended (MeetingsService.end), when people have joined
 * early and talked: 3 hours (ms). A video test further ahead does not make a meeting endable.
 */
export const EARLY_END_WINDOW_MS = 3 * 3_600_000;

@Injectable()
export class MeetingsService {
  constructor(
    private readonly meetings: MeetingsRepository,
    private readonly attendances: AttendanceRepository,
    private readonly persons: PersonsService,
    private readonly teams: TeamsService,
    private readonly requests: RequestsService,
    private readonly consents: ConsentsService,
    private readonly rooms: RoomsService,
    private readonly clock: Clock,
    private readonly policy: PolicyService,
    private readonly anonymity: AnonymousContentService,
    private readonly sfu: SfuControlService,
  ) {}

  /**
   * Books a meeting with `who` as its organiser (and host). Refused before anything is written: a start
   * before the current minute (400 `in_the_past` naming `startsAt`, as a reschedule into the past is —
   * nobody can come to a meeting that is over, and its invitations would only expire unsent); a team
   * session is set up by that team's chairs of the day or a coordinator; a meeting about a request by
   * someone who may read that request (its requester, own worker or team, within need to know).
   */
  async create(dto: CreateMeetingDto, who: StaffPrincipal): Promise<MeetingDetail> {
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    assertSpan(startsAt, endsAt);
    this.assertNotInPast({ startsAt, endsAt });
    if (dto.teamId) await asReference(this.teams.get(dto.teamId), 'teamId');
    if (dto.kind === 'team_session') {
      if (!dto.teamId) throw DomainError.field('validation_failed', 'teamId', 'a team session belongs to a team');
      if (who.systemRole !== 'coordinator' && !(await this.policy.chairs(who, dto.teamId, startsAt))) {
        throw new DomainError('forbidden', "only the team's chairs of that day or a coordinator set up its sessions", [{ field: 'teamId', reason: 'you do not chair this team on that day' }]);
      }
    }
    if (dto.requestId) {
      try {
        await this.policy.request(who, dto.requestId, 'read');
      } catch (e) {
        if (e instanceof DomainError && e.code === 'not_found') throw DomainError.field('unprocessable', 'requestId', `consultation request ${dto.requestId} does not exist`);
        throw e;
      }
    }
    if (dto.roomId) await asReference(this.rooms.get(dto.roomId), 'roomId');
    if (dto.slotMinutes !== undefined && dto.kind !== 'team_session') throw DomainError.field('validation_failed', 'slotMinutes', 'only team sessions have agenda slots');
    const request = dto.requestId ? await asReference(this.requests.get(dto.requestId), 'requestId') : null;
    const participants = dto.participants ?? [];
    const rows = await this.participantRows(participants, request, 'participants');
    await this.anonymity.assertMeeting(AnonymousContentService.of(request), dto, participants);
    const id = await this.meetings.transaction(async (tx) => {
      const m = await this.meetings.insert(
        tx,
        {
          kind: dto.kind,
          title: dto.title,
          teamId: dto.teamId ?? null,
          requestId: dto.requestId ?? null,
          organiserId: who.personId,
          startsAt,
          endsAt,
          location: dto.location ?? null,
          roomId: dto.roomId ?? null,
          seriesId: null,
          occurrenceKey: null,
          slotMinutes: dto.slotMinutes ?? null,
          mode: dto.mode,
          status: 'scheduled',
          sequence: 0,
        },
        rows,
      );
      await this.meetings.outbox(tx, m, 'scheduled');
      if (request && request.status === 'accepted') await this.requests.applyInTransaction(tx, request.id, 'schedule', null, who.personId);
      return m.id;
    });
    return this.detail(id);
  }

  async get(id: string): Promise<MeetingEntity> {
    const m = await this.meetings.get(id);
    if (!m) throw DomainError.notFound('meeting', id);
    return m;
  }

  /**
   * The meeting as `who` may see it: hidden (404) unless they take part in it; the family's and outside
   * participants' names and addresses only within need to know (otherwise their relation or organisation).
   */
  async detailFor(id: string, who: StaffPrincipal): Promise<MeetingDetail> {
    const f = await this.policy.meeting(who, id, 'read');
    const d = await this.detail(id);
    if (f && !f.seesClient) {
      d.clientId = null;
      d.participants = d.participants.map((p) =>
        p.kind === 'staff' ? p : Object.assign(p, { displayName: p.kind === 'family' ? (p.familyRelation ?? 'family') : (p.organisationName ?? 'external'), email: null }),
      );
    }
    return d;
  }

  async detail(id: string): Promise<MeetingDetail> {
    const m = await this.get(id);
    const [participants, agenda, clientId, notices] = await Promise.all([
      this.meetings.participantsOf(id),
      this.meetings.agendaOf(id),
      m.requestId ? this.meetings.clientOfRequest(m.requestId) : Promise.resolve(null),
      this.meetings.noticesOf(id),
    ]);
    return Object.assign(m, { participants, agenda, clientId, notices });
  }

  async guestView(id: string, participantId: string): Promise<GuestMeetingView> {
    const m = await this.get(id);
    const p = await this.meetings.participant(id, participantId);
    if (!p) throw DomainError.notFound('meeting', id);
    // the title is the staff's (it may name the child): a guest reads the neutral word, as in their invitation
    return { id: m.id, title: neutralTitle(p.locale), startsAt: m.startsAt, endsAt: m.endsAt, mode: m.mode, location: m.location, status: m.status, you: { participantId: p.id, displayName: p.displayName } };
  }

  /** The meetings `viewer` may read (meetingDecision 'read'), filtered further by the query. */
  list(q: ListMeetingsQuery, viewer: StaffPrincipal): Promise<Page<MeetingEntity>> {
    return this.meetings.page(q, { personId: viewer.personId, coordinator: viewer.systemRole === 'coordinator', admin: viewer.systemRole === 'admin' });
  }

  /**
   * Changes that participants must hear of (time, place, mode) raise the iCalendar SEQUENCE. A new time
   * must not lie in the past: a `startsAt` (or `endsAt`) that changes to before the current minute is a
   * 400 naming the field (code `in_the_past`), refused before anything is written — the update email
   * would only expire unsent, and nobody can come to a meeting that is over.
   */
  async update(id: string, dto: UpdateMeetingDto, who: StaffPrincipal): Promise<MeetingDetail> {
    await this.policy.meeting(who, id, 'manage');
    const m = await this.get(id);
    // a time that stays as it was is not a move, even if it has gone by
    this.assertNotInPast({
      startsAt: dto.startsAt === undefined || new Date(dto.startsAt).getTime() === m.startsAt.getTime() ? undefined : new Date(dto.startsAt),
      endsAt: dto.endsAt === undefined || new Date(dto.endsAt).getTime() === m.endsAt.getTime() ? undefined : new Date(dto.endsAt),
    });
    await this.anonymity.assertMeeting(await this.anonymity.meeting(id), dto);
    await this.anonymity.assertReason(dto.reason);
    if (dto.roomId) await asReference(this.rooms.get(dto.roomId), 'roomId');
    await this.meetings.transaction((tx) => this.updateInTransaction(tx, id, dto));
    return this.detail(id);
  }

  /**
   * The one rule for booked time in the past (a new meeting, a reschedule, a moved session occurrence):
   * a `startsAt` or `endsAt` before the current minute is a 400 `validation_failed` naming the field, code
   * `in_the_past` (the current minute still counts: a time typed as "now" on the wall clock is not past).
   */
  assertNotInPast(times: { startsAt?: Date; endsAt?: Date }): void {
    const now = this.clock.now();
    for (const field of ['startsAt', 'endsAt'] as const) {
      const at = times[field];
      if (at !== undefined && beforeCurrentMinute(at, now)) {
        throw new DomainError('validation_failed', `${field}: must not be in the past`, [{ field, reason: 'must not be in the past', code: 'in_the_past' }]);
      }
    }
  }

  /**
   * Applies a change inside the caller's transaction. With `shiftAgenda` (moving a session occurrence)
   * the booked cases move along with the session; otherwise they must still fit in it.
   */
  async updateInTransaction(tx: EntityManager, id: string, dto: UpdateMeetingDto, opts: { shiftAgenda?: boolean } = {}): Promise<MeetingEntity> {
    const m = await this.lock(tx, id);
    assertNotCancelled(m);
    const startsAt = dto.startsAt ? new Date(dto.startsAt) : m.startsAt;
    const endsAt = dto.endsAt ? new Date(dto.endsAt) : m.endsAt;
    assertSpan(startsAt, endsAt);
    const mode = dto.mode ?? m.mode;
    const location = dto.location ?? m.location;
    const roomId = dto.roomId === undefined ? m.roomId : dto.roomId;
    if (mode !== 'remote' && !location && !roomId) throw DomainError.field('validation_failed', 'location', 'a place is needed unless the meeting is remote');
    const delta = startsAt.getTime() - m.startsAt.getTime();
    const items = await this.meetings.agendaOf(id, tx, delta > 0 ? 'DESC' : 'ASC');
    const shift = opts.shiftAgenda ? delta : 0;
    if (items.some((i) => i.startsAt.getTime() + shift < startsAt.getTime() || i.endsAt.getTime() + shift > endsAt.getTime())) {
      throw DomainError.field('conflict', 'startsAt', 'booked agenda slots would fall outside the meeting; move or cancel them first');
    }
    if (shift !== 0) {
      // one by one, in the direction of the move, so that no two slots ever overlap on the way
      for (const i of items) await this.meetings.shiftAgendaItem(tx, i, shift);
    }
    const noticeable =
      startsAt.getTime() !== m.startsAt.getTime() || endsAt.getTime() !== m.endsAt.getTime() || mode !== m.mode || location !== m.location || roomId !== m.roomId;
    Object.assign(m, {
      title: dto.title ?? m.title, startsAt, endsAt, mode, location, roomId, sequence: m.sequence + (noticeable ? 1 : 0),
      changeReason: noticeable ? (dto.reason ?? null) : m.changeReason,
    });
    await this.meetings.save(tx, m);
    if (noticeable) await this.meetings.outbox(tx, m, 'updated');
    return m;
  }

  /**
   * Cancelling frees the agenda: its requests go back to "accepted" to be booked again. The reason, if
   * given, is quoted in the cancellation email to every participant (checked for client identifiers first:
   * 422 `identifier_in_anonymous` naming `reason`). A held meeting cannot be cancelled (409).
   */
  async cancel(id: string, who: StaffPrincipal, dto: CancelMeetingDto = {}): Promise<MeetingDetail> {
    await this.policy.meeting(who, id, 'manage');
    await this.anonymity.assertReason(dto.reason);
    await this.meetings.transaction((tx) => this.cancelInTransaction(tx, id, dto.reason ?? null));
    return this.detail(id);
  }

  async cancelInTransaction(tx: EntityManager, id: string, reason: string | null = null): Promise<void> {
    const m = await this.lock(tx, id);
    assertNotCancelled(m);
    if (m.status === 'held') throw new DomainError('conflict', `meeting ${m.id} has been held`, [{ field: 'status', reason: 'the meeting has been held' }]);
    m.status = 'cancelled';
    m.changeReason = reason;
    m.sequence += 1;
    await this.meetings.save(tx, m);
    await this.meetings.outbox(tx, m, 'cancelled');
    const items = await this.meetings.clearAgenda(tx, id);
    const requestIds = new Set(items.map((i) => i.requestId));
    if (m.requestId) requestIds.add(m.requestId);
    for (const rid of requestIds) await this.releaseRequest(tx, rid);
  }

  async addParticipant(meetingId: string, dto: ParticipantDto, who: StaffPrincipal): Promise<MeetingParticipantEntity> {
    await this.policy.meeting(who, meetingId, 'manage');
    const m = await this.get(meetingId);
    assertNotCancelled(m);
    const request = m.requestId ? await this.requests.get(m.requestId) : null;
    const [row] = await this.participantRows([dto], request, null);
    await this.anonymity.assertMeeting(AnonymousContentService.of(request), {}, [dto], null);
    if (row.personId && (await this.meetings.isParticipant(meetingId, row.personId))) {
      throw DomainError.field('conflict', 'personId', 'this person is already a participant of the meeting');
    }
    return this.meetings.transaction(async (tx) => {
      const saved = await this.meetings.insertParticipant(tx, meetingId, row);
      await this.meetings.outbox(tx, m, 'participant_added', saved.id);
      return saved;
    });
  }

  async updateParticipant(meetingId: string, participantId: string, dto: UpdateParticipantDto, who: StaffPrincipal): Promise<MeetingParticipantEntity> {
    await this.policy.meeting(who, meetingId, 'manage');
    const p = await this.meetings.participant(meetingId, participantId);
    if (!p) throw DomainError.notFound('participant', participantId);
    if (dto.email) await this.anonymity.assertMeeting(await this.anonymity.meeting(meetingId), {}, [{ kind: p.kind, email: dto.email }], null);
    if (dto.host && p.kind !== 'staff') throw DomainError.field('validation_failed', 'host', 'only staff can co-host');
    Object.assign(p, dto);
    return this.meetings.saveParticipant(p);
  }

  async removeParticipant(meetingId: string, participantId: string, who: StaffPrincipal): Promise<void> {
    await this.policy.meeting(who, meetingId, 'manage');
    await this.meetings.transaction(async (tx) => {
      const m = await this.lock(tx, meetingId);
      const p = await this.meetings.participant(meetingId, participantId, tx);
      if (!p) throw DomainError.notFound('participant', participantId);
      await this.meetings.deleteParticipant(tx, participantId);
      if (m.status === 'scheduled') await this.meetings.outbox(tx, m, 'participant_removed', p.id, { ...p });
    });
  }

  /**
   * A request of the meeting's agenda (or the meeting's own request) that lost its booking goes back from
   * "scheduled" to "accepted", to be booked again — unless it still has a scheduled meeting elsewhere.
   * Inside the caller's transaction (a cancellation, an agenda item taken off).
   */
  async releaseRequest(tx: EntityManager, requestId: string): Promise<void> {
    if ((await this.meetings.requestStatus(tx, requestId)) !== 'scheduled') return;
    if (!(await this.meetings.requestStillBooked(tx, requestId))) await this.requests.applyInTransaction(tx, requestId, 'unschedule', null, null);
  }

  /**
   * Every video connection and room mark of the meeting and the room's headcount, for staff who may read
   * the meeting (meetingDecision 'read'). Rows name participants by id; their names are in the meeting.
   */
  async attendance(id: string, who: StaffPrincipal): Promise<AttendanceView> {
    await this.policy.meeting(who, id, 'read');
    const m = await this.get(id);
    const rows: MeetingAttendanceEntity[] = await this.attendances.rowsOf(id);
    return {
      meetingId: id, status: m.status, endedAt: m.endedAt, roomHeadcount: m.roomHeadcount,
      rows: rows.map((r) => ({ id: r.id, participantId: r.participantId, personId: r.personId, source: r.source, joinedAt: r.joinedAt, leftAt: r.leftAt, roomCount: r.roomCount })),
    };
  }

  /**
   * A host (organiser, co-host, chair of the day) marks a participant as sitting in the meeting room
   * (attendance `in_person`, and a `room` row from now) or not (back to `remote` if the video saw them,
   * else `absent`). Refused on a cancelled meeting (409).
   */
  async markInRoom(id: string, dto: RoomAttendanceDto, who: StaffPrincipal): Promise<AttendanceView> {
    await this.policy.meeting(who, id, 'host');
    await this.meetings.transaction(async (tx) => {
      const m = await this.lock(tx, id);
      assertNotCancelled(m);
      const p = await this.meetings.participant(id, dto.participantId, tx);
      if (!p) throw DomainError.field('unprocessable', 'participantId', `participant ${dto.participantId} is not in this meeting`);
      const now = this.clock.now();
      if (dto.present) {
        await this.attendances.openRoomMark(tx, p, now, who.personId);
        p.attendance = 'in_person';
      } else {
        const { seenOnVideo } = await this.attendances.closeRoomMark(tx, p, now);
        p.attendance = seenOnVideo ? 'remote' : 'absent';
      }
      await this.meetings.saveParticipant(p, tx);
    });
    return this.attendance(id, who);
  }

  /** A host's count of the people in the meeting room (the room device's count is recorded from its video connection). */
  async setRoomHeadcount(id: string, dto: RoomHeadcountDto, who: StaffPrincipal): Promise<AttendanceView> {
    await this.policy.meeting(who, id, 'host');
    const m = await this.get(id);
    assertNotCancelled(m);
    await this.meetings.setRoomHeadcount(id, dto.count);
    return this.attendance(id, who);
  }

  /**
   * A host ends the meeting: it becomes `held` (ended now), its call (if any) ends for everyone (an order to
   * its SFU node after the commit, SfuControlService.endMeeting), open video and room rows close now, invited
   * participants nobody saw become `absent`, and its request moves on per the lifecycle (libs/domain
   * request.ts: scheduled → handled, `mark_handled`, by the host). Ending a held meeting again changes
   * nothing; a cancelled one is a 409.
   *
   * When: once the booked start has come, or up to three hours earlier (EARLY_END_WINDOW_MS) if the
   * meeting has already taken place — someone has been present in those hours (a video connection the SFU
   * reported, a host's "in the room" mark) or a participant is marked present — as when people join the
   * call early and talk. A test of the video days ahead does not let anyone end it then: that would mark
   * every case of a team session handled undiscussed. Otherwise a start still ahead is a 409 (`status`,
   * code `meeting_not_begun`, worded in the caller's language), and nothing changes.
   */
  async end(id: string, who: StaffPrincipal): Promise<MeetingDetail> {
    await this.policy.meeting(who, id, 'host');
    let endedNow = false;
    await this.meetings.transaction(async (tx) => {
      const m = await this.lock(tx, id);
      assertNotCancelled(m);
      if (m.status === 'held') return;
      const now = this.clock.now();
      // before the booked start: only within EARLY_END_WINDOW_MS of it, and only if someone has been present since then
      const since = new Date(m.startsAt.getTime() - EARLY_END_WINDOW_MS);
      if (now.getTime() < m.startsAt.getTime() && (now < since || !(await this.attendances.attendedBy(tx, id, now, since)))) {
        throw new DomainError('conflict', `meeting ${id} has not begun: before its start it can be ended at most three hours ahead, once someone has joined it`, [
          { field: 'status', reason: 'the meeting has not begun: before its start it can be ended at most three hours ahead, once someone has joined it', code: 'meeting_not_begun' },
        ]);
      }
      m.status = 'held';
      m.endedAt = now;
      await this.meetings.save(tx, m);
      await this.attendances.closeAll(tx, id, now);
      // held before its booked start: those who did not attend hear that the booked slot is off
      if (now.getTime() < m.startsAt.getTime()) await this.tellAbsentOfEarlyEnd(tx, m);
      const requestIds = new Set((await this.meetings.agendaOf(id, tx)).map((i) => i.requestId));
      if (m.requestId) requestIds.add(m.requestId);
      for (const rid of requestIds) {
        const status = await this.meetings.requestStatus(tx, rid);
        if (status && nextStatus(status, 'mark_handled') !== undefined) await this.requests.applyInTransaction(tx, rid, 'mark_handled', null, who.personId);
      }
      endedNow = true;
    });
    // after the commit: a call still going on ends for everyone (best effort; its node refuses new joins of it)
    if (endedNow) await this.sfu.endMeeting(id);
    return this.detail(id);
  }

  /**
   * Records a video connection reported by the meeting's SFU node (already verified): `joined` adds a
   * row once per connection key and marks an invited participant `remote`; `left` closes the row. A room
   * device's report sets the room's headcount. Reports for a cancelled meeting or an unknown participant
   * are ignored (the SFU knows nothing of them); the answer says whether anything was recorded.
   */
  async recordVideoPresence(r: { meetingId: string; subject: string; event: 'joined' | 'left'; at: Date; sessionKey: string; roomCount?: number }): Promise<{ recorded: boolean }> {
    return this.meetings.transaction(async (tx) => {
      const status = await this.attendances.meetingStatus(tx, r.meetingId);
      if (!status || status === 'cancelled') return { recorded: false };
      const subject = await this.attendances.subject(tx, r.meetingId, r.subject);
      if (!subject) return { recorded: false };
      const recorded =
        r.event === 'joined'
          ? await this.attendances.videoJoined(tx, { meetingId: r.meetingId, who: subject, sessionKey: r.sessionKey, at: r.at, roomCount: r.roomCount })
          : await this.attendances.videoLeft(tx, { meetingId: r.meetingId, sessionKey: r.sessionKey, at: r.at });
      return { recorded };
    });
  }

  /**
   * Turns participant input into rows. Staff come from the directory. Outside organisations may join
   * only a meeting about an identified request whose consent covers their organisation type.
   */
  private async participantRows(
    dtos: ParticipantDto[],
    request: ConsultationRequestEntity | null,
    listField: string | null,
  ): Promise<NewParticipant[]> {
    const at = (i: number, f: string) => (listField ? `${listField}[${i}].${f}` : f);
    const staffRefs = dtos.flatMap((d, i) => (d.kind === 'staff' && d.personId ? [{ id: d.personId, field: at(i, 'personId') }] : []));
    const people = await this.persons.getAll(staffRefs);
    const seen = new Set<string>();
    const consent = request?.consentId ? await this.consents.entity(request.consentId) : null;
    const now = this.clock.now();
    return dtos.map((d, i) => {
      if (d.kind === 'staff') {
        const p = people.get(d.personId!)!;
        if (seen.has(p.id)) throw DomainError.field('conflict', at(i, 'personId'), 'this person is listed twice');
        seen.add(p.id);
        return {
          kind: 'staff',
          personId: p.id,
          displayName: d.displayName ?? p.name,
          email: d.email ?? p.email,
          organisationName: p.organisation,
          organisationType: null,
          familyRelation: null,
          required: d.required ?? true,
          attendance: 'invited',
          locale: d.locale ?? p.locale,
          host: d.host ?? false,
        };
      }
      if (d.kind === 'external') {
        if (!request) {
          throw DomainError.field('consent_required', at(i, 'organisationType'), 'outside organisations join only meetings about a request with the family’s consent (set requestId)');
        }
        if (!consent || !consentAllows(consent, d.organisationType!, 'request', now)) {
          throw DomainError.field('consent_required', at(i, 'organisationType'), `the client's consent does not cover disclosure to "${d.organisationType}"`);
        }
      }
      if (d.host) throw DomainError.field('validation_failed', at(i, 'host'), 'only staff can co-host');
      return {
        kind: d.kind,
        personId: null,
        displayName: d.displayName!,
        email: d.email ?? null,
        organisationName: d.kind === 'external' ? d.organisationName! : null,
        organisationType: d.kind === 'external' ? d.organisationType! : null,
        familyRelation: d.kind === 'family' ? d.familyRelation! : null,
        required: d.required ?? true,
        attendance: 'invited',
        locale: d.locale ?? 'fi',
        host: false,
      };
    });
  }

  /**
   * A meeting a host ended before its booked start (held early: people joined ahead of time and talked)
   * still sits at the booked time in the calendars of those who did not attend. In the ending
   * transaction, after the participants nobody saw have been marked `absent`: the meeting's sequence goes
   * up by one, and each absent participant gets an outbox row `ended_early` at that sequence — the relay
   * sends them a cancellation of the booked slot (METHOD:CANCEL, the same UID, the higher SEQUENCE; the
   * text says it was held earlier that day and that the minutes follow; notifications/delivery-planner.ts
   * and notifications/messages.ts template `held_early`). Those who attended need nothing.
   */
  private async tellAbsentOfEarlyEnd(tx: EntityManager, m: MeetingEntity): Promise<void> {
    const absent = await this.meetings.absentParticipants(tx, m.id);
    if (!absent.length) return;
    m.sequence += 1;
    await this.meetings.setSequence(tx, m.id, m.sequence);
    for (const p of absent) await this.meetings.outbox(tx, m, 'ended_early', p.id);
  }

  private async lock(tx: EntityManager, id: string): Promise<MeetingEntity> {
    const m = await this.meetings.lock(tx, id);
    if (!m) throw DomainError.notFound('meeting', id);
    return m;
  }
}

/** A meeting lasts from `startsAt` to a later `endsAt`, at most 24 hours (400 naming `endsAt`). */
export function assertSpan(startsAt: Date, endsAt: Date): void {
  if (endsAt.getTime() <= startsAt.getTime()) throw DomainError.field('validation_failed', 'endsAt', 'must be after startsAt');
  if (endsAt.getTime() - startsAt.getTime() > 24 * 3600_000) throw DomainError.field('validation_failed', 'endsAt', 'a meeting lasts at most 24 hours');
}

/** A cancelled meeting takes no changes and no bookings (409 naming `status`). */
export function assertNotCancelled(m: Pick<MeetingEntity, 'id' | 'status'>): void {
  if (m.status === 'cancelled') throw new DomainError('conflict', `meeting ${m.id} is cancelled`, [{ field: 'status', reason: 'the meeting is cancelled' }]);
}
