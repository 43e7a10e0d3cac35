/**
 * Calendar helpers of the seed generators: fixed dates only, Belgian wall-clock times turned into
 * UTC instants, and the Flemish school days of 2022–2025 (no breaks, holidays, July or August).
 */

export const DAY_MS = 86_400_000;

export function dayOf(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}

export function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return isoDay(addDays(last, -last.getUTCDay()));
}

/** An instant from a Belgian calendar day and wall-clock time (CET, or CEST in summer time). */
export function belgianTime(day: string, hour: number, minute = 0): Date {
  const year = Number(day.slice(0, 4));
  const summer = day >= lastSunday(year, 2) && day < lastSunday(year, 9);
  return new Date(dayOf(day).getTime() + ((hour - (summer ? 2 : 1)) * 60 + minute) * 60_000);
}

/** Flemish school holidays of 2022–2025 (autumn, Christmas, spring and Easter breaks). */
export const SCHOOL_HOLIDAYS: readonly (readonly [string, string])[] = [
  ['2022-10-24', '2022-11-06'], ['2022-12-26', '2023-01-08'], ['2023-02-20', '2023-03-05'], ['2023-04-03', '2023-04-16'],
  ['2023-10-23', '2023-11-05'], ['2023-12-25', '2024-01-07'], ['2024-02-12', '2024-02-25'], ['2024-04-01', '2024-04-14'],
  ['2024-10-28', '2024-11-10'], ['2024-12-23', '2025-01-05'], ['2025-03-03', '2025-03-16'], ['2025-05-05', '2025-05-18'],
];
/** Public holidays and school days off outside those breaks (Ascension Friday included). */
export const DAYS_OFF = new Set([
  '2022-11-11', '2023-04-10', '2023-05-01', '2023-05-18', '2023-05-19', '2023-05-29',
  '2024-05-01', '2024-05-09', '2024-05-10', '2024-05-20', '2024-11-11',
  '2025-04-21', '2025-05-01', '2025-05-29', '2025-05-30', '2025-06-09',
]);

/** Weekdays of a period on which schools are open (no July and August, no breaks, no holidays). */
export function schoolDays(startsOn: string, endsOn: string): string[] {
  const days: string[] = [];
  for (let d = dayOf(startsOn); isoDay(d) <= endsOn; d = addDays(d, 1)) {
    const day = isoDay(d);
    const weekday = d.getUTCDay();
    const month = d.getUTCMonth() + 1;
    const onBreak = SCHOOL_HOLIDAYS.some(([from, to]) => day >= from && day <= to);
    if (weekday !== 0 && weekday !== 6 && month !== 7 && month !== 8 && !onBreak && !DAYS_OFF.has(day)) days.push(day);
  }
  return days;
}

export function nextSchoolYear(schoolYear: string): string {
  const start = Number(schoolYear.slice(0, 4)) + 1;
  return `${start}-${start + 1}`;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
