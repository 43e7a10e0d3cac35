import type { ApolloCache } from '@apollo/client';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useState } from 'react';
import type { AttendancePageQuery as AttendancePageData, AttendanceStatus } from '../../gql/graphql';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { useToast } from '../../ui/Toast';
import { AttendanceHouseholdsQuery } from './attendance-households.query';
import { AttendancePageQuery } from './attendance-page.query';
import { AttendanceRecordMutation } from './attendance-record.mutation';

type Latest = NonNullable<AttendancePageData['event']>['attendances']['nodes'];
type Recorded = Latest[number];

const STATUSES: readonly AttendanceStatus[] = ['ATTENDED', 'NO_SHOW', 'REGISTERED'];
const COUNT_OF: Record<AttendanceStatus, 'attended' | 'noShow' | 'registered'> = { ATTENDED: 'attended', NO_SHOW: 'noShow', REGISTERED: 'registered' };

/**
 * Puts a recorded attendance into the screen's query in the cache: the family's row on top, the
 * counts moved from its old status (`before`, read from the screen when the click happened: the
 * cache already holds the new status of a known attendance by then) to the new one. Runs twice —
 * on the optimistic layer at once, then with the server's answer — so the screen never waits.
 */
export function applyRecorded(cache: ApolloCache, eventId: string, attendance: Recorded, before: AttendanceStatus | null): void {
  cache.updateQuery({ query: AttendancePageQuery, variables: { id: eventId } }, (previous) => {
    const event = previous?.event;
    if (!event) return previous;
    const nodes = event.attendances.nodes;
    const counts = { attended: event.attended, noShow: event.noShow, registered: event.registered };
    if (before !== attendance.status) {
      const from = before ? COUNT_OF[before] : null;
      const to = COUNT_OF[attendance.status];
      if (from && counts[from] != null) counts[from] = Math.max(0, counts[from] - 1);
      if (counts[to] != null) counts[to] = counts[to] + 1;
    }
    const known = nodes.some((n) => n.household.id === attendance.household.id);
    return {
      ...previous,
      event: {
        ...event,
        ...counts,
        attendances: {
          ...event.attendances,
          totalCount: event.attendances.totalCount + (known || before ? 0 : 1),
          nodes: [attendance, ...nodes.filter((n) => n.household.id !== attendance.household.id)],
        },
      },
    };
  });
}

/** An object as the cache keeps it: with its __typename (the generated types leave it out). */
function typed<T extends object>(typename: string, value: T): T {
  return { __typename: typename, ...value };
}

/** Waits until the value has not changed for `ms` (the household search while typing). */
function useSettled<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function RecordAttendanceForm({ eventId, projectId, latest, onSaved }: { eventId: string; projectId: string; latest: Latest; onSaved: () => void }) {
  const { t } = useT('attendance');
  const client = useApolloClient();
  const toast = useToast();
  const [reference, setReference] = useState('');
  const [status, setStatus] = useState<AttendanceStatus>('ATTENDED');
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const search = useSettled(reference.trim());
  const suggestions = useQuery(AttendanceHouseholdsQuery, { variables: { projectId, search: search || null } });
  const options = (suggestions.data ?? suggestions.previousData)?.households.nodes ?? [];
  const [record] = useMutation(AttendanceRecordMutation);

  const wanted = reference.trim();
  const current = latest.find((a) => a.household.reference === wanted);

  async function findHousehold(ref: string): Promise<{ id: string; reference: string } | null> {
    const known = options.find((h) => h.reference === ref);
    if (known) return known;
    const { data } = await client.query({ query: AttendanceHouseholdsQuery, variables: { projectId, search: ref }, fetchPolicy: 'network-only' });
    const nodes = data?.households.nodes ?? [];
    return nodes.find((h) => h.reference === ref) ?? nodes.find((h) => h.reference.toLowerCase() === ref.toLowerCase()) ?? null;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    if (!wanted) return setProblem(t('record.required'));
    let household: { id: string; reference: string } | null;
    try {
      household = await findHousehold(wanted);
    } catch {
      return setProblem(t('state.offline'));
    }
    if (!household) return setProblem(t('record.notFound', { reference: wanted }));

    const before = latest.find((a) => a.household.id === household.id);
    const optimistic: Recorded = typed('Attendance', {
      id: before?.id ?? `optimistic-${household.id}`,
      status,
      recordedAt: new Date().toISOString(),
      household: typed('Household', { id: household.id, reference: household.reference }),
    });
    setPending(household.id);
    setReference('');
    try {
      const result = await record({
        variables: { input: { eventId, householdId: household.id, status } },
        optimisticResponse: { recordAttendance: typed('RecordAttendancePayload', { attendance: optimistic, userErrors: [] }) },
        update: (cache, { data }) => {
          const attendance = data?.recordAttendance.attendance;
          if (attendance) applyRecorded(cache, eventId, attendance, before?.status ?? null);
        },
      });
      const errors = result.data?.recordAttendance.userErrors ?? [];
      if (errors.length > 0) {
        setReference(household.reference);
        const code = errors[0]!.code;
        setProblem(t(`record.errors.${code}`, { defaultValue: errors[0]!.message }));
        return;
      }
      toast(t('record.saved', { reference: household.reference, status: t(`attendanceStatus.${status}`) }));
      onSaved();
    } catch {
      setReference(household.reference);
      setProblem(t('record.failed'));
    } finally {
      setPending(null);
    }
  }

  return (
    <section aria-labelledby="record-title">
      <h2 id="record-title">{t('record.title')}</h2>
      <form className="record-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="record-title">
        <label>
          {t('record.household')}
          <input
            type="text"
            list="record-households"
            autoComplete="off"
            value={reference}
            onChange={(e) => {
              setReference(e.target.value);
              setProblem(null);
            }}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'record-error record-hint' : 'record-hint'}
          />
          <datalist id="record-households">
            {options.map((h) => (
              <option key={h.id} value={h.reference} />
            ))}
          </datalist>
        </label>
        <label>
          {t('record.status')}
          <select value={status} onChange={(e) => setStatus(e.target.value as AttendanceStatus)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`attendanceStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {t('record.submit')}
        </button>
      </form>
      <p id="record-hint" className="hint">
        {current
          ? t('record.current', { status: t(`attendanceStatus.${current.status}`), date: fmt.dateTime(current.recordedAt) })
          : t('record.hint')}
      </p>
      {problem && (
        <p id="record-error" className="field-error" role="alert">
          {problem}
        </p>
      )}
      {pending && (
        <p className="hint" role="status">
          {t('record.saving')}
        </p>
      )}
    </section>
  );
}
