import { DATE, ENUM, UUID, describeBodyMatrix, str } from '../../../../test/support/dto-validation';
import { AddMemberDto, CreateResponsiblePairDto, CreateTeamDto, UpdateTeamDto } from './team.dto';

const PERSON = '00000000-0000-4000-8000-000000000001';
const PHYSICIAN = '00000000-0000-4000-8000-000000000002';
const NURSE = '00000000-0000-4000-8000-000000000003';

/** Field-by-field validation of the teams' bodies (moved down from test/api/bad-input.e2e-spec.ts). */
describe('team bodies', () => {
  describeBodyMatrix({
    route: 'POST /api/teams',
    dto: CreateTeamDto,
    valid: { kind: 'neuropsychiatric', name: 'Nepsy-tiimi X', unit: 'Perhekeskus', description: 'Nepsy-konsultaatiot' },
    fields: { kind: ENUM, name: str(200), unit: str(200), description: str(2000) },
    required: ['kind', 'name', 'unit'],
  });
  describeBodyMatrix({
    route: 'PATCH /api/teams/:id',
    dto: UpdateTeamDto,
    valid: { description: 'Joka toinen tiistai' },
    fields: { kind: ENUM, name: str(200), unit: str(200), description: str(2000) },
    required: [],
  });
  describeBodyMatrix({
    route: 'POST /api/teams/:id/members',
    dto: AddMemberDto,
    valid: { personId: PERSON, role: 'member' },
    fields: { personId: UUID, role: ENUM },
    required: ['personId'],
  });
  describeBodyMatrix({
    route: 'POST /api/teams/:id/responsible-pairs',
    dto: CreateResponsiblePairDto,
    valid: { physicianId: PHYSICIAN, nurseId: NURSE, validFrom: '2031-01-01', validTo: '2031-12-31' },
    fields: { physicianId: UUID, nurseId: UUID, validFrom: DATE, validTo: DATE },
    required: ['physicianId', 'nurseId', 'validFrom'],
  });
});
