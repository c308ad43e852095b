import { DataSource, EntityManager } from 'typeorm';
import type { MeetingKind, MeetingMode } from '@kohtaamo/domain';
import { MinutesEntity } from './minutes.entity';
import type { MinutesDocument } from './minutes-pdf';

/** Gathers what the PDF shows: the minutes, their meeting and the names behind person ids. */
export async function loadMinutesDocument(db: DataSource | EntityManager, m: MinutesEntity): Promise<MinutesDocument> {
  const [meeting]: Array<{ title: string; kind: MeetingKind; starts_at: Date; ends_at: Date; mode: MeetingMode; location: string | null; room: string | null }> = await db.query(
    `SELECT m.title, m.kind, m.starts_at, m.ends_at, m.mode, m.location,
            (SELECT r.name || ', ' || r.unit FROM room r WHERE r.id = m.room_id) AS room
       FROM meeting m WHERE m.id = $1`,
    [m.meetingId],
  );
  const personIds = [...new Set([...m.actions.map((a) => a.responsiblePersonId), m.finalisedById].filter((x): x is string => !!x))];
  const people: Array<{ id: string; name: string }> = personIds.length ? await db.query(`SELECT id, name FROM person WHERE id = ANY($1::uuid[])`, [personIds]) : [];
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  return {
    locale: m.locale,
    status: m.status,
    version: m.version,
    anonymous: m.anonymous,
    correctionReason: m.correctionReason,
    finalisedAt: m.finalisedAt,
    finalisedByName: m.finalisedById ? (nameOf.get(m.finalisedById) ?? null) : null,
    meeting: {
      title: meeting.title,
      kind: meeting.kind,
      startsAt: meeting.starts_at,
      endsAt: meeting.ends_at,
      mode: meeting.mode,
      place: [meeting.location, meeting.room].filter(Boolean).join(' – ') || null,
    },
    attendance: m.attendance,
    question: m.question,
    summary: m.summary,
    actions: m.actions.map((a) => ({ ...a, responsible: (a.responsiblePersonId ? nameOf.get(a.responsiblePersonId) : null) ?? a.responsibleName ?? '–' })),
    disclosures: m.disclosures,
    nextMeeting: m.nextMeeting,
  };
}
