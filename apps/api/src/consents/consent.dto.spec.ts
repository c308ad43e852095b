import { DATE, ENUM, ENUMS, describeBodyMatrix, str } from '../../../../test/support/dto-validation';
import { CreateConsentDto, WithdrawConsentDto } from './consent.dto';

/** Field-by-field validation of the consent bodies (moved down from test/api/bad-input.e2e-spec.ts). */
describe('consent bodies', () => {
  describeBodyMatrix({
    route: 'POST /api/clients/:clientId/consents',
    dto: CreateConsentDto,
    valid: { givenBy: 'guardian', givenByName: 'Huoltaja', organisationTypes: ['school'], dataCategories: ['minutes'], purpose: 'Koulun kanssa' },
    fields: { givenBy: ENUM, givenByName: str(200), organisationTypes: ENUMS, dataCategories: ENUMS, purpose: str(2000), givenAt: DATE, validUntil: DATE },
    required: ['givenBy', 'givenByName', 'organisationTypes', 'dataCategories', 'purpose'],
    removed: { recordedById: '00000000-0000-4000-8000-000000000001' },
  });
  describeBodyMatrix({
    route: 'POST /api/consents/:id/withdraw',
    dto: WithdrawConsentDto,
    valid: { reason: 'Huoltaja perui' },
    fields: { reason: str(2000) },
    required: [],
  });
});
