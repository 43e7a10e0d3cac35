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

/** The calendar day it is in Brussels at `instant`, YYYY-MM-DD (periods, deadlines and "today" are Belgian days). */
export function brusselsDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(instant);
}
