import { useMutation, useQuery } from '@apollo/client/react';
import { LIMITS } from '@schoolmix/shared';
import { type FormEvent, useState } from 'react';
import { periodPhase, todayInBrussels, useProgressWords } from '../../app/progress';
import { useCan, useSession } from '../../app/SessionProvider';
import type { PeriodsQuery as PeriodsData } from '../../gql/graphql';
import { useT } from '../../i18n';
import { Field } from '../../ui/Field';
import { fmt } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { ErrorState } from '../../ui/States';
import { DataTable } from '../../ui/DataTable';
import { useToast } from '../../ui/Toast';
import { fieldOf, invalidProps, type UserErrorLike } from '../../ui/user-errors';
import { formatAmount, parseEuro } from '../projects/money';
import { PeriodCloseMutation, PeriodCreateMutation, PeriodReopenMutation, PeriodUpdateMutation } from './periods.mutation';
import { PeriodsQuery } from './periods.query';
import './periods.i18n';
import { FormActions } from '../../ui/FormActions';

type Period = PeriodsData['fundingPeriods']['nodes'][number];

const FIELDS = ['number', 'label', 'startsOn', 'endsOn', 'ratePerHousehold', 'maxHouseholds', 'applicationsOpenOn', 'applicationsCloseOn', 'finalReportDueOn', 'advanceShare'] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<FieldName, string>;
const DATE_FIELDS: readonly FieldName[] = ['startsOn', 'endsOn', 'applicationsOpenOn', 'applicationsCloseOn', 'finalReportDueOn'];

function valuesOf(p: Period | null): Values {
  if (!p) {
    return { number: '', label: '', startsOn: '', endsOn: '', ratePerHousehold: '170,00', maxHouseholds: '300', applicationsOpenOn: '', applicationsCloseOn: '', finalReportDueOn: '', advanceShare: '60' };
  }
  return {
    number: String(p.number),
    label: p.label,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    ratePerHousehold: formatAmount(p.ratePerHousehold),
    maxHouseholds: String(p.maxHouseholds),
    applicationsOpenOn: p.applicationsOpenOn,
    applicationsCloseOn: p.applicationsCloseOn,
    finalReportDueOn: p.finalReportDueOn,
    advanceShare: String(p.advanceShare),
  };
}

