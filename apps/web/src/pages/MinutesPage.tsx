import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import styled from 'styled-components';
import {
  Alert, Block, Button, Heading, InlineAlert, LoadingSpinner, Modal, ModalContent, ModalFooter, ModalTitle, Paragraph, RadioButton,
  RadioButtonGroup, StaticChip, TextInput, Textarea, suomifiDesignTokens as tokens,
} from 'suomifi-ui-components';
import { ApiError, api, reasonOf, unwrap } from '../api/client';
import { useMe } from '../auth/useMe';
import { MinutesDocument } from '../components/MinutesDocument';
import { PageTitle } from '../components/PageTitle';
import {
  changedSections, formFieldOf, limitOf, merge, reasonsByField, restoreUnsaved, sameForm, section, sectionOfField, sectionText, toBody, toForm, validate, withSections,
  type FormErrors, type Minutes, type MinutesForm, type Section,
} from '../forms/minutes';
import { formatDateTime, formatTime, formatTimeRange } from '../lib/time';
import { dropUnsavedMinutes, readUnsavedMinutes, sessionStore, unsavedMinutesKey, writeUnsavedMinutes } from '../lib/unsaved-minutes';
import { useLang } from '../lib/use-lang';

/** The part of GET /api/meetings/:id this page reads (the route declares no answer type yet). */
interface MeetingAbout {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  organiserId: string | null;
  status: string;
  kind: 'team_session' | 'network_meeting' | 'ad_hoc';
  requestId: string | null;
  /** the identified client of its case, or null (anonymous, no request, or a client the caller may not see) */
  clientId: string | null;
  notices?: Array<{ id: string; kind: 'consent_withdrawn' | 'pair_member_busy'; at: string }>;
}

type Receipt = { participantId: string; name: string; kind: string; organisation: string | null; notice: { status: string; sentAt: string | null; reason: string | null } | null; read: { firstAt: string; lastAt: string; reads: number; downloads: number } | null };

const Card = styled(Block)`
  background: ${tokens.colors.whiteBase};
  border: 1px solid ${tokens.colors.depthLight1};
  padding: ${tokens.spacing.m};
  margin-bottom: ${tokens.spacing.m};
`;
const Fieldset = styled.fieldset`
  border: 1px solid ${tokens.colors.depthLight1};
  padding: ${tokens.spacing.s} ${tokens.spacing.m} ${tokens.spacing.m};
  margin: 0 0 ${tokens.spacing.m};
  display: grid;
  gap: ${tokens.spacing.s};
  & > legend { ${tokens.typography.bodySemiBold} padding: 0 ${tokens.spacing.xxs}; }
`;
const Row = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${tokens.spacing.s} ${tokens.spacing.m};
  align-items: center;
`;
const Status = styled.p`
  ${tokens.typography.bodyTextSmall}
  margin: 0 0 ${tokens.spacing.m};
  min-height: 1.5em;
`;
const Table = styled.table`
  border-collapse: collapse;
  width: 100%;
  & th, & td { text-align: left; vertical-align: top; padding: ${tokens.spacing.xxs} ${tokens.spacing.s} ${tokens.spacing.xxs} 0; border-bottom: 1px solid ${tokens.colors.depthLight1}; }
  & th { ${tokens.typography.bodySemiBoldSmall} }
