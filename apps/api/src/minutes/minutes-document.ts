import type { MinutesEntity } from './minutes.entity';
import type { MinutesDocument } from './minutes-pdf';
import type { MinutesRepository } from './minutes.repository';

/**
 * Gathers what the PDF shows: the minutes, their meeting and the names behind person ids (an action's
 * responsible professional, the signer); a responsible person neither named nor found shows as '–'.
 * Reads as the current actor.
 */
export async function loadMinutesDocument(minutes: MinutesRepository, m: MinutesEntity): Promise<MinutesDocument> {
  const meeting = await minutes.meeting(m.meetingId);
  if (!meeting) throw new Error(`the meeting ${m.meetingId} of minutes ${m.id} cannot be read`);
  const personIds = [...new Set([...m.actions.map((a) => a.responsiblePersonId), m.finalisedById].filter((x): x is string => !!x))];
  const nameOf = await minutes.personNames(personIds);
  return {
    locale: m.locale,
    status: m.status,
    version: m.version,
    anonymous: m.anonymous,
    correctionReason: m.correctionReason,
    finalisedAt: m.finalisedAt,
    finalisedByName: m.finalisedById ? (nameOf.get(m.finalisedById) ?? null) : null,
    meeting,
    attendance: m.attendance,
    question: m.question,
    summary: m.summary,
    actions: m.actions.map((a) => ({ ...a, responsible: (a.responsiblePersonId ? nameOf.get(a.responsiblePersonId) : null) ?? a.responsibleName ?? '–' })),
    disclosures: m.disclosures,
    nextMeeting: m.nextMeeting,
  };
}
