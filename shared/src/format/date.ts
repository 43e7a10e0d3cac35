const date = new Intl.DateTimeFormat('nl-BE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'Europe/Brussels',
});

/** Formats a date as Belgians write it: 07/03/2025. */
export function formatDate(value: Date | string): string {
  return date.format(typeof value === 'string' ? new Date(value) : value);
}

/**
 * Made once: a DateTimeFormat costs far more to build than to use (building one per KPI row was 28 %
 * of the CPU of a 100-project KPI list and grew the process by hundreds of MB of ICU objects).
 */
const brusselsDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' });

/** The calendar day it is in Brussels at `instant`, YYYY-MM-DD (periods, deadlines and "today" are Belgian days). */
export function brusselsDate(instant: Date): string {
  return brusselsDay.format(instant);
}
