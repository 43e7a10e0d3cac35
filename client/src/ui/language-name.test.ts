import { describe, expect, it } from 'vitest';
import { languageName } from './language-name';

describe('languageName', () => {
  it('names every language of the family form in Dutch and in English, never as its raw code', () => {
    const codes = ['nl', 'fr', 'en', 'de', 'ar', 'tr', 'pl', 'ro', 'bg', 'es', 'it', 'pt', 'ru', 'uk', 'so', 'ti', 'am', 'fa', 'ps', 'sq', 'ber'];
    for (const ui of ['nl', 'en']) {
      for (const code of codes) expect(languageName(code, ui), `${code} in ${ui}`).not.toBe(code);
    }
    expect(languageName('ber', 'nl')).toBe('Berbers (Tamazight)');
    expect(languageName('ber', 'en')).toBe('Berber (Tamazight)');
    expect(languageName('nl', 'nl')).toBe('Nederlands');
    expect(languageName('tr', 'en')).toBe('Turkish');
    expect(languageName('fr', 'nl')).toBe('Frans');
  });

  it('shows an unknown code as it is', () => {
    expect(languageName('qqq', 'nl')).toBe('qqq');
  });
});
