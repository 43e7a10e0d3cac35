import type { ApolloCache } from '@apollo/client';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { AttendanceStatus, DoorEventFragment as DoorEventData } from '../../gql/graphql';
import { useT } from '../../i18n';
import { Consequences } from '../../ui/Consequences';
import { RecordAttendancePreviewQuery } from '../../ui/consequences.query';
import { fmt } from '../../ui/format';
import { DoorEventFragment } from './door-event.fragment';
import { AttendanceHouseholdsQuery } from './door-households.query';
import { AttendanceRecordMutation } from './door-record.mutation';
import { ReferenceCombobox, type Suggestion } from './ReferenceCombobox';
import './door.i18n';
import './door.css';

type Latest = DoorEventData['attendances']['nodes'];
type Recorded = Latest[number];

const STATUSES: readonly AttendanceStatus[] = ['ATTENDED', 'NO_SHOW', 'REGISTERED'];
const COUNT_OF: Record<AttendanceStatus, 'attended' | 'noShow' | 'registered'> = { ATTENDED: 'attended', NO_SHOW: 'noShow', REGISTERED: 'registered' };
/** How many suggestions the field lists while typing. */
export const SUGGESTIONS = 8;
/** How many households the lookup of a typed reference reads when recording (exact or single match). */
const LOOKUP = 20;

/** The activity's door data in the cache (the DoorEvent fragment): counts and latest attendances. */
function doorEvent(cache: ApolloCache, eventId: string) {
  return { fragment: DoorEventFragment, fragmentName: 'DoorEvent', id: cache.identify({ __typename: 'Event', id: eventId }) } as const;
}

/**
 * Puts a recorded attendance into the activity in the cache (its DoorEvent fragment, which the
 * attendance page and the event page both read): the family's row on top, the counts moved from
 * its old status (`before`, read from the screen when the click happened: the cache already holds
 * the new status of a known attendance by then) to the new one. Runs twice — on the optimistic
 * layer at once, then with the server's answer — so the screen never waits.
 */
