import { REFUSED, describeBadBodies, refusalOf, through, validate } from '../../../../test/support/dto-validation';
import { EmptyBodyPipe } from '../common/validation';
import { CorrectMinutesDto, CreateMinutesDto, UpdateMinutesDto } from './minutes.dto';

const PERSON = '00000000-0000-4000-8000-000000000001';
const long = (n: number) => 'x'.repeat(n + 1);
const action = { what: 'Tehtävä', responsibleName: 'tiimi', dueDate: '2030-01-01' };

/**
 * Field-by-field validation of the minutes' bodies, moved down from test/queues/minutes.e2e-spec.ts
 * ("bad input on every minutes endpoint"). What needs the database stays there: an attendance row of
 * someone not in the meeting, an unknown responsible person, a request of another case, a finalised
 * version, malformed ids in the path.
 */
const CONTENT: Array<[string, object, string]> = [
  ['an unknown field', { isAdmin: true }, 'isAdmin'],
  ['locale unknown', { locale: 'de' }, 'locale'],
  ['summary a number', { summary: 42 }, 'summary'],
  ['summary too long', { summary: long(20000) }, 'summary'],
  ['question too long', { question: long(4000) }, 'question'],
  ['attendance not an array', { attendance: 'all' }, 'attendance'],
  ['attendance kind unknown', { attendance: [{ name: 'A', kind: 'boss', attendance: 'remote' }] }, 'attendance[0].kind'],
  ['attendance value unknown', { attendance: [{ name: 'A', kind: 'staff', attendance: 'late' }] }, 'attendance[0].attendance'],
  ['attendance name missing', { attendance: [{ kind: 'staff', attendance: 'remote' }] }, 'attendance[0].name'],
  ['attendance participantId malformed', { attendance: [{ participantId: 'x', name: 'A', kind: 'staff', attendance: 'remote' }] }, 'attendance[0].participantId'],
  ['action without what', { actions: [{ responsibleName: 'x', dueDate: '2030-01-01' }] }, 'actions[0].what'],
  ['action without anyone responsible', { actions: [{ what: 'x', dueDate: '2030-01-01' }] }, 'actions[0].responsiblePersonId'],
  ['action due date not a date', { actions: [{ ...action, dueDate: 'tomorrow' }] }, 'actions[0].dueDate'],
  ['action due date impossible', { actions: [{ ...action, dueDate: '2030-02-30' }] }, 'actions[0].dueDate'],
  ['action due date with a time', { actions: [{ ...action, dueDate: '2030-02-01T10:00:00Z' }] }, 'actions[0].dueDate'],
  ['too many actions', { actions: Array.from({ length: 51 }, () => action) }, 'actions'],
  ['disclosure basis too long', { disclosures: [{ what: 'x', toOrganisation: 'y', basis: long(500) }] }, 'disclosures[0].basis'],
  ['disclosure without recipient', { disclosures: [{ what: 'x', basis: 'y' }] }, 'disclosures[0].toOrganisation'],
  ['next meeting time not a date', { nextMeeting: { at: 'soon' } }, 'nextMeeting.at'],
  ['next meeting an array', { nextMeeting: [] }, 'nextMeeting'],
];

/** A body with every field set well: each refusal above is that field's, not another's. */
const VALID = {
  locale: 'sv',
  attendance: [{ participantId: PERSON, name: 'A', kind: 'staff', organisation: 'Perhekeskus', attendance: 'remote' }],
  question: 'Kysymys',
  summary: 'Yhteenveto',
  actions: [action, { what: 'Toinen', responsiblePersonId: PERSON, dueDate: '2030-01-02' }],
  disclosures: [{ what: 'Muistio', toOrganisation: 'Koulu', basis: 'Huoltajan suostumus' }],
  nextMeeting: { at: '2030-02-01T10:00:00Z', note: 'Seuranta' },
};

describe('minutes bodies', () => {
  it.each([
    ['POST /api/meetings/:meetingId/minutes', CreateMinutesDto, { ...VALID, requestId: PERSON }],
    ['PATCH /api/minutes/:id', UpdateMinutesDto, VALID],
    ['POST /api/meetings/:meetingId/minutes', CreateMinutesDto, {}],
    ['PATCH /api/minutes/:id', UpdateMinutesDto, {}],
  ] as const)('%s (%p) accepts a valid body', async (_route, dto, body) => {
    const a = await validate(dto, body);
    expect(a.ok ? 'accepted' : a).toBe('accepted');
  });

  describeBadBodies('POST /api/meetings/:meetingId/minutes', CreateMinutesDto, [
    ...CONTENT,
    ['requestId malformed', { requestId: 'nope' }, 'requestId'],
    ['createdById (the author is the caller)', { createdById: PERSON }, 'createdById'],
  ]);
  describeBadBodies('PATCH /api/minutes/:id', UpdateMinutesDto, CONTENT);
  describeBadBodies('POST /api/minutes/:id/corrections', CorrectMinutesDto, [
    ['reason missing', {}, 'reason'],
    ['reason too long', { reason: long(2000) }, 'reason'],
    ['createdById (the author is the caller)', { reason: 'x', createdById: PERSON }, 'createdById'],
  ]);

  describe('POST /api/minutes/:id/finalise (EmptyBodyPipe: the signer is the caller)', () => {
    it.each([[{}], [undefined]])('accepts %p', async (body) => {
      expect(await through(new EmptyBodyPipe(), body, { type: 'body' })).toEqual({ ok: true, value: {} });
    });
    it.each([
      ['finalisedById (the signer is the caller)', { finalisedById: PERSON }, 'finalisedById'],
      ['an unknown field', { force: true }, 'force'],
      ['an array', [], 'body'],
    ])('refuses %s: 400 naming the field', async (_label, body, field) => {
      expect(refusalOf(await through(new EmptyBodyPipe(), body, { type: 'body' }), field)).toEqual(REFUSED);
    });
  });
});
