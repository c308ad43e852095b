import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Modal, ModalContent, ModalFooter, ModalTitle, Paragraph, Text, Textarea } from 'suomifi-ui-components';
import { ApiError, api, reasonOf, unwrap } from '../api/client';
import { formatDate, formatDateTime } from '../lib/time';
import { useLang } from '../lib/use-lang';

/** GET /api/consents/:id (apps/api consents.service ConsentView): the fields this panel shows. */
export interface ConsentView {
  id: string;
  givenBy: 'client' | 'guardian';
  givenByName: string;
  purpose: string;
  givenAt: string;
  validUntil: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  state: 'active' | 'withdrawn' | 'expired' | 'not_yet_valid';
}

/** the API's limit of the withdrawal reason (apps/api consent.dto.ts WithdrawConsentDto.reason) */
export const WITHDRAWAL_REASON_MAX = 2000;

/**
 * The consent of an identified request (its state, who gave it, when it was withdrawn) and, while it is in
 * force, "Peru suostumus": a nurse told "I withdraw my consent" records it here. The dialog says what
 * happens at once (README "Withdrawing a consent: what happens at once": outside participants' guest
 * links are revoked and their pending messages withheld, organisers get a notice, a call in progress drops
 * them; the family keeps its own access), asks the reason (optional, as for the API; max 2,000 characters) and
 * POSTs /api/consents/:id/withdraw. Only the client's own workers may withdraw (libs/domain clientDecision):
 * a 403 is said plainly; 409 (withdrawn already, by someone else meanwhile) reloads the consent.
 */
export function ConsentPanel({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null) as React.RefObject<HTMLButtonElement>;
  const consent = useQuery({
    queryKey: ['request-consent-view', requestId],
    queryFn: async (): Promise<ConsentView | null> => {
      const r = (await unwrap(api.GET('/api/requests/{id}', { params: { path: { id: requestId } } }))) as unknown as { consentId: string | null };
      if (r.consentId === null) return null;
      return (await unwrap(api.GET('/api/consents/{id}', { params: { path: { id: r.consentId } } }))) as unknown as ConsentView;
    },
  });
  const c = consent.data;
  if (consent.isPending || consent.isError || c === undefined || c === null) return null;
  const close = () => { setOpen(false); opener.current?.focus(); };
  return (
    <div className="consent" data-consent-id={c.id} data-state={c.state}>
      <Paragraph className="consent-state">
        <Text variant="bold">{t('consent.label')}: </Text>
        {c.state === 'withdrawn' && c.withdrawnAt !== null
          ? t('consent.withdrawnAt', { date: formatDate(c.withdrawnAt, lang) })
          : t(`consent.state.${c.state}`, { date: c.validUntil !== null ? formatDate(c.validUntil, lang) : '' })}
        {' '}<Text>{t('consent.givenBy', { name: c.givenByName, date: formatDate(c.givenAt, lang) })}</Text>
      </Paragraph>
      {c.state === 'withdrawn' && c.withdrawalReason !== null && c.withdrawalReason !== '' && (
        <Paragraph className="consent-withdrawal-reason"><Text variant="bold">{t('consent.reasonShown')}: </Text>{c.withdrawalReason}</Paragraph>
      )}
      {c.state !== 'withdrawn' && c.state !== 'expired' && (
        <Button variant="secondary" className="withdraw-consent" forwardedRef={opener} onClick={() => setOpen(true)}>{t('consent.withdraw')}</Button>
      )}
      {open && (
        <WithdrawDialog
          consent={c}
          onClose={close}
          onDone={(saved) => {
            queryClient.setQueryData(['request-consent-view', requestId], saved);
            // everything shown about the case may change at once (Home's list, a meeting's notices and guest links)
            void queryClient.invalidateQueries();
            setOpen(false);
          }}
          at={(d) => formatDateTime(d, lang)}
        />
      )}
    </div>
  );
}

function WithdrawDialog({ consent, onClose, onDone, at }: { consent: ConsentView; onClose: () => void; onDone: (c: ConsentView) => void; at: (d: string) => string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const first = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const withdraw = useMutation({
    mutationFn: async () =>
      (await unwrap(api.POST('/api/consents/{id}/withdraw', { params: { path: { id: consent.id } }, body: reason.trim() === '' ? {} : { reason: reason.trim() } }))) as unknown as ConsentView,
    onSuccess: onDone,
    onError: (e: Error) => {
      if (e instanceof ApiError && e.status === 403) return setProblem(t('consent.forbidden'));
      if (e instanceof ApiError && e.status === 409) {
        void queryClient.invalidateQueries({ queryKey: ['request-consent-view'] });
        const d = e.details as { withdrawnAt?: string } | undefined;
        return setProblem(t('consent.already', { at: d?.withdrawnAt !== undefined ? at(d.withdrawnAt) : '' }));
      }
      if (e instanceof ApiError && e.status === 404) return setProblem(t('consent.notFound'));
      setProblem(t('consent.failed', { reason: reasonOf(e) }));
    },
  });
  const submit = () => {
    if (reason.trim().length > WITHDRAWAL_REASON_MAX) return setProblem(t('consent.reasonTooLong', { max: WITHDRAWAL_REASON_MAX }));
    setProblem(null);
    withdraw.mutate();
  };
  return (
    <Modal visible appElementId="root" onEscKeyDown={onClose} focusOnOpenRef={first as React.RefObject<HTMLElement>} ariaLabelledBy="withdraw-title" variant="default">
      <ModalContent>
        <ModalTitle id="withdraw-title">{t('consent.withdrawTitle')}</ModalTitle>
        <Paragraph mb="s">{t('consent.whose', { name: consent.givenByName, purpose: consent.purpose })}</Paragraph>
        <Paragraph mb="xs"><Text variant="bold">{t('consent.effectsTitle')}</Text></Paragraph>
        <ul id="withdraw-effects">
          <li><Text>{t('consent.effects.links')}</Text></li>
          <li><Text>{t('consent.effects.messages')}</Text></li>
          <li><Text>{t('consent.effects.call')}</Text></li>
          <li><Text>{t('consent.effects.notice')}</Text></li>
          <li><Text>{t('consent.effects.family')}</Text></li>
        </ul>
        <Paragraph mb="m">{t('consent.irreversible')}</Paragraph>
        <Textarea
          id="withdraw-reason"
          labelText={t('consent.reason')}
          hintText={t('consent.reasonHint')}
          value={reason}
          maxLength={WITHDRAWAL_REASON_MAX}
          onChange={(e) => { setReason(e.target.value); setProblem(null); }}
          forwardedRef={first}
          status={problem !== null ? 'error' : 'default'}
          statusText={problem ?? undefined}
          fullWidth
        />
      </ModalContent>
      <ModalFooter>
        <Button id="withdraw-confirm" onClick={submit} disabled={withdraw.isPending}>{t('consent.withdrawConfirm')}</Button>
        <Button variant="secondary" id="withdraw-back" onClick={onClose}>{t('consent.back')}</Button>
      </ModalFooter>
    </Modal>
  );
}
