import { useTranslation } from 'react-i18next';

/**
 * `t` of a feature's namespace that falls back to `common` key by key (`eventType.*`,
 * `attendanceStatus.*`, `state.*`, `actions.*`). `useT` of i18n/index.ts asks react-i18next for
 * [namespace, 'common'] without nsMode 'fallback', so there a common key is not found.
 */
export function useFeatureT(namespace: 'events' | 'attendance') {
  return useTranslation([namespace, 'common'], { nsMode: 'fallback' });
}
