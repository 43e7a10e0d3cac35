import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useFormState } from './useFormState';
import type { UserErrorLike } from './user-errors';

interface Values {
  venue: string;
  capacity: string;
  schoolIds: string[];
}

const FIELDS = ['venue', 'capacity', 'schoolIds'] as const;
const initial: Values = { venue: '', capacity: '', schoolIds: [] };

function setup(start: Values | (() => Values) = initial) {
  return renderHook(() => useFormState<Values>(start, FIELDS));
}

const userError = (field: string[], code: UserErrorLike['code'], message: string): UserErrorLike => ({ field, code, message });

afterEach(cleanup);

describe('useFormState', () => {
  it('sets one field or several, and is dirty while the values differ from the initial ones', () => {
    const { result } = setup(() => ({ ...initial, venue: 'Zaal' }));
    expect(result.current.values.venue).toBe('Zaal');
    expect(result.current.dirty).toBe(false);
    act(() => result.current.set('capacity', '30'));
    expect(result.current.values).toEqual({ venue: 'Zaal', capacity: '30', schoolIds: [] });
    expect(result.current.dirty).toBe(true);
    act(() => result.current.update((v) => ({ ...v, capacity: '', schoolIds: ['s1'] })));
    expect(result.current.values.schoolIds).toEqual(['s1']);
    act(() => result.current.set('schoolIds', []));
    expect(result.current.dirty).toBe(false);
  });

  it('puts the server’s userErrors next to their fields by path, first one wins, the rest as other errors', () => {
    const { result } = setup();
    act(() =>
      result.current.showUserErrors(
        [
          userError(['input', 'capacity'], 'OUT_OF_RANGE', 'too big'),
          userError(['input', 'capacity'], 'INVALID', 'second'),
          userError(['input', 'version'], 'CONFLICT', 'stale'),
          userError(['input', 'venue'], 'REQUIRED', 'missing'),
        ],
        (field, error) => `${field}:${error.code}`,
      ),
    );
    expect(result.current.errors).toEqual({ capacity: 'capacity:OUT_OF_RANGE', venue: 'venue:REQUIRED' });
    expect(result.current.otherErrors).toEqual(['version:CONFLICT']);
    // The summary follows the form's order, then the errors of no field.
    expect(result.current.problems).toEqual([
      { field: 'venue', text: 'venue:REQUIRED' },
      { field: 'capacity', text: 'capacity:OUT_OF_RANGE' },
      { field: null, text: 'version:CONFLICT' },
    ]);
  });

  it('shows local errors (unknown fields as other errors), clears them, and resets values and errors', () => {
    const { result } = setup();
    act(() => result.current.set('venue', 'Zaal'));
    act(() => result.current.showErrors({ capacity: 'Geen getal', stray: 'Elders' }, ['Offline']));
    expect(result.current.errors).toEqual({ capacity: 'Geen getal' });
    expect(result.current.otherErrors).toEqual(['Elders', 'Offline']);
    act(() => result.current.clearErrors());
    expect(result.current.problems).toEqual([]);
    act(() => result.current.showErrors({ venue: 'Te lang' }));
    act(() => result.current.reset());
    expect(result.current.values).toEqual(initial);
    expect(result.current.errors).toEqual({});
    expect(result.current.dirty).toBe(false);
    act(() => result.current.reset({ ...initial, venue: 'Nieuw' }));
    expect(result.current.values.venue).toBe('Nieuw');
    expect(result.current.dirty).toBe(false);
  });
});