/** Administrators: the funding periods, a form to create or edit one, and reopening with a reason. */
export default function PeriodsPage() {
  const { t } = useT('periods');
  const words = useProgressWords();
  const { viewer } = useSession();
  const admin = useCan('ADMIN');
  const { data, error, refetch } = useQuery(PeriodsQuery, { skip: !admin, fetchPolicy: 'cache-and-network' });
  const [editing, setEditing] = useState<Period | 'new' | null>(null);
  const [reopening, setReopening] = useState<Period | null>(null);
  const [closing, setClosing] = useState<Period | null>(null);

  if (!viewer) return <Skeleton lines={6} label={t('loading')} />;
  if (!admin) {
    return (
      <>
        <PageHeader title={t('title')} />
        <p role="alert">{t('notAllowed')}</p>
      </>
    );
  }
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return <Skeleton lines={6} label={t('loading')} />;
  const periods = data.fundingPeriods.nodes;
  const done = () => {
    setEditing(null);
    setReopening(null);
    setClosing(null);
    void refetch();
  };

  return (
    <div className="periods-screen">
      <PageHeader title={t('title')} lead={t('lead')}>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          {t('new')}
        </button>
      </PageHeader>
      {periods.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <DataTable
          caption={t('caption')}
          captionHidden
          rows={periods}
          rowKey={(p) => p.id}
          columns={[
            { key: 'number', header: t('columns.number'), cell: (p) => p.number },
            {
              key: 'label',
              header: t('columns.label'),
              cell: (p) => (
                <>
                  {p.label}
                  {p.reopenedAt && <div className="hint">{t('reopenedOn', { when: fmt.dateTime(p.reopenedAt), reason: p.reopenReason ?? '' })}</div>}
                </>
              ),
            },
            { key: 'dates', header: t('columns.dates'), cell: (p) => `${fmt.date(p.startsOn)} – ${fmt.date(p.endsOn)}` },
            { key: 'rate', header: t('columns.rate'), cell: (p) => fmt.euro(p.ratePerHousehold) },
            { key: 'maxSubsidy', header: t('columns.maxSubsidy'), cell: (p) => `${fmt.euro(p.maxSubsidy)} (${fmt.int(p.maxHouseholds)})` },
            { key: 'window', header: t('columns.window'), cell: (p) => `${fmt.date(p.applicationsOpenOn)} – ${fmt.date(p.applicationsCloseOn)}` },
            { key: 'finalReport', header: t('columns.finalReport'), cell: (p) => fmt.date(p.finalReportDueOn) },
            { key: 'advance', header: t('columns.advance'), cell: (p) => `${p.advanceShare} %` },
            {
              key: 'status',
              header: t('columns.status'),
              // The one period vocabulary (app/progress.ts): lopend, afgelopen (report pending), afgesloten.
              cell: (p) => <span className={`period-phase ${periodPhase(p)}`}>{words.phase(periodPhase(p))}</span>,
            },
            {
              key: 'actions',
              header: t('columns.actions'),
              cell: (p) => (
                <>
                  <button type="button" onClick={() => setEditing(p)} aria-label={`${t('edit')}: ${p.label}`}>
                    {t('edit')}
                  </button>
                  {p.reportStatus === 'OPEN' && p.endsOn < todayInBrussels() && (
                    <button type="button" onClick={() => setClosing(p)} aria-label={`${t('close')}: ${p.label}`}>
                      {t('close')}
                    </button>
                  )}
                  {p.reportStatus === 'FINAL' && (
                    <button type="button" onClick={() => setReopening(p)} aria-label={`${t('reopen')}: ${p.label}`}>
                      {t('reopen')}
                    </button>
                  )}
                </>
              ),
            },
          ]}
        />
      )}
      {editing && <PeriodForm key={editing === 'new' ? 'new' : `${editing.id}:${editing.version}`} period={editing === 'new' ? null : editing} onDone={done} onCancel={() => setEditing(null)} />}
      {closing && <CloseForm key={closing.id} period={closing} onDone={done} onCancel={() => setClosing(null)} />}
      {reopening && <ReopenForm key={reopening.id} period={reopening} onDone={done} onCancel={() => setReopening(null)} />}
    </div>
  );
}

/** A server refusal in the reader's language: by field and code, else by code, else the server's own (English) text. */
function useRefusal(): (error: UserErrorLike) => string {
  const { t } = useT('periods');
  return (error) => t(`refusals.${fieldOf(error)}.${error.code}`, { defaultValue: '' }) || t(`refusals.${error.code}`, { defaultValue: '' }) || error.message;
}

