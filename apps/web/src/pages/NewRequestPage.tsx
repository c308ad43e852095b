import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterDomLink } from 'react-router';
import styled from 'styled-components';
import {
  Alert, Block, Button, Checkbox, CheckboxGroup, DateInput, Dropdown, DropdownItem, ErrorSummary, Heading, InlineAlert,
  LoadingSpinner, Paragraph, RadioButton, RadioButtonGroup, RouterLink, TextInput, Textarea, suomifiDesignTokens as tokens,
} from 'suomifi-ui-components';
import { ApiError, api, unwrap } from '../api/client';
import type { Page, Team } from '../api/types';
import { PageTitle } from '../components/PageTitle';
import {
  CLIENT_GROUPS, DATA_CATEGORIES, MODES, ORGANISATION_TYPES, URGENCIES, clientBody, consentBody, emptyForm, formFieldOf, requestBody,
  validateNewRequest, type FieldName, type NewRequestForm,
} from '../forms/new-request';
import { identifierFindings } from '../forms/identifiers';
import { useLang } from '../lib/use-lang';
import { helsinkiDate } from '../lib/time';

const Card = styled(Block)`
  background: ${tokens.colors.whiteBase};
  border: 1px solid ${tokens.colors.depthLight1};
  padding: ${tokens.spacing.m};
  margin-bottom: ${tokens.spacing.l};
  & > * + * { margin-top: ${tokens.spacing.m}; }
`;

/** the form's fields in page order: the error summary lists them so, and each links to its control */
const ORDER: FieldName[] = [
  'teamId', 'clientGroup', 'urgency', 'question', 'triedSoFar', 'preferredMode', 'familyAttends', 'anonymous', 'clientName',
  'clientIdentityCode', 'consentGivenBy', 'consentGivenByName', 'consentOrganisations', 'consentCategories', 'consentPurpose', 'consentValidUntil',
];
/** the control each field's error links to */
const CONTROL: Record<FieldName, string> = {
  teamId: 'team', clientGroup: 'client-group', urgency: 'urgency-urgent', question: 'question', triedSoFar: 'tried-so-far',
  preferredMode: 'mode-remote', familyAttends: 'family-attends', anonymous: 'anonymous', clientId: 'client-name', clientName: 'client-name',
  clientIdentityCode: 'client-identity-code', consentGivenBy: 'consent-given-by-guardian', consentGivenByName: 'consent-given-by-name',
  consentOrganisations: 'consent-org-school', consentCategories: 'consent-cat-identity', consentPurpose: 'consent-purpose', consentValidUntil: 'consent-valid-until',
};

/** A field problem: a catalogue key of ours, or the API's own reason (already in the user's language). */
type Problem = { key: string } | { text: string };

function toIsoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * New consultation request: team, client group, urgency, question, what has been tried, mode, family
 * attends. Anonymous (the default) hides every identifying field; an identified request adds the client
 * (to the register) and the consent, then the request. The API's refusals are shown at their fields.
 */
