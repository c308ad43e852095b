import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterDomLink } from 'react-router';
import styled from 'styled-components';
import {
  Alert, Block, Button, Checkbox, CheckboxGroup, DateInput, Dropdown, DropdownItem, ErrorSummary, Heading, InlineAlert,
  LoadingSpinner, Paragraph, RadioButton, RadioButtonGroup, RouterLink, SearchInput, TextInput, Textarea, suomifiDesignTokens as tokens,
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
  'teamId', 'clientGroup', 'urgency', 'question', 'triedSoFar', 'preferredMode', 'familyAttends', 'anonymous', 'clientId', 'clientName',
  'clientIdentityCode', 'consentGivenBy', 'consentGivenByName', 'consentOrganisations', 'consentCategories', 'consentPurpose', 'consentValidUntil',
];
/** the control each field's error links to */
const CONTROL: Record<FieldName, string> = {
  teamId: 'team', clientGroup: 'client-group', urgency: 'urgency-urgent', question: 'question', triedSoFar: 'tried-so-far',
  preferredMode: 'mode-remote', familyAttends: 'family-attends', anonymous: 'anonymous', clientId: 'client-search', clientName: 'client-name',
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
  /** a new client to the register, or one already there (that the nurse may see: need to know, logged) */
  const [clientSource, setClientSource] = useState<'new' | 'register'>('new');
  const summaryRef = useRef<HTMLHeadingElement>(null);
  /** a field the person changes loses its error at once (the summary lists only what is still wrong) */
  const clear = (...ks: FieldName[]): void => setProblems((p) => (ks.some((k) => p[k] !== undefined) ? Object.fromEntries(Object.entries(p).filter(([k]) => !ks.includes(k as FieldName))) : p));
  const set = <K extends FieldName>(k: K, v: NewRequestForm[K]): void => {
    setForm((f) => ({ ...f, [k]: v }));
    clear(k);
  };

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
          // remembered at once, before the consent: a second try after a refused consent (or request) does not
          // add the same client to the register again (editing the name or identity code forgets it)
          if (f.clientId === '') set('clientId', clientId);
          step = 'consent';
          const consent = (await unwrap(api.POST('/api/clients/{clientId}/consents', { params: { path: { clientId } }, body: consentBody(f) }))) as unknown as { id: string };
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
    if (!form.anonymous && clientSource === 'register' && form.clientId === '') {
      delete found.clientName;
      delete found.clientIdentityCode;
      found.clientId = { key: 'clientChoose' };
    }
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
              <RadioButtonGroup
                id="client-source"
                name="client-source"
                labelText={t('newRequest.clientSource.label')}
                value={clientSource}
                onChange={(v) => { setClientSource(v as 'new' | 'register'); setForm((f) => ({ ...f, clientId: '', clientName: '', clientIdentityCode: '' })); }}
              >
                <RadioButton value="new" id="client-source-new">{t('newRequest.clientSource.new')}</RadioButton>
                <RadioButton value="register" id="client-source-register">{t('newRequest.clientSource.register')}</RadioButton>
              </RadioButtonGroup>
              {clientSource === 'new' ? (
                <>
                  <Paragraph>{t('newRequest.clientIntro')}</Paragraph>
                  <TextInput id="client-name" labelText={labelOf('clientName')} value={form.clientName} onChange={(v) => { set('clientName', String(v ?? '')); set('clientId', ''); }} autoComplete="off" {...status('clientName')} />
                  <TextInput id="client-identity-code" labelText={labelOf('clientIdentityCode')} optionalText={t('newRequest.optional')} hintText={t('newRequest.identityCodeHint')} value={form.clientIdentityCode} onChange={(v) => { set('clientIdentityCode', String(v ?? '')); set('clientId', ''); }} autoComplete="off" {...status('clientIdentityCode')} />
                </>
              ) : (
                <ClientPicker
                  chosen={form.clientId === '' ? null : { id: form.clientId, name: form.clientName }}
                  onChoose={(c) => { setForm((f) => ({ ...f, clientId: c?.id ?? '', clientName: c?.name ?? '' })); clear('clientId', 'clientName'); }}
                  problem={textOf(problems.clientName) ?? textOf(problems.clientId)}
                />
              )}
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

/**
 * Picks a client already in the register: GET /api/clients?q= lists only those the nurse may see (need to
 * know, decided by the API per client; every listing is in the access log), by name. The identity code is
 * never shown here: the name and the birth date tell clients apart well enough to pick.
 */
function ClientPicker({ chosen, onChoose, problem }: {
  chosen: { id: string; name: string } | null;
  onChoose: (c: { id: string; name: string } | null) => void;
  problem: string | undefined;
}) {
  const { t } = useTranslation();
  const [term, setTerm] = useState<string | null>(null);
  const found = useQuery({
    queryKey: ['clients', term],
    enabled: term !== null && term.trim().length >= 2,
    queryFn: async () => (await unwrap(api.GET('/api/clients', { params: { query: { q: term ?? '', limit: 20 } } }))) as unknown as Page<{ id: string; fullName: string; birthDate: string | null }>,
  });
  if (chosen !== null) {
    return (
      <div id="client-chosen">
        <Paragraph mb="s"><strong>{t('newRequest.clientSource.chosen')}</strong> {chosen.name}</Paragraph>
        <Button variant="secondary" id="client-change" onClick={() => onChoose(null)}>{t('newRequest.clientSource.change')}</Button>
      </div>
    );
  }
  const items = found.data?.items ?? [];
  return (
    <div>
      <Paragraph id="client-search-hint" mb="s">{t('newRequest.clientSource.searchHint')}</Paragraph>
      <SearchInput
        id="client-search"
        labelText={t('newRequest.clientSource.searchLabel')}
        aria-describedby="client-search-hint"
        clearButtonLabel={t('newRequest.clientSource.clear')}
        searchButtonLabel={t('newRequest.clientSource.search')}
        onSearch={(v) => setTerm(String(v ?? ''))}
        status={problem === undefined ? 'default' : 'error'}
        statusText={problem}
        autoComplete="off"
      />
      <div aria-live="polite" id="client-results">
        {found.isFetching && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
        {term !== null && term.trim().length < 2 && <Paragraph>{t('newRequest.clientSource.tooShort')}</Paragraph>}
        {found.isError && <Paragraph>{t('common.loadFailed', { reason: found.error.message })}</Paragraph>}
        {found.isSuccess && items.length === 0 && <Paragraph id="client-none">{t('newRequest.clientSource.none')}</Paragraph>}
        {items.length > 0 && (
          <ul style={{ listStyle: 'none', padding: 0, margin: `${tokens.spacing.s} 0 0` }} aria-label={t('newRequest.clientSource.results')}>
            {items.map((c) => (
              <li key={c.id} style={{ marginBottom: tokens.spacing.xs }}>
                <Button variant="secondaryNoBorder" className="client-result" data-client-id={c.id} onClick={() => onChoose({ id: c.id, name: c.fullName })}>
                  {c.birthDate === null ? c.fullName : t('newRequest.clientSource.withBirth', { name: c.fullName, date: c.birthDate.split('-').reverse().map((x) => String(Number(x))).join('.') })}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
