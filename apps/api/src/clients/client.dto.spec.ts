import { DATE, ENUM, describeBodyMatrix, str } from '../../../../test/support/dto-validation';
import { CreateClientDto, UpdateClientDto } from './client.dto';

/** Field-by-field validation of the client register's bodies (moved down from test/api/bad-input.e2e-spec.ts). */
describe('client bodies', () => {
  describeBodyMatrix({
    route: 'POST /api/clients',
    dto: CreateClientDto,
    valid: { fullName: 'Aino Asiakas', personalIdentityCode: '131052-308T', birthDate: '1952-10-13', locale: 'fi' },
    fields: { fullName: str(200), personalIdentityCode: str(11), birthDate: DATE, locale: ENUM },
    required: ['fullName'],
  });
  describeBodyMatrix({
    route: 'PATCH /api/clients/:id',
    dto: UpdateClientDto,
    valid: { locale: 'sv' },
    fields: { fullName: str(200), personalIdentityCode: str(11), birthDate: DATE, locale: ENUM },
    required: [],
  });
});
