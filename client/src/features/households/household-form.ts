import { LIMITS, NIS_CODE_PATTERN, POSTCODE_PATTERN } from '@schoolmix/shared';
import type { RegisterHouseholdInput } from '../../gql/graphql';
import type { useT } from '../../i18n';

type T = ReturnType<typeof useT>['t'];

export type Answer = '' | 'yes' | 'no';
export const CHARACTERISTICS = ['lowEducatedMother', 'schoolAllowance', 'homeLanguageNotDutch', 'childWithSpecialNeeds'] as const;
export type Characteristic = (typeof CHARACTERISTICS)[number];

/** Languages families in Flanders often prefer for contact (ISO 639-1, or 639-3 where none). */
export const LANGUAGES = ['nl', 'fr', 'en', 'de', 'ar', 'tr', 'pl', 'ro', 'bg', 'es', 'it', 'pt', 'ru', 'uk', 'so', 'ti', 'am', 'fa', 'ps', 'sq', 'ber'];
/** The residence choice "another municipality": its NIS code is typed in. */
export const OTHER = 'other';

export interface HouseholdValues {
  reference: string;
  residence: string;
  otherNis: string;
  postcode: string;
  children: string;
  consent: boolean;
  answers: Record<Characteristic, Answer>;
  preferredLanguage: string;
}

export const INITIAL: HouseholdValues = {
  reference: '',
  residence: '',
  otherNis: '',
  postcode: '',
  children: '1',
  consent: false,
  answers: { lowEducatedMother: '', schoolAllowance: '', homeLanguageNotDutch: '', childWithSpecialNeeds: '' },
  preferredLanguage: '',
};

/** The fields of the input in screen order: the error summary follows it. */
export const FIELD_ORDER = ['reference', 'residenceNisCode', 'postcode', 'children', 'consent', ...CHARACTERISTICS, 'preferredLanguage'];

/** The id of the control that shows a field's error (and takes focus when it is the first). */
export function controlOf(field: string, form: HouseholdValues): string {
  if (field === 'residenceNisCode') return form.residence === OTHER ? 'hh-nis' : 'hh-residence';
  return `hh-${field}`;
}

export function residenceNisCodeOf(form: HouseholdValues): string {
  return form.residence === OTHER ? form.otherNis.trim() : form.residence;
}

/** The checks the API makes too, so most mistakes show without a round trip. */
export function check(form: HouseholdValues, t: T): Record<string, string> {
  const found: Record<string, string> = {};
  const reference = form.reference.trim();
  if (!reference) found.reference = t('errors.required');
  else if (reference.length > LIMITS.referenceMaxLength) found.reference = t('errors.referenceLength', { max: LIMITS.referenceMaxLength });
  else if (!/^[A-Za-z0-9._-]+$/.test(reference)) found.reference = t('errors.referenceFormat');
  else if (/\d{9,}/.test(reference)) found.reference = t('errors.referenceDigits');
  if (!NIS_CODE_PATTERN.test(residenceNisCodeOf(form))) found.residenceNisCode = t('errors.nisCode');
  if (!POSTCODE_PATTERN.test(form.postcode.trim())) found.postcode = form.postcode.trim() ? t('errors.postcode') : t('errors.required');
  const children = Number(form.children);
  if (form.children.trim() === '' || !Number.isInteger(children) || children < 0 || children > LIMITS.childrenMax) found.children = t('errors.children', { max: LIMITS.childrenMax });
  return found;
}

/** The mutation's input from checked values: the characteristics only with consent, and only those answered. */
export function inputOf(form: HouseholdValues, projectId: string): RegisterHouseholdInput {
  const input: RegisterHouseholdInput = {
    projectId,
    reference: form.reference.trim(),
    residenceNisCode: residenceNisCodeOf(form),
    postcode: form.postcode.trim(),
    children: Number(form.children),
    consent: form.consent,
  };
  if (form.consent) {
    for (const key of CHARACTERISTICS) if (form.answers[key]) input[key] = form.answers[key] === 'yes';
    if (form.preferredLanguage) input.preferredLanguage = form.preferredLanguage;
  }
  return input;
}
