import { LIMITS } from '@schoolmix/shared';
import type { EventFormEventQuery as EventFormEventData, EventFormProjectQuery as EventFormProjectData, EventType } from '../../gql/graphql';
import type { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { fromBrusselsInput, toBrusselsInput } from './brussels-time';

type T = ReturnType<typeof useT>['t'];

/** The activity being edited (null: a new one). */
export type EditedEvent = NonNullable<EventFormEventData['event']>;
/** What the form offers for the chosen project: its partner organisations, schools and period. */
export type FormProject = NonNullable<EventFormProjectData['project']>;

export interface Values {
  projectId: string;
  type: EventType | '';
  organizerId: string;
  schoolIds: string[];
  startsAt: string;
  endsAt: string;
  venue: string;
  capacity: string;
  languages: string;
}

export const EMPTY: Values = { projectId: '', type: '', organizerId: '', schoolIds: [], startsAt: '', endsAt: '', venue: '', capacity: '', languages: 'nl' };

/** The form's fields in screen order: the summary lists errors in this order. */
export const FIELDS = ['projectId', 'type', 'organizerId', 'startsAt', 'endsAt', 'venue', 'capacity', 'languages', 'schoolIds'] as const;

export function valuesOf(event: EditedEvent): Values {
  return {
    projectId: event.project.id,
    type: event.type,
    organizerId: event.organizer.id,
    schoolIds: event.schools.map((s) => s.id),
    startsAt: toBrusselsInput(event.startsAt),
    endsAt: toBrusselsInput(event.endsAt),
    venue: event.venue,
    capacity: event.capacity == null ? '' : String(event.capacity),
    languages: event.languages.join(', '),
  };
}

export function parseLanguages(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
}

/** Two hours after a Brussels datetime-local value (a sensible end for a new activity). */
export function twoHoursLater(local: string): string {
  const iso = fromBrusselsInput(local);
  return iso ? toBrusselsInput(new Date(Date.parse(iso) + 2 * 3600 * 1000).toISOString()) : '';
}

/** The checks made before sending: what is missing or unreadable, by field. */
export function localProblems(values: Values, t: T): Record<string, string> {
  const found: Record<string, string> = {};
  const required = t('form.errors.REQUIRED');
  if (!values.projectId) found.projectId = required;
  if (!values.type) found.type = required;
  if (!values.organizerId) found.organizerId = required;
  if (!values.startsAt) found.startsAt = required;
  else if (!fromBrusselsInput(values.startsAt)) found.startsAt = t('form.invalidMoment');
  if (!values.endsAt) found.endsAt = required;
  else if (!fromBrusselsInput(values.endsAt)) found.endsAt = t('form.invalidMoment');
  if (!values.venue.trim()) found.venue = required;
  if (values.capacity && !/^\d+$/.test(values.capacity.trim())) found.capacity = t('form.errors.capacity.OUT_OF_RANGE', { max: fmt.int(LIMITS.eventCapacityMax) });
  if (parseLanguages(values.languages).length === 0) found.languages = t('form.errors.languages.INVALID');
  return found;
}

/** The fields an update and a create both send, from checked values. */
export function commonInput(values: Values) {
  return {
    type: values.type as EventType,
    organizerId: values.organizerId,
    schoolIds: values.schoolIds,
    startsAt: fromBrusselsInput(values.startsAt)!,
    endsAt: fromBrusselsInput(values.endsAt)!,
    venue: values.venue.trim(),
    capacity: values.capacity.trim() ? Number(values.capacity.trim()) : null,
    languages: parseLanguages(values.languages),
  };
}
