import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { useListState } from './useListState';

function List() {
  const list = useListState({ filters: ['project', 'cancelled', 'type'] as const, defaultSort: { field: 'STARTS_AT', direction: 'ASC' }, sortFields: ['STARTS_AT'] as const });
  return (
    <button
      type="button"
      // Two controls changed before the router has rendered the first change (a fast user, a test driver).
      onClick={() => {
        list.setFilters({ project: 'p1' });
        list.setFilters({ cancelled: 'no' });
        list.toggleSort('STARTS_AT');
      }}
    >
      Filters
    </button>
  );
}

afterEach(cleanup);

describe('useListState', () => {
  it('keeps every change made before the URL was rendered again: none overwrites the one before it', async () => {
    const router = createMemoryRouter([{ path: '/activiteiten', element: <List /> }], { initialEntries: ['/activiteiten?type=SCHOOL_VISIT&page=3'] });
    render(<RouterProvider router={router} />);
    await userEvent.click(screen.getByRole('button', { name: 'Filters' }));
    const params = new URLSearchParams(router.state.location.search);
    expect(Object.fromEntries(params)).toEqual({ type: 'SCHOOL_VISIT', project: 'p1', cancelled: 'no', sort: 'STARTS_AT', dir: 'DESC' });
  });
});
