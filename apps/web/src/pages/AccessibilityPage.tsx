import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import styled from 'styled-components';
import { Alert, Block, Button, ExternalLink, Heading, Paragraph, TextInput, Textarea, suomifiDesignTokens as tokens } from 'suomifi-ui-components';
import { ApiError, api, unwrap } from '../api/client';
import { PageTitle } from '../components/PageTitle';
import { formatDate } from '../lib/time';
import { useLang } from '../lib/use-lang';

/** When this statement was prepared (Act 306/2019 § 16: the statement says when; review it at least yearly). */
export const STATEMENT_PREPARED = '2026-12-01';

const ENFORCEMENT_URL = { fi: 'https://www.saavutettavuusvaatimukset.fi/', sv: 'https://www.tillganglighetskrav.fi/', en: 'https://www.webaccessibility.fi/' } as const;

const Card = styled(Block)`
  background: ${tokens.colors.whiteBase};
  border: 1px solid ${tokens.colors.depthLight1};
  padding: ${tokens.spacing.m};
  margin: ${tokens.spacing.m} 0;
`;
const Fields = styled.div`
  display: grid;
  gap: ${tokens.spacing.m};
  max-width: 40rem;
`;

/**
 * Saavutettavuusseloste (Act 306/2019 §§ 15–16): the compliance status, what is not accessible and why,
 * how it was assessed, the date, the feedback channel (the form below, answered within 14 days) and
 * the enforcement authority. Anyone may read it and send feedback, signed in or not.
 */
export function AccessibilityPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const contact = useQuery({ queryKey: ['accessibility-contact'], queryFn: () => unwrap(api.GET('/api/accessibility/contact')) });
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{t('accessibility.title')}</PageTitle>
      <Paragraph mb="m">{t('accessibility.intro')}</Paragraph>

      <Heading variant="h2" mb="s">{t('accessibility.statusTitle')}</Heading>
      <Paragraph mb="m" id="accessibility-status">{t('accessibility.status')}</Paragraph>

      <Heading variant="h2" mb="s">{t('accessibility.gapsTitle')}</Heading>
      <ul id="accessibility-gaps">
        <li>{t('accessibility.gaps.pdf')}</li>
        <li>{t('accessibility.gaps.video')}</li>
        <li>{t('accessibility.gaps.captions')}</li>
      </ul>

      <Heading variant="h2" mb="s">{t('accessibility.howTitle')}</Heading>
      <Paragraph mb="s">{t('accessibility.how')}</Paragraph>
      <Paragraph mb="m" id="accessibility-prepared">{t('accessibility.prepared', { date: formatDate(`${STATEMENT_PREPARED}T12:00:00Z`, lang) })}</Paragraph>

      <Heading variant="h2" mb="s">{t('accessibility.feedbackTitle')}</Heading>
      <Paragraph mb="m" id="accessibility-contact">
        {t('accessibility.feedback', { email: contact.data?.email ?? '…', days: contact.data?.answerWithinDays ?? 14 })}
      </Paragraph>

      <Heading variant="h2" mb="s">{t('accessibility.enforcementTitle')}</Heading>
      <Paragraph mb="s">{t('accessibility.enforcement')}</Paragraph>
      <Paragraph mb="s">{t('accessibility.enforcementContact')}</Paragraph>
      <Paragraph mb="m">
        <ExternalLink href={ENFORCEMENT_URL[lang]} labelNewWindow={t('common.newWindow')} id="enforcement-link">{t('accessibility.enforcementLink')}</ExternalLink>
      </Paragraph>

      <FeedbackForm />
    </section>
  );
}

type Field = 'description' | 'page' | 'name' | 'email';