function PeriodForm({ period, onDone, onCancel }: { period: Period | null; onDone: () => void; onCancel: () => void }) {
  const { t } = useT('periods');
  const toast = useToast();
  const [values, setValues] = useState<Values>(() => valuesOf(period));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [other, setOther] = useState<string[]>([]);
  const [create, created] = useMutation(PeriodCreateMutation);
  const [update, updated] = useMutation(PeriodUpdateMutation);
  const saving = created.loading || updated.loading;
  const heading = period ? t('editTitle', { number: period.number }) : t('newTitle');
  const refusal = useRefusal();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Partial<Record<FieldName, string>> = {};
    for (const f of FIELDS) if (!values[f].trim()) local[f] = t('errors.REQUIRED');
    const int = (f: FieldName) => {
      if (!/^\d+$/.test(values[f].trim())) local[f] ??= t('errors.number');
      return Number(values[f].trim());
    };
    const rate = parseEuro(values.ratePerHousehold);
    if (rate == null) local.ratePerHousehold ??= t('errors.amount');
    const input = {
      number: int('number'),
      label: values.label.trim(),
      startsOn: values.startsOn,
      endsOn: values.endsOn,
      ratePerHousehold: rate ?? 0,
      maxHouseholds: int('maxHouseholds'),
      applicationsOpenOn: values.applicationsOpenOn,
      applicationsCloseOn: values.applicationsCloseOn,
      finalReportDueOn: values.finalReportDueOn,
      advanceShare: int('advanceShare'),
    };
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setOther([]);
      return;
    }
    let userErrors: readonly UserErrorLike[];
    try {
      if (period) {
        const result = await update({ variables: { input: { id: period.id, version: period.version, ...input } } });
        userErrors = result.data?.updateFundingPeriod.userErrors ?? [];
      } else {
        const result = await create({ variables: { input } });
        userErrors = result.data?.createFundingPeriod.userErrors ?? [];
      }
    } catch {
      setOther([t('offline')]);
      return;
    }
    if (userErrors.length > 0) {
      const byField: Partial<Record<FieldName, string>> = {};
      const rest: string[] = [];
      for (const error of userErrors) {
        const field = fieldOf(error);
        if ((FIELDS as readonly string[]).includes(field)) byField[field as FieldName] ??= refusal(error);
        else rest.push(refusal(error));
      }
      setErrors(byField);
      setOther(rest);
      return;
    }
    toast(period ? t('saved') : t('created'));
    onDone();
  }

  const problems = [...FIELDS.filter((f) => errors[f]).map((f) => `${t(`labels.${f}`)}: ${errors[f]}`), ...other];
  return (
    <section aria-labelledby="period-form-title">
      <h2 id="period-form-title">{heading}</h2>
      {period && <p className="hint">{t('lockedHint')}</p>}
      {problems.length > 0 && (
        <div className="form-summary" role="alert">
          <p>{t('problems')}</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="period-form-title">
        {FIELDS.map((f) => (
          <Field key={f} id={`period-${f}`} label={t(`labels.${f}`)} error={errors[f]}>
            <input
              {...invalidProps(`period-${f}`, errors[f])}
              type={DATE_FIELDS.includes(f) ? 'date' : 'text'}
              inputMode={f === 'number' || f === 'maxHouseholds' || f === 'advanceShare' ? 'numeric' : f === 'ratePerHousehold' ? 'decimal' : undefined}
              maxLength={f === 'label' ? LIMITS.nameMaxLength : undefined}
              value={values[f]}
              onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
            />
          </Field>
        ))}
        <FormActions busy={saving} label={period ? t('save') : t('create')} busyLabel={t('saving')} cancel={{ label: t('cancel'), onClick: onCancel }} />
      </form>
    </section>
  );
}

function ReopenForm({ period, onDone, onCancel }: { period: Period; onDone: () => void; onCancel: () => void }) {
  const { t } = useT('periods');
  const toast = useToast();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const refusal = useRefusal();
  const [reopen, { loading }] = useMutation(PeriodReopenMutation);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) return setError(t('errors.REQUIRED'));
    try {
      const result = await reopen({ variables: { input: { id: period.id, version: period.version, reason: reason.trim() } } });
      const errors = result.data?.reopenFundingPeriod.userErrors ?? [];
      if (errors.length > 0) return setError(errors.map(refusal).join(' '));
    } catch {
      return setError(t('offline'));
    }
    toast(t('reopened'));
    onDone();
  }

  return (
    <section aria-labelledby="reopen-title">
      <h2 id="reopen-title">{t('reopenTitle', { number: period.number })}</h2>
      <p className="hint">{t('reopenHint')}</p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="reopen-title">
        <Field id="period-reason" label={t('labels.reason')} error={error}>
          <textarea {...invalidProps('period-reason', error)} rows={3} maxLength={LIMITS.reasonMaxLength} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <FormActions busy={loading} label={t('reopen')} danger cancel={{ label: t('cancel'), onClick: onCancel }} />
      </form>
    </section>
  );
}


/** Closing a period's report, with its consequence said before it happens (it freezes the figures). */
function CloseForm({ period, onDone, onCancel }: { period: Period; onDone: () => void; onCancel: () => void }) {
  const { t } = useT('periods');
  const toast = useToast();
  const [error, setError] = useState<string | undefined>();
  const refusal = useRefusal();
  const [close, { loading }] = useMutation(PeriodCloseMutation);

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const result = await close({ variables: { input: { fundingPeriodId: period.id, version: period.version } } });
      const errors = result.data?.closeFundingPeriodReport.userErrors ?? [];
      if (errors.length > 0) return setError(errors.map(refusal).join(' '));
    } catch {
      return setError(t('offline'));
    }
    toast(t('closed'));
    onDone();
  }

  return (
    <section aria-labelledby="close-title">
      <h2 id="close-title">{t('closeTitle', { number: period.number })}</h2>
      <p>{t('closeHint', { label: period.label })}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="close-title">
        <FormActions busy={loading} label={t('closeConfirm')} danger cancel={{ label: t('cancel'), onClick: onCancel }} />
      </form>
    </section>
  );
}
