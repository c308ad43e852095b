import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import styled from 'styled-components';
import {
  Alert, Block, Button, Checkbox, Dropdown, DropdownItem, Heading, InlineAlert, LoadingSpinner, Paragraph, RadioButton, RadioButtonGroup, SearchInput, Text, TextInput,
  suomifiDesignTokens as tokens,
} from 'suomifi-ui-components';
import { ApiError, api, reasonOf, unwrap } from '../api/client';
import {
  FAMILY_RELATIONS, ORGANISATION_TYPES, typeRefusal,
  type Candidate, type Consent, type FamilyRelation, type MeetingDetail, type MeetingMode, type OrganisationType, type PersonRow,
} from '../api/meetings';
import type { Page } from '../api/types';
import { useMe } from '../auth/useMe';
import { PageTitle } from '../components/PageTitle';
import { formatTimeRange, helsinkiDate, isCalendarDate, startOfHelsinkiDay } from '../lib/time';
import { useLang } from '../lib/use-lang';

const Card = styled(Block)`
  background: ${tokens.colors.whiteBase};
  border: 1px solid ${tokens.colors.depthLight1};
  padding: ${tokens.spacing.m};
  margin-bottom: ${tokens.spacing.m};
  display: grid;
  gap: ${tokens.spacing.m};
`;
const Row = styled.li`
  display: flex;
  flex-wrap: wrap;
  gap: ${tokens.spacing.s} ${tokens.spacing.m};
  align-items: flex-end;
  padding: ${tokens.spacing.s} 0;
  border-top: 1px solid ${tokens.colors.depthLight2};
`;
const List = styled.ul`
  list-style: none;
  margin: 0;
  padding: 0;
`;

interface StaffPick { personId: string; required: boolean; host: boolean }
interface ExternalPick { key: number; displayName: string; email: string; organisationName: string; organisationType: OrganisationType | '' }
interface FamilyPick { key: number; displayName: string; email: string; familyRelation: FamilyRelation }
/** GET /api/requests (a request the signed-in person may read; the route declares no answer type). */
interface PlannableRequest { id: string; question: string; anonymous: boolean; status: string; teamId: string; clientId: string | null; consentId: string | null }

/** Open requests a meeting may be about: those the API lets the signed-in person read (need to know), at most this many per search. */
const REQUEST_PAGE = 50;
/** the API's limit of a meeting's title (apps/api meeting.dto.ts CreateMeetingDto.title) */
const TITLE_MAX = 300;

const DURATIONS = [30, 45, 60, 90, 120];
let nextKey = 1;

/**
 * The network meeting planner (/meetings/new): the request (or none) — any open request the signed-in
 * person may read (their own and their teams', as the API's access rule decides; searchable by the
 * words of the question, and each list read goes to the access log), staff (who must attend, who
 * co-hosts), outside participants within the consent's scope (a type it does not cover is shown
 * disabled with the reason), the family; common free times of the staff who must attend from a date
 * not in the past, spread over days and parts of the day, with who of the others can come; booking
 * sends the invitations (the API's outbox). The organiser is the signed-in person, a participant and host.
 */