`;

const AUTOSAVE_MS = 800;

/** `partial`: saved at `at` except the sections with a field that cannot be saved (marked; kept in the tab) */
type SaveState = { state: 'idle' | 'pending' | 'saving' | 'saved' | 'partial' | 'invalid' | 'error'; at?: Date; reason?: string };

/**
 * The minutes of a meeting (/meetings/:id/minutes): the draft editor with autosave for the meeting's
 * organiser and the chairs of its day, read-only for the others; finalising, corrections with their
 * reasons, every version, and who received and read each (from the disclosure log).
 */
export function MinutesPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { id: meetingId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const me = useMe();
  const queryClient = useQueryClient();
  const meeting = useQuery({
    queryKey: ['meeting', meetingId],
    queryFn: async () => (await unwrap(api.GET('/api/meetings/{id}', { params: { path: { id: meetingId } } }))) as unknown as MeetingAbout,
  });
  const list = useQuery({
    queryKey: ['minutes', meetingId],
    // the header says whether minutes of the meeting's case exist that are not the caller's to read
    // (staff, network meetings; absent otherwise: apps/api minutes.controller)
    queryFn: async () => {
      const call = api.GET('/api/meetings/{meetingId}/minutes', { params: { path: { meetingId } } });
      const [minutes, response] = await Promise.all([unwrap(call), call.then((r) => r.response)]);
      const header = response.headers.get('x-minutes-withheld');
      return { minutes, withheld: header === null ? null : header === '1' };
    },
  });
  const start = useMutation({
    mutationFn: () => unwrap(api.POST('/api/meetings/{meetingId}/minutes', { params: { path: { meetingId } }, body: { locale: lang } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['minutes', meetingId] }),
  });

  const versions = list.data?.minutes ?? [];
  const wanted = Number(params.get('version') ?? NaN);
  const latest = versions.at(-1);
  const shown = versions.find((v) => v.version === wanted) ?? latest;
  // the API's rule (libs/domain meetingDecision 'write_minutes'): the organiser, or for a team session the
  // team's chairs of its day (a network meeting has no team: only its organiser). The API decides the day.
  const mayStart = me.data !== undefined && meeting.data !== undefined
    && (meeting.data.organiserId === me.data.personId || (meeting.data.kind === 'team_session' && me.data.roles.includes('chair')));
  // GET …/minutes lists only the versions the caller may read (an identified case's minutes need the right to
  // the client's data, which a withdrawn consent can take away); for a network meeting X-Minutes-Withheld says
  // whether its case has minutes the caller may not read. Without the header (a team session) the meeting
  // tells what we can know: its clientId is given only to those who see the client; a consent_withdrawn
  // notice says why others may not (apps/api meetings.service detailFor).
  const withdrawn = meeting.data?.notices?.find((n) => n.kind === 'consent_withdrawn');
  const withheld = list.data?.withheld ?? null;
  const emptyText = withheld === false || mayStart || (withheld === null && (meeting.data === undefined || meeting.data.clientId !== null))
    ? t('minutes.noneYet')
    : withdrawn !== undefined
      ? t('minutes.notVisibleWithdrawn', { at: formatDateTime(withdrawn.at, lang) })
      : withheld === true ? t('minutes.noneVisible') : meeting.data?.requestId !== null ? t('minutes.noneVisibleOrNotYet') : t('minutes.noneYet');
  // which of those it is needs the meeting (the withdrawal's time) and who is asking (may they start
  // minutes): until both have answered, say nothing
  const settled = !meeting.isPending && !me.isLoading;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['minutes', meetingId] });

  return (
    <>
      <PageTitle>{t('minutes.title')}</PageTitle>
      {meeting.data !== undefined && (
        <Paragraph mb="m" id="minutes-meeting">
          <strong>{meeting.data.title}</strong> · {formatTimeRange(meeting.data.startsAt, meeting.data.endsAt, lang)}
        </Paragraph>
      )}
      {(list.isPending || meeting.isPending) && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
      {list.isError && <Alert status="error" closeText={t('common.close')} id="minutes-load-error">{t('common.loadFailed', { reason: list.error.message })}</Alert>}
      {list.data !== undefined && versions.length === 0 && settled && (
        <Card>
          <Paragraph mb="m" id="no-minutes">{emptyText}</Paragraph>
          {!mayStart && <Paragraph mb="m" id="minutes-who-writes">{t('minutes.organiserWrites')}</Paragraph>}
          {mayStart && <Button id="start-minutes" onClick={() => start.mutate()} disabled={start.isPending}>{t('minutes.start')}</Button>}
          {start.isError && (
            <InlineAlert status="error" id="start-error" mt="m">
              {start.error instanceof ApiError && start.error.status === 403 ? t('minutes.startForbidden') : reasonOf(start.error)}
            </InlineAlert>
          )}
        </Card>
      )}
      {shown !== undefined && (
        <>
          <VersionLine minutes={shown} isLatest={shown.id === latest?.id} />
          {shown.status === 'draft' && shown.mayEdit === true ? (
            me.data !== undefined ? <Editor key={shown.id} initial={shown} personId={me.data.personId} onFinalised={refresh} onChanged={refresh} /> : <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />
          ) : (
            <>
              {shown.status === 'draft' && <InlineAlert id="read-only-note" mb="m">{t('minutes.readOnly')}</InlineAlert>}
              <Card><MinutesDocument minutes={shown} /></Card>
              {shown.status === 'finalised' && <PdfLink minutes={shown} />}
              {shown.status === 'finalised' && shown.mayEdit === true && shown.id === latest?.id && (
                <Row style={{ marginBottom: tokens.spacing.m }}>
                  <Correction minutes={shown} onDone={() => { setParams({}); refresh(); }} />
                </Row>
              )}
            </>
          )}
          {shown.status === 'finalised' && shown.mayEdit === true && <Receipts minutesId={shown.id} />}
          <Versions versions={versions} shownId={shown.id} onPick={(v) => setParams(v === latest?.version ? {} : { version: String(v) })} />
        </>
      )}
    </>
  );
}

function VersionLine({ minutes: m, isLatest }: { minutes: Minutes; isLatest: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Row style={{ marginBottom: tokens.spacing.m }} id="minutes-version">
      <StaticChip>{t('minutes.versionN', { version: m.version })}</StaticChip>
      <span id="minutes-status">{m.status === 'draft' ? t('minutes.statusDraft') : t('minutes.statusFinalised', { time: m.finalisedAt ? formatDateTime(m.finalisedAt, lang) : '' })}</span>
      {!isLatest && <span>{t('minutes.notLatest')}</span>}
      {m.correctionReason && <span id="minutes-correction-reason">{t('minutes.correctionOf', { version: m.version - 1, reason: m.correctionReason })}</span>}
    </Row>
  );
}

/**
 * The draft: every edit is saved a moment after the typing stops, conditionally on the revision last seen.
 * A section with a field that cannot be saved (over its limit, or refused by the API: the field is marked
 * with the reason) is left out of the save and the others are saved; until everything is saved the edits
 * are also kept in the tab (lib/unsaved-minutes.ts), and restored from there after a reload.
 */
function Editor({ initial, personId, onFinalised, onChanged }: { initial: Minutes; personId: string; onFinalised: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const keepKey = unsavedMinutesKey(initial.meetingId, initial.version);
  // the edits kept from before a reload, if any: restored over what the server has
  const [start] = useState(() => {
    const kept = readUnsavedMinutes(sessionStore(), keepKey);
    const restored = kept === null ? null : restoreUnsaved(kept, initial, personId);
    if (kept !== null && restored === null) dropUnsavedMinutes(sessionStore(), keepKey);
    return restored;
  });
  const [form, setForm] = useState<MinutesForm>(() => start?.form ?? toForm(initial));
  const formRef = useRef(form);
  const baseRef = useRef<MinutesForm>(toForm(initial));
  const revRef = useRef(initial.revision);
  const timer = useRef<number | undefined>(undefined);
  const saving = useRef<Promise<boolean> | null>(null);
  /** the API's refusals by field id, each standing while its section is as it was when refused */
  const refused = useRef<Record<string, { reason: string; snapshot: string }>>({});
  const [save, setSave] = useState<SaveState>({ state: start !== null ? 'pending' : 'idle' });
  const [errors, setErrors] = useState<FormErrors>(() => (start !== null ? validate(start.form) : {}));
  const [apiErrors, setApiErrors] = useState<Record<string, string>>({});
  const [restoredNotice, setRestoredNotice] = useState(start !== null);
  const [keptLocally, setKeptLocally] = useState(true);
  const [conflicts, setConflicts] = useState<Array<{ section: Section; theirs: string }>>(() => (start?.conflicts ?? []).map((s) => ({ section: s, theirs: sectionText(toForm(initial), s) })));
  const [confirming, setConfirming] = useState<HTMLElement | null>(null);
  const [finaliseError, setFinaliseError] = useState<string | null>(null);
  const [finalising, setFinalising] = useState(false);

  /** Keeps what is not saved yet in the tab, or forgets it once everything is saved. */
  const keep = useCallback(() => {
    if (sameForm(formRef.current, baseRef.current)) dropUnsavedMinutes(sessionStore(), keepKey);
    else setKeptLocally(writeUnsavedMinutes(sessionStore(), keepKey, { minutesId: initial.id, personId, revision: revRef.current, base: baseRef.current, form: formRef.current }));
  }, [initial.id, keepKey, personId]);

  /** Saves what the form holds now, if it differs from what the server has; true when all of it is saved. */
  const flush = useCallback(async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    while (saving.current) await saving.current;
    const run = async (): Promise<boolean> => {
      const f = formRef.current;
      const base = baseRef.current;
      for (const [id, x] of Object.entries(refused.current)) {
        const s = sectionOfField(id);
        if (s === undefined || section(f, s) !== x.snapshot) delete refused.current[id];
      }
      setApiErrors(Object.fromEntries(Object.entries(refused.current).map(([id, x]) => [id, x.reason])));
      const problems = validate(f);
      setErrors(problems);
      const changed = changedSections(base, f);
      if (changed.length === 0) {
        setSave((s) => (s.state === 'pending' || s.state === 'saving' ? { state: 'saved', at: s.at ?? new Date() } : s));
        keep();
        return true;
      }
      const blocked = new Set([...Object.keys(problems), ...Object.keys(refused.current)].map(sectionOfField));
      const sendable = changed.filter((s) => !blocked.has(s));
      if (sendable.length === 0) {
        setSave({ state: 'invalid' });
        keep();
        return false;
      }
      setSave({ state: 'saving' });
      try {
        const saved = await unwrap(api.PATCH('/api/minutes/{id}', { params: { path: { id: initial.id }, header: { 'If-Match': `"${revRef.current}"` } }, body: toBody(f, sendable) }));
        revRef.current = saved.revision;
        baseRef.current = withSections(base, f, sendable);
        keep();
        const all = sendable.length === changed.length;
        setSave({ state: all ? 'saved' : 'partial', at: new Date() });
        return all;
      } catch (e) {
        const details = e instanceof ApiError ? (e.details as { revision?: unknown } | undefined) : undefined;
        if (e instanceof ApiError && e.status === 409 && typeof details?.revision === 'number') {
          // someone saved meanwhile: take their changes in where this editor made none, keep ours elsewhere
          const theirs = await unwrap(api.GET('/api/minutes/{id}', { params: { path: { id: initial.id } } }));
          if (theirs.status !== 'draft') {
            setSave({ state: 'error', reason: t('minutes.finalisedMeanwhile') });
            keep();
            onChanged();
            return false;
          }
          const theirForm = toForm(theirs);
          const { merged, conflicts: both } = merge(baseRef.current, formRef.current, theirForm);
          baseRef.current = theirForm;
          revRef.current = theirs.revision;
          formRef.current = merged;
          setForm(merged);
          setConflicts(both.map((s) => ({ section: s, theirs: sectionText(theirForm, s) })));
          keep();
          return run();
        }
        if (e instanceof ApiError && (e.status === 400 || e.status === 422)) {
          // the fields the API refuses are marked with its reason (in the user's language); the rest is saved without them
          let marked = false;
          // every reason of a field (a name and a phone number in one summary: both), each once
          for (const [id, reason] of reasonsByField(e.fields, formFieldOf)) {
            const s = sectionOfField(id);
            if (s !== undefined && sendable.includes(s)) {
              refused.current[id] = { reason, snapshot: section(f, s) };
              marked = true;
            }
          }
          if (marked) return run();
        }
        setSave({ state: 'error', reason: e instanceof Error ? e.message : String(e) });
        keep();
        return false;
      }
    };
    const p = run();
    saving.current = p;
    try {
      return await p;
    } finally {
      saving.current = null;
    }
  }, [initial.id, keep, onChanged, t]);

  const edit = (change: (f: MinutesForm) => MinutesForm) => {
    const next = change(formRef.current);
    formRef.current = next;
    setForm(next);
    keep();
    setSave((s) => ({ state: 'pending', at: s.at }));
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void flush(), AUTOSAVE_MS);
  };

  // restored edits are saved at once (what can be); leaving the page saves what is pending; closing the tab with unsaved edits asks first
  useEffect(() => {
    if (start !== null) timer.current = window.setTimeout(() => void flush(), 0);
    const warn = (e: BeforeUnloadEvent) => {
      if (!sameForm(formRef.current, baseRef.current)) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      if (!sameForm(formRef.current, baseRef.current)) void flush();
    };
  }, [flush, start]);

  const finalise = async () => {
    setFinaliseError(null);
    setFinalising(true);
    try {
      if (!(await flush())) {
        setFinaliseError(t('minutes.fixFirst'));
        return;
      }
      await unwrap(api.POST('/api/minutes/{id}/finalise', { params: { path: { id: initial.id } } }));
      setConfirming(null);
      onFinalised();
    } catch (e) {
      // a field the API refuses at finalising (an identifier in anonymous minutes): named in words, with its reason
      const named = e instanceof ApiError ? e.fields.flatMap((p) => { const id = formFieldOf(p.field); return id === undefined ? [] : [`${label(id)}: ${p.reason}`]; }) : [];
      setFinaliseError(named.length > 0 ? named.join('; ') : e instanceof Error ? e.message : String(e));
    } finally {
      setFinalising(false);
    }
  };

  /** A field's name in words, as its label reads ("Action 1: What will be done"). */
  const label = (id: string): string => {
    const action = /^action-(\d+)-(what|responsible|due)$/.exec(id);
    if (action) return `${t('minutes.action.n', { n: Number(action[1]) + 1 })}: ${t(`minutes.action.${action[2] as 'what' | 'responsible' | 'due'}`)}`;
    const disclosure = /^disclosure-(\d+)-(what|to|basis)$/.exec(id);
    if (disclosure) return `${t('minutes.disclosure.n', { n: Number(disclosure[1]) + 1 })}: ${t(`minutes.disclosure.${disclosure[2] as 'what' | 'to' | 'basis'}`)}`;
    const attendance = /^attendance-(\d+)$/.exec(id);
    if (attendance) return `${t('minutes.attendance')}: ${form.attendance[Number(attendance[1])]?.name ?? ''}`;
    const fixed: Record<string, string> = {
      'minutes-question': t('minutes.question'), 'minutes-summary': t('minutes.summary'),
      'next-date': `${t('minutes.next')}: ${t('minutes.nextDate')}`, 'next-time': `${t('minutes.next')}: ${t('minutes.nextTime')}`, 'next-note': `${t('minutes.next')}: ${t('minutes.nextNote')}`,
    };
    return fixed[id] ?? id;
  };
  /** Why a field cannot be saved, in words: the form's own check first, else the API's reason. */
  const problemOf = (id: string): string | undefined => {
    const code = errors[id];
    const text = code !== undefined ? t(`minutes.errors.${code}`, { max: limitOf(id) ?? 0 }) : apiErrors[id];
    return text === undefined ? undefined : text.charAt(0).toUpperCase() + text.slice(1);
  };
  const problems = [...new Set([...Object.keys(errors), ...Object.keys(apiErrors)])].flatMap((id) => { const p = problemOf(id); return p === undefined ? [] : [{ id, text: p }]; });
  const err = (id: string) => {
    const text = problemOf(id);
    return text === undefined ? {} : { status: 'error' as const, statusText: text };
  };
  /** maxLength of the API's limit, and how many characters are left once near it. */
  const limit = (id: string, value: string, hint?: string) => {
    const max = limitOf(id);
    if (max === undefined) return {};
    const left = max - value.length;
    const near = left <= Math.max(20, Math.floor(max / 10));
    const count = left < 0 ? t('minutes.charsOver', { count: -left }) : near ? t('minutes.charsLeft', { count: left }) : undefined;
    const hintText = [hint, count].filter(Boolean).join(' – ');
    return { maxLength: max, ...(hintText !== '' ? { hintText } : {}) };
  };
  const focusLater = (id: string) => window.setTimeout(() => document.getElementById(id)?.focus(), 0);

  return (
    <form onSubmit={(e) => e.preventDefault()} aria-labelledby="page-title" noValidate>
      {restoredNotice && (
        <div style={{ marginBottom: tokens.spacing.m }}>
          <Alert status="warning" closeText={t('common.close')} onCloseButtonClick={() => setRestoredNotice(false)} id="restored-notice">
            {t('minutes.restored')}
          </Alert>
        </div>
      )}
      <div role="status" aria-live="polite" id="save-status">
        <Status>
          {save.state === 'pending' && t('minutes.save.pending')}
          {save.state === 'saving' && t('minutes.save.saving')}
          {save.state === 'saved' && save.at !== undefined && t('minutes.save.saved', { time: formatTime(save.at, lang) })}
          {save.state === 'partial' && save.at !== undefined && t('minutes.save.partial', { time: formatTime(save.at, lang) })}
          {save.state === 'invalid' && t('minutes.save.invalid')}
          {save.state === 'error' && t('minutes.save.error', { reason: save.reason ?? '' })}
          {save.state !== 'saved' && save.state !== 'idle' && !keptLocally && ` ${t('minutes.save.notKept')}`}
        </Status>
        {(save.state === 'partial' || save.state === 'invalid') && problems.length > 0 && (
          <ul id="save-problems">
            {problems.map((p) => (
              <li key={p.id}>
                <a href={`#${p.id}`} onClick={(e) => { e.preventDefault(); document.getElementById(p.id)?.focus(); }}>{label(p.id)}</a>: {p.text}
              </li>
            ))}
          </ul>
        )}
      </div>
      {conflicts.length > 0 && (
        <Alert status="warning" closeText={t('common.close')} onCloseButtonClick={() => setConflicts([])} id="conflict-alert">
          {t('minutes.conflict')}
          <ul>{conflicts.map((c) => <li key={c.section}><strong>{t(`minutes.section.${c.section}`)}</strong>: {c.theirs || '–'}</li>)}</ul>
        </Alert>
      )}

      <Heading variant="h2" mb="s" mt="m">{t('minutes.attendance')}</Heading>
      <Paragraph mb="s">{t('minutes.attendanceHint')}</Paragraph>
      {form.attendance.map((a, i) => (
        <RadioButtonGroup
          key={a.participantId ?? i}
          id={`attendance-${i}`}
          name={`attendance-${i}`}
          labelText={`${a.name}${a.organisation ? ` (${a.organisation})` : ''}`}
          value={a.attendance}
          onChange={(v) => edit((f) => ({ ...f, attendance: f.attendance.map((x, k) => (k === i ? { ...x, attendance: v as typeof x.attendance } : x)) }))}
          mb="s"
          {...(problemOf(`attendance-${i}`) !== undefined ? { groupStatus: 'error' as const, groupStatusText: problemOf(`attendance-${i}`) } : {})}
        >
          <RadioButton value="in_person" id={`attendance-${i}-in_person`}>{t('minutes.attendanceKind.in_person')}</RadioButton>
          <RadioButton value="remote" id={`attendance-${i}-remote`}>{t('minutes.attendanceKind.remote')}</RadioButton>
          <RadioButton value="absent" id={`attendance-${i}-absent`}>{t('minutes.attendanceKind.absent')}</RadioButton>
        </RadioButtonGroup>
      ))}

      <Heading variant="h2" mb="s" mt="l">{t('minutes.content')}</Heading>
      <Textarea id="minutes-question" labelText={t('minutes.question')} value={form.question} onChange={(e) => { const v = e.target.value; edit((f) => ({ ...f, question: v })); }} fullWidth rows={3}
        {...limit('minutes-question', form.question)} {...err('minutes-question')} />
      <Textarea
        id="minutes-summary"
        labelText={t('minutes.summary')}
        value={form.summary}
        onChange={(e) => { const v = e.target.value; edit((f) => ({ ...f, summary: v })); }}
        fullWidth
        rows={6}
        style={{ marginTop: tokens.spacing.m }}
        {...limit('minutes-summary', form.summary, t('minutes.summaryHint'))}
        {...err('minutes-summary')}
      />

      <Heading variant="h2" mb="s" mt="l">{t('minutes.actions')}</Heading>
      {form.actions.length === 0 && <Paragraph mb="s">{t('minutes.none')}</Paragraph>}
      {form.actions.map((a, i) => (
        <Fieldset key={i}>
          <legend>{t('minutes.action.n', { n: i + 1 })}</legend>
          <TextInput id={`action-${i}-what`} labelText={t('minutes.action.what')} value={a.what} onChange={(v) => edit((f) => ({ ...f, actions: f.actions.map((x, k) => (k === i ? { ...x, what: String(v ?? '') } : x)) }))} fullWidth
            {...limit(`action-${i}-what`, a.what)} {...err(`action-${i}-what`)} />
          <Row>
            <TextInput id={`action-${i}-responsible`} labelText={t('minutes.action.responsible')} hintText={t('minutes.action.responsibleHint')} value={a.responsible} onChange={(v) => edit((f) => ({ ...f, actions: f.actions.map((x, k) => (k === i ? { ...x, responsible: String(v ?? '') } : x)) }))}
              {...limit(`action-${i}-responsible`, a.responsible, t('minutes.action.responsibleHint'))} {...err(`action-${i}-responsible`)} />
            <TextInput id={`action-${i}-due`} labelText={t('minutes.action.due')} hintText={t('minutes.dateHint')} value={a.due} onChange={(v) => edit((f) => ({ ...f, actions: f.actions.map((x, k) => (k === i ? { ...x, due: String(v ?? '') } : x)) }))} {...err(`action-${i}-due`)} />
          </Row>
          <div>
            <Button variant="secondary" id={`remove-action-${i}`} onClick={() => { edit((f) => ({ ...f, actions: f.actions.filter((_, k) => k !== i) })); focusLater('add-action'); }}>
              {t('minutes.action.remove', { n: i + 1 })}
            </Button>
          </div>
        </Fieldset>
      ))}
      <Button variant="secondary" id="add-action" onClick={() => { const n = form.actions.length; edit((f) => ({ ...f, actions: [...f.actions, { what: '', responsible: '', due: '' }] })); focusLater(`action-${n}-what`); }}>
        {t('minutes.action.add')}
      </Button>

      <Heading variant="h2" mb="s" mt="l">{t('minutes.disclosures')}</Heading>
      <Paragraph mb="s">{t('minutes.disclosuresHint')}</Paragraph>
      {form.disclosures.map((d, i) => (
        <Fieldset key={i}>
          <legend>{t('minutes.disclosure.n', { n: i + 1 })}</legend>
          <TextInput id={`disclosure-${i}-what`} labelText={t('minutes.disclosure.what')} value={d.what} onChange={(v) => edit((f) => ({ ...f, disclosures: f.disclosures.map((x, k) => (k === i ? { ...x, what: String(v ?? '') } : x)) }))} fullWidth
            {...limit(`disclosure-${i}-what`, d.what)} {...err(`disclosure-${i}-what`)} />
          <Row>
            <TextInput id={`disclosure-${i}-to`} labelText={t('minutes.disclosure.to')} value={d.toOrganisation} onChange={(v) => edit((f) => ({ ...f, disclosures: f.disclosures.map((x, k) => (k === i ? { ...x, toOrganisation: String(v ?? '') } : x)) }))}
              {...limit(`disclosure-${i}-to`, d.toOrganisation)} {...err(`disclosure-${i}-to`)} />
            <TextInput id={`disclosure-${i}-basis`} labelText={t('minutes.disclosure.basis')} hintText={t('minutes.disclosure.basisHint')} value={d.basis} onChange={(v) => edit((f) => ({ ...f, disclosures: f.disclosures.map((x, k) => (k === i ? { ...x, basis: String(v ?? '') } : x)) }))}
              {...limit(`disclosure-${i}-basis`, d.basis, t('minutes.disclosure.basisHint'))} {...err(`disclosure-${i}-basis`)} />
          </Row>
          <div>
            <Button variant="secondary" id={`remove-disclosure-${i}`} onClick={() => { edit((f) => ({ ...f, disclosures: f.disclosures.filter((_, k) => k !== i) })); focusLater('add-disclosure'); }}>
              {t('minutes.disclosure.remove', { n: i + 1 })}
            </Button>
          </div>
        </Fieldset>
      ))}
      <Button variant="secondary" id="add-disclosure" onClick={() => { const n = form.disclosures.length; edit((f) => ({ ...f, disclosures: [...f.disclosures, { what: '', toOrganisation: '', basis: '' }] })); focusLater(`disclosure-${n}-what`); }}>
        {t('minutes.disclosure.add')}
      </Button>

      <Heading variant="h2" mb="s" mt="l">{t('minutes.next')}</Heading>
      <Row>
        <TextInput id="next-date" labelText={t('minutes.nextDate')} hintText={t('minutes.dateHint')} optionalText={t('minutes.optional')} value={form.nextDate} onChange={(v) => edit((f) => ({ ...f, nextDate: String(v ?? '') }))} {...err('next-date')} />
        <TextInput id="next-time" labelText={t('minutes.nextTime')} hintText={t('minutes.timeHint')} optionalText={t('minutes.optional')} value={form.nextTime} onChange={(v) => edit((f) => ({ ...f, nextTime: String(v ?? '') }))} {...err('next-time')} />
      </Row>
      <TextInput id="next-note" labelText={t('minutes.nextNote')} optionalText={t('minutes.optional')} value={form.nextNote} onChange={(v) => edit((f) => ({ ...f, nextNote: String(v ?? '') }))} fullWidth style={{ marginTop: tokens.spacing.s }}
        {...limit('next-note', form.nextNote)} {...err('next-note')} />

      <Row style={{ marginTop: tokens.spacing.l }}>
        <Button id="finalise" onClick={(e) => setConfirming(e.currentTarget as HTMLElement)}>{t('minutes.finalise')}</Button>
        <Button variant="secondary" id="save-now" onClick={() => void flush()}>{t('minutes.saveNow')}</Button>
      </Row>
      {confirming !== null && (
        <Modal visible appElementId="root" onEscKeyDown={() => { confirming.focus(); setConfirming(null); }} ariaLabelledBy="finalise-title" variant="default">
          <ModalContent>
            <ModalTitle id="finalise-title">{t('minutes.finaliseTitle')}</ModalTitle>
            <Paragraph>{t('minutes.finaliseBody')}</Paragraph>
            {finaliseError !== null && <InlineAlert status="error" id="finalise-error" mt="m">{finaliseError}</InlineAlert>}
          </ModalContent>
          <ModalFooter>
            <Button id="finalise-confirm" onClick={() => void finalise()} disabled={finalising}>{t('minutes.finaliseConfirm')}</Button>
            <Button variant="secondary" id="finalise-cancel" onClick={() => { confirming.focus(); setConfirming(null); }}>{t('minutes.cancel')}</Button>
          </ModalFooter>
        </Modal>
      )}
    </form>
  );
}

