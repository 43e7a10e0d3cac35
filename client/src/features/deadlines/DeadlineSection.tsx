import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { useCan } from '../../app/SessionProvider';
import { useT } from '../../i18n';
import { Field } from '../../ui/Field';
import { fmt } from '../../ui/format';
import { useErrorMessage } from '../../ui/States';
import { useToast } from '../../ui/Toast';
import { errorsByField, invalidProps } from '../../ui/user-errors';
import { GrantDeadlineExtensionMutation, WithdrawDeadlineExtensionMutation } from './deadline.mutation';
import { ProjectDeadlineQuery } from './deadline.query';
import './deadlines.i18n';

/**
 * "Eindrapportage" on the project page: the effective final-report deadline (the municipality's
 * extension, else the period's date), whether it is overdue, and for reviewers the form to grant,
 * change or withdraw the municipality's extension. Only funded projects owe a final report.
 */
export function DeadlineSection({ projectId }: { projectId: string }) {
  const { t, i18n } = useT('deadlines');
  const reviewer = useCan('ADMIN', 'REVIEWER');
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const { data, refetch } = useQuery(ProjectDeadlineQuery, { variables: { id: projectId } });
  const [grant, { loading: granting }] = useMutation(GrantDeadlineExtensionMutation);
  const [withdraw, { loading: withdrawing }] = useMutation(WithdrawDeadlineExtensionMutation);
  const [dueOn, setDueOn] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);

  const project = data?.project;
  if (!project || (project.status !== 'APPROVED' && project.status !== 'CLOSED')) return null;
  const extension = project.deadlineExtension;
  const municipality = project.leadMunicipality.name;
  const periodDate = fmt.date(project.fundingPeriod.finalReportDueOn);
  const final = project.fundingPeriod.reportStatus === 'FINAL';

  const translate = (field: string, code: string): string | null => {
    const key = `refusals.${field}.${code}`;
    return i18n.exists(key, { ns: 'deadlines' }) ? t(key) : null;
  };

  async function onGrant(event: FormEvent) {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!dueOn) local.dueOn = t('refusals.dueOn.REQUIRED');
    else if (dueOn <= project!.fundingPeriod.finalReportDueOn) local.dueOn = t('refusals.dueOn.INVALID');
    if (!reason.trim()) local.reason = t('refusals.reason.REQUIRED');
    setErrors(local);
    if (Object.keys(local).length > 0) return setSummary(t('problems'));
    setSummary(null);
    try {
      const result = await grant({
        variables: { input: { municipalityId: project!.leadMunicipality.id, fundingPeriodId: project!.fundingPeriod.id, dueOn, reason: reason.trim() } },
      });
      const payload = result.data?.grantDeadlineExtension;
      if (!payload) return;
      if (payload.userErrors.length > 0) {
        const byField = errorsByField(payload.userErrors, translate);
        setErrors(byField);
        return setSummary([t('problems'), ...Object.entries(byField).filter(([f]) => f !== 'dueOn' && f !== 'reason').map(([, m]) => m)].join(' '));
      }
      toast(t('granted', { date: fmt.date(dueOn) }));
      setDueOn('');
      setReason('');
      await refetch();
    } catch (error) {
      setSummary(t('failed', { message: errorMessage(error as Error) }));
    }
  }

  async function onWithdraw() {
    if (!extension) return;
    try {
      const result = await withdraw({ variables: { input: { id: extension.id } } });
      const problems = result.data?.withdrawDeadlineExtension.userErrors ?? [];
      if (problems.length > 0) return setSummary(problems.map((e) => e.message).join(' '));
      toast(t('withdrawn'));
      await refetch();
    } catch (error) {
      setSummary(t('failed', { message: errorMessage(error as Error) }));
    }
  }

  return (
    <section aria-labelledby="deadline-title" className="deadline">
      <h2 id="deadline-title">{t('title')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('dueOn')}</dt>
          <dd>
            <span data-testid="final-report-due">{fmt.date(project.finalReportDueOn)}</span>{' '}
            {project.finalReportOverdue && <span className="badge bad">{t('overdue')}</span>}
          </dd>
        </div>
      </dl>
      {extension ? (
        <p>
          {t('extension', { municipality, date: fmt.date(extension.dueOn), by: extension.grantedBy, when: fmt.date(extension.grantedAt), reason: extension.reason })}
        </p>
      ) : null}
      <p className="hint">{t('periodDueOn', { date: periodDate })}</p>
      {reviewer && !final && (
        <form className="form" onSubmit={(e) => void onGrant(e)} noValidate aria-labelledby="deadline-grant-title">
          <h3 id="deadline-grant-title">{extension ? t('change') : t('grantTitle')}</h3>
          <p id="deadline-grant-hint">{t('grantHint', { municipality, date: periodDate })}</p>
          {summary && <div role="alert">{summary}</div>}
          <Field id="deadline-due" label={t('newDate')} error={errors.dueOn}>
            <input {...invalidProps('deadline-due', errors.dueOn, 'deadline-grant-hint')} type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
          </Field>
          <Field id="deadline-reason" label={t('reason')} error={errors.reason}>
            <textarea {...invalidProps('deadline-reason', errors.reason)} maxLength={500} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <div className="actions">
            <button type="submit" disabled={granting}>
              {granting ? t('saving') : extension ? t('change') : t('grant')}
            </button>
            {extension && (
              <button type="button" className="secondary" disabled={withdrawing} onClick={() => void onWithdraw()}>
                {t('withdraw')}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
