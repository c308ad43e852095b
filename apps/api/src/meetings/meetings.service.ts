import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { DomainError, REQUEST_STATUSES, applyRequestAction, consentAllows, nextStatus } from '@kohtaamo/domain';
import { Clock } from '../common/clock';
import { MEETING_READABLE_SQL } from '../auth/access.repository';
import { PolicyService } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { Page } from '../common/pagination.dto';
import { paginate } from '../common/page.util';
import { asReference } from '../common/reference.util';
import { ConsentsService } from '../consents/consents.service';
import { RoomsService } from '../rooms/rooms.service';
import { BookingConflicts } from './booking-conflicts';
import { PersonsService } from '../persons/persons.service';
import { AnonymousContentService } from '../privacy/anonymous-content.service';
import { ConsultationRequestEntity } from '../requests/consultation-request.entity';
import { RequestsService } from '../requests/requests.service';
import { TeamsService } from '../teams/teams.service';
import { AgendaItemEntity, MeetingAttendanceEntity, MeetingEntity, MeetingOutboxEntity, MeetingOutboxKind, MeetingParticipantEntity } from './meeting.entity';
import { CancelMeetingDto, CreateAgendaItemDto, CreateMeetingDto, ListMeetingsQuery, ParticipantDto, RoomAttendanceDto, RoomHeadcountDto, UpdateMeetingDto, UpdateParticipantDto } from './meeting.dto';

/** `clientId`: the identified client the meeting is about, if any (its participants may name the family). */
/** The statuses from which the lifecycle (libs/domain) allows "schedule", and where it leads. */
const SCHEDULABLE_FROM = REQUEST_STATUSES.filter((s) => nextStatus(s, 'schedule') !== undefined);
const SCHEDULED = nextStatus(SCHEDULABLE_FROM[0], 'schedule');

export type MeetingDetail = MeetingEntity & { participants: MeetingParticipantEntity[]; agenda: AgendaItemEntity[]; clientId: string | null; notices: MeetingNotice[] };

/** GET /api/meetings/:id/attendance: every video connection and room mark, and the room's headcount. */
export interface AttendanceView {
  meetingId: string;
  status: MeetingEntity['status'];
  endedAt: Date | null;
  roomHeadcount: number | null;
  rows: Array<Pick<MeetingAttendanceEntity, 'id' | 'participantId' | 'personId' | 'source' | 'joinedAt' | 'leftAt' | 'roomCount'>>;
}

/**
 * Something that happened to the meeting that its organiser must see on it: `consent_withdrawn` — the
 * family withdrew the consent of the meeting's case; `participantIds` are the outside participants whose
 * links were withdrawn (they get no more messages and cannot join).
 */
export interface MeetingNotice {
  id: string;
  kind: 'consent_withdrawn';
  at: Date;
  consentId: string | null;
  participantIds: string[];
}

/** What a guest sees of the meeting they were invited to: when, where, how to join. */
export interface GuestMeetingView {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  mode: MeetingEntity['mode'];
  location: string | null;
  status: MeetingEntity['status'];
  you: { participantId: string; displayName: string };
}

