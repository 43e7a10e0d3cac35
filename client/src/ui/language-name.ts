/**
 * Names of languages the browser's Intl data may not have: a macrolanguage like "ber" (Berber,
 * Tamazight) came out as the raw code (issue 18). Dutch and English, as the SPA speaks.
 */
const KNOWN: Record<string, { nl: string; en: string }> = {
  ber: { nl: 'Berbers (Tamazight)', en: 'Berber (Tamazight)' },
  prs: { nl: 'Dari', en: 'Dari' },
  ckb: { nl: 'Soranî (Koerdisch)', en: 'Sorani (Kurdish)' },
  kmr: { nl: 'Kurmancî (Koerdisch)', en: 'Kurmanji (Kurdish)' },
};

/** A language code as its name in the interface language ("nl" → "Nederlands", "ber" → "Berbers (Tamazight)"). */
export function languageName(code: string, uiLanguage: string): string {
  const lang = uiLanguage.startsWith('en') ? 'en' : 'nl';
  const own = KNOWN[code.toLowerCase()];
  if (own) return own[lang];
  try {
    const name = new Intl.DisplayNames([lang === 'en' ? 'en' : 'nl-BE'], { type: 'language', fallback: 'none' }).of(code);
    if (name && name.toLowerCase() !== code.toLowerCase()) return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
  } catch {
    // An invalid code: shown as it is below.
  }
  return code;
}
