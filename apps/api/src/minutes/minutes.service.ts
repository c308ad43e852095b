import { AccessRepository } from '../auth/access.repository';
import { PolicyService } from '../auth/policy.service';
import type { Principal, StaffPrincipal } from '../auth/principal';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, Locale } from '@kohtaamo/domain';
import { Clock } from '../common/clock';
import { asSystem } from '../database/actor-context';
import { asReference } from '../common/reference.util';
import { MeetingDetail, MeetingsService } from '../meetings/meetings.service';
import { MeetingParticipantEntity } from '../meetings/meeting.entity';
import { PersonsService } from '../persons/persons.service';
import { textsFor } from '../locales/i18n';
import { IdentifierCheckService, type IdentifierContext } from '../privacy/identifier-check.service';
import { RequestsService } from '../requests/requests.service';
import { loadMinutesDocument } from './minutes-document';
import { minutesDocumentFor, renderMinutesPdf } from './minutes-pdf';
import { CorrectMinutesDto, CreateMinutesDto, UpdateMinutesDto } from './minutes.dto';
import { ActionEntry, AttendanceEntry, DisclosureEntry, MinutesEntity, NextMeeting } from './minutes.entity';
import { MinutesRepository } from './minutes.repository';

/** A version as answered; `mayEdit` for staff only (see withMayEdit). */
export type MinutesView = Omit<MinutesEntity, 'pdf'> & { mayEdit?: boolean };

/** One participant's receipt of a version of the minutes (GET /api/minutes/:id/receipts). */
export interface MinutesReceipt {
  participantId: string;
  name: string;
  kind: MeetingParticipantEntity['kind'];
  organisation: string | null;
  /** the email telling them of the minutes (a link, never the minutes): null when none was planned */
  notice: { status: string; sentAt: Date | null; reason: string | null } | null;
  /** their reads through their own link (disclosure log): null when never */
  read: { firstAt: Date; lastAt: Date; reads: number; downloads: number } | null;
}

type Content = Pick<MinutesEntity, 'locale' | 'attendance' | 'question' | 'summary' | 'actions' | 'disclosures' | 'nextMeeting'>;

/**
 * Minutes (muistio) of a meeting, one series of versions per meeting and case (the request discussed;
 * none for general session minutes). A draft is edited and finalised; finalised minutes never change
 * (the database refuses it too); a correction is a new draft version that points to the one it
 * corrects. Minutes of an anonymous consultation — or about no request at all — must not identify
 * anyone outside the staff: every free-text field is checked, and a hit is a 422 naming the field.
 */
