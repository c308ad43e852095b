import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentStaff } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { ApiErrors } from '../common/api-errors';
import { PersonsService } from './persons.service';
import { ProfileDto, UpdateProfileDto } from './profile.dto';

/** The signed-in person's own record: read it, and set their language. The person is the principal, never a path or body field. */
@ApiTags('persons')
@Controller('me/profile')
export class ProfileController {
  constructor(private readonly persons: PersonsService) {}

  @Get()
  @Can('profile', 'read')
  @ApiOperation({ summary: 'My profile', description: 'Your record as Kohtaamo holds it, with your language.' })
  @ApiOkResponse({ type: ProfileDto })
  @ApiErrors({ 403: '`forbidden`: a guest (invitation): guests have no profile' })
  async get(@CurrentStaff() me: StaffPrincipal): Promise<ProfileDto> {
    return profile(await this.persons.get(me.personId));
  }

  @Patch()
  @Can('profile', 'update')
  @ApiOperation({
    summary: 'Set my language',
    description: 'Changes only what is sent. `locale` (fi, sv, en) is the language of the staff app and of every email sent to you from now on (triage decisions, invitations, reminders, minutes links).',
  })
  @ApiOkResponse({ type: ProfileDto })
  @ApiErrors({
    400: '`validation_failed`: `locale` is not fi, sv or en, or another field was sent (your name, email and role are the county\'s record: a coordinator changes them)',
    403: '`forbidden`: a guest (invitation)',
  })
  async update(@Body() dto: UpdateProfileDto, @CurrentStaff() me: StaffPrincipal): Promise<ProfileDto> {
    return profile(await this.persons.setOwnPreferences(me.personId, dto));
  }
}

function profile(p: { id: string; name: string; email: string; profession: ProfileDto['profession']; organisation: string; unit: string | null; locale: ProfileDto['locale']; systemRole: ProfileDto['systemRole'] }): ProfileDto {
  return { id: p.id, name: p.name, email: p.email, profession: p.profession, organisation: p.organisation, unit: p.unit, locale: p.locale, systemRole: p.systemRole };
}
