import { DomainError } from '@kohtaamo/domain';
import type { StaffPrincipal } from '../../apps/api/src/auth/principal';
import { MeetingsService } from '../../apps/api/src/meetings/meetings.service';
import { MinutesModule } from '../../apps/api/src/minutes/minutes.module';
import { MinutesService } from '../../apps/api/src/minutes/minutes.service';
import { ServiceTier, startServiceTier } from './support/service-tier';
import { World, buildWorld, request, statusCounts } from './support/world';

/**
 * Minutes and their versions (MinutesService) on a real database, called as the minutes controller
 * calls them: a draft edited under its revision (the ETag), finalised, corrected with a reason into a
 * new version, the versions listed; concurrent edits based on one revision and concurrent corrections
 * of one version, where exactly one wins and the other is refused with nothing written.
 */
describe('MinutesService on a real database', () => {
  let t: ServiceTier;
  let w: World;
  let organiser: StaffPrincipal;
  let participant: StaffPrincipal;
  let minutes: MinutesService;
  let meetings: MeetingsService;

  beforeAll(async () => {
    t = await startServiceTier([MinutesModule]);
    t.clock.set('2027-01-04T12:00:00Z');
    w = await buildWorld(t.db.ds);
    organiser = await t.principal(w.chairId);
    participant = await t.principal(w.psychologistId);
    minutes = t.get(MinutesService);
    meetings = t.get(MeetingsService);
  });
  afterAll(async () => {
    await t?.close();
  });

  const as = <T>(fn: () => Promise<T>, who = organiser) => t.as(who, fn);

  const refusal = async (p: Promise<unknown>): Promise<DomainError> => {
    const e = await p.then(
      () => undefined,
      (x: unknown) => x,
    );
    if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${e === undefined ? 'success' : String(e)}`);
    return e;
  };

  const row = async (id: string): Promise<{ version: number; revision: number; status: string; summary: string; previous_id: string | null; correction_reason: string | null }> =>
    (await t.db.ds.query(`SELECT version, revision, status, summary, previous_id, correction_reason FROM minutes WHERE id = $1`, [id]))[0];
  const count = async (meetingId: string): Promise<number> => (await t.db.ds.query(`SELECT count(*)::int AS n FROM minutes WHERE meeting_id = $1`, [meetingId]))[0].n;

  /**
   * A network meeting about an accepted (anonymous) request, organised by the chair with the
   * psychologist, booked the day before and held from `startsAt` for 45 minutes; the request is "handled" once it has been held.
   */
  async function heldMeeting(startsAt: string): Promise<{ meetingId: string; requestId: string }> {
    const requestId = await request(t.db.ds, w, { question: 'Miten tukea lapsen keskittymistä päiväkodissa?' });
    // booked the day before (a meeting is not booked into the past)
    const m = await t.clock.at(new Date(Date.parse(startsAt) - 86_400_000), () =>
      as(() =>
        meetings.create(
          { kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId, startsAt, endsAt: new Date(Date.parse(startsAt) + 45 * 60_000).toISOString(), mode: 'remote', participants: [{ kind: 'staff', personId: w.psychologistId }] },
          organiser,
        ),
      ),
    );
    await as(() => meetings.end(m.id, organiser));
    return { meetingId: m.id, requestId };
  }

  describe('draft → finalised → corrected, versions listed', () => {
    let meetingId: string;
    let requestId: string;
    let v1: string;
    let v2: string;

    beforeAll(async () => {
      ({ meetingId, requestId } = await heldMeeting('2027-01-04T08:00:00Z'));
    });

    it('a draft starts at version 1, revision 1, with the request’s question; each edit under the current revision raises it', async () => {
      const draft = await as(() => minutes.create(meetingId, {}, organiser));
      v1 = draft.id;
      expect(draft).toMatchObject({ version: 1, revision: 1, status: 'draft', previousId: null, question: 'Miten tukea lapsen keskittymistä päiväkodissa?', mayEdit: true });
      expect(draft.attendance.map((a) => a.name)).toEqual(['Pia Psykologi']);
      const edited = await as(() => minutes.update(v1, { summary: 'Sovittiin tukitoimista.' }, organiser, 1));
      expect(edited).toMatchObject({ revision: 2, summary: 'Sovittiin tukitoimista.' });
      // a second draft of the same meeting and case is refused: edit this one
      const twice = await refusal(as(() => minutes.create(meetingId, {}, organiser)));
      expect(twice).toMatchObject({ code: 'conflict', fields: [{ field: 'requestId' }] });
      expect(await count(meetingId)).toBe(1);
    });

    it('an edit based on an older revision is refused as stale, naming the current revision, and changes nothing', async () => {
      const e = await refusal(as(() => minutes.update(v1, { summary: 'Vanhentunut.' }, organiser, 1)));
      expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'If-Match', code: 'stale_revision' }], details: { revision: 2 } });
      expect(await row(v1)).toMatchObject({ revision: 2, summary: 'Sovittiin tukitoimista.' });
    });

    it('two editors saving on the same revision at once: exactly one is saved, the other is told the revision it missed', async () => {
      const results = await Promise.allSettled(['Ensimmäisen välilehden versio.', 'Toisen välilehden versio.'].map((summary) => as(() => minutes.update(v1, { summary }, organiser, 2))));
      const saved = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(saved).toHaveLength(1);
      expect(saved[0].revision).toBe(3);
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      expect(lost).toHaveLength(1);
      expect(lost[0]).toMatchObject({ code: 'conflict', fields: [{ field: 'If-Match', code: 'stale_revision' }], details: { revision: 3 } });
      expect(await row(v1)).toMatchObject({ revision: 3, summary: saved[0].summary });
    });

    it('a participant who is not the organiser nor a chair may read the draft but not edit or finalise it', async () => {
      await as(() => minutes.getFor(v1, participant), participant);
      for (const attempt of [() => minutes.update(v1, { summary: 'Minun versioni.' }, participant), () => minutes.finalise(v1, participant)]) {
        expect(await refusal(as(attempt, participant))).toMatchObject({ code: 'forbidden' });
      }
      expect(await row(v1)).toMatchObject({ revision: 3, status: 'draft' });
    });

    it('finalised by the organiser: the request moves to "minutes finalised"; the version refuses edits, here and in the database', async () => {
      const fin = await as(() => minutes.finalise(v1, organiser));
      expect(fin).toMatchObject({ status: 'finalised', finalisedById: w.chairId, finalisedAt: new Date('2027-01-04T12:00:00Z') });
      expect(await statusCounts(t.db.ds, [requestId])).toEqual({ minutes_finalised: 1 });
      const edit = await refusal(as(() => minutes.update(v1, { summary: 'Jälkikäteen.' }, organiser, fin.revision)));
      expect(edit).toMatchObject({ code: 'conflict', fields: [{ field: 'status', reason: 'finalised minutes are immutable' }] });
      expect(await refusal(as(() => minutes.finalise(v1, organiser)))).toMatchObject({ code: 'conflict', fields: [{ field: 'status' }] });
      await expect(t.db.ds.query(`UPDATE minutes SET summary = 'x' WHERE id = $1`, [v1])).rejects.toThrow(/immutable/);
    });

    it('a correction with its reason is a new draft version pointing to the one it corrects, with the same content', async () => {
      const corrected = await as(() => minutes.correct(v1, { reason: 'Päätöksen sanamuoto korjattu' }, organiser));
      v2 = corrected.id;
      expect(corrected).toMatchObject({ version: 2, status: 'draft', previousId: v1, correctionReason: 'Päätöksen sanamuoto korjattu', summary: (await row(v1)).summary, mayEdit: true });
      // only the latest version is corrected, and a draft is edited instead
      expect(await refusal(as(() => minutes.correct(v1, { reason: 'Toinen korjaus' }, organiser)))).toMatchObject({ code: 'conflict', fields: [{ field: 'id', reason: 'not the latest version' }] });
      expect(await refusal(as(() => minutes.correct(v2, { reason: 'Luonnosta ei korjata' }, organiser)))).toMatchObject({ code: 'conflict', fields: [{ field: 'status' }] });
    });

    it('the versions, oldest first, are the same list from any version; the corrected one is unchanged', async () => {
      await as(() => minutes.update(v2, { summary: 'Korjattu: tukitoimet sovittiin koulun kanssa.' }, organiser));
      await as(() => minutes.finalise(v2, organiser));
      const fromNew = await as(() => minutes.versions(v2, organiser));
      const fromOld = await as(() => minutes.versions(v1, organiser));
      const shape = (l: Array<{ id: string; version: number; status: string; previousId: string | null; summary: string }>) => l.map((m) => ({ id: m.id, version: m.version, status: m.status, previousId: m.previousId, summary: m.summary }));
      expect(shape(fromNew)).toEqual([
        { id: v1, version: 1, status: 'finalised', previousId: null, summary: (await row(v1)).summary },
        { id: v2, version: 2, status: 'finalised', previousId: v1, summary: 'Korjattu: tukitoimet sovittiin koulun kanssa.' },
      ]);
      expect(shape(fromOld)).toEqual(shape(fromNew));
      expect(fromNew.map((m) => m.mayEdit)).toEqual([true, true]);
      expect((await as(() => minutes.versions(v1, participant), participant)).map((m) => m.mayEdit)).toEqual([false, false]);
    });

    it('two corrections of the latest version at once: exactly one new version, the other refused', async () => {
      const results = await Promise.allSettled(['Päivämäärä korjattu', 'Nimi korjattu'].map((reason) => as(() => minutes.correct(v2, { reason }, organiser))));
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      expect(lost[0]).toMatchObject({ code: 'conflict', fields: [{ field: 'id', reason: 'not the latest version' }] });
      const versions = await as(() => minutes.versions(v2, organiser));
      expect(versions.map((m) => [m.version, m.status, m.previousId])).toEqual([
        [1, 'finalised', null],
        [2, 'finalised', v1],
        [3, 'draft', v2],
      ]);
    });
  });

  it('minutes of a meeting that has not begun are not finalised: a conflict naming the meeting, nothing changes', async () => {
    const requestId = await request(t.db.ds, w);
    const m = await as(() =>
      meetings.create({ kind: 'network_meeting', title: 'Tuleva', requestId, startsAt: '2027-01-05T08:00:00Z', endsAt: '2027-01-05T09:00:00Z', mode: 'remote' }, organiser),
    );
    const draft = await as(() => minutes.create(m.id, { summary: 'Etukäteen kirjoitettu.' }, organiser));
    const e = await refusal(as(() => minutes.finalise(draft.id, organiser)));
    expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'meetingId', reason: expect.stringMatching(/^the meeting has not taken place yet/) }] });
    expect(await row(draft.id)).toMatchObject({ status: 'draft', revision: 1 });
  });

  it('an anonymous consultation’s correction reason may not identify anyone: refused naming the field, no new version', async () => {
    const { meetingId } = await heldMeeting('2027-01-04T10:00:00Z');
    const draft = await as(() => minutes.create(meetingId, { summary: 'Keskusteltiin keskittymisestä.' }, organiser));
    await as(() => minutes.finalise(draft.id, organiser));
    const before = await count(meetingId);
    const e = await refusal(as(() => minutes.correct(draft.id, { reason: 'Lapsen hetu 131052-308T puuttui' }, organiser)));
    expect(e).toMatchObject({ code: 'identifier_in_anonymous', fields: [{ field: 'reason' }] });
    expect(await count(meetingId)).toBe(before);
  });
});