@Injectable()
export class MinutesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly minutes: MinutesRepository,
    private readonly meetings: MeetingsService,
    private readonly requests: RequestsService,
    private readonly persons: PersonsService,
    private readonly clock: Clock,
    private readonly policy: PolicyService,
    private readonly access: AccessRepository,
    private readonly identifiers: IdentifierCheckService,
  ) {}

  /** Starts the minutes of a meeting (or of one case of a session) as `who`: its organiser or that day's chair. */
  async create(meetingId: string, dto: CreateMinutesDto, who: StaffPrincipal): Promise<MinutesView> {
    await this.policy.meeting(who, meetingId, 'write_minutes');
    const meeting = await this.meetings.detail(meetingId);
    if (meeting.status === 'cancelled') throw new DomainError('conflict', `meeting ${meetingId} is cancelled`, [{ field: 'status', reason: 'the meeting is cancelled' }]);
    const requestId = this.caseOf(meeting, dto.requestId);
    const request = requestId ? await asReference(this.requests.get(requestId), 'requestId') : null;
    const anonymous = request ? request.anonymous : true;
    if (request?.clientId && !(await this.access.seesClient(who.personId, request.clientId, this.clock.now()))) {
      throw new DomainError('forbidden', 'this case concerns an identified client you have no care relationship with', [{ field: 'requestId', reason: 'need to know' }]);
    }
    const locale = dto.locale ?? 'fi';
    const content = await this.content(
      {
        locale,
        attendance: prefill(meeting.participants, anonymous, locale),
        question: request?.question ?? null,
        summary: '',
        actions: [],
        disclosures: [],
        nextMeeting: null,
      },
      dto,
      meeting,
      identifierContext({ anonymous, requestId }),
    );
    const existing = await this.minutes.latest(meetingId, requestId);
    if (existing) {
      throw DomainError.field(
        'conflict',
        'requestId',
        `minutes of this meeting${requestId ? ' and case' : ''} exist already (version ${existing.version}, ${existing.status}); ${existing.status === 'draft' ? 'edit the draft' : 'make a correction'}`,
      );
    }
    const saved = await this.minutes.insert({
      meetingId,
      requestId,
      version: 1,
      previousId: null,
      status: 'draft',
      anonymous,
      ...content,
      correctionReason: null,
      createdById: who.personId,
      finalisedById: null,
      finalisedAt: null,
      distributionQueuedAt: null,
    });
    return Object.assign(await this.get(saved.id), { mayEdit: true });
  }

  /**
   * Edits a draft as `who` (its meeting's organiser or that day's chair). `expectedRevision` (the ETag the
   * editor last saw, from `If-Match`) makes the edit conditional: if someone saved meanwhile the answer is
   * 409 `conflict` with `details: { revision }` (the current one) and nothing is written, so an autosave
   * never overwrites another person's or tab's edit unseen. Every accepted edit raises `revision` by one.
   */
  async update(id: string, dto: UpdateMinutesDto, who: StaffPrincipal, expectedRevision?: number): Promise<MinutesView> {
    await this.policy.minutes(who, id, 'write');
    await this.db.transaction(async (tx) => {
      const m = await this.lock(tx, id);
      assertDraft(m);
      if (expectedRevision !== undefined && expectedRevision !== m.revision) {
        throw new DomainError(
          'conflict',
          `the draft has been saved by someone else since revision ${expectedRevision} (now ${m.revision}); read it again and merge`,
          [{ field: 'If-Match', reason: 'the draft changed since you read it', code: 'stale_revision' }],
          { revision: m.revision },
        );
      }
      const meeting = await this.meetings.detail(m.meetingId);
      const content = await this.content(m, dto, meeting, identifierContext(m));
      Object.assign(m, content, { revision: m.revision + 1 });
      await this.minutes.save(tx, m);
    });
    return Object.assign(await this.get(id), { mayEdit: true });
  }

  /**
   * Who has received and who has read one version of the minutes, for its organiser and the team's chairs
   * (who decide on its disclosures): every participant of the meeting with the minutes notice sent to them
   * (its delivery status: sent, withheld with the reason, …) and their reads through their own link from
   * the disclosure log (703/2023 § 11) — the minutes themselves or their PDF, and the meeting's minutes list
   * read after this version was final. Read as the system once the policy has let the caller in: the
   * disclosure log is otherwise readable by administrators only.
   */
  async receipts(id: string, who: StaffPrincipal): Promise<MinutesReceipt[]> {
    await this.policy.minutes(who, id, 'write');
    const m = await this.get(id);
    const meeting = await this.meetings.detail(m.meetingId);
    const [deliveries, reads] = await asSystem(() => Promise.all([this.minutes.notices(id), this.minutes.linkReads(id, m.meetingId, m.finalisedAt)]));
    return meeting.participants.map((p) => {
      const d = deliveries.filter((x) => x.participantId === p.id).at(-1);
      const r = reads.find((x) => x.participantId === p.id);
      return {
        participantId: p.id,
        name: p.displayName,
        kind: p.kind,
        organisation: p.organisationName,
        notice: d ? { status: d.status, sentAt: d.sentAt, reason: d.status === 'withheld' || d.status === 'failed' ? d.lastError : null } : null,
        read: r ? { firstAt: r.firstAt, lastAt: r.lastAt, reads: r.reads, downloads: r.downloads } : null,
      };
    });
  }

  /**
   * Approves a draft. The case's request moves to "minutes finalised" if it was handled; the relay then
   * renders and sends the PDF. Only after the meeting: a meeting neither held nor begun is a 409
   * (`meetingId`, code `meeting_not_held`).
   */
  async finalise(id: string, who: StaffPrincipal): Promise<MinutesView> {
    // the signer is the signed-in organiser or chair of the meeting's day (minutesDecision 'write')
    await this.policy.minutes(who, id, 'write');
    await this.db.transaction(async (tx) => {
      const m = await this.lock(tx, id);
      assertDraft(m);
      const meeting = await this.meetings.detail(m.meetingId);
      const now = this.clock.now();
      // after the meeting: once its booked start has come, or once a host has ended it (held) — a call
      // held before its booked time is finalised at once (MeetingsService.end decides when it may end)
      if (meeting.status !== 'held' && meeting.startsAt.getTime() > now.getTime()) {
        throw new DomainError('conflict', 'the meeting has not taken place yet; end it first or wait until it begins', [
          { field: 'meetingId', reason: 'the meeting has not taken place yet: end it first or wait until it begins', code: 'meeting_not_held' },
        ]);
      }
      if (!m.summary.trim()) throw DomainError.field('unprocessable', 'summary', 'write a summary before finalising');
      const context = identifierContext(m);
      if (context) await this.identifiers.assertNone(freeTexts(m), context);
      Object.assign(m, { status: 'finalised', finalisedAt: now, finalisedById: who.personId });
      await this.minutes.save(tx, m);
      if (m.requestId) {
        const request = await this.requests.get(m.requestId);
        if (request.status === 'handled') await this.requests.applyInTransaction(tx, m.requestId, 'finalise_minutes', null, who.personId);
      }
    });
    return Object.assign(await this.get(id), { mayEdit: true });
  }

  /** Starts a correction of finalised minutes: a new draft version with the same content, pointing to the old one. */
  async correct(id: string, dto: CorrectMinutesDto, who: StaffPrincipal): Promise<MinutesView> {
    await this.policy.minutes(who, id, 'write');
    const newId = await this.db.transaction(async (tx) => {
      const prev = await this.lock(tx, id);
      if (prev.status !== 'finalised') throw new DomainError('conflict', `minutes ${id} are a draft; edit the draft instead`, [{ field: 'status', reason: 'only finalised minutes are corrected' }]);
      const successor = await this.minutes.successorOf(tx, id);
      if (successor) {
        throw new DomainError('conflict', `version ${prev.version} has been corrected already (version ${successor.version}); correct the latest version`, [
          { field: 'id', reason: 'not the latest version' },
        ]);
      }
      const context = identifierContext(prev);
      if (context) await this.identifiers.assertNone({ reason: dto.reason }, context);
      return this.minutes.insertVersion(tx, {
        meetingId: prev.meetingId,
        requestId: prev.requestId,
        version: prev.version + 1,
        previousId: prev.id,
        status: 'draft',
        anonymous: prev.anonymous,
        locale: prev.locale,
        attendance: prev.attendance,
        question: prev.question,
        summary: prev.summary,
        actions: prev.actions,
        disclosures: prev.disclosures,
        nextMeeting: prev.nextMeeting,
        correctionReason: dto.reason,
        createdById: who.personId,
        finalisedById: null,
        finalisedAt: null,
        distributionQueuedAt: null,
      });
    });
    return Object.assign(await this.get(newId), { mayEdit: true });
  }

  /** Minutes as `who` may read them: staff within need to know; guests finalised minutes of their meeting within consent. */
  async getFor(id: string, who: Principal): Promise<MinutesView> {
    await this.policy.minutes(who, id, 'read');
    const m = await this.get(id);
    return this.withMayEdit([m], who).then(([x]) => x);
  }

  /**
   * Staff get `mayEdit` on each version: whether they may edit, finalise and correct it (the meeting's
   * organiser or a chair of its day) — so the editor shows the others a read-only page. Guests get nothing.
   */
  private async withMayEdit(list: MinutesView[], who: Principal): Promise<MinutesView[]> {
    if (who.kind !== 'staff' || !list.length) return list;
    const byMeeting = new Map<string, boolean>();
    for (const m of list) {
      if (!byMeeting.has(m.meetingId)) {
        byMeeting.set(m.meetingId, await this.policy.meeting(who, m.meetingId, 'write_minutes').then(() => true, () => false));
      }
    }
    return list.map((m) => Object.assign(m, { mayEdit: byMeeting.get(m.meetingId) }));
  }

  async get(id: string): Promise<MinutesView> {
    const m = await this.minutes.get(id);
    if (!m) throw DomainError.notFound('minutes', id);
    return m;
  }

  /** Every version of the same minutes (same meeting and case), oldest first. */
  async versions(id: string, who: Principal): Promise<MinutesView[]> {
    await this.policy.minutes(who, id, 'read');
    const m = await this.get(id);
    const all = await this.minutes.versions(m.meetingId, m.requestId);
    return this.withMayEdit(all, who);
  }

  /** The meeting's minutes that `who` may read, each decided by the same rule as reading it by id. */
  /**
   * The meeting's minutes versions the caller may read, and — for a staff member and a meeting about one
   * case (a network meeting with its request) — whether minutes of that case exist that they may not read
   * (`withheld`: an identified case's minutes need the right to the client's data, which a withdrawn
   * consent can take away). It tells a participant "minutes you cannot read" from "none yet"; they know of
   * the meeting and its case already. Nothing is said (null) to a guest or family member (their link shows
   * what their consent covers, nothing else), nor about a team session, whose cases each have minutes of
   * their own and whose participants have no standing in the others'.
   */
  async listForMeeting(meetingId: string, who: Principal): Promise<{ minutes: MinutesView[]; withheld: boolean | null }> {
    // staff get the meeting's facts (guests null: they get no header)
    const facts = await this.policy.meeting(who, meetingId, 'read');
    const requestId = facts === null || facts.kind === 'team_session' ? null : (facts.requestId ?? null);
    // row-level security hides what the caller may not read from their own reads (the need-to-know rule in
    // the database): the system answers whether any exist — yes or no, not how many versions (corrections).
    // Asked before the list, so minutes started in between show up as readable, never as withheld.
    const exist = requestId === null ? null : await asSystem(() => this.minutes.existFor(meetingId, requestId));
    const all = await this.minutes.forMeeting(meetingId);
    const readable: MinutesView[] = [];
    for (const m of all) if (await this.policy.mayReadMinutes(who, m.id)) readable.push(m);
    const withheld = exist === null ? null : exist && !readable.some((m) => m.requestId === requestId);
    return { minutes: await this.withMayEdit(readable, who), withheld };
  }

  /**
   * The PDF: to staff as rendered at finalisation, or rendered now (a draft is marked as such). A guest or
   * family member gets the same minutes rendered for a reader outside the county: the meeting's title
   * (staff only; it may name the child) replaced by the neutral word (minutes-pdf.ts minutesDocumentFor).
   */
  async pdf(id: string, who: Principal): Promise<{ pdf: Buffer; filename: string }> {
    await this.policy.minutes(who, id, 'read');
    const m = await this.minutes.withPdf(id);
    if (!m) throw DomainError.notFound('minutes', id);
    const reader = who.kind === 'staff' ? 'staff' : 'outside';
    const pdf = (reader === 'staff' ? m.pdf : null) ?? (await renderMinutesPdf(minutesDocumentFor(await loadMinutesDocument(this.minutes, m), reader)));
    return { pdf, filename: `${textsFor(m.locale).t('minutes.pdfFile')}-v${m.version}${m.status === 'draft' ? '-draft' : ''}.pdf` };
  }

  /** The network meeting's request by default; in a session, one of the agenda's requests. */
  private caseOf(meeting: MeetingDetail, requestId: string | undefined): string | null {
    const allowed = new Set([meeting.requestId, ...meeting.agenda.map((a) => a.requestId)].filter((x): x is string => !!x));
    if (requestId === undefined) return meeting.requestId ?? null;
    if (!allowed.has(requestId)) {
      throw DomainError.field('unprocessable', 'requestId', allowed.size ? 'the request was not discussed in this meeting (not its request nor on its agenda)' : 'this meeting is not about any request');
    }
    return requestId;
  }

  /** Applies the fields given to the current content, checks references and (`check`: anonymous minutes) identifiers. */
  private async content(current: Content, dto: UpdateMinutesDto, meeting: MeetingDetail, check: IdentifierContext | null): Promise<Content> {
    const participantIds = new Set(meeting.participants.map((p) => p.id));
    dto.attendance?.forEach((a, i) => {
      if (a.participantId && !participantIds.has(a.participantId)) {
        throw DomainError.field('unprocessable', `attendance[${i}].participantId`, 'not a participant of this meeting');
      }
    });
    const refs = (dto.actions ?? []).flatMap((a, i) => (a.responsiblePersonId ? [{ id: a.responsiblePersonId, field: `actions[${i}].responsiblePersonId` }] : []));
    if (refs.length) await this.persons.getAll(refs);
    const next: Content = {
      locale: dto.locale ?? current.locale,
      attendance:
        dto.attendance?.map(
          (a): AttendanceEntry => ({ participantId: a.participantId ?? null, name: a.name, kind: a.kind, organisation: a.organisation || null, attendance: a.attendance }),
        ) ?? current.attendance,
      question: dto.question !== undefined ? dto.question || null : current.question,
      summary: dto.summary ?? current.summary,
      actions:
        dto.actions?.map((a): ActionEntry => ({ what: a.what, responsiblePersonId: a.responsiblePersonId ?? null, responsibleName: a.responsibleName ?? null, dueDate: a.dueDate })) ??
        current.actions,
      disclosures: dto.disclosures?.map((d): DisclosureEntry => ({ what: d.what, toOrganisation: d.toOrganisation, basis: d.basis })) ?? current.disclosures,
      nextMeeting:
        dto.nextMeeting !== undefined
          ? dto.nextMeeting.at || dto.nextMeeting.note
            ? ({ at: dto.nextMeeting.at ? new Date(dto.nextMeeting.at).toISOString() : null, note: dto.nextMeeting.note || null } satisfies NextMeeting)
            : null
          : current.nextMeeting,
    };
    if (check) await this.identifiers.assertNone(freeTexts(next), check);
    return next;
  }

  private async lock(tx: EntityManager, id: string): Promise<MinutesEntity> {
    const m = await this.minutes.lock(tx, id);
    if (!m) throw DomainError.notFound('minutes', id);
    return m;
  }
}

