import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Public } from '../auth/decorators';
import { AnswerSurveyDto, SurveyAnsweredDto, SurveyDto, SurveyTokenDto } from './feedback.dto';
import { FeedbackService } from './feedback.service';

/**
 * The anonymous survey after a meeting. No sign-in: the link's token is the only key, and it is sent in
 * the body (the web page reads it from the link's fragment, which never reaches a server log).
 */
@ApiTags('feedback')
@Public()
@Controller('feedback')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post('survey')
  @HttpCode(200)
  @ApiOperation({ summary: "The survey of a link, in the participant's language" })
  @ApiOkResponse({ type: SurveyDto })
  @ApiNotFoundResponse({ description: 'unknown, altered or expired link' })
  survey(@Body() dto: SurveyTokenDto): Promise<SurveyDto> {
    return this.feedback.survey(dto.token);
  }

  @Post('answers')
  @ApiOperation({ summary: 'Answer the survey (once per link); the answer keeps no link to the person' })
  @ApiCreatedResponse({ type: SurveyAnsweredDto })
  @ApiConflictResponse({ description: 'the link has been answered already' })
  @ApiUnprocessableEntityResponse({ description: 'the comment holds an identifier (field `comment`)' })
  @ApiNotFoundResponse({ description: 'unknown, altered or expired link' })
  answer(@Body() dto: AnswerSurveyDto): Promise<SurveyAnsweredDto> {
    return this.feedback.answer(dto);
  }
}