export function NewRequestPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<NewRequestForm>(emptyForm);
  const [problems, setProblems] = useState<Partial<Record<FieldName, Problem>>>({});
  const [generalError, setGeneralError] = useState<string | null>(null);
  const [dateText, setDateText] = useState('');
  const [sentId, setSentId] = useState<string | null>(null);
  const summaryRef = useRef<HTMLHeadingElement>(null);
  const set = <K extends FieldName>(k: K, v: NewRequestForm[K]): void => setForm((f) => ({ ...f, [k]: v }));

  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: async () => (await unwrap(api.GET('/api/teams', { params: { query: { limit: 200 } } }))) as unknown as Page<Team>,
    staleTime: 10 * 60_000,
  });

  const send = useMutation({
    mutationFn: async (f: NewRequestForm) => {
      let step: 'client' | 'consent' | 'request' = 'request';
      try {
        let ids: { clientId: string; consentId: string } | undefined;
        if (!f.anonymous) {
          step = 'client';
          const clientId = f.clientId !== '' ? f.clientId : ((await unwrap(api.POST('/api/clients', { body: clientBody(f, lang) }))) as unknown as { id: string }).id;
          step = 'consent';
          const consent = (await unwrap(api.POST('/api/clients/{clientId}/consents', { params: { path: { clientId } }, body: consentBody(f) }))) as unknown as { id: string };
          if (f.clientId === '') set('clientId', clientId); // a second try does not add the client again
          ids = { clientId, consentId: consent.id };
        }
        step = 'request';
        return (await unwrap(api.POST('/api/requests', { body: requestBody(f, ids) }))) as unknown as { id: string };
      } catch (e) {
        throw Object.assign(e instanceof Error ? e : new Error(String(e)), { step });
      }
    },
    onSuccess: (r) => {
      setSentId(r.id);
      void queryClient.invalidateQueries({ queryKey: ['requests'] });
      void queryClient.invalidateQueries({ queryKey: ['home'] });
    },
    onError: (e: Error & { step?: 'client' | 'consent' | 'request' }) => {
      const found: Partial<Record<FieldName, Problem>> = {};
      if (e instanceof ApiError) {
        // an identifier in an anonymous text: worded here from its kind (the API's reason is English)
        for (const [apiField, kinds] of identifierFindings(e)) {
          const field = formFieldOf(apiField, 'request');
          if (field !== undefined && found[field] === undefined) found[field] = { text: t('identifier.found', { what: kinds.map((k) => t(`identifier.kind.${k}`)).join(', ') }) };
        }
        for (const p of e.fields) {
          const field = formFieldOf(p.field, (e as { step?: 'client' | 'consent' | 'request' }).step ?? 'request');
          // the API's reason, in the user's language; it never repeats the text that was refused
          if (field !== undefined && found[field] === undefined) found[field] = { text: p.reason };
        }
      }
      setProblems(found);
      setGeneralError(Object.keys(found).length === 0 ? t('newRequest.sendFailed', { reason: e.message }) : null);
      setTimeout(() => summaryRef.current?.focus(), 0);
    },
  });

  const submit = (): void => {
    setGeneralError(null);
    const errors = validateNewRequest(form, helsinkiDate(new Date()));
    const found: Partial<Record<FieldName, Problem>> = {};
    for (const [k, v] of Object.entries(errors)) found[k as FieldName] = { key: v };
    setProblems(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => summaryRef.current?.focus(), 0);
      return;
    }
    send.mutate(form);
  };

  const textOf = (p: Problem | undefined): string | undefined =>
    p === undefined ? undefined : 'key' in p ? t(`newRequest.errors.${p.key}` as 'newRequest.errors.questionRequired') : p.text;
  const status = (k: FieldName): { status: 'error' | 'default'; statusText?: string } =>
    problems[k] === undefined ? { status: 'default' } : { status: 'error', statusText: textOf(problems[k]) };
  const labelOf = (k: FieldName): string => t(`newRequest.fields.${k}` as 'newRequest.fields.question');
  const listed = ORDER.filter((k) => problems[k] !== undefined);

  if (sentId !== null) {
    return (
      <>
        <PageTitle>{t('newRequest.title')}</PageTitle>
        <div id="request-sent" data-request-id={sentId}>
        <InlineAlert status="neutral" labelText={t('newRequest.sent.title')} mb="m">
          {t(form.anonymous ? 'newRequest.sent.bodyAnonymous' : 'newRequest.sent.body')}
        </InlineAlert>
        </div>
        <Paragraph mb="m">
          <RouterLink asComponent={RouterDomLink} to="/" id="to-home">{t('newRequest.sent.toHome')}</RouterLink>
        </Paragraph>
        <Button variant="secondary" id="new-another" onClick={() => { setForm(emptyForm()); setSentId(null); setDateText(''); }}>
          {t('newRequest.sent.another')}
        </Button>
      </>
    );
  }

  return (
    <>
      <PageTitle>{t('newRequest.title')}</PageTitle>
      <Paragraph mb="l">{t('newRequest.intro')}</Paragraph>
      {(listed.length > 0 || generalError !== null) && (
        <div style={{ marginBottom: tokens.spacing.l }}>
        <ErrorSummary
          id="form-errors"
          headingRef={summaryRef}
          headingText={t('newRequest.errorSummary')}
          headingVariant="h2"
          items={listed.map((k) => ({ inputId: CONTROL[k], text: `${labelOf(k)}: ${textOf(problems[k]) ?? ''}` }))}
          mb="l"
        >
          {generalError !== null && <Paragraph id="send-failed">{generalError}</Paragraph>}
        </ErrorSummary>
        </div>
      )}
      <form noValidate onSubmit={(e) => { e.preventDefault(); submit(); }} aria-labelledby="page-title">
        <Card>
          <Heading variant="h2">{t('newRequest.sections.request')}</Heading>
          {teams.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
          {teams.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: teams.error.message })}</Alert>}
          {/* suomifi's Dropdown reads its first item when it mounts: it may not exist before the teams have come */}
          {teams.isSuccess && (teams.data.items.length === 0 ? <Alert status="warning" closeText={t('common.close')}>{t('newRequest.noTeams')}</Alert> : (
          <Dropdown
            id="team"
            fullWidth
            labelText={labelOf('teamId')}
            visualPlaceholder={t('newRequest.choose')}
            value={form.teamId === '' ? null : form.teamId}
            onChange={(v: string) => set('teamId', v)}
            {...status('teamId')}
          >
            {teams.data.items.map((team) => (
              <DropdownItem key={team.id} value={team.id}>{team.name}</DropdownItem>
            ))}
          </Dropdown>
          ))}
          <Dropdown
            id="client-group"
            fullWidth
            labelText={labelOf('clientGroup')}
            visualPlaceholder={t('newRequest.choose')}
            value={form.clientGroup === '' ? null : form.clientGroup}
            onChange={(v: string) => set('clientGroup', v as NewRequestForm['clientGroup'])}
            {...status('clientGroup')}
          >
            {CLIENT_GROUPS.map((g) => <DropdownItem key={g} value={g}>{t(`clientGroup.${g}`)}</DropdownItem>)}
          </Dropdown>
          <RadioButtonGroup
            id="urgency"
            name="urgency"
            labelText={labelOf('urgency')}
            value={form.urgency}
            onChange={(v) => set('urgency', v as NewRequestForm['urgency'])}
            groupStatus={problems.urgency === undefined ? 'default' : 'error'}
            groupStatusText={textOf(problems.urgency)}
          >
            {URGENCIES.map((u) => (
              <RadioButton key={u} value={u} id={`urgency-${u}`} hintText={t(`urgency.hint.${u}`)}>{t(`urgency.${u}`)}</RadioButton>
            ))}
          </RadioButtonGroup>
          <Checkbox
            id="anonymous"
            checked={form.anonymous}
            onClick={({ checkboxState }) => set('anonymous', checkboxState)}
            hintText={t('newRequest.anonymousHint')}
          >
            {labelOf('anonymous')}
          </Checkbox>
          <Textarea
            id="question"
            labelText={labelOf('question')}
            hintText={form.anonymous ? t('newRequest.questionHintAnonymous') : t('newRequest.questionHint')}
            value={form.question}
            onChange={(e) => set('question', e.target.value)}
            fullWidth
            rows={5}
            {...status('question')}
            status={problems.question === undefined ? 'default' : 'error'}
          />
          <Textarea
            id="tried-so-far"
            labelText={labelOf('triedSoFar')}
            optionalText={t('newRequest.optional')}
            value={form.triedSoFar}
            onChange={(e) => set('triedSoFar', e.target.value)}
            fullWidth
            rows={3}
            statusText={textOf(problems.triedSoFar)}
            status={problems.triedSoFar === undefined ? 'default' : 'error'}
          />
          <RadioButtonGroup id="mode" name="mode" labelText={labelOf('preferredMode')} value={form.preferredMode} onChange={(v) => set('preferredMode', v as NewRequestForm['preferredMode'])}>
            {MODES.map((m) => <RadioButton key={m} value={m} id={`mode-${m}`}>{t(`newRequest.mode.${m}`)}</RadioButton>)}
          </RadioButtonGroup>
          <Checkbox id="family-attends" checked={form.familyAttends} onClick={({ checkboxState }) => set('familyAttends', checkboxState)}>
            {labelOf('familyAttends')}
          </Checkbox>
        </Card>

        {!form.anonymous && (
          <>
            <Card id="client-section">
              <Heading variant="h2">{t('newRequest.sections.client')}</Heading>
              <Paragraph>{t('newRequest.clientIntro')}</Paragraph>
              <TextInput id="client-name" labelText={labelOf('clientName')} value={form.clientName} onChange={(v) => { set('clientName', String(v ?? '')); set('clientId', ''); }} autoComplete="off" {...status('clientName')} />
              <TextInput id="client-identity-code" labelText={labelOf('clientIdentityCode')} optionalText={t('newRequest.optional')} hintText={t('newRequest.identityCodeHint')} value={form.clientIdentityCode} onChange={(v) => { set('clientIdentityCode', String(v ?? '')); set('clientId', ''); }} autoComplete="off" {...status('clientIdentityCode')} />
            </Card>
            <Card id="consent-section">
              <Heading variant="h2">{t('newRequest.sections.consent')}</Heading>
              <Paragraph>{t('newRequest.consentIntro')}</Paragraph>
              <RadioButtonGroup
                id="consent-given-by"
                name="consent-given-by"
                labelText={labelOf('consentGivenBy')}
                value={form.consentGivenBy}
                onChange={(v) => set('consentGivenBy', v as NewRequestForm['consentGivenBy'])}
                groupStatus={problems.consentGivenBy === undefined ? 'default' : 'error'}
                groupStatusText={textOf(problems.consentGivenBy)}
              >
                <RadioButton value="guardian" id="consent-given-by-guardian">{t('newRequest.givenBy.guardian')}</RadioButton>
                <RadioButton value="client" id="consent-given-by-client">{t('newRequest.givenBy.client')}</RadioButton>
              </RadioButtonGroup>
              <TextInput id="consent-given-by-name" labelText={labelOf('consentGivenByName')} value={form.consentGivenByName} onChange={(v) => set('consentGivenByName', String(v ?? ''))} autoComplete="off" {...status('consentGivenByName')} />
              <CheckboxGroup
                id="consent-organisations"
                labelText={labelOf('consentOrganisations')}
                groupStatus={problems.consentOrganisations === undefined ? 'default' : 'error'}
                groupStatusText={textOf(problems.consentOrganisations)}
              >
                {ORGANISATION_TYPES.map((o) => (
                  <Checkbox
                    key={o}
                    id={`consent-org-${o}`}
                    checked={form.consentOrganisations.includes(o)}
                    onClick={({ checkboxState }) => set('consentOrganisations', checkboxState ? [...form.consentOrganisations, o] : form.consentOrganisations.filter((x) => x !== o))}
                  >
                    {t(`organisationType.${o}`)}
                  </Checkbox>
                ))}
              </CheckboxGroup>
              <CheckboxGroup
                id="consent-categories"
                labelText={labelOf('consentCategories')}
                groupStatus={problems.consentCategories === undefined ? 'default' : 'error'}
                groupStatusText={textOf(problems.consentCategories)}
              >
                {DATA_CATEGORIES.map((c) => (
                  <Checkbox
                    key={c}
                    id={`consent-cat-${c}`}
                    checked={form.consentCategories.includes(c)}
                    onClick={({ checkboxState }) => set('consentCategories', checkboxState ? [...form.consentCategories, c] : form.consentCategories.filter((x) => x !== c))}
                  >
                    {t(`dataCategory.${c}`)}
                  </Checkbox>
                ))}
              </CheckboxGroup>
              <TextInput id="consent-purpose" labelText={labelOf('consentPurpose')} value={form.consentPurpose} onChange={(v) => set('consentPurpose', String(v ?? ''))} fullWidth {...status('consentPurpose')} />
              <DateInput
                id="consent-valid-until"
                labelText={labelOf('consentValidUntil')}
                optionalText={t('newRequest.optional')}
                hintText={t('newRequest.validUntilHint')}
                language={lang}
                datePickerEnabled
                value={dateText}
                onChange={({ value, date }) => {
                  setDateText(value);
                  set('consentValidUntil', value.trim() === '' ? '' : Number.isNaN(date.getTime()) ? value : toIsoDate(date));
                }}
                status={problems.consentValidUntil === undefined ? 'default' : 'error'}
                statusText={textOf(problems.consentValidUntil)}
              />
            </Card>
          </>
        )}
        <Button type="submit" id="send-request" disabled={send.isPending}>
          {send.isPending ? t('newRequest.sending') : t('newRequest.send')}
        </Button>
      </form>
    </>
  );
}
