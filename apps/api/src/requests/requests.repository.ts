import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { RequestAction, RequestStatus } from '@kohtaamo/domain';
import { Page } from '../common/pagination.dto';
import { paginate } from '../common/page.util';
import { REQUEST_READABLE_SQL } from '../auth/access.repository';
import { OPEN_STATUSES } from './home.repository';
import { ConsultationRequestEntity, RequestEventEntity } from './consultation-request.entity';
import type { ListRequestsQuery } from './request.dto';

/** What a lifecycle step needs of a request, read under its row lock. */
export interface LockedRequest {
  id: string;
  status: RequestStatus;
  anonymous: boolean;
  teamId: string;
}

/** A new request's row (the id, timestamps and version come from the database). */
export type NewRequest = Omit<ConsultationRequestEntity, 'id' | 'createdAt' | 'updatedAt' | 'version'>;

/** One lifecycle step as stored: the request's new status and the event in its history. */
export interface StatusChange {
  requestId: string;
  action: RequestAction;
  from: RequestStatus;
  to: RequestStatus;
  reason: string | null;
  actorId: string | null;
  at: Date;
}

/** The triage decision's email to the requester: its idempotency key and where it stands. */
export interface TriageNotice {
  key: string;
  status: string;
}

/**
 * consultation_request and its history (request_event): all of RequestsService's I/O and the triage
 * notice TriageService reports. Methods taking `tx` run in the caller's transaction (booking flows hold a
 * request's row lock across several of them); the others use a pooled connection as the current actor.
 */
@Injectable()
export class RequestsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(ConsultationRequestEntity) private readonly requests: Repository<ConsultationRequestEntity>,
    @InjectRepository(RequestEventEntity) private readonly events: Repository<RequestEventEntity>,
  ) {}

  /** Files a request and its 'submit' event (at `submittedAt`, by `actorId`) in one transaction; the new id. */
  submit(request: NewRequest, actorId: string): Promise<string> {
    return this.db.transaction(async (tx) => {
      const saved = await tx.save(tx.create(ConsultationRequestEntity, request));
      await tx.insert(RequestEventEntity, { requestId: saved.id, action: 'submit', fromStatus: null, toStatus: 'submitted', reason: null, actorId, at: request.submittedAt });
      return saved.id;
    });
  }

  /** The request, or null if it does not exist or row-level security hides it. */
  get(id: string): Promise<ConsultationRequestEntity | null> {
    return this.requests.findOneBy({ id });
  }

  /** A request's history, oldest first. */
  eventsOf(requestId: string): Promise<RequestEventEntity[]> {
    return this.events.find({ where: { requestId }, order: { at: 'ASC', id: 'ASC' } });
  }

  /**
   * One page of the requests `viewerId` may read at `now` (REQUEST_READABLE_SQL: requestDecision 'read'),
   * filtered by `q` (`open`: in the open statuses, or not; `q.q`: words of the question, case-insensitive);
   * newest first, or by urgency (most urgent, then oldest, first).
   */
  page(q: ListRequestsQuery, viewerId: string, now: Date): Promise<Page<ConsultationRequestEntity>> {
    const qb = this.requests.createQueryBuilder('r');
    qb.andWhere(REQUEST_READABLE_SQL, { viewer: viewerId, now });
    if (q.open !== undefined) qb.andWhere(`(r.status = ANY(CAST(:openStatuses AS varchar[]))) = :open`, { open: q.open, openStatuses: [...OPEN_STATUSES] });
    if (q.q) qb.andWhere('r.question ILIKE :words', { words: `%${q.q.replace(/[%_\\]/g, '\\$&')}%` });
    if (q.sort === 'urgency') {
      qb.orderBy(`array_position(ARRAY['urgent','soon','normal']::varchar[], r.urgency)`, 'ASC').addOrderBy('r.submitted_at', 'ASC');
    } else {
      qb.orderBy('r.submitted_at', 'DESC');
    }
    qb.addOrderBy('r.id');
    if (q.teamId) qb.andWhere('r.team_id = :teamId', { teamId: q.teamId });
    if (q.requesterId) qb.andWhere('r.requester_id = :requesterId', { requesterId: q.requesterId });
    if (q.status) qb.andWhere('r.status = :status', { status: q.status });
    if (q.urgency) qb.andWhere('r.urgency = :urgency', { urgency: q.urgency });
    if (q.clientGroup) qb.andWhere('r.client_group = :clientGroup', { clientGroup: q.clientGroup });
    if (q.anonymous !== undefined) qb.andWhere('r.anonymous = :anonymous', { anonymous: q.anonymous });
    if (q.submittedFrom) qb.andWhere('r.submitted_at >= :from', { from: new Date(q.submittedFrom) });
    if (q.submittedTo) qb.andWhere('r.submitted_at < :to', { to: new Date(q.submittedTo) });
    return paginate(qb, q);
  }

  /** The whole request, its row locked (FOR UPDATE) for the rest of `tx`; null if there is none. */
  lockEntity(tx: EntityManager, id: string): Promise<ConsultationRequestEntity | null> {
    return tx.getRepository(ConsultationRequestEntity).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
  }

  /** Saves a request read by `lockEntity`, in the same transaction. */
  async saveIn(tx: EntityManager, request: ConsultationRequestEntity): Promise<void> {
    await tx.save(request);
  }

  /** What a lifecycle step needs of a request, its row locked (FOR UPDATE) for the rest of `tx`; null if there is none. */
  async lockRow(tx: EntityManager, id: string): Promise<LockedRequest | null> {
    const rows: Array<{ id: string; status: RequestStatus; anonymous: boolean; team_id: string }> = await tx.query(
      `SELECT id, status, anonymous, team_id FROM consultation_request WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows.length ? { id: rows[0].id, status: rows[0].status, anonymous: rows[0].anonymous, teamId: rows[0].team_id } : null;
  }

  /**
   * Stores a lifecycle step in `tx`: the request's new status (its version bumped) and the event in its
   * history, in one statement (this is on the booking hot path). Returns the event's id.
   */
  async changeStatus(tx: EntityManager, c: StatusChange): Promise<string> {
    const [event]: Array<{ id: string }> = await tx.query(
      `WITH changed AS (
         UPDATE consultation_request SET status = $2, status_reason = $3, status_changed_at = $4, updated_at = now(), version = version + 1
          WHERE id = $1 RETURNING id)
       INSERT INTO request_event (request_id, action, from_status, to_status, reason, actor_id, at)
         SELECT id, $5, $6, $2, $3, $7, $4 FROM changed RETURNING id`,
      [c.requestId, c.to, c.reason, c.at, c.action, c.from, c.actorId],
    );
    return String(event.id);
  }

  /** The latest triage email about the request (notification_delivery, kind 'triage'), or null. */
  async triageNotice(requestId: string): Promise<TriageNotice | null> {
    const [notice]: TriageNotice[] = await this.db.query(
      `SELECT key, status FROM notification_delivery WHERE request_id = $1 AND kind = 'triage' ORDER BY id DESC LIMIT 1`,
      [requestId],
    );
    return notice ?? null;
  }
}
