/** Limits shared by the API's validation and the client's forms. */
export const LIMITS = {
  pageSizeDefault: 20,
  pageSizeMax: 100,
  titleMaxLength: 200,
  nameMaxLength: 200,
  venueMaxLength: 200,
  referenceMaxLength: 64,
  importMaxRows: 5000,
  childrenMax: 20,
  eventCapacityMax: 100_000,
  /** Disclosure control: counts under this are suppressed in reports. */
  disclosureThreshold: 5,
  /** A school mirrors its neighbourhood when |gap| is at most this. */
  mirrorTolerance: 0.1,
} as const;

/** A NIS code is five digits. */
export const NIS_CODE_PATTERN = /^\d{5}$/;
/** A Belgian postcode is four digits, 1000–9999. */
export const POSTCODE_PATTERN = /^[1-9]\d{3}$/;
/** A school year such as "2023-2024": two consecutive years. */
export const SCHOOL_YEAR_PATTERN = /^(\d{4})-(\d{4})$/;

export function isSchoolYear(value: string): boolean {
  const m = SCHOOL_YEAR_PATTERN.exec(value);
  return m !== null && Number(m[2]) === Number(m[1]) + 1;
}

/** The school year a date falls in (a school year starts on 1 September). */
export function schoolYearOf(date: Date): string {
  const y = date.getUTCFullYear();
  const start = date.getUTCMonth() >= 8 ? y : y - 1;
  return `${start}-${start + 1}`;
}
