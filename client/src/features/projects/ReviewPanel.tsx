import { useMutation } from '@apollo/client/react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { hasForecast, periodPhase, useProgressWords } from '../../app/progress';
import type { ProjectDetailQuery, ProjectReviewMutation as ProjectReviewData, ReviewDecision } from '../../gql/graphql';
import { useT } from '../../i18n';
import { Field } from '../../ui/Field';
import { fmt } from '../../ui/format';
import { useErrorMessage } from '../../ui/States';
import { useToast } from '../../ui/Toast';
import { errorsByField, invalidProps } from '../../ui/user-errors';
import { formatAmount, parseEuro } from './money';
import { ProjectReviewMutation } from './project-review.mutation';

type Project = NonNullable<ProjectDetailQuery['project']>;

/** Fields of the form; userErrors on other fields (version, id) go into the summary. */
const FORM_FIELDS = ['subsidyGranted', 'note'];

/**
 * A reviewer's decision on a submitted project: approve with the granted subsidy (default: the
 * requested amount), send back for changes with a note (SUBMITTED → DRAFT), or reject with a note. The status changes on screen at once (optimistic);
 * if the server refuses, it changes back and the errors stand next to their fields.
 */
export function ReviewPanel({ project, onStale }: { project: Project; onStale: () => void }) {
  const { t, i18n } = useT('projects');
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const [amount, setAmount] = useState(() => formatAmount(project.subsidyRequested));
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [decided, setDecided] = useState<string | null>(null);
  // Asked first (issue 18): approving after the period's last day (nothing can count any more), and rejecting (the amount).
  const [ask, setAsk] = useState<'late' | 'reject' | null>(null);
  const words = useProgressWords();
  const late = !hasForecast(periodPhase(project.fundingPeriod));
  const lateRef = useRef<HTMLHeadingElement>(null);
  const [review, { loading }] = useMutation(ProjectReviewMutation);
  const summaryRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (decided) doneRef.current?.focus();
  }, [decided]);
  useEffect(() => {
    if (summary) summaryRef.current?.focus();
  }, [summary]);
  useEffect(() => {
    if (ask) lateRef.current?.focus();
  }, [ask]);

  if (project.status !== 'SUBMITTED' && !loading && !decided) return null;

  const requested = fmt.euro(project.subsidyRequested);
  const translate = (field: string, code: string): string | null => {
    const key = `review.errors.${field}.${code}`;
    return i18n.exists(key, { ns: 'projects' }) ? t(key, { requested }) : null;
  };

  function fail(byField: Record<string, string>) {
    setErrors(byField);
    const other = Object.entries(byField)
      .filter(([field]) => !FORM_FIELDS.includes(field))
      .map(([, message]) => message);
    setSummary([t('review.problems'), ...other].join(' '));
  }

  async function decide(decision: ReviewDecision, confirmed = false) {
    const local: Record<string, string> = {};
    const granted = decision === 'APPROVE' ? parseEuro(amount) : null;
    if (decision === 'APPROVE' && granted == null) local.subsidyGranted = t('review.amountInvalid');
    if (decision === 'REJECT' && !note.trim()) local.note = t('review.noteRequired');
    if (decision === 'SEND_BACK' && !note.trim()) local.note = t('review.sendBackNoteRequired');
    if (Object.keys(local).length > 0) {
      fail(local);
      return;
    }
    setErrors({});
    setSummary(null);
    if (!confirmed && ((decision === 'APPROVE' && late) || decision === 'REJECT')) {
      setAsk(decision === 'REJECT' ? 'reject' : 'late');
      return;
    }
    setAsk(null);
    const input = {
      id: project.id,
      version: project.version,
      decision,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(decision === 'APPROVE' ? { subsidyGranted: granted } : {}),
    };
    try {
      const result = await review({
        variables: { input },
        // __typename lets the cache update Project:<id> at once (the generated types leave it out).
        optimisticResponse: {
          reviewProject: {
            __typename: 'ReviewProjectPayload',
            project: {
              __typename: 'Project',
              id: project.id,
              status: decision === 'APPROVE' ? 'APPROVED' : decision === 'SEND_BACK' ? 'DRAFT' : 'REJECTED',
              version: project.version + 1,
              subsidyGranted: decision === 'APPROVE' ? granted : null,
              reviewNote: note.trim() || null,
              reviewedAt: new Date().toISOString(),
              transitions: project.transitions,
            },
            userErrors: [],
          },
        } as ProjectReviewData,
      });
      const payload = result.data?.reviewProject;
      if (!payload) return;
      if (payload.userErrors.length > 0) {
        fail(errorsByField(payload.userErrors, translate));
        if (payload.userErrors.some((e) => e.code === 'STALE_VERSION' || e.code === 'INVALID_TRANSITION')) onStale();
        return;
      }
      const message =
        decision === 'APPROVE' ? t('review.approved', { amount: fmt.euro(payload.project?.subsidyGranted) }) : decision === 'SEND_BACK' ? t('review.sentBack') : t('review.rejected');
      if (decision === 'SEND_BACK') onStale();
      setDecided(message);
      toast(message);
    } catch (error) {
      setSummary(t('review.failed', { message: errorMessage(error as Error) }));
    }
  }

  if (decided) {
    return (
      <section aria-labelledby="review-title" className="review">
        <h2 id="review-title">{t('review.title')}</h2>
        <p ref={doneRef} tabIndex={-1}>
          {decided}
        </p>
      </section>
    );
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void decide('APPROVE');
  };

  return (
    <section aria-labelledby="review-title" className="review">
      <h2 id="review-title">{t('review.title')}</h2>
      <p>{t('review.intro')}</p>
      <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="review-title">
        {summary && (
          <div role="alert" ref={summaryRef} tabIndex={-1}>
            {summary}
          </div>
        )}
        <Field id="review-granted" label={t('review.granted')} hint={t('review.grantedHint', { requested })} error={errors.subsidyGranted}>
          <input
            {...invalidProps('review-granted', errors.subsidyGranted, 'review-granted-hint')}
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </Field>
        <Field id="review-note" label={t('review.note')} hint={t('review.noteHint')} error={errors.note}>
          <textarea {...invalidProps('review-note', errors.note, 'review-note-hint')} rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        {ask === 'late' && (
          <section className="confirm-panel" aria-labelledby="late-approval-title">
            <h3 id="late-approval-title" ref={lateRef} tabIndex={-1}>
              {words.t('lateApproval.title')}
            </h3>
            <p>{words.t('lateApproval.text', { period: project.fundingPeriod.label, endsOn: fmt.date(project.fundingPeriod.endsOn) })}</p>
            <div className="form-actions">
              <button type="button" className="primary" disabled={loading} onClick={() => void decide('APPROVE', true)}>
                {words.t('lateApproval.confirm')}
              </button>
              <button type="button" disabled={loading} onClick={() => setAsk(null)}>
                {words.t('lateApproval.back')}
              </button>
            </div>
          </section>
        )}
        {ask === 'reject' && (
          <section className="confirm-panel" aria-labelledby="reject-confirm-title">
            <h3 id="reject-confirm-title" ref={lateRef} tabIndex={-1}>
              {words.t('rejectConfirm.title')}
            </h3>
            <p>{words.t('rejectConfirm.text', { requested })}</p>
            <div className="form-actions">
              <button type="button" className="danger" disabled={loading} onClick={() => void decide('REJECT', true)}>
                {words.t('rejectConfirm.confirm')}
              </button>
              <button type="button" disabled={loading} onClick={() => setAsk(null)}>
                {words.t('rejectConfirm.back')}
              </button>
            </div>
          </section>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={loading || ask !== null}>
            {loading ? t('review.busy') : t('review.approve')}
          </button>
          <button type="button" disabled={loading} onClick={() => void decide('SEND_BACK')}>
            {t('review.sendBack')}
          </button>
          <button type="button" className="danger" disabled={loading} onClick={() => void decide('REJECT')}>
            {t('review.reject')}
          </button>
        </div>
      </form>
    </section>
  );
}
