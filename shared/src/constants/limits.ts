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

/**
 * Sign-in protection and per-caller request budgets (defaults; the server's config can override
 * each through the environment, see README "Rate limits and sign-in protection").
 */
export const AUTH_LIMITS = {
  /** RFC 5321: an address is at most 254 characters. Longer input at login is refused (TOO_LONG). */
  emailMaxLength: 254,
  /** Longest password accepted at login and when setting one. */
  passwordMaxLength: 200,
  /** Failed logins one (account, address) pair may make before each next attempt must wait. */
  loginPairFreeFailures: 5,
  /** Failed logins one address may make (over all accounts) before each next attempt must wait. */
  loginAddressFreeFailures: 30,
  /** After the free failures the wait doubles: 2, 4, 8 … seconds, at most this many. */
  loginMaxDelaySeconds: 15 * 60,
  /** Failures are forgotten this long after the last counted attempt. */
  loginFailureMemorySeconds: 60 * 60,
} as const;

/** Requests per window for each caller: per user by role, per API key, per address when anonymous. */
export const RATE_LIMITS = {
  windowSeconds: 60,
  anonymous: 60,
  apiKey: 600,
  ADMIN: 600,
  REVIEWER: 300,
  ANALYST: 300,
  COORDINATOR: 300,
  INTEGRATOR: 300,
} as const;
