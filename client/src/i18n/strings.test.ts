import { describe, expect, it } from 'vitest';
import { common } from './common';
import type { Strings } from './index';

/** Every feature's strings, found on disk, so a new feature is checked without being listed here. */
const features = import.meta.glob<{ strings: Strings }>('../features/**/*.i18n.ts', { eager: true });

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key));
}

function placeholders(text: unknown): string[] {
  return typeof text === 'string' ? [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort() : [];
}

function leaf(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], value);
}

const bundles: [string, Strings][] = [['common', common], ...Object.entries(features).map(([file, module]): [string, Strings] => [file, module.strings])];

describe('UI strings', () => {
  it.each(bundles)('%s has the same keys in Dutch and English, none empty, with the same {{placeholders}}', (_name, strings) => {
    expect(keys(strings.en).sort()).toEqual(keys(strings.nl).sort());
    for (const key of keys(strings.nl)) {
      const nl = leaf(strings.nl, key);
      const en = leaf(strings.en, key);
      expect(typeof nl === 'string' && nl.trim().length > 0, `nl ${key}`).toBe(true);
      expect(typeof en === 'string' && en.trim().length > 0, `en ${key}`).toBe(true);
      expect(placeholders(en), key).toEqual(placeholders(nl));
    }
  });

  it('finds the feature bundles', () => {
    expect(bundles.length).toBeGreaterThanOrEqual(3);
  });
});