@Injectable()
export class MeetingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(MeetingEntity) private readonly meetings: Repository<MeetingEntity>,
    @InjectRepository(MeetingParticipantEntity) private readonly participants: Repository<MeetingParticipantEntity>,
    @InjectRepository(AgendaItemEntity) private readonly agenda: Repository<AgendaItemEntity>,
    private readonly persons: PersonsService,
    private readonly teams: TeamsService,
    private readonly requests: RequestsService,
    private readonly consents: ConsentsService,
    private readonly rooms: RoomsService,
    private readonly conflicts: BookingConflicts,
    private readonly clock: Clock,
    private readonly policy: PolicyService,
    private readonly anonymity: AnonymousContentService,
  ) {}

  /**
   * Books a meeting with `who` as its organiser (and host). Refused before anything is written: a team
   * session is set up by that team's chairs of the day or a coordinator; a meeting about a request by
   * someone who may read that request (its requester, own worker or team, within need to know).
   */
  async create(dto: CreateMeetingDto, who: StaffPrincipal): Promise<MeetingDetail> {
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    assertSpan(startsAt, endsAt);
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
    const id = await this.conflicts.run(() => this.db.transaction(async (tx) => {
      const m = await tx.save(
        tx.create(MeetingEntity, {
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
        }),
      );
      if (rows.length) await tx.insert(MeetingParticipantEntity, rows.map((r) => ({ ...r, meetingId: m.id })));
      await outbox(tx, m, 'scheduled');
      if (request && request.status === 'accepted') await this.requests.applyInTransaction(tx, request.id, 'schedule', null, who.personId);
      return m.id;
    }));
    return this.detail(id);
  }

  async get(id: string): Promise<MeetingEntity> {
    const m = await this.meetings.findOneBy({ id });
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
    const [participants, agenda, client, notices] = await Promise.all([
      this.participants.find({ where: { meetingId: id }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.agenda.find({ where: { meetingId: id }, order: { startsAt: 'ASC' } }),
      m.requestId ? this.db.query(`SELECT client_id FROM consultation_request WHERE id = $1`, [m.requestId]) : Promise.resolve([]),
      this.db.query(
        `SELECT id, kind, at, consent_id AS "consentId", participant_ids AS "participantIds" FROM meeting_notice WHERE meeting_id = $1 ORDER BY at, id`,
        [id],
      ) as Promise<MeetingNotice[]>,
    ]);
    return Object.assign(m, { participants, agenda, clientId: (client as Array<{ client_id: string | null }>)[0]?.client_id ?? null, notices });
  }

  async guestView(id: string, participantId: string): Promise<GuestMeetingView> {
    const m = await this.get(id);
    const p = await this.participants.findOneBy({ id: participantId, meetingId: id });
    if (!p) throw DomainError.notFound('meeting', id);
    return { id: m.id, title: m.title, startsAt: m.startsAt, endsAt: m.endsAt, mode: m.mode, location: m.location, status: m.status, you: { participantId: p.id, displayName: p.displayName } };
  }

  /** The meetings `viewer` may read (meetingDecision 'read'), filtered further by the query. */
  list(q: ListMeetingsQuery, viewer: StaffPrincipal): Promise<Page<MeetingEntity>> {
    const qb = this.meetings.createQueryBuilder('m').orderBy('m.starts_at', 'ASC').addOrderBy('m.id');
    if (viewer.systemRole === 'admin') qb.andWhere('false');
    qb.andWhere(MEETING_READABLE_SQL, { viewer: viewer.personId, coordinator: viewer.systemRole === 'coordinator' });
    if (q.from) qb.andWhere('m.ends_at > :from', { from: new Date(q.from) });
    if (q.to) qb.andWhere('m.starts_at < :to', { to: new Date(q.to) });
    if (q.teamId) qb.andWhere('m.team_id = :teamId', { teamId: q.teamId });
    if (q.requestId) qb.andWhere('m.request_id = :requestId', { requestId: q.requestId });
    if (q.kind) qb.andWhere('m.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('m.status = :status', { status: q.status });
    if (q.personId) {
      qb.andWhere('EXISTS (SELECT 1 FROM meeting_participant p WHERE p.meeting_id = m.id AND p.person_id = :personId)', { personId: q.personId });
    }
    return paginate(qb, q);
  }

  /** Changes that participants must hear of (time, place, mode) raise the iCalendar SEQUENCE. */
  async update(id: string, dto: UpdateMeetingDto, who: StaffPrincipal): Promise<MeetingDetail> {
    await this.policy.meeting(who, id, 'manage');
    await this.anonymity.assertMeeting(await this.anonymity.meeting(id), dto);
    await this.anonymity.assertReason(dto.reason);
    if (dto.roomId) await asReference(this.rooms.get(dto.roomId), 'roomId');
    await this.conflicts.run(() => this.db.transaction((tx) => this.updateInTransaction(tx, id, dto)));
    return this.detail(id);
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
    const items = await tx.find(AgendaItemEntity, { where: { meetingId: id }, order: { startsAt: delta > 0 ? 'DESC' : 'ASC' } });
    const shift = opts.shiftAgenda ? delta : 0;
    if (items.some((i) => i.startsAt.getTime() + shift < startsAt.getTime() || i.endsAt.getTime() + shift > endsAt.getTime())) {
      throw DomainError.field('conflict', 'startsAt', 'booked agenda slots would fall outside the meeting; move or cancel them first');
    }
    if (shift !== 0) {
      // one by one, in the direction of the move, so that no two slots ever overlap on the way
      for (const i of items) {
        await tx.update(AgendaItemEntity, { id: i.id }, { startsAt: new Date(i.startsAt.getTime() + shift), endsAt: new Date(i.endsAt.getTime() + shift) });
      }
    }
    const noticeable =
      startsAt.getTime() !== m.startsAt.getTime() || endsAt.getTime() !== m.endsAt.getTime() || mode !== m.mode || location !== m.location || roomId !== m.roomId;
    Object.assign(m, {
      title: dto.title ?? m.title, startsAt, endsAt, mode, location, roomId, sequence: m.sequence + (noticeable ? 1 : 0),
      changeReason: noticeable ? (dto.reason ?? null) : m.changeReason,
    });
    await tx.save(m);
    if (noticeable) await outbox(tx, m, 'updated');
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
    await this.db.transaction((tx) => this.cancelInTransaction(tx, id, dto.reason ?? null));
    return this.detail(id);
  }

  async cancelInTransaction(tx: EntityManager, id: string, reason: string | null = null): Promise<void> {
    const m = await this.lock(tx, id);
    assertNotCancelled(m);
    if (m.status === 'held') throw new DomainError('conflict', `meeting ${m.id} has been held`, [{ field: 'status', reason: 'the meeting has been held' }]);
    m.status = 'cancelled';
    m.changeReason = reason;
    m.sequence += 1;
    await tx.save(m);
    await outbox(tx, m, 'cancelled');
    const items = await tx.find(AgendaItemEntity, { where: { meetingId: id } });
    await tx.delete(AgendaItemEntity, { meetingId: id });
    const requestIds = new Set(items.map((i) => i.requestId));
    if (m.requestId) requestIds.add(m.requestId);
    for (const rid of requestIds) await this.unscheduleIfUnbooked(tx, rid);
  }

  async addParticipant(meetingId: string, dto: ParticipantDto, who: StaffPrincipal): Promise<MeetingParticipantEntity> {
    await this.policy.meeting(who, meetingId, 'manage');
    const m = await this.get(meetingId);
    assertNotCancelled(m);
    const request = m.requestId ? await this.requests.get(m.requestId) : null;
    const [row] = await this.participantRows([dto], request, null);
    await this.anonymity.assertMeeting(AnonymousContentService.of(request), {}, [dto], null);
    if (row.personId && (await this.participants.existsBy({ meetingId, personId: row.personId }))) {
      throw DomainError.field('conflict', 'personId', 'this person is already a participant of the meeting');
    }
    return this.conflicts.run(() =>
      this.db.transaction(async (tx) => {
        const saved = await tx.save(tx.create(MeetingParticipantEntity, { ...row, meetingId }));
        await outbox(tx, m, 'participant_added', saved.id);
        return saved;
      }),
    );
  }

  async updateParticipant(meetingId: string, participantId: string, dto: UpdateParticipantDto, who: StaffPrincipal): Promise<MeetingParticipantEntity> {
    await this.policy.meeting(who, meetingId, 'manage');
    const p = await this.participants.findOneBy({ id: participantId, meetingId });
    if (!p) throw DomainError.notFound('participant', participantId);
    if (dto.email) await this.anonymity.assertMeeting(await this.anonymity.meeting(meetingId), {}, [{ kind: p.kind, email: dto.email }], null);
    if (dto.host && p.kind !== 'staff') throw DomainError.field('validation_failed', 'host', 'only staff can co-host');
    Object.assign(p, dto);
    return this.participants.save(p);
  }

  async removeParticipant(meetingId: string, participantId: string, who: StaffPrincipal): Promise<void> {
    await this.policy.meeting(who, meetingId, 'manage');
    await this.db.transaction(async (tx) => {
      const m = await this.lock(tx, meetingId);
      const p = await tx.findOneBy(MeetingParticipantEntity, { id: participantId, meetingId });
      if (!p) throw DomainError.notFound('participant', participantId);
      await tx.delete(MeetingParticipantEntity, { id: participantId });
      if (m.status === 'scheduled') await outbox(tx, m, 'participant_removed', p.id, { ...p });
    });
  }

  /** Puts a request into a team session's agenda; the request becomes "scheduled". */
  async addAgendaItem(meetingId: string, dto: CreateAgendaItemDto, who: StaffPrincipal): Promise<AgendaItemEntity> {
    await this.policy.meeting(who, meetingId, 'book_agenda');
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    assertSpan(startsAt, endsAt);
    return this.conflicts.run(() =>
      this.db.transaction(async (tx) => {
        const m = await this.lockShared(tx, meetingId);
        if (!m) throw DomainError.notFound('meeting', meetingId);
        return this.bookAgendaItem(tx, m, dto.requestId, startsAt, endsAt, who.personId);
      }),
    );
  }

  /**
   * Books a request into a slot of a team session inside the caller's transaction. Two bookings of one
   * slot are refused by the database (agenda_slot_no_double_booking), two bookings of one request by
   * the request's row lock and lifecycle.
   */
  async bookAgendaItem(tx: EntityManager | null, m: MeetingEntity, requestId: string, startsAt: Date, endsAt: Date, actorId: string | null = null): Promise<AgendaItemEntity> {
    assertNotCancelled(m);
    if (m.kind !== 'team_session') throw DomainError.field('unprocessable', 'meetingId', 'agenda slots belong to team sessions');
    if (startsAt < m.startsAt || endsAt > m.endsAt) {
      throw DomainError.field('validation_failed', 'startsAt', `the slot must lie within the session (${m.startsAt.toISOString()}–${m.endsAt.toISOString()})`);
    }
    if (m.slotMinutes) {
      const offset = (startsAt.getTime() - m.startsAt.getTime()) / 60_000;
      if (offset % m.slotMinutes !== 0 || endsAt.getTime() - startsAt.getTime() !== m.slotMinutes * 60_000) {
        throw DomainError.field('validation_failed', 'startsAt', `the session's agenda runs in ${m.slotMinutes}-minute slots from ${m.startsAt.toISOString()}`);
      }
    }
    // One statement: lock the session (shared) and the request, move the request to "scheduled" with its
    // history event, and insert the agenda item; the database's exclusion constraint settles races for
    // the slot. It changes nothing unless the lifecycle (libs/domain) allows scheduling from the
    // request's status, the request belongs to the session's team and the session still stands where the
    // caller saw it (same start and end: the slot times were computed from them).
    const now = this.clock.now();
    const rows: Array<{ id: string; created_at: Date; request_id: string }> = await (tx ?? this.db).query(
      `WITH m AS (SELECT id, team_id FROM meeting WHERE id = $1 AND status = 'scheduled' AND starts_at = $9 AND ends_at = $10 FOR SHARE),
            old AS (SELECT id, status FROM consultation_request WHERE id = $2 FOR UPDATE),
            r AS (UPDATE consultation_request c SET status = $6, status_reason = NULL, status_changed_at = $5, updated_at = now(), version = c.version + 1
                    FROM old WHERE c.id = old.id AND old.status = ANY($7::varchar[]) AND c.team_id = (SELECT team_id FROM m)
                  RETURNING c.id, old.status AS from_status),
            e AS (INSERT INTO request_event (request_id, action, from_status, to_status, reason, actor_id, at)
                    SELECT id, 'schedule', from_status, $6, NULL, $8, $5 FROM r)
       INSERT INTO agenda_item (meeting_id, request_id, starts_at, ends_at, booked_by_id)
         SELECT m.id, r.id, $3, $4, $8 FROM m, r
       RETURNING id, created_at, request_id`,
      [m.id, requestId, startsAt, endsAt, now, SCHEDULED, SCHEDULABLE_FROM, actorId, m.startsAt, m.endsAt],
    );
    if (!rows.length) {
      // Nothing changed: say why (the slow path of a refused booking only).
      const request = await asReference(this.requests.get(requestId), 'requestId');
      if (request.teamId !== m.teamId) throw DomainError.field('unprocessable', 'requestId', 'the request was sent to another team');
      applyRequestAction(request.status, 'schedule');
      const now2 = await this.get(m.id);
      if (now2.status !== 'scheduled') throw new DomainError('conflict', `meeting ${m.id} is no longer scheduled`, [{ field: 'status', reason: 'the meeting is cancelled' }]);
      // the session moved since the caller read it: its slots are not where they were
      throw new DomainError('conflict', `meeting ${m.id} has moved; read it again`, [{ field: 'startsAt', reason: 'the session has moved' }], { conflict: 'stale_session' });
    }
    return Object.assign(new AgendaItemEntity(), { id: rows[0].id, meetingId: m.id, requestId, startsAt, endsAt, bookedById: actorId, createdAt: rows[0].created_at });
  }

  async removeAgendaItem(meetingId: string, itemId: string, who: StaffPrincipal): Promise<void> {
    await this.policy.meeting(who, meetingId, 'book_agenda');
    await this.db.transaction(async (tx) => {
      const item = await tx.findOneBy(AgendaItemEntity, { id: itemId, meetingId });
      if (!item) throw DomainError.notFound('agenda item', itemId);
      await tx.delete(AgendaItemEntity, { id: itemId });
      await this.unscheduleIfUnbooked(tx, item.requestId);
    });
  }

  private async unscheduleIfUnbooked(tx: EntityManager, requestId: string): Promise<void> {
    const r = await tx.findOneBy(ConsultationRequestEntity, { id: requestId });
    if (!r || r.status !== 'scheduled') return;
    const stillBooked = await tx
      .createQueryBuilder()
      .select('1')
      .from('agenda_item', 'a')
      .innerJoin('meeting', 'm', 'm.id = a.meeting_id')
      .where('a.request_id = :requestId AND m.status = :s', { requestId, s: 'scheduled' })
      .getRawOne();
    const networkMeeting = await tx.findOneBy(MeetingEntity, { requestId, status: 'scheduled' });
    if (!stillBooked && !networkMeeting) await this.requests.applyInTransaction(tx, requestId, 'unschedule', null, null);
  }

  /**
   * Every video connection and room mark of the meeting and the room's headcount, for staff who may read
   * the meeting (meetingDecision 'read'). Rows name participants by id; their names are in the meeting.
   */
  async attendance(id: string, who: StaffPrincipal): Promise<AttendanceView> {
    await this.policy.meeting(who, id, 'read');
    const m = await this.get(id);
    const rows = await this.db.getRepository(MeetingAttendanceEntity).find({ where: { meetingId: id }, order: { joinedAt: 'ASC', id: 'ASC' } });
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
    await this.db.transaction(async (tx) => {
      const m = await this.lock(tx, id);
      assertNotCancelled(m);
      const p = await tx.findOneBy(MeetingParticipantEntity, { id: dto.participantId, meetingId: id });
      if (!p) throw DomainError.field('unprocessable', 'participantId', `participant ${dto.participantId} is not in this meeting`);
      const now = this.clock.now();
      if (dto.present) {
        const open = await tx.findOneBy(MeetingAttendanceEntity, { meetingId: id, participantId: p.id, source: 'room', leftAt: IsNull() });
        if (!open) await tx.insert(MeetingAttendanceEntity, { meetingId: id, participantId: p.id, personId: p.personId, source: 'room', joinedAt: now, recordedById: who.personId });
        p.attendance = 'in_person';
      } else {
        await tx.update(MeetingAttendanceEntity, { meetingId: id, participantId: p.id, source: 'room', leftAt: IsNull() }, { leftAt: now });
        const seen = await tx.existsBy(MeetingAttendanceEntity, { meetingId: id, participantId: p.id, source: 'video' });
        p.attendance = seen ? 'remote' : 'absent';
      }
      await tx.save(p);
    });
    return this.attendance(id, who);
  }

  /** A host's count of the people in the meeting room (the room device's count is recorded from its video connection). */
  async setRoomHeadcount(id: string, dto: RoomHeadcountDto, who: StaffPrincipal): Promise<AttendanceView> {
    await this.policy.meeting(who, id, 'host');
    const m = await this.get(id);
    assertNotCancelled(m);
    await this.meetings.update({ id }, { roomHeadcount: dto.count });
    return this.attendance(id, who);
  }

  /**
   * A host ends the meeting: it becomes `held` (ended now), open video and room rows close now, invited
   * participants nobody saw become `absent`, and its request moves on per the lifecycle (libs/domain
   * request.ts: scheduled → handled, `mark_handled`, by the host). Ending a held meeting again changes
   * nothing; a cancelled one is a 409, and so is one that has not begun.
   */
  async end(id: string, who: StaffPrincipal): Promise<MeetingDetail> {
    await this.policy.meeting(who, id, 'host');
    await this.db.transaction(async (tx) => {
      const m = await this.lock(tx, id);
      assertNotCancelled(m);
      if (m.status === 'held') return;
      const now = this.clock.now();
      if (now.getTime() < m.startsAt.getTime()) throw DomainError.field('conflict', 'status', 'the meeting has not begun yet');
      m.status = 'held';
      m.endedAt = now;
      await tx.save(m);
      await tx.query(`UPDATE meeting_attendance SET left_at = greatest(joined_at, $2) WHERE meeting_id = $1 AND left_at IS NULL`, [id, now]);
      await tx.update(MeetingParticipantEntity, { meetingId: id, attendance: 'invited' }, { attendance: 'absent' });
      const requestIds = new Set((await tx.find(AgendaItemEntity, { where: { meetingId: id } })).map((i) => i.requestId));
      if (m.requestId) requestIds.add(m.requestId);
      for (const rid of requestIds) {
        const r = await tx.findOneBy(ConsultationRequestEntity, { id: rid });
        if (r && nextStatus(r.status, 'mark_handled') !== undefined) await this.requests.applyInTransaction(tx, rid, 'mark_handled', null, who.personId);
      }
    });
    return this.detail(id);
  }

  /**
   * Records a video connection reported by the meeting's SFU node (already verified): `joined` adds a
   * row once per connection key and marks an invited participant `remote`; `left` closes the row. A room
   * device's report sets the room's headcount. Reports for a cancelled meeting or an unknown participant
   * are ignored (the SFU knows nothing of them); the answer says whether anything was recorded.
   */
  async recordVideoPresence(r: { meetingId: string; subject: string; event: 'joined' | 'left'; at: Date; sessionKey: string; roomCount?: number }): Promise<{ recorded: boolean }> {
    return this.db.transaction(async (tx) => {
      const [m]: Array<{ status: string }> = await tx.query(`SELECT status FROM meeting WHERE id = $1`, [r.meetingId]);
      if (!m || m.status === 'cancelled') return { recorded: false };
      const personRef = /^person:([0-9a-f-]{36})$/i.exec(r.subject);
      let participantId: string | null = null;
      let personId: string | null = null;
      if (personRef) {
        personId = personRef[1];
        const [p]: Array<{ id: string }> = await tx.query(`SELECT id FROM meeting_participant WHERE meeting_id = $1 AND person_id = $2`, [r.meetingId, personId]);
        participantId = p?.id ?? null;
        if (!participantId) {
          const [known]: Array<{ id: string }> = await tx.query(`SELECT id FROM person WHERE id = $1`, [personId]);
          if (!known) return { recorded: false };
        }
      } else {
        const [p]: Array<{ id: string; person_id: string | null }> = await tx.query(`SELECT id, person_id FROM meeting_participant WHERE meeting_id = $1 AND id::text = $2`, [r.meetingId, r.subject]);
        if (!p) return { recorded: false };
        participantId = p.id;
        personId = p.person_id;
      }
      if (r.event === 'joined') {
        const inserted: unknown[] = await tx.query(
          `INSERT INTO meeting_attendance (meeting_id, participant_id, person_id, source, session_key, joined_at, room_count)
           VALUES ($1, $2, $3, 'video', $4, $5, $6) ON CONFLICT (meeting_id, session_key) WHERE session_key IS NOT NULL DO NOTHING RETURNING id`,
          [r.meetingId, participantId, personId, r.sessionKey, r.at, r.roomCount ?? null],
        );
        if (participantId) await tx.query(`UPDATE meeting_participant SET attendance = 'remote' WHERE id = $1 AND attendance IN ('invited', 'absent')`, [participantId]);
        if (r.roomCount !== undefined) await tx.query(`UPDATE meeting SET room_headcount = $2 WHERE id = $1`, [r.meetingId, r.roomCount]);
        return { recorded: inserted.length > 0 };
      }
      const closed: unknown[] = await tx.query(
        `UPDATE meeting_attendance SET left_at = greatest(joined_at, $3) WHERE meeting_id = $1 AND session_key = $2 AND left_at IS NULL RETURNING id`,
        [r.meetingId, r.sessionKey, r.at],
      );
      return { recorded: closed.length > 0 };
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
  ): Promise<Array<Omit<MeetingParticipantEntity, 'id' | 'meetingId' | 'createdAt'>>> {
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
   * A shared lock on a meeting: bookings into one session run side by side, but not beside its
   * cancellation or a move (which take the exclusive lock). Plain SQL: this is the booking hot path.
   */
  async lockShared(tx: EntityManager, id: string): Promise<MeetingEntity | null> {
    const rows: Array<Record<string, unknown>> = await tx.query(
      `SELECT id, kind, title, team_id, request_id, organiser_id, starts_at, ends_at, location, room_id, series_id, occurrence_key, slot_minutes, mode, status, sequence,
              change_reason, ended_at, room_headcount, created_at, updated_at
         FROM meeting WHERE id = $1 FOR SHARE`,
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return Object.assign(new MeetingEntity(), {
      id: r.id, kind: r.kind, title: r.title, teamId: r.team_id, requestId: r.request_id, organiserId: r.organiser_id, startsAt: r.starts_at, endsAt: r.ends_at,
      location: r.location, roomId: r.room_id, seriesId: r.series_id, occurrenceKey: r.occurrence_key, slotMinutes: r.slot_minutes,
      mode: r.mode, status: r.status, sequence: r.sequence, changeReason: r.change_reason, endedAt: r.ended_at, roomHeadcount: r.room_headcount,
      createdAt: r.created_at, updatedAt: r.updated_at,
    });
  }

  private async lock(tx: EntityManager, id: string): Promise<MeetingEntity> {
    const m = await tx.getRepository(MeetingEntity).createQueryBuilder('m').setLock('pessimistic_write').where('m.id = :id', { id }).getOne();
    if (!m) throw DomainError.notFound('meeting', id);
    return m;
  }
}

/** Records a change that participants must hear of, in the caller's transaction (transactional outbox). */
async function outbox(tx: EntityManager, m: MeetingEntity, kind: MeetingOutboxKind, participantId: string | null = null, participant: object | null = null): Promise<void> {
  await tx.save(tx.create(MeetingOutboxEntity, { meetingId: m.id, kind, sequence: m.sequence, participantId, participant: participant as Record<string, unknown> | null }));
}

function assertSpan(startsAt: Date, endsAt: Date): void {
  if (endsAt.getTime() <= startsAt.getTime()) throw DomainError.field('validation_failed', 'endsAt', 'must be after startsAt');
  if (endsAt.getTime() - startsAt.getTime() > 24 * 3600_000) throw DomainError.field('validation_failed', 'endsAt', 'a meeting lasts at most 24 hours');
}

function assertNotCancelled(m: MeetingEntity): void {
  if (m.status === 'cancelled') throw new DomainError('conflict', `meeting ${m.id} is cancelled`, [{ field: 'status', reason: 'the meeting is cancelled' }]);
}
