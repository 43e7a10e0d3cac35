import { isSchoolYear, NIS_CODE_PATTERN, POSTCODE_PATTERN } from '@schoolmix/shared';
import type { Problems } from './user-errors.js';

/**
 * Field checks shared by every mutation. Each adds a user error naming the field and returns
 * whether the value passed, so a service can list every problem of an input at once.
 */
export const check = {
  text(p: Problems, field: string, value: string | null | undefined, max: number, required = true): boolean {
    const v = value?.trim() ?? '';
    if (v.length === 0) {
      if (required) p.add(field, 'Fill this in', 'REQUIRED');
      return !required;
    }
    if (v.length > max) {
      p.add(field, `At most ${max} characters`, 'TOO_LONG');
      return false;
    }
    return true;
  },

  int(p: Problems, field: string, value: number | null | undefined, min: number, max: number): boolean {
    if (value == null) return true;
    if (!Number.isInteger(value) || value < min || value > max) {
      p.add(field, `Must be a whole number from ${min} to ${max}`, 'OUT_OF_RANGE');
      return false;
    }
    return true;
  },

  cents(p: Problems, field: string, value: number | null | undefined, max: number, maxLabel: string): boolean {
    if (value == null) return true;
    if (value < 0) {
      p.add(field, 'Must not be negative', 'OUT_OF_RANGE');
      return false;
    }
    if (value > max) {
      p.add(field, `Must not exceed ${maxLabel}`, 'EXCEEDS_MAX_SUBSIDY');
      return false;
    }
    return true;
  },

  nisCode(p: Problems, field: string, value: string): boolean {
    if (!NIS_CODE_PATTERN.test(value)) {
      p.add(field, 'A NIS code has five digits, e.g. 44021', 'INVALID');
      return false;
    }
    return true;
  },

  postcode(p: Problems, field: string, value: string): boolean {
    if (!POSTCODE_PATTERN.test(value)) {
      p.add(field, 'A Belgian postcode has four digits, e.g. 9000', 'INVALID');
      return false;
    }
    return true;
  },

  schoolYear(p: Problems, field: string, value: string): boolean {
    if (!isSchoolYear(value)) {
      p.add(field, 'A school year is written like 2023-2024', 'INVALID');
      return false;
    }
    return true;
  },

  uuid(p: Problems, field: string, value: string | null | undefined): boolean {
    if (value == null) return true;
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) {
      p.add(field, 'Not an id of this API', 'INVALID');
      return false;
    }
    return true;
  },
};