export function PlannerPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const navigate = useNavigate();
  const [requestId, setRequestId] = useState('');
  const [title, setTitle] = useState('');
  const [mode, setMode] = useState<MeetingMode>('hybrid');
  const [location, setLocation] = useState('');
  const [duration, setDuration] = useState(60);
  const [fromDate, setFromDate] = useState(() => helsinkiDate(new Date(Date.now() + 86_400_000)));
  const [staff, setStaff] = useState<StaffPick[]>([]);
  const [adding, setAdding] = useState('');
  const [externals, setExternals] = useState<ExternalPick[]>([]);
  const [family, setFamily] = useState<FamilyPick[]>([]);
  const [slot, setSlot] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const [requestSearch, setRequestSearch] = useState('');
  // the chosen request stays chosen (and in the list) whatever is searched afterwards
  const [chosenRequest, setChosenRequest] = useState<PlannableRequest | null>(null);
  const requests = useQuery({
    queryKey: ['plannable-requests', requestSearch],
    queryFn: async () => (await unwrap(api.GET('/api/requests', { params: { query: { open: true, limit: REQUEST_PAGE, ...(requestSearch !== '' ? { q: requestSearch } : {}) } as never } }))) as unknown as Page<PlannableRequest>,
  });
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: async () => ((await unwrap(api.GET('/api/teams', { params: { query: { limit: 200 } as never } }))) as unknown as Page<{ id: string; name: string }>).items,
  });
  const persons = useQuery({
    queryKey: ['persons'],
    queryFn: async () => ((await unwrap(api.GET('/api/persons', { params: { query: { limit: 200 } as never } }))) as unknown as Page<PersonRow>).items,
  });
  const found = requests.data?.items ?? [];
  const offered = chosenRequest !== null && !found.some((r) => r.id === chosenRequest.id) ? [chosenRequest, ...found] : found;
  const request = chosenRequest !== null && chosenRequest.id === requestId ? chosenRequest : null;
  const teamName = (id: string) => teams.data?.find((x) => x.id === id)?.name ?? '';
  const consent = useQuery({
    queryKey: ['request-consent', requestId],
    enabled: request !== null && !request.anonymous,
    queryFn: async (): Promise<Consent | null> => {
      if (request?.consentId == null) return null;
      return (await unwrap(api.GET('/api/consents/{id}', { params: { path: { id: request.consentId } } }))) as unknown as Consent;
    },
  });
  const now = new Date();
  const refusal = (type: OrganisationType) => typeRefusal(type, request, request !== null && !request.anonymous ? (consent.data ?? null) : null, now);

  const organiserId = me.data?.personId ?? '';
  const everyone = [{ personId: organiserId, required: true, host: true }, ...staff.filter((s) => s.personId !== organiserId)];
  const required = everyone.filter((s) => s.required).map((s) => s.personId);
  const optional = everyone.filter((s) => !s.required).map((s) => s.personId);
  const addable = (persons.data ?? []).filter((p) => p.id !== organiserId && !staff.some((s) => s.personId === p.id));
  const nameOf = (id: string) => persons.data?.find((p) => p.id === id)?.name ?? (id === organiserId ? (me.data?.name ?? '') : id);

  const search = useMutation({
    mutationFn: async (): Promise<Candidate[]> => {
      const from = startOfHelsinkiDay(fromDate);
      const to = new Date(new Date(from).getTime() + 14 * 86_400_000).toISOString();
      const body = { requiredPersonIds: required, optionalPersonIds: optional, from, to, durationMinutes: duration, bufferMinutes: 10, stepMinutes: 15 as const, maxResults: 8, spread: true };
      return ((await unwrap(api.POST('/api/scheduling/free-time', { body }))) as unknown as { candidates: Candidate[] }).candidates;
    },
    onSuccess: (c) => setSlot(c[0]?.start ?? ''),
  });

  const book = useMutation({
    mutationFn: async (): Promise<MeetingDetail> => {
      const chosen = (search.data ?? []).find((c) => c.start === slot);
      const body = {
        kind: 'network_meeting' as const,
        title: title.trim(),
        ...(requestId !== '' ? { requestId } : {}),
        startsAt: chosen?.start ?? '',
        endsAt: chosen?.end ?? '',
        mode,
        ...(mode !== 'remote' || location.trim() !== '' ? { location: location.trim() } : {}),
        participants: [
          ...everyone.map((s) => ({ kind: 'staff' as const, personId: s.personId, required: s.required, host: s.host })),
          ...externals.map((e) => ({ kind: 'external' as const, displayName: e.displayName.trim(), email: e.email.trim(), organisationName: e.organisationName.trim(), organisationType: e.organisationType as OrganisationType })),
          ...family.map((f) => ({ kind: 'family' as const, displayName: f.displayName.trim(), familyRelation: f.familyRelation, ...(f.email.trim() !== '' ? { email: f.email.trim() } : {}) })),
        ],
      };
      return (await unwrap(api.POST('/api/meetings', { body: body as never }))) as unknown as MeetingDetail;
    },
    onSuccess: (m) => { void navigate(`/meetings/${m.id}?booked=1`); },
    onError: (e: Error) => {
      if (e instanceof ApiError) setErrors(Object.fromEntries(e.fields.map((f) => [f.field, f.reason])));
    },
  });

  /** Why the search's first day cannot be used, or null: it must be a date (YYYY-MM-DD), today or later on the Helsinki calendar. */
  const fromProblem = (): string | null => {
    // a day that exists: 2027-02-30 is refused here, not searched from 2 March
    if (!isCalendarDate(fromDate)) return t('planner.errors.date');
    if (fromDate < helsinkiDate(new Date())) return t('planner.errors.pastDate');
    return null;
  };
  const validate = (): boolean => {
    const e: Record<string, string> = {};
    const from = fromProblem();
    if (from !== null) e.from = from;
    if (title.trim() === '') e.title = t('planner.errors.required');
    else if (title.trim().length > TITLE_MAX) e.title = t('planner.errors.titleTooLong', { max: TITLE_MAX });
    if (mode !== 'remote' && location.trim() === '') e.location = t('planner.errors.required');
    if (slot === '') e.slot = t('planner.errors.slot');
    externals.forEach((x, i) => {
      if (x.displayName.trim() === '') e[`participants.external.${i}.displayName`] = t('planner.errors.required');
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(x.email.trim())) e[`participants.external.${i}.email`] = t('planner.errors.email');
      if (x.organisationName.trim() === '') e[`participants.external.${i}.organisationName`] = t('planner.errors.required');
      if (x.organisationType === '') e[`participants.external.${i}.organisationType`] = t('planner.errors.required');
    });
    family.forEach((x, i) => {
      if (x.displayName.trim() === '') e[`participants.family.${i}.displayName`] = t('planner.errors.required');
    });
    setErrors(e);
    return Object.keys(e).length === 0;
  };
  const err = (k: string) => (errors[k] !== undefined ? { status: 'error' as const, statusText: errors[k] } : {});
  const apiFieldErrors = Object.entries(errors).filter(([k]) => k.startsWith('participants[') || k === 'startsAt' || k === 'requestId');

  return (
    <>
      <PageTitle>{t('planner.title')}</PageTitle>
      <Paragraph mb="m">{t('planner.intro')}</Paragraph>
      {(requests.isPending || persons.isPending) && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
      {persons.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: persons.error.message })}</Alert>}

      <Card as="section" aria-labelledby="planner-about">
        <Heading variant="h2" id="planner-about">{t('planner.about')}</Heading>
        <SearchInput
          id="planner-request-search"
          labelText={t('planner.requestSearch')}
          clearButtonLabel={t('planner.requestSearchClear')}
          searchButtonLabel={t('planner.requestSearchButton')}
          visualPlaceholder={t('planner.requestSearchPlaceholder')}
          onSearch={(v) => setRequestSearch(String(v ?? '').trim())}
          onChange={(v) => { if (String(v ?? '') === '') setRequestSearch(''); }}
          autoComplete="off"
        />
        {requests.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: requests.error.message })}</Alert>}
        {requests.data !== undefined && (
        <Dropdown id="planner-request" fullWidth labelText={t('planner.request')} hintText={t('planner.requestHint')} value={requestId}
          onChange={(v: string) => { setRequestId(v); setChosenRequest(offered.find((r) => r.id === v) ?? null); }}>
          {[<DropdownItem key="none" value="">{t('planner.noRequest')}</DropdownItem>,
            ...offered.map((r) => (
              <DropdownItem key={r.id} value={r.id}>{`${teamName(r.teamId)}: ${r.question.slice(0, 60)}${r.anonymous ? ` (${t('planner.anonymous')})` : ''}`}</DropdownItem>
            ))]}
        </Dropdown>
        )}
        <div aria-live="polite" id="planner-request-status">
          {requests.data !== undefined && requests.data.total === 0 && requestSearch === '' && (
            <InlineAlert status="neutral" id="planner-no-requests">{t('planner.noRequests')}</InlineAlert>
          )}
          {requests.data !== undefined && requests.data.total === 0 && requestSearch !== '' && (
            <Text id="planner-no-matches">{t('planner.noMatches', { words: requestSearch })}</Text>
          )}
          {requests.data !== undefined && requests.data.total > requests.data.items.length && (
            <Text id="planner-more-requests">{t('planner.moreRequests', { shown: requests.data.items.length, total: requests.data.total })}</Text>
          )}
        </div>
        {request !== null && !request.anonymous && consent.data !== undefined && (
          <Text id="planner-consent">{consent.data === null ? t('planner.consent.none') : t('planner.consent.covers', { types: consent.data.organisationTypes.map((x) => t(`organisationType.${x}`)).join(', ') || '—' })}</Text>
        )}
        <TextInput id="planner-title" labelText={t('planner.meetingTitle')} hintText={t('planner.meetingTitleHint')} value={title} maxLength={TITLE_MAX} onChange={(v) => setTitle(String(v ?? ''))} {...err('title')} />
        <RadioButtonGroup id="planner-mode" name="planner-mode" labelText={t('planner.mode')} value={mode} onChange={(v) => setMode(v as MeetingMode)}>
          {(['hybrid', 'remote', 'in_person'] as const).map((m) => <RadioButton key={m} value={m} id={`planner-mode-${m}`}>{t(`planner.modes.${m}`)}</RadioButton>)}
        </RadioButtonGroup>
        {mode !== 'remote' && <TextInput id="planner-location" labelText={t('planner.location')} value={location} onChange={(v) => setLocation(String(v ?? ''))} {...err('location')} />}
      </Card>

      <Card as="section" aria-labelledby="planner-staff">
        <Heading variant="h2" id="planner-staff">{t('planner.staff')}</Heading>
        <Paragraph>{t('planner.organiserHosts', { name: me.data?.name ?? '' })}</Paragraph>
        <List aria-label={t('planner.staffList')}>
          {staff.map((s, i) => (
            <Row key={s.personId} data-person-id={s.personId} className="staff-row">
              <Text variant="bold">{nameOf(s.personId)}</Text>
              <Checkbox id={`staff-required-${i}`} checked={s.required} onClick={({ checkboxState }) => setStaff((xs) => xs.map((x) => (x.personId === s.personId ? { ...x, required: checkboxState } : x)))}>
                {t('planner.mustAttend')}
              </Checkbox>
              <Checkbox id={`staff-host-${i}`} checked={s.host} onClick={({ checkboxState }) => setStaff((xs) => xs.map((x) => (x.personId === s.personId ? { ...x, host: checkboxState } : x)))}>
                {t('planner.coHost')}
              </Checkbox>
              <Button variant="secondary" className="remove-staff" aria-label={t('planner.removeLabel', { name: nameOf(s.personId) })} onClick={() => setStaff((xs) => xs.filter((x) => x.personId !== s.personId))}>
                {t('planner.remove')}
              </Button>
            </Row>
          ))}
        </List>
        {addable.length > 0 && (
          <Dropdown id="planner-add-staff" labelText={t('planner.addStaff')} visualPlaceholder={t('planner.choose')} value={adding}
          onChange={(v: string) => { setAdding(''); if (v !== '' && !staff.some((s) => s.personId === v)) setStaff((xs) => [...xs, { personId: v, required: true, host: false }]); }}>
          {addable.map((p) => (
            <DropdownItem key={p.id} value={p.id}>{[p.name, t(`profession.${p.profession}`, { defaultValue: p.profession }), p.unit ?? '', p.organisation].filter((x) => x !== '').join(', ')}</DropdownItem>
          ))}
        </Dropdown>
        )}
      </Card>

      <Card as="section" aria-labelledby="planner-external">
        <Heading variant="h2" id="planner-external">{t('planner.external')}</Heading>
        <Paragraph>{t('planner.externalHint')}</Paragraph>
        <List aria-label={t('planner.external')}>
          {externals.map((x, i) => {
            const set = (patch: Partial<ExternalPick>) => setExternals((xs) => xs.map((y) => (y.key === x.key ? { ...y, ...patch } : y)));
            const chosenRefusal = x.organisationType !== '' ? refusal(x.organisationType) : null;
            return (
              <Row key={x.key} className="external-row">
                <TextInput id={`external-name-${i}`} labelText={t('planner.name')} value={x.displayName} onChange={(v) => set({ displayName: String(v ?? '') })} {...err(`participants.external.${i}.displayName`)} />
                <TextInput id={`external-email-${i}`} type="email" labelText={t('planner.email')} value={x.email} onChange={(v) => set({ email: String(v ?? '') })} {...err(`participants.external.${i}.email`)} />
                <TextInput id={`external-org-${i}`} labelText={t('planner.organisation')} value={x.organisationName} onChange={(v) => set({ organisationName: String(v ?? '') })} {...err(`participants.external.${i}.organisationName`)} />
                <div>
                  <Dropdown id={`external-type-${i}`} labelText={t('planner.organisationType')} visualPlaceholder={t('planner.choose')} value={x.organisationType} onChange={(v: string) => set({ organisationType: v as OrganisationType })}>
                    {ORGANISATION_TYPES.map((type) => {
                      const why = refusal(type);
                      return <DropdownItem key={type} value={type} disabled={why !== null}>{why === null ? t(`organisationType.${type}`) : `${t(`organisationType.${type}`)} – ${t(`planner.refusal.${why}`)}`}</DropdownItem>;
                    })}
                  </Dropdown>
                  {errors[`participants.external.${i}.organisationType`] !== undefined && <InlineAlert status="error">{errors[`participants.external.${i}.organisationType`]}</InlineAlert>}
                  {chosenRefusal !== null && <InlineAlert status="error">{t(`planner.refusal.${chosenRefusal}`)}</InlineAlert>}
                </div>
                <Button variant="secondary" aria-label={t('planner.removeLabel', { name: x.displayName || t('planner.external') })} onClick={() => setExternals((xs) => xs.filter((y) => y.key !== x.key))}>{t('planner.remove')}</Button>
              </Row>
            );
          })}
        </List>
        {ORGANISATION_TYPES.every((type) => refusal(type) !== null) && <Text id="planner-external-refused">{t(`planner.refusal.${refusal('school') ?? 'type'}`)}</Text>}
        <Button variant="secondary" id="add-external" onClick={() => setExternals((xs) => [...xs, { key: nextKey++, displayName: '', email: '', organisationName: '', organisationType: '' }])}>
          {t('planner.addExternal')}
        </Button>
      </Card>

      <Card as="section" aria-labelledby="planner-family">
        <Heading variant="h2" id="planner-family">{t('planner.family')}</Heading>
        <List aria-label={t('planner.family')}>
          {family.map((x, i) => {
            const set = (patch: Partial<FamilyPick>) => setFamily((xs) => xs.map((y) => (y.key === x.key ? { ...y, ...patch } : y)));
            return (
              <Row key={x.key} className="family-row">
                <TextInput id={`family-name-${i}`} labelText={t('planner.name')} value={x.displayName} onChange={(v) => set({ displayName: String(v ?? '') })} {...err(`participants.family.${i}.displayName`)} />
                <Dropdown id={`family-relation-${i}`} labelText={t('planner.relation')} value={x.familyRelation} onChange={(v: string) => set({ familyRelation: v as FamilyRelation })}>
                  {FAMILY_RELATIONS.map((r) => <DropdownItem key={r} value={r}>{t(`planner.relations.${r}`)}</DropdownItem>)}
                </Dropdown>
                <TextInput id={`family-email-${i}`} type="email" labelText={t('planner.email')} optionalText={t('planner.optional')} value={x.email} onChange={(v) => set({ email: String(v ?? '') })} />
                <Button variant="secondary" aria-label={t('planner.removeLabel', { name: x.displayName || t('planner.family') })} onClick={() => setFamily((xs) => xs.filter((y) => y.key !== x.key))}>{t('planner.remove')}</Button>
              </Row>
            );
          })}
        </List>
        <Button variant="secondary" id="add-family" onClick={() => setFamily((xs) => [...xs, { key: nextKey++, displayName: '', email: '', familyRelation: 'guardian' }])}>{t('planner.addFamily')}</Button>
      </Card>

      <Card as="section" aria-labelledby="planner-time">
        <Heading variant="h2" id="planner-time">{t('planner.time')}</Heading>
        <Dropdown id="planner-duration" labelText={t('planner.duration')} value={String(duration)} onChange={(v: string) => setDuration(Number(v))}>
          {DURATIONS.map((d) => <DropdownItem key={d} value={String(d)}>{t('planner.minutes', { count: d })}</DropdownItem>)}
        </Dropdown>
        <TextInput id="planner-from" labelText={t('planner.from')} hintText={t('planner.fromHint')} value={fromDate} onChange={(v) => setFromDate(String(v ?? ''))} {...err('from')} />
        <Paragraph>{t('planner.searchFor', { names: required.map(nameOf).join(', ') })}</Paragraph>
        <Button id="find-times" onClick={() => {
          const problem = fromProblem();
          if (problem === null) { setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'from'))); search.mutate(); } else { search.reset(); setErrors((e) => ({ ...e, from: problem })); }
        }} disabled={search.isPending || organiserId === ''}>{t('planner.findTimes')}</Button>
        <div aria-live="polite">
          {search.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
          {search.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: search.error.message })}</Alert>}
          {search.data?.length === 0 && <InlineAlert status="warning" id="no-times">{t('planner.noTimes')}</InlineAlert>}
          {search.data !== undefined && search.data.length > 0 && (
            <RadioButtonGroup id="planner-slot" name="planner-slot" labelText={t('planner.suggestions', { count: search.data.length })} value={slot} onChange={(v) => setSlot(v)}>
              {search.data.map((c, i) => (
                <RadioButton key={c.start} value={c.start} id={`slot-${i}`} hintText={optional.length === 0 ? undefined : t('planner.optionalFree', { count: c.optionalCount, total: optional.length, names: c.optionalAvailable.map(nameOf).join(', ') || '—' })}>
                  {formatTimeRange(c.start, c.end, lang)}
                </RadioButton>
              ))}
            </RadioButtonGroup>
          )}
          {errors.slot !== undefined && <InlineAlert status="error">{errors.slot}</InlineAlert>}
        </div>
      </Card>

      <div aria-live="polite" id="planner-errors">
        {book.isError && (
          <Alert status="error" closeText={t('common.close')} mb="m">
            {t('planner.bookFailed', { reason: reasonOf(book.error) })}
            {apiFieldErrors.length > 0 && <ul>{apiFieldErrors.map(([k, v]) => <li key={k}>{v}</li>)}</ul>}
          </Alert>
        )}
      </div>
      <Button id="book-meeting" onClick={() => { if (validate()) book.mutate(); }} disabled={book.isPending}>{t('planner.book')}</Button>
    </>
  );
}
