import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { Public } from '../auth/decorators';
import { AccessibilityContactDto, AccessibilityFeedbackDto, AccessibilityFeedbackReceivedDto } from './accessibility.dto';
import { AccessibilityService } from './accessibility.service';

/**
 * The accessibility statement's feedback channel (Act 306/2019 § 15): anyone may send, no sign-in.
 * Rate-limited per address (5 in 10 minutes) so it cannot be used to flood the contact's mailbox.
 */
@ApiTags('accessibility')
@Public()
@Controller('accessibility')
export class AccessibilityController {
  constructor(private readonly service: AccessibilityService) {}

  @Get('contact')
  @ApiOperation({ summary: 'Where accessibility feedback goes, and how soon it is answered' })
  @ApiOkResponse({ type: AccessibilityContactDto })
  contact(): AccessibilityContactDto {
    return this.service.contact();
  }

  @Post('feedback')
  @HttpCode(202)
  @Throttle({ default: { limit: 5, ttl: 600_000 } })
  @ApiOperation({ summary: 'Report an accessibility problem; stored and mailed to the accessibility contact' })
  @ApiAcceptedResponse({ type: AccessibilityFeedbackReceivedDto })
  @ApiBadRequestResponse({ description: 'a field is missing or wrong (named in `fields`, worded in the Accept-Language)' })
  @ApiTooManyRequestsResponse({ description: 'more than 5 messages from this address in 10 minutes' })
  feedback(@Body() dto: AccessibilityFeedbackDto): Promise<AccessibilityFeedbackReceivedDto> {
    return this.service.receive(dto);
  }
}
