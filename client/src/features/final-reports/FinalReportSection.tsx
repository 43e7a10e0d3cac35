import { useMutation, useQuery } from '@apollo/client/react';
import { FINAL_REPORT_SETTLED } from '@schoolmix/shared';
import { useState } from 'react';
import type { FinalReportFieldsFragment, FinalReportStatus } from '../../gql/graphql';
import { useT } from '../../i18n';
import { Field } from '../../ui/Field';
import { fmt } from '../../ui/format';
import { Skeleton } from '../../ui/Skeleton';
import { ErrorState, useErrorMessage } from '../../ui/States';
import { DataTable } from '../../ui/DataTable';
import { useToast } from '../../ui/Toast';
import { errorsByField, fieldOf, invalidProps, type UserErrorLike } from '../../ui/user-errors';
import { ReviewFinalReportMutation, SaveFinalReportMutation, SubmitFinalReportMutation, WaiveFinalReportMutation } from './final-report.mutation';
import { FinalReportQuery } from './final-report.query';
import './final-reports.i18n';
import './final-reports.css';

type Report = FinalReportFieldsFragment;
const NARRATIVE = ['whatWasDone', 'whatWorked', 'obstacles'] as const;
type Narrative = Record<(typeof NARRATIVE)[number], string>;
const WRITABLE: readonly FinalReportStatus[] = ['DRAFT', 'CHANGES_REQUESTED'];

/** A figure key of the API (`byEventType.SCHOOL_VISIT.reached`) as its i18n key. */
const figureKey = (figure: string) => `figures.names.${figure.replace(/\./g, '_')}`;

/**
 * "Eindrapport" on a funded project's page: the coordinator writes and submits the narrative
 * (submitting freezes the figures), the reviewer accepts it (the project closes), asks for
 * changes with a note, or waives it with a reason. The frozen figures stand next to every figure
 * that differs now.
 */
export function FinalReportSection({
  project,
  canWrite,
  canReview,
}: {
  project: { id: string; status: string };
  canWrite: boolean;
  canReview: boolean;
}) {
  const { t } = useT('finalReports');
  const { data, error, refetch } = useQuery(FinalReportQuery, { variables: { id: project.id } });
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return <Skeleton lines={4} />;
  const report = data.project?.finalReport ?? null;
  const status = report?.status ?? null;
  const writable = canWrite && project.status === 'APPROVED' && (!status || WRITABLE.includes(status));
  const reviewable = canReview && status === 'SUBMITTED' && project.status === 'APPROVED';
  const waivable = canReview && (!status || !FINAL_REPORT_SETTLED.includes(status));
  const reload = () => void refetch();

  return (
    <section aria-labelledby="final-report-title" className="final-report">
      <h2 id="final-report-title">{t('section.title')}</h2>
      <p>{t('section.intro')}</p>
      <dl className="facts">
        <dt>{t('section.status')}</dt>
        <dd>
          <span className={`final-status final-status-${(status ?? 'NONE').toLowerCase()}`}>{t(`status.${status ?? 'NONE'}`)}</span>
        </dd>
        {report?.submittedAt && (
          <>
            <dt>{t('status.SUBMITTED')}</dt>
            <dd>{t('section.submitted', { date: fmt.date(report.submittedAt), who: report.submittedBy ?? '—' })}</dd>
          </>
        )}
        {report?.reviewedAt && (
          <>
            <dt>{t('review.title')}</dt>
            <dd>{t('section.reviewed', { date: fmt.date(report.reviewedAt), who: report.reviewedBy ?? '—' })}</dd>
          </>
        )}
        {report?.reviewNote && (
          <>
            <dt>{status === 'CHANGES_REQUESTED' ? t('section.changesRequested') : t('section.reviewNote')}</dt>
            <dd className="review-note">{report.reviewNote}</dd>
          </>
        )}
        {report?.waiverReason && (
          <>
            <dt>{t('section.waiverReason')}</dt>
            <dd>{report.waiverReason}</dd>
          </>
        )}
      </dl>
      {writable ? <NarrativeForm projectId={project.id} report={report} onStale={reload} /> : report && <NarrativeText report={report} />}
      {report?.snapshot && <Figures report={report} />}
      {reviewable && <ReviewForm projectId={project.id} report={report!} onStale={reload} />}
      {waivable && <WaiveForm projectId={project.id} report={report} onStale={reload} />}
    </section>
  );
}