/** A correction of final minutes: its reason, then a new draft version that points to this one. */
function Correction({ minutes, onDone }: { minutes: Minutes; onDone: (version: number) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<HTMLElement | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const firstRef = useRef<HTMLTextAreaElement>(null);
  const correct = useMutation({
    mutationFn: () => unwrap(api.POST('/api/minutes/{id}/corrections', { params: { path: { id: minutes.id } }, body: { reason } })),
    onSuccess: (m) => {
      setOpen(null);
      onDone(m.version);
    },
    onError: (e: Error) => setProblem(e instanceof ApiError && e.fields[0] ? e.fields[0].reason : e.message),
  });
  const close = () => {
    open?.focus();
    setOpen(null);
  };
  return (
    <>
      <Button variant="secondary" id="correct" onClick={(e) => { setReason(''); setProblem(null); setOpen(e.currentTarget as HTMLElement); }}>{t('minutes.correct')}</Button>
      {open !== null && (
        <Modal visible appElementId="root" onEscKeyDown={close} focusOnOpenRef={firstRef} ariaLabelledBy="correct-title" variant="default">
          <ModalContent>
            <ModalTitle id="correct-title">{t('minutes.correctTitle', { version: minutes.version })}</ModalTitle>
            <Paragraph mb="m">{t('minutes.correctBody')}</Paragraph>
            <Textarea
              id="correction-reason"
              forwardedRef={firstRef}
              labelText={t('minutes.correctionReason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              fullWidth
              rows={3}
              status={problem !== null ? 'error' : 'default'}
              statusText={problem ?? undefined}
            />
          </ModalContent>
          <ModalFooter>
            <Button
              id="correction-confirm"
              disabled={correct.isPending}
              onClick={() => {
                if (!reason.trim()) setProblem(t('minutes.errors.required'));
                else correct.mutate();
              }}
            >
              {t('minutes.correctConfirm')}
            </Button>
            <Button variant="secondary" id="correction-cancel" onClick={close}>{t('minutes.cancel')}</Button>
          </ModalFooter>
        </Modal>
      )}
    </>
  );
}

function PdfLink({ minutes }: { minutes: Minutes }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState<string | null>(null);
  const download = async () => {
    const { data, response } = await api.GET('/api/minutes/{id}/pdf', { params: { path: { id: minutes.id } }, parseAs: 'blob' });
    if (!response.ok || data === undefined) {
      setFailed(t('minutes.pdfFailed', { code: response.status }));
      return;
    }
    saveBlob(data as Blob, `${t('minutes.fileName')}-v${minutes.version}.pdf`);
  };
  return (
    <Row style={{ marginBottom: tokens.spacing.m }}>
      <Button variant="secondary" id="download-pdf" onClick={() => void download()}>{t('minutes.downloadPdf')}</Button>
      {failed !== null && <InlineAlert status="error">{failed}</InlineAlert>}
    </Row>
  );
}

/** Offers a downloaded file to the person (the PDF is never kept anywhere else on the device by the app). */
export function saveBlob(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

function Receipts({ minutesId }: { minutesId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const receipts = useQuery({
    queryKey: ['minutes-receipts', minutesId],
    queryFn: async () => (await unwrap(api.GET('/api/minutes/{id}/receipts', { params: { path: { id: minutesId } } }))) as Receipt[],
  });
  return (
    <Card>
      <Heading variant="h2" mb="s">{t('minutes.receipts.title')}</Heading>
      <Paragraph mb="s">{t('minutes.receipts.intro')}</Paragraph>
      {receipts.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
      {receipts.isError && <InlineAlert status="error">{t('common.loadFailed', { reason: receipts.error.message })}</InlineAlert>}
      {receipts.data !== undefined && (
        <Table id="receipts">
          <thead>
            <tr><th scope="col">{t('minutes.receipts.who')}</th><th scope="col">{t('minutes.receipts.notice')}</th><th scope="col">{t('minutes.receipts.read')}</th></tr>
          </thead>
          <tbody>
            {receipts.data.map((r) => (
              <tr key={r.participantId} data-participant={r.participantId}>
                <td>{r.name}{r.organisation ? ` (${r.organisation})` : ''}</td>
                <td>
                  {r.notice === null ? '–' : r.notice.status === 'sent' && r.notice.sentAt ? t('minutes.receipts.sentAt', { time: formatDateTime(r.notice.sentAt, lang) }) : t(`minutes.receipts.status.${r.notice.status}`, { defaultValue: r.notice.status })}
                  {r.notice?.reason ? ` – ${r.notice.reason}` : ''}
                </td>
                <td>
                  {r.read === null
                    ? r.kind === 'staff' ? t('minutes.receipts.staffReads') : t('minutes.receipts.notRead')
                    : t('minutes.receipts.readAt', { time: formatDateTime(r.read.lastAt, lang), count: r.read.reads, downloads: r.read.downloads })}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

function Versions({ versions, shownId, onPick }: { versions: Minutes[]; shownId: string; onPick: (v: number) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (versions.length < 2) return null;
  return (
    <Card>
      <Heading variant="h2" mb="s">{t('minutes.versions')}</Heading>
      <ol id="minutes-versions">
        {[...versions].reverse().map((v) => (
          <li key={v.id}>
            {v.id === shownId ? (
              <strong aria-current="true">{t('minutes.versionN', { version: v.version })}</strong>
            ) : (
              <Button variant="secondaryNoBorder" id={`show-version-${v.version}`} onClick={() => onPick(v.version)}>{t('minutes.versionN', { version: v.version })}</Button>
            )}
            {' – '}
            {v.status === 'draft' ? t('minutes.statusDraft') : t('minutes.statusFinalised', { time: v.finalisedAt ? formatDateTime(v.finalisedAt, lang) : '' })}
            {v.correctionReason ? ` – ${t('minutes.reason', { reason: v.correctionReason })}` : ''}
          </li>
        ))}
      </ol>
    </Card>
  );
}