export function applyRecorded(cache: ApolloCache, eventId: string, attendance: Recorded, before: AttendanceStatus | null): void {
  cache.updateFragment(doorEvent(cache, eventId), (event) => {
    if (!event) return event;
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
      ...event,
      ...counts,
      attendances: {
        ...event.attendances,
        totalCount: event.attendances.totalCount + (known || before ? 0 : 1),
        nodes: [attendance, ...nodes.filter((n) => n.household.id !== attendance.household.id)],
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

type Found = { id: string; reference: string };

/** A recording that waits for "Toch registreren": the family, the chosen status and its current attendance. */
type Confirming = { household: Found; status: AttendanceStatus; before: Recorded | undefined };

/**
 * The household a typed reference names: the exact reference (case does not matter), or else the
 * only household whose reference contains the text (the single-match rule: typing "0042" when one
 * household matches is enough). `many` when several match and none exactly.
 */
export function pickHousehold(typed: string, nodes: readonly Found[], totalCount: number): Found | 'many' | null {
  const wanted = typed.trim().toLowerCase();
  const exact = nodes.find((h) => h.reference.toLowerCase() === wanted);
  if (exact) return exact;
  // The server matches "contains", case-insensitively; the same test here keeps a stale answer honest.
  const matching = nodes.filter((h) => h.reference.toLowerCase().includes(wanted));
  const complete = totalCount <= nodes.length;
  if (matching.length === 1 && complete) return matching[0]!;
  return matching.length > 1 || (matching.length === 1 && !complete) ? 'many' : null;
}

/**
 * The fast path at the door (issue 18), on the event page and on the attendance page: type (part
 * of) a family's reference, pick the family from the suggestions (keyboard or tap) — or type it
 * whole, or a part only one family has — then one big button per status; Enter is "Aanwezig". The
 * field is empty and focused again for the next family at once (optimistic), and the recording is
 * said under the buttons with the new count (no toast: it would cover the form on a phone).
 */
export function RecordAttendanceForm({
  eventId,
  projectId,
  latest,
  latestIncomplete = false,
  onSaved,
}: {
  eventId: string;
  projectId: string;
  latest: Latest;
  /** More families are recorded than `latest` holds: a family's current status may be unknown here. */
  latestIncomplete?: boolean;
  onSaved: () => void;
}) {
  const { t } = useT('door');
  const client = useApolloClient();
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // The button that submitted the form; Enter in the field submits with the first one (Aanwezig).
  const chosen = useRef<AttendanceStatus>('ATTENDED');
  const search = useSettled(reference.trim());
  const suggestions = useQuery(AttendanceHouseholdsQuery, { variables: { projectId, search, first: SUGGESTIONS }, skip: !search });
  const answered = suggestions.data ?? suggestions.previousData;
  const wanted = reference.trim();
  // While the answer for the latest text is on its way, the last answer narrowed to what is typed now.
  const options = (answered?.households.nodes ?? []).filter((h) => h.reference.toLowerCase().includes(wanted.toLowerCase()));
  const [record] = useMutation(AttendanceRecordMutation);

  const answeredNow = search !== '' && search === wanted && suggestions.data ? suggestions.data.households : null;
  const typedMatch = answeredNow ? pickHousehold(wanted, answeredNow.nodes, answeredNow.totalCount) : null;
  const current = latest.find((a) => a.household.reference.toLowerCase() === (typedMatch && typedMatch !== 'many' ? typedMatch.reference : wanted).toLowerCase());
  const statusOf = new Map(latest.map((a) => [a.household.id, a.status]));
  const listed: Suggestion[] = options.map((h) => {
    const status = statusOf.get(h.id);
    return { id: h.id, reference: h.reference, note: status ? t('record.optionCurrent', { status: t(`attendanceStatus.${status}`) }) : undefined };
  });
  const total = answeredNow?.totalCount ?? options.length;
  const announcement =
    total > options.length
      ? t('record.foundSome', { shown: fmt.int(options.length), total: fmt.int(total) })
      : t('record.found', { count: options.length, formatted: fmt.int(options.length) });

  async function findHousehold(ref: string): Promise<Found | 'many' | null> {
    // A reference already among the suggestions is taken at once (the optimistic row shows without a wait).
    const exact = options.find((h) => h.reference.toLowerCase() === ref.toLowerCase());
    if (exact) return exact;
    if (answeredNow && search === ref) {
      const known = pickHousehold(ref, answeredNow.nodes, answeredNow.totalCount);
      if (known) return known;
    }
    const { data } = await client.query({ query: AttendanceHouseholdsQuery, variables: { projectId, search: ref, first: LOOKUP }, fetchPolicy: 'network-only' });
    return pickHousehold(ref, data?.households.nodes ?? [], data?.households.totalCount ?? 0);
  }

  function again() {
    input.current?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const status = chosen.current;
    chosen.current = 'ATTENDED';
    setProblem(null);
    setDone(null);
    setConfirming(null);
    if (!wanted) {
      setProblem(t('record.required'));
      return again();
    }
    let household: Found | 'many' | null;
    try {
      household = await findHousehold(wanted);
    } catch {
      setProblem(t('state.offline'));
      return again();
    }
    if (household === 'many') {
      setProblem(t('record.many', { reference: wanted }));
      return again();
    }
    if (!household) {
      setProblem(t('record.notFound', { reference: wanted }));
      return again();
    }
    const found = household;
    const before = latest.find((a) => a.household.id === found.id);

    // Issue 18: taking ATTENDED away can make a family stop counting, so it asks first and shows
    // what changes. A family beyond the latest attendances on screen is unknown here: the server's
    // preview then decides (only when it reports a family that stops counting). ATTENDED, and any
    // status over a known non-ATTENDED one, stays the fast path: no extra click, no extra request.
    if (status !== 'ATTENDED') {
      let ask = before?.status === 'ATTENDED';
      if (!before && latestIncomplete) {
        const { data } = await client
          .query({ query: RecordAttendancePreviewQuery, variables: { input: { eventId, householdId: found.id, status } }, fetchPolicy: 'network-only' })
          .catch(() => ({ data: undefined }));
        ask = (data?.previewRecordAttendance.householdsNoLongerReached ?? 0) > 0;
      }
      if (ask) {
        setConfirming({ household: found, status, before });
        return;
      }
    }
    await save(found, status, before);
  }

  /** " Nu 14 gezinnen aanwezig.": the activity's count of `status` in the cache, just updated (empty when withheld). */
  function nowCount(status: AttendanceStatus): string {
    const count = client.cache.readFragment(doorEvent(client.cache, eventId))?.[COUNT_OF[status]];
    return count == null ? '' : ` ${t(`record.now.${status}`, { count, formatted: fmt.int(count) })}`;
  }

  /** Records at once (optimistic): the field is emptied and focused for the next family. */
  async function save(found: Found, status: AttendanceStatus, before: Recorded | undefined) {
    const optimistic: Recorded = typed('Attendance', {
      id: before?.id ?? `optimistic-${found.id}`,
      status,
      recordedAt: new Date().toISOString(),
      household: typed('Household', { id: found.id, reference: found.reference }),
    });
    setPending(found.id);
    setReference('');
    again();
    try {
      const result = await record({
        variables: { input: { eventId, householdId: found.id, status } },
        optimisticResponse: { recordAttendance: typed('RecordAttendancePayload', { attendance: optimistic, userErrors: [] }) },
        update: (cache, { data }) => {
          const attendance = data?.recordAttendance.attendance;
          if (attendance) applyRecorded(cache, eventId, attendance, before?.status ?? null);
        },
      });
      const errors = result.data?.recordAttendance.userErrors ?? [];
      if (errors.length > 0) {
        setReference(found.reference);
        const code = errors[0]!.code;
        setProblem(t(`record.errors.${code}`, { defaultValue: errors[0]!.message }));
        return;
      }
      setDone(`${t('record.saved', { reference: found.reference, status: t(`attendanceStatus.${status}`) })}${nowCount(status)}`);
      onSaved();
    } catch {
      setReference(found.reference);
      setProblem(t('record.failed'));
    } finally {
      setPending(null);
    }
  }

  return (
    <section aria-labelledby="record-title" className="record">
      <h2 id="record-title">{t('record.title')}</h2>
      <form className="record-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="record-title">
        <label htmlFor="record-reference">{t('record.household')}</label>
        <ReferenceCombobox
          id="record-reference"
          inputRef={input}
          value={reference}
          onChange={(value) => {
            setReference(value);
            setProblem(null);
            setConfirming(null);
          }}
          onPick={(h) => {
            setReference(h.reference);
            setProblem(null);
            setConfirming(null);
          }}
          suggestions={listed}
          listLabel={t('record.suggestions')}
          announcement={announcement}
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="done"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'record-error record-hint' : 'record-hint'}
        />
        <p id="record-hint" className="hint">
          {current
            ? t('record.current', { status: t(`attendanceStatus.${current.status}`), date: fmt.dateTime(current.recordedAt) })
            : typedMatch && typedMatch !== 'many' && typedMatch.reference.toLowerCase() !== wanted.toLowerCase()
              ? t('record.single', { reference: typedMatch.reference })
              : t('record.hint')}
        </p>
        {problem && (
          <p id="record-error" className="field-error" role="alert">
            {problem}
          </p>
        )}
        <div className="door-buttons" role="group" aria-label={t('record.status')}>
          {STATUSES.map((s) => (
            <button key={s} type="submit" className={s === 'ATTENDED' ? 'primary' : undefined} onClick={() => (chosen.current = s)}>
              {t(`attendanceStatus.${s}`)}
            </button>
          ))}
        </div>
      </form>
      {confirming && (
        <ConfirmOverAttended
          eventId={eventId}
          confirming={confirming}
          onConfirm={() => {
            setConfirming(null);
            void save(confirming.household, confirming.status, confirming.before);
          }}
          onBack={() => {
            setConfirming(null);
            again();
          }}
        />
      )}
      <p className={done && !pending ? 'record-done ok' : 'hint record-done'} role="status">
        {pending ? t('record.saving') : done}
      </p>
    </section>
  );
}

/**
 * "Consequences before they happen" (issue 18): recording NO_SHOW or REGISTERED for a family that
 * is recorded as present says first what it does to the figures (the server's preview: families
 * that stop counting, reach and earned subsidy before → after) and records only on "Toch registreren".
 */
function ConfirmOverAttended({ eventId, confirming, onConfirm, onBack }: { eventId: string; confirming: Confirming; onConfirm: () => void; onBack: () => void }) {
  const { t } = useT('door');
  const heading = useRef<HTMLHeadingElement>(null);
  const { household, status } = confirming;
  const preview = useQuery(RecordAttendancePreviewQuery, { variables: { input: { eventId, householdId: household.id, status } }, fetchPolicy: 'network-only' });
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="confirm-panel" aria-labelledby="record-confirm-title">
      <h3 id="record-confirm-title" ref={heading} tabIndex={-1}>
        {t('record.confirm.title', { reference: household.reference, status: t(`attendanceStatus.${status}`) })}
      </h3>
      <p>{t('record.confirm.text', { reference: household.reference })}</p>
      <Consequences preview={preview.data?.previewRecordAttendance} loading={preview.loading} failed={!!preview.error} />
      <div className="form-actions">
        <button type="button" className="danger" onClick={onConfirm}>
          {t('record.confirm.go')}
        </button>
        <button type="button" onClick={onBack}>
          {t('record.confirm.back')}
        </button>
      </div>
    </section>
  );
}
