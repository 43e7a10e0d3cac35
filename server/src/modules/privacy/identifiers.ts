/**
 * Identifiers that a pseudonymous record must never hold (SPEC §3, Household: "no names,
 * addresses, phone numbers or national numbers are ever stored"): household references, event
 * venues and titles, notes. A match is refused naming the KIND of identifier, never echoing it.
 *
 * Belgian formats, with or without separators (space, dot, dash, slash):
 * - NATIONAL_NUMBER: rijksregisternummer / bisnummer, 11 digits YYMMDD-SSS-CC
 *   (`85.07.31-001.23`, `850731 001 23`, `85073100123`); no checksum required, so a mistyped one
 *   is refused too;
 * - PHONE: `0470-12-34-56`, `0470 12 34 56`, `09 123 45 67`, `09/123.45.67`, `+32 470 12 34 56`,
 *   `+32 (0)9 123 45 67`, `0032 9 123 45 67` (a national number starting with 0 or +/00 and 9–10
 *   digits, or any international number);
 * - EMAIL: `name@domain.tld`;
 * - IBAN: `BE68 5390 0754 7034` (BE and 14 digits, or any IBAN with a valid ISO 13616 checksum);
 * - NUMBER: any other unbroken run of 9 or more digits (it could be any of the above).
 */
export const IDENTIFIER_KINDS = ['NATIONAL_NUMBER', 'PHONE', 'EMAIL', 'IBAN', 'NUMBER'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** How a refusal names the kind (English; the SPA maps the code CONTAINS_IDENTIFIER). */
export const IDENTIFIER_LABEL: Readonly<Record<IdentifierKind, string>> = {
  NATIONAL_NUMBER: 'a national (register) number',
  PHONE: 'a phone number',
  EMAIL: 'an e-mail address',
  IBAN: 'a bank account number (IBAN)',
  NUMBER: 'a long number (phone, national or account number)',
};

const EMAIL = /[\p{L}\p{N}._%+-]+\s*(?:@|\(at\)|\[at\])\s*[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/iu;
/** Two letters, two check digits, then 11–30 letters or digits in groups (spaces or dashes). */
const IBAN_CANDIDATE = /\b([A-Z]{2})\s?(\d{2})((?:[\s-]?[A-Z0-9]){11,30})\b/gi;
/** Digits in groups separated by one or two separator characters; optionally after + or 00 and with "(0)". */
const DIGIT_GROUPS = /(\+\s?)?\d+(?:(?:[\s./-]{1,2}|\s?\(0\)\s?)\d+)*/g;

function ibanChecksumValid(country: string, check: string, rest: string): boolean {
  const moved = `${rest}${country}${check}`.toUpperCase();
  let remainder = 0;
  for (const ch of moved) {
    const value = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of value) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

/** Is this 6-digit YYMMDD prefix a plausible (bis) birth date? (Month + 20 or + 40 for bis numbers; 00 when unknown.) */
function plausibleBirthDate(digits: string): boolean {
  const month = Number(digits.slice(2, 4)) % 20;
  const day = Number(digits.slice(4, 6));
  return month <= 12 && day <= 31;
}

/** The kind of the first identifier found in `text`, or null. */
export function findIdentifier(text: string): IdentifierKind | null {
  if (EMAIL.test(text)) return 'EMAIL';
  for (const m of text.matchAll(IBAN_CANDIDATE)) {
    const rest = m[3]!.replace(/[\s-]/g, '');
    if ((m[1]!.toUpperCase() === 'BE' && /^\d{12}$/.test(rest)) || ibanChecksumValid(m[1]!, m[2]!, rest)) return 'IBAN';
  }
  for (const m of text.matchAll(DIGIT_GROUPS)) {
    const raw = m[0];
    const digits = raw.replace(/\(0\)/g, '').replace(/\D/g, '');
    if (raw.startsWith('+') && digits.length >= 8) return 'PHONE';
    if (digits.length === 11 && plausibleBirthDate(digits)) return 'NATIONAL_NUMBER';
    if (digits.startsWith('00') && digits.length >= 10) return 'PHONE';
    if (digits.startsWith('0') && (digits.length === 9 || digits.length === 10)) return 'PHONE';
    if (/\d{9,}/.test(raw)) return 'NUMBER';
  }
  return null;
}
