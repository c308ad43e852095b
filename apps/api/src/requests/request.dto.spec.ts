import { BOOL, ENUM, UUID, describeBodyMatrix, str } from '../../../../test/support/dto-validation';
import { CreateRequestDto, TransitionDto, UpdateRequestDto } from './request.dto';

const NURSE = '00000000-0000-4000-8000-000000000001';
const TEAM = '00000000-0000-4000-8000-000000000002';
const PHYSICIAN = '00000000-0000-4000-8000-000000000003';

/** Field-by-field validation of the consultation requests' bodies (moved down from test/api/bad-input.e2e-spec.ts). */
describe('consultation request bodies', () => {
  describeBodyMatrix({
    route: 'POST /api/requests',
    dto: CreateRequestDto,
    valid: {
      ownWorkerId: NURSE,
      teamId: TEAM,
      clientGroup: 'mental_health',
      urgency: 'soon',
      question: 'Nuoren ahdistus, miten edetä?',
      triedSoFar: 'Keskustelut',
      situation: 'Koulupoissaoloja',
      ageBand: '13-17',
      preferredMode: 'hybrid',
      familyAttends: false,
      anonymous: true,
    },
    fields: {
      ownWorkerId: UUID,
      teamId: UUID,
      clientGroup: ENUM,
      urgency: ENUM,
      question: str(4000),
      triedSoFar: str(4000),
      situation: str(4000),
      ageBand: ENUM,
      preferredMode: ENUM,
      familyAttends: BOOL,
      anonymous: BOOL,
    },
    required: ['teamId', 'clientGroup', 'urgency', 'question', 'preferredMode', 'anonymous'],
    removed: { requesterId: NURSE },
  });
  describeBodyMatrix({
    route: 'PATCH /api/requests/:id',
    dto: UpdateRequestDto,
    valid: { urgency: 'urgent', question: 'Tarkennettu kysymys' },
    fields: { ownWorkerId: UUID, clientGroup: ENUM, urgency: ENUM, question: str(4000), triedSoFar: str(4000), situation: str(4000), ageBand: ENUM, preferredMode: ENUM, familyAttends: BOOL },
    required: [],
  });
  describeBodyMatrix({
    route: 'POST /api/requests/:id/transitions',
    dto: TransitionDto,
    valid: { action: 'request_info', reason: 'Kerro ikä tarkemmin' },
    fields: { action: ENUM, reason: str(2000) },
    required: ['action'],
    removed: { actorId: PHYSICIAN },
  });
});