/** POST /api/accessibility/feedback: the field problems the API names are shown at their fields, in the page's language. */
function FeedbackForm() {
  const { t } = useTranslation();
  const lang = useLang();
  // the page the person came from (the footer link passes it; the path only, never the fragment with a link's token)
  const from = (useLocation().state as { from?: unknown } | null)?.from;
  const referrer = (() => {
    if (typeof from === 'string' && from !== '/accessibility') return from;
    try {
      const r = new URL(document.referrer);
      return r.origin === window.location.origin && r.pathname !== '/accessibility' ? r.pathname : '';
    } catch {
      return '';
    }
  })();
  const [form, setForm] = useState<Record<Field, string>>({ description: '', page: referrer, name: '', email: '' });
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/accessibility/feedback', {
          body: {
            description: form.description,
            language: lang,
            ...(form.page.trim() ? { page: form.page } : {}),
            ...(form.name.trim() ? { name: form.name } : {}),
            ...(form.email.trim() ? { email: form.email } : {}),
          },
        }),
      ),
    onMutate: () => setProblems({}),
    onSuccess: () => setForm({ description: '', page: '', name: '', email: '' }),
    onError: (e: Error) => {
      if (e instanceof ApiError && e.fields.length) {
        const next: Partial<Record<Field, string>> = {};
        for (const f of e.fields) if (f.field === 'description' || f.field === 'page' || f.field === 'name' || f.field === 'email') next[f.field] = f.reason;
        setProblems(next);
        const first = e.fields[0]?.field;
        if (first) window.setTimeout(() => document.getElementById(`feedback-${first}`)?.focus(), 0);
      }
    },
  });
  const submit = () => {
    if (form.description.trim().length < 10) {
      setProblems({ description: t('accessibility.form.tooShort') });
      document.getElementById('feedback-description')?.focus();
      return;
    }
    send.mutate();
  };
  const status = (f: Field) => (problems[f] === undefined ? {} : { status: 'error' as const, statusText: problems[f] });
  const set = (f: Field) => (v: string | number | undefined) => setForm((x) => ({ ...x, [f]: String(v ?? '') }));
  const failed = send.error;
  return (
    <Card as="section" aria-labelledby="feedback-title" id="accessibility-feedback">
      <Heading variant="h2" mb="m" id="feedback-title">{t('accessibility.form.title')}</Heading>
      <form noValidate onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <Fields>
          <Textarea
            id="feedback-description"
            labelText={t('accessibility.form.description')}
            hintText={t('accessibility.form.descriptionHint')}
            value={form.description}
            onChange={(e) => set('description')(e.target.value)}
            fullWidth
            rows={5}
            {...status('description')}
          />
          <TextInput id="feedback-page" labelText={t('accessibility.form.page')} optionalText={t('accessibility.form.optional')} value={form.page} onChange={set('page')} fullWidth {...status('page')} />
          <TextInput id="feedback-name" labelText={t('accessibility.form.name')} optionalText={t('accessibility.form.optional')} value={form.name} onChange={set('name')} autoComplete="name" {...status('name')} />
          <TextInput id="feedback-email" type="email" labelText={t('accessibility.form.email')} hintText={t('accessibility.form.emailHint')} optionalText={t('accessibility.form.optional')} value={form.email} onChange={set('email')} autoComplete="email" {...status('email')} />
          <div>
            <Button id="feedback-send" type="submit" disabled={send.isPending}>{send.isPending ? t('accessibility.form.sending') : t('accessibility.form.send')}</Button>
          </div>
        </Fields>
      </form>
      <div aria-live="polite">
        {send.isSuccess && (
          <Alert status="neutral" closeText={t('common.close')} id="feedback-thanks" onCloseButtonClick={() => send.reset()}>
            {t('accessibility.form.thanks')}{' '}
            {send.data.answerBy ? t('accessibility.form.answerBy', { date: formatDate(`${send.data.answerBy}T12:00:00Z`, lang) }) : t('accessibility.form.noAnswer')}
          </Alert>
        )}
        {failed && !(failed instanceof ApiError && failed.fields.length) && (
          <Alert status="error" closeText={t('common.close')} id="feedback-failed" onCloseButtonClick={() => send.reset()}>
            {failed instanceof ApiError && failed.status === 429 ? t('accessibility.form.tooMany') : t('accessibility.form.failed', { reason: failed.message })}
          </Alert>
        )}
      </div>
    </Card>
  );
}