/** How an identifier refusal in these minutes is worded (null: identified, nothing is checked). */
function identifierContext(m: { anonymous: boolean; requestId: string | null }): IdentifierContext | null {
  return !m.anonymous ? null : m.requestId ? 'minutes' : 'minutes_no_case';
}

function assertDraft(m: MinutesEntity): void {
  if (m.status !== 'draft') {
    throw new DomainError('conflict', `minutes ${m.id} are finalised and cannot change; make a correction (POST /api/minutes/${m.id}/corrections)`, [
      { field: 'status', reason: 'finalised minutes are immutable' },
    ]);
  }
}

/**
 * Attendance from who took part: in person or remote as recorded, anyone else as absent. A family member
 * of an identified consultation is named, with their relation to the client after the name (in the
 * `organisation` slot, shown "Elina Esimerkki (huoltaja)"): the consent stands behind the minutes and
 * decides who reads them (minutes-recipients.ts). In an anonymous consultation they are named by relation
 * only, and an outside participant by organisation: a name would identify the client.
 */
function prefill(participants: MeetingParticipantEntity[], anonymous: boolean, locale: Locale): AttendanceEntry[] {
  return participants.map((p) => {
    const relation = p.kind === 'family' ? textsFor(locale).t(`minutes.relation.${p.familyRelation ?? 'other'}`) : null;
    return {
      participantId: p.id,
      name: anonymous && relation !== null ? relation : anonymous && p.kind === 'external' ? (p.organisationName ?? '–') : p.displayName,
      kind: p.kind,
      organisation: relation !== null ? (anonymous ? null : relation) : p.organisationName,
      attendance: p.attendance === 'in_person' || p.attendance === 'remote' ? p.attendance : 'absent',
    };
  });
}

/** Every free-text field, named as the API names it; staff names in the attendance are professionals, not identifiers of the client. */
function freeTexts(c: Content): Record<string, string | null> {
  const out: Record<string, string | null> = { question: c.question, summary: c.summary };
  c.attendance.forEach((a, i) => {
    if (a.kind !== 'staff') {
      out[`attendance[${i}].name`] = a.name;
      out[`attendance[${i}].organisation`] = a.organisation;
    }
  });
  c.actions.forEach((a, i) => {
    out[`actions[${i}].what`] = a.what;
    out[`actions[${i}].responsibleName`] = a.responsibleName;
  });
  c.disclosures.forEach((d, i) => {
    out[`disclosures[${i}].what`] = d.what;
    out[`disclosures[${i}].toOrganisation`] = d.toOrganisation;
    out[`disclosures[${i}].basis`] = d.basis;
  });
  out['nextMeeting.note'] = c.nextMeeting?.note ?? null;
  return out;
}
