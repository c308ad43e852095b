import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import styled from 'styled-components';
import { Alert, Block, Button, InlineAlert, LoadingSpinner, Paragraph, RadioButton, RadioButtonGroup, Textarea, suomifiDesignTokens as tokens } from 'suomifi-ui-components';
import { ApiError, api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { PageTitle } from '../components/PageTitle';
import { isLang } from '../lib/language';

type Survey = components['schemas']['SurveyDto'];
type Answered = components['schemas']['SurveyAnsweredDto'];

const Card = styled(Block)`
  background: ${tokens.colors.whiteBase};
  border: 1px solid ${tokens.colors.depthLight1};
  padding: ${tokens.spacing.m};
  margin-bottom: ${tokens.spacing.m};
  max-width: 40rem;
  & > * + * { margin-top: ${tokens.spacing.m}; }
`;

/** What the survey link carries, from the fragment (never sent to a server, so never in a server log). */
export function readFeedbackLink(hash: string): { token: string | null; lang: string | null } {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  return { token: p.get('token') || null, lang: p.get('lang') || null };
}

/**
 * The anonymous survey after a meeting (/feedback#token=…&lang=…, from the email; no sign-in): the question
 * and the 1–5 scale as the API words them in the link's language (POST /api/feedback/survey), an optional
 * comment, and one answer per link (POST /api/feedback/answers: 409 when answered already, 422 naming
 * `comment` when it holds an identifier, 404 for an unknown or expired link). Nothing on the page names the
 * meeting or the person.
 */
export function FeedbackPage() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const link = useMemo(() => readFeedbackLink(location.hash), [location.hash]);
  useEffect(() => {
    if (isLang(link.lang) && link.lang !== i18n.language) void i18n.changeLanguage(link.lang);
  }, [link.lang, i18n]);
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [scoreMissing, setScoreMissing] = useState(false);

  const survey = useQuery({
    queryKey: ['survey', link.token],
    enabled: link.token !== null,
    retry: false,
    queryFn: async () => (await unwrap(api.POST('/api/feedback/survey', { body: { token: link.token ?? '' } }))) as Survey,
  });
  const send = useMutation({
    mutationFn: async () => (await unwrap(api.POST('/api/feedback/answers', { body: { token: link.token ?? '', score: score ?? 0, ...(comment.trim() ? { comment } : {}) } }))) as Answered,
  });

  const title = <PageTitle>{t('feedback.title')}</PageTitle>;
  const status = survey.error instanceof ApiError ? survey.error.status : 0;
  if (link.token === null || survey.isError) {
    return (
      <>
        {title}
        <Alert status="error" closeText={t('common.close')} id="feedback-link-problem">
          {link.token === null || status === 404 || status === 400 ? t('feedback.linkInvalid') : t('feedback.unavailable')}
        </Alert>
      </>
    );
  }
  if (survey.isPending) {
    return (
      <>
        {title}
        <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />
      </>
    );
  }
  const s = survey.data;
  const sendError = send.error instanceof ApiError ? send.error : null;
  const answeredBefore = s.answered || sendError?.status === 409;
  if (send.isSuccess || answeredBefore) {
    return (
      <>
        {title}
        <InlineAlert status="neutral" id="feedback-done" aria-live="polite">
          {send.isSuccess ? send.data.thanks : t('feedback.answeredAlready')}
        </InlineAlert>
      </>
    );
  }
  const commentError = sendError?.fields.find((f) => f.field === 'comment')?.reason;
  return (
    <>
      {title}
      <Paragraph mb="m">{t('feedback.intro')}</Paragraph>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (score === null) {
            setScoreMissing(true);
            document.getElementById('score-1')?.focus();
            return;
          }
          send.mutate();
        }}
      >
        <Card>
          <RadioButtonGroup
            id="score"
            name="score"
            labelText={s.question}
            value={score === null ? undefined : String(score)}
            onChange={(v) => {
              setScore(Number(v));
              setScoreMissing(false);
            }}
            groupStatus={scoreMissing ? 'error' : 'default'}
            groupStatusText={scoreMissing ? t('feedback.scoreRequired') : undefined}
          >
            {s.scale.map((x) => (
              <RadioButton key={x.score} value={String(x.score)} id={`score-${x.score}`}>{`${x.score} – ${x.label}`}</RadioButton>
            ))}
          </RadioButtonGroup>
          <Textarea
            id="comment"
            labelText={s.comment}
            hintText={s.commentHint}
            value={comment}
            maxLength={2000}
            onChange={(e) => setComment(e.target.value)}
            fullWidth
            rows={4}
            status={commentError === undefined ? 'default' : 'error'}
            statusText={commentError}
          />
          {sendError !== null && commentError === undefined && (
            <Alert status="error" closeText={t('common.close')} id="feedback-error">{sendError.message}</Alert>
          )}
          <Button type="submit" id="send-feedback" disabled={send.isPending}>{t('feedback.send')}</Button>
        </Card>
      </form>
    </>
  );
}
