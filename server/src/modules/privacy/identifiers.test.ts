import { describe, expect, it } from 'vitest';
import { generateDemoData } from '../../db/seed/demo.js';
import { findIdentifier } from './identifiers.js';

describe('identifiers in pseudonymous records (references, venues, notes)', () => {
  it('finds Belgian national numbers with and without separators, also bis numbers', () => {
    for (const text of ['85.07.31-001.23', '85073100123', '850731 001 23', '850731-001-23', 'RR 85.07.31-001.23 gezin', 'bis 85.47.31-001.23', '00.01.15-123.45']) {
      expect(findIdentifier(text), text).toBe('NATIONAL_NUMBER');
    }
  });

  it('finds Belgian phone numbers in every usual notation', () => {
    for (const text of ['0470-12-34-56', '0470 12 34 56', '0470/12.34.56', '0470123456', '09 123 45 67', '09/123.45.67', '091234567', '02 512 34 56', '+32 470 12 34 56', '+32470123456', '+32 (0)9 123 45 67', '0032 9 123 45 67', 'bel 0470 12 34 56 na 18u', '+33 6 12 34 56 78']) {
      expect(findIdentifier(text), text).toBe('PHONE');
    }
  });

  it('finds e-mail addresses, also obfuscated with (at)', () => {
    for (const text of ['jan@example.be', 'An.Peeters+school@telenet.be', 'mail jan (at) example.be']) expect(findIdentifier(text), text).toBe('EMAIL');
  });

  it('finds IBANs: Belgian with or without spaces, others by their checksum', () => {
    for (const text of ['BE68 5390 0754 7034', 'BE68539007547034', 'be68-5390-0754-7034', 'NL91 ABNA 0417 1643 00', 'rekening BE71 0961 2345 6769']) {
      expect(findIdentifier(text), text).toBe('IBAN');
    }
  });

  it('refuses any other run of nine or more digits', () => {
    expect(findIdentifier('GZ-123456789')).toBe('NUMBER');
  });

  it('lets pseudonymous codes, school years, dates, times and addresses of venues through', () => {
    for (const text of [
      'GZ-0001', 'SYN-44021-3-0001', 'GENT-25-0001', 'H-2024-0042', 'Ouderavond 2024-2025', 'Refter De Tandem', 'Zaal 3, Sint-Pietersnieuwstraat 41, 9000 Gent',
      'op 12/03/2025 om 19.30 u', 'BE-BRU-12', 'Bibliotheek Herk-de-Stad', 'klas 1A/1B, 24 ouders', '9000', '44021',
    ]) {
      expect(findIdentifier(text), text).toBeNull();
    }
  });

  it('finds nothing in the demo data set’s references and venues', () => {
    const demo = generateDemoData('not-a-hash');
    expect(demo.households.length).toBeGreaterThan(100);
    expect(demo.households.filter((h) => findIdentifier(h.reference) !== null).map((h) => h.reference)).toEqual([]);
    expect(demo.events.filter((e) => findIdentifier(e.venue) !== null).map((e) => e.venue)).toEqual([]);
  });
});
