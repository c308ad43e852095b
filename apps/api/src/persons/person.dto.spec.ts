import { BOOL, ENUM, describeBodyMatrix, str } from '../../../../test/support/dto-validation';
import { CreatePersonDto, UpdatePersonDto } from './person.dto';

/** Field-by-field validation of the persons register's bodies (moved down from test/api/bad-input.e2e-spec.ts). */
describe('person bodies', () => {
  describeBodyMatrix({
    route: 'POST /api/persons',
    dto: CreatePersonDto,
    valid: { name: 'Uusi Työntekijä', email: 'uusi@example.fi', profession: 'psychologist', organisation: 'Hyvinvointialue', unit: 'Perheneuvola', locale: 'sv' },
    fields: { name: str(200), email: str(320), profession: ENUM, organisation: str(200), unit: str(200), locale: ENUM },
    required: ['name', 'email', 'profession', 'organisation'],
  });
  describeBodyMatrix({
    route: 'PATCH /api/persons/:id',
    dto: UpdatePersonDto,
    valid: { name: 'Pia P.', unit: 'Perheneuvola', active: false },
    fields: { name: str(200), email: str(320), profession: ENUM, unit: str(200), active: BOOL },
    required: [],
  });
});
