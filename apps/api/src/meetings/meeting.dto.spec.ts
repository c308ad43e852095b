import { BOOL, DATE, ENUM, UUID, describeBodyMatrix, str } from '../../../../test/support/dto-validation';
import { CreateAgendaItemDto, CreateMeetingDto, ParticipantDto, UpdateMeetingDto } from './meeting.dto';

const TEAM = '00000000-0000-4000-8000-000000000001';
const PERSON = '00000000-0000-4000-8000-000000000002';
const REQUEST = '00000000-0000-4000-8000-000000000003';

/** Field-by-field validation of the meetings' bodies (moved down from test/api/bad-input.e2e-spec.ts). */
describe('meeting bodies', () => {
  describeBodyMatrix({
    route: 'POST /api/meetings',
    dto: CreateMeetingDto,
    valid: { kind: 'team_session', title: 'Istunto', teamId: TEAM, startsAt: '2031-02-03T11:00:00Z', endsAt: '2031-02-03T12:00:00Z', mode: 'in_person', location: 'Huone 1' },
    fields: { kind: ENUM, title: str(300), teamId: UUID, requestId: UUID, startsAt: DATE, endsAt: DATE, mode: ENUM, location: str(300) },
    required: ['kind', 'title', 'startsAt', 'endsAt', 'mode'],
  });
  describeBodyMatrix({
    route: 'PATCH /api/meetings/:id',
    dto: UpdateMeetingDto,
    valid: { title: 'Uusi otsikko' },
    fields: { title: str(300), startsAt: DATE, endsAt: DATE, mode: ENUM, location: str(300) },
    required: [],
  });
  describeBodyMatrix({
    route: 'POST /api/meetings/:id/participants',
    dto: ParticipantDto,
    valid: { kind: 'staff', personId: PERSON, required: false, locale: 'fi' },
    fields: { kind: ENUM, personId: UUID, displayName: str(200), email: str(320), required: BOOL, locale: ENUM },
    required: ['kind', 'personId'],
  });
  describeBodyMatrix({
    route: 'POST /api/meetings/:id/agenda-items',
    dto: CreateAgendaItemDto,
    valid: { requestId: REQUEST, startsAt: '2030-03-05T11:00:00Z', endsAt: '2030-03-05T11:20:00Z' },
    fields: { requestId: UUID, startsAt: DATE, endsAt: DATE },
    required: ['requestId', 'startsAt', 'endsAt'],
  });
});
