import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { common } from './common';

/** The languages of the UI: Dutch first, English second. */
export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A feature's strings: the Dutch text and its English translation, with the same keys. */
export interface Strings<T extends Record<string, unknown> = Record<string, unknown>> {
  nl: T;
  en: T;
}

const STORAGE_KEY = 'schoolmix.language';

function initialLanguage(): Language {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'nl';
}

/** Every string of the UI goes through here: one namespace per feature, added when it loads. */
export function registerStrings(namespace: string, strings: Strings): void {
  for (const language of LANGUAGES) i18next.addResourceBundle(language, namespace, strings[language], true, true);
}

void i18next.use(initReactI18next).init({
  lng: initialLanguage(),
  fallbackLng: 'nl',
  defaultNS: 'common',
  ns: ['common'],
  resources: { nl: { common: common.nl }, en: { common: common.en } },
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

if (typeof document !== 'undefined') document.documentElement.lang = i18next.language;

/** `t` of a feature's namespace, falling back to `common`. */
export function useT(namespace = 'common') {
  return useTranslation([namespace, 'common'], { nsMode: 'fallback' });
}

export { i18next };
