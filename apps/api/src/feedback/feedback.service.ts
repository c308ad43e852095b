import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@kohtaamo/domain';
import { Clock } from '../common/clock';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { textsFor } from '../locales/i18n';
import { IdentifierCheckService } from '../privacy/identifier-check.service';
import { verifyFeedbackToken } from './feedback-token';
import type { AnswerSurveyDto, SurveyAnsweredDto, SurveyDto } from './feedback.dto';
import { FeedbackRepository, SurveyLink } from './feedback.repository';

/** The survey behind a feedback link: read it in the link's language (catalogue section `survey`), answer it once. */
@Injectable()
export class FeedbackService {
  constructor(
    private readonly repo: FeedbackRepository,
    private readonly identifiers: IdentifierCheckService,
    private readonly clock: Clock,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async survey(token: string): Promise<SurveyDto> {
    const link = await this.linkOf(token);
    const { t } = textsFor(link.locale);
    return {
      locale: link.locale,
      question: t('survey.question'),
      scale: ([1, 2, 3, 4, 5] as const).map((score) => ({ score, label: t(`survey.scale.${score}`) })),
      comment: t('survey.comment'),
      commentHint: t('survey.commentHint'),
      answered: link.answered,
    };
  }

  /**
   * One answer per link; the free text is checked like any anonymous text (a name or an identity code
   * is a 422 naming `comment`) before anything is written.
   */
  async answer(dto: AnswerSurveyDto): Promise<SurveyAnsweredDto> {
    const link = await this.linkOf(dto.token);
    if (link.answered) throw alreadyAnswered();
    const comment = dto.comment?.trim() ? dto.comment.trim() : null;
    if (comment) await this.identifiers.assertNone({ comment }, 'feedback');
    if (!(await this.repo.answer(link.id, this.clock.now(), dto.score, comment))) {
      const now = await this.repo.link(link.id);
      if (now?.answered) throw alreadyAnswered();
      throw expired();
    }
    return { thanks: textsFor(link.locale).t('survey.thanks') };
  }

  private async linkOf(token: string): Promise<SurveyLink> {
    const id = verifyFeedbackToken(this.config.joinTokenSecret, token);
    const link = id ? await this.repo.link(id) : null;
    if (!link) throw DomainError.field('not_found', 'token', 'this survey link is not valid');
    if (!link.answered && link.expiresAt.getTime() <= this.clock.now().getTime()) throw expired();
    return link;
  }
}

function alreadyAnswered(): DomainError {
  return new DomainError('conflict', 'this survey link has been answered already', [{ field: 'token', reason: 'one answer per link' }]);
}

function expired(): DomainError {
  return DomainError.field('not_found', 'token', 'this survey link has expired');
}