export function NarrativeText({ report }: { report: Report }) {
  const { t } = useT('finalReports');
  return (
    <dl className="narrative">
      {NARRATIVE.map((field) => (
        <div key={field}>
          <dt>{t(`section.${field}`)}</dt>
          <dd>{report[field] || t('section.empty')}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Maps userErrors to fields (Dutch text for codes the screen knows) and the rest to a summary. */
function useProblems(fields: readonly string[]) {
  const { t, i18n } = useT('finalReports');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const translate = (_field: string, code: string) => (i18n.exists(`errors.${code}`, { ns: 'finalReports' }) ? t(`errors.${code}`) : null);
  return {
    errors,
    summary,
    clear() {
      setErrors({});
      setSummary(null);
    },
    local(byField: Record<string, string>) {
      setErrors(byField);
      setSummary(t('section.problems'));
    },
    fail(userErrors: readonly UserErrorLike[]) {
      const byField = errorsByField(userErrors, translate);
      setErrors(byField);
      const other = userErrors.filter((e) => !fields.includes(fieldOf(e))).map((e) => byField[fieldOf(e)]);
      setSummary([t('section.problems'), ...new Set(other)].join(' '));
    },
    failed(message: string) {
      setSummary(t('section.failed', { message }));
    },
  };
}

const staleCodes = (errors: readonly UserErrorLike[]) => errors.some((e) => e.code === 'STALE_VERSION' || e.code === 'INVALID_TRANSITION');

function NarrativeForm({ projectId, report, onStale }: { projectId: string; report: Report | null; onStale: () => void }) {
  const { t } = useT('finalReports');
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const [text, setText] = useState<Narrative>({ whatWasDone: report?.whatWasDone ?? '', whatWorked: report?.whatWorked ?? '', obstacles: report?.obstacles ?? '' });
  const problems = useProblems(NARRATIVE);
  const [save, saving] = useMutation(SaveFinalReportMutation);
  const [submit, submitting] = useMutation(SubmitFinalReportMutation);
  const busy = saving.loading || submitting.loading;

  async function send(kind: 'save' | 'submit') {
    problems.clear();
    if (kind === 'submit') {
      const missing = Object.fromEntries(NARRATIVE.filter((f) => !text[f].trim()).map((f) => [f, t('section.required')]));
      if (Object.keys(missing).length > 0) return problems.local(missing);
    }
    const input = { projectId, ...(report ? { version: report.version } : {}), ...text };
    try {
      const result = kind === 'save' ? (await save({ variables: { input } })).data?.saveFinalReport : (await submit({ variables: { input } })).data?.submitFinalReport;
      if (!result) return;
      if (result.userErrors.length > 0) {
        problems.fail(result.userErrors);
        if (staleCodes(result.userErrors)) onStale();
        return;
      }
      toast(kind === 'save' ? t('section.saved') : t('section.submittedToast'));
      // The first save creates the report: the project's finalReport field must learn about it.
      onStale();
    } catch (error) {
      problems.failed(errorMessage(error as Error));
    }
  }

  return (
    <form className="form" noValidate aria-label={t('section.title')} onSubmit={(e) => (e.preventDefault(), void send('submit'))}>
      {problems.summary && <div role="alert">{problems.summary}</div>}
      {NARRATIVE.map((field) => (
        <Field key={field} id={`final-${field}`} label={t(`section.${field}`)} hint={t('section.narrativeHint')} error={problems.errors[field]}>
          <textarea
            {...invalidProps(`final-${field}`, problems.errors[field], `final-${field}-hint`)}
            rows={4}
            maxLength={5000}
            value={text[field]}
            onChange={(e) => setText({ ...text, [field]: e.target.value })}
          />
        </Field>
      ))}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('section.busy') : t('section.submit')}
        </button>
        <button type="button" disabled={busy} onClick={() => void send('save')}>
          {t('section.save')}
        </button>
      </div>
    </form>
  );
}

export function Figures({ report }: { report: Report }) {
  const { t } = useT('finalReports');
  const s = report.snapshot!;
  const rows: [string, string][] = [
    ['reached', fmt.int(s.reached)],
    ['target', fmt.int(s.target)],
    ...s.byEventType.map((b): [string, string] => [`byEventType.${b.type}.reached`, fmt.int(b.reached)]),
    ['eventsHeld', fmt.int(s.eventsHeld)],
    ...s.byEventType.map((b): [string, string] => [`byEventType.${b.type}.eventsHeld`, fmt.int(b.eventsHeld)]),
    ['families.withIndicator', fmt.int(s.families.withIndicator)],
    ['families.withoutIndicator', fmt.int(s.families.withoutIndicator)],
    ['families.indicatorUnknown', fmt.int(s.families.indicatorUnknown)],
    ['families.withSpecialNeeds', fmt.int(s.families.withSpecialNeeds)],
    ['subsidyGranted', fmt.euro(s.subsidyGranted)],
    ['earnedSubsidy', fmt.euro(s.earnedSubsidy)],
  ];
  const value = (v: number, money: boolean) => (money ? fmt.euro(v) : fmt.int(v));
  return (
    <>
      <h3>{t('figures.snapshotTitle')}</h3>
      <DataTable
        caption={t('figures.snapshotCaption')}
        captionHidden
        rows={rows}
        rowKey={([figure]) => figure}
        columns={[
          { key: 'figure', header: t('figures.figure'), rowHeader: true, cell: ([figure]) => t(figureKey(figure)) },
          { key: 'value', header: t('figures.value'), numeric: true, cell: ([, shown]) => shown },
        ]}
      />
      <h3>{t('figures.differencesTitle')}</h3>
      {report.differences.length === 0 ? (
        <p>{t('figures.noDifferences')}</p>
      ) : (
        <>
          <p>{t('figures.differencesIntro')}</p>
          <DataTable
            caption={t('figures.differencesCaption')}
            captionHidden
            className="differences"
            rows={report.differences}
            rowKey={(d) => d.figure}
            columns={[
              { key: 'figure', header: t('figures.figure'), rowHeader: true, cell: (d) => t(figureKey(d.figure)) },
              { key: 'atSubmission', header: t('figures.atSubmission'), numeric: true, cell: (d) => value(d.snapshot, d.money) },
              { key: 'now', header: t('figures.now'), numeric: true, cell: (d) => value(d.live, d.money) },
            ]}
          />
        </>
      )}
    </>
  );
}

function ReviewForm({ projectId, report, onStale }: { projectId: string; report: Report; onStale: () => void }) {
  const { t } = useT('finalReports');
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const [note, setNote] = useState('');
  const problems = useProblems(['note']);
  const [review, { loading }] = useMutation(ReviewFinalReportMutation);

  async function decide(decision: 'ACCEPT' | 'REQUEST_CHANGES') {
    problems.clear();
    if (decision === 'REQUEST_CHANGES' && !note.trim()) return problems.local({ note: t('review.noteRequired') });
    try {
      const input = { projectId, version: report.version, decision, ...(note.trim() ? { note: note.trim() } : {}) };
      const payload = (await review({ variables: { input } })).data?.reviewFinalReport;
      if (!payload) return;
      if (payload.userErrors.length > 0) {
        problems.fail(payload.userErrors);
        if (staleCodes(payload.userErrors)) onStale();
        return;
      }
      toast(decision === 'ACCEPT' ? t('review.accepted') : t('review.changesRequested'));
    } catch (error) {
      problems.failed(errorMessage(error as Error));
    }
  }

  return (
    <form className="form review" noValidate aria-label={t('review.title')} onSubmit={(e) => (e.preventDefault(), void decide('ACCEPT'))}>
      <h3>{t('review.title')}</h3>
      {problems.summary && <div role="alert">{problems.summary}</div>}
      <Field id="final-review-note" label={t('review.note')} hint={t('review.noteHint')} error={problems.errors.note}>
        <textarea {...invalidProps('final-review-note', problems.errors.note, 'final-review-note-hint')} rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={loading}>
          {t('review.accept')}
        </button>
        <button type="button" disabled={loading} onClick={() => void decide('REQUEST_CHANGES')}>
          {t('review.requestChanges')}
        </button>
      </div>
    </form>
  );
}

function WaiveForm({ projectId, report, onStale }: { projectId: string; report: Report | null; onStale: () => void }) {
  const { t } = useT('finalReports');
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const [reason, setReason] = useState('');
  const problems = useProblems(['reason']);
  const [waive, { loading }] = useMutation(WaiveFinalReportMutation);

  async function send() {
    problems.clear();
    if (!reason.trim()) return problems.local({ reason: t('review.reasonRequired') });
    try {
      const input = { projectId, ...(report ? { version: report.version } : {}), reason: reason.trim() };
      const payload = (await waive({ variables: { input } })).data?.waiveFinalReport;
      if (!payload) return;
      if (payload.userErrors.length > 0) {
        problems.fail(payload.userErrors);
        if (staleCodes(payload.userErrors)) onStale();
        return;
      }
      toast(t('review.waived'));
      onStale();
    } catch (error) {
      problems.failed(errorMessage(error as Error));
    }
  }

  return (
    <details className="waiver">
      <summary>{t('review.waiveTitle')}</summary>
      <form className="form" noValidate aria-label={t('review.waiveTitle')} onSubmit={(e) => (e.preventDefault(), void send())}>
        <p>{t('review.waiveIntro')}</p>
        {problems.summary && <div role="alert">{problems.summary}</div>}
        <Field id="final-waive-reason" label={t('review.reason')} error={problems.errors.reason}>
          <textarea {...invalidProps('final-waive-reason', problems.errors.reason)} rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="danger" disabled={loading}>
            {t('review.waive')}
          </button>
        </div>
      </form>
    </details>
  );
}
