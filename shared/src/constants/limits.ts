/** Limits shared by the API's validation and the client's forms. */
export const LIMITS = {
  pageSizeDefault: 20,
  pageSizeMax: 100,
  titleMaxLength: 200,
  nameMaxLength: 200,
  apiKeyNameMaxLength: 100,
  venueMaxLength: 200,
  referenceMaxLength: 64,
  /** A review note (free text: line breaks and tabs allowed). */
  noteMaxLength: 2000,
  /** Each narrative field of a final report (what was done, what worked, obstacles). */
  narrativeMaxLength: 5000,
  /** Why an event was cancelled (free text: line breaks and tabs allowed). */
  reasonMaxLength: 500,
  /** A search term in a list filter. */
  searchMaxLength: 100,
  /** A short code: NIS code, postcode, school year, language code (each checked further by its own rule). */
  codeMaxLength: 16,
  /** A province name in a filter. */
  provinceMaxLength: 100,
  /** A page cursor (`after`/`before`); the API's own are far shorter. */
  cursorMaxLength: 100,
  /** A client address (IPv4 or IPv6) given to unlockLogin. */
  addressMaxLength: 100,
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

/** How a string input is checked before any resolver runs (server/src/graphql/input-rules.ts). */
export interface StringInputRule {
  /** Longest accepted value, in characters (Unicode code points). */
  maxLength: number;
  /** Free text: tab, line feed and carriage return are allowed; other control characters never are. */
  multiline?: boolean;
}

/**
 * Every string argument and input field of the API, by its name, with its maximum length: the
 * one place these are declared. The server refuses to start when a `String` input of the schema
 * is missing here, adds "(at most N characters)" to its description in the schema, and refuses a
 * longer value (TOO_LONG) or a control character (INVALID) before any resolver runs. An entry
 * `<InputType>.<field>` overrides the one by name for that input type. `ID` inputs need no
 * entry: an ID is always a UUID.
 */
export const STRING_INPUTS = {
  title: { maxLength: LIMITS.titleMaxLength },
  name: { maxLength: LIMITS.nameMaxLength },
  label: { maxLength: LIMITS.nameMaxLength },
  'CreateApiKeyInput.name': { maxLength: LIMITS.apiKeyNameMaxLength },
  venue: { maxLength: LIMITS.venueMaxLength },
  reference: { maxLength: LIMITS.referenceMaxLength },
  householdReference: { maxLength: LIMITS.referenceMaxLength },
  note: { maxLength: LIMITS.noteMaxLength, multiline: true },
  reason: { maxLength: LIMITS.reasonMaxLength, multiline: true },
  search: { maxLength: LIMITS.searchMaxLength },
  province: { maxLength: LIMITS.provinceMaxLength },
  nisCode: { maxLength: LIMITS.codeMaxLength },
  nisCodes: { maxLength: LIMITS.codeMaxLength },
  residenceNisCode: { maxLength: LIMITS.codeMaxLength },
  postcode: { maxLength: LIMITS.codeMaxLength },
  schoolYear: { maxLength: LIMITS.codeMaxLength },
  preferredLanguage: { maxLength: LIMITS.codeMaxLength },
  languages: { maxLength: LIMITS.codeMaxLength },
  after: { maxLength: LIMITS.cursorMaxLength },
  before: { maxLength: LIMITS.cursorMaxLength },
  email: { maxLength: AUTH_LIMITS.emailMaxLength },
  password: { maxLength: AUTH_LIMITS.passwordMaxLength },
  address: { maxLength: LIMITS.addressMaxLength },
  whatWasDone: { maxLength: LIMITS.narrativeMaxLength, multiline: true },
  whatWorked: { maxLength: LIMITS.narrativeMaxLength, multiline: true },
  obstacles: { maxLength: LIMITS.narrativeMaxLength, multiline: true },
  'AuditEventFilter.entity': { maxLength: 40 },
  'AuditEventFilter.operation': { maxLength: 100 },
} as const satisfies Record<string, StringInputRule>;
