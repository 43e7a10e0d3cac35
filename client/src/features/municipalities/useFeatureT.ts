import { useTranslation } from 'react-i18next';

/**
 * `t` of one of these features' namespaces that falls back to `common` (status.*, state.*, none…).
 * `useT` of i18n/index.ts asks react-i18next for [namespace, 'common'] without nsMode 'fallback',
 * so there only the first namespace is searched; this asks for the fallback explicitly.
 */
export function useFeatureT(namespace: 'municipalities' | 'schools') {
  return useTranslation([namespace, 'common'], { nsMode: 'fallback' });
}
