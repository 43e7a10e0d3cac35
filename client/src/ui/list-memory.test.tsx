import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, Link, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { listHref } from './list-memory';
import { useListState } from './useListState';

function List() {
  const list = useListState({ filters: ['search'] as const, defaultSort: { field: 'TITLE', direction: 'ASC' }, sortFields: ['TITLE'] as const });
  return (
    <>
      <button type="button" onClick={() => list.setFilters({ search: 'antwerpen' })}>
        Filter
      </button>
      <Link to="/projecten/p1">Project</Link>
    </>
  );
}

function Detail() {
  return <Link to={listHref('/projecten')}>Terug</Link>;
}

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

describe('list memory', () => {
  it('brings the back link of a detail page to the list as it was left: filters, sort and page', async () => {
    const user = userEvent.setup();
    const router = createMemoryRouter(
      [
        { path: '/projecten', element: <List /> },
        { path: '/projecten/:id', element: <Detail /> },
      ],
      { initialEntries: ['/projecten?search=gent&sort=TITLE&dir=DESC&page=2'] },
    );
    render(<RouterProvider router={router} />);
    await user.click(screen.getByRole('link', { name: 'Project' }));
    expect(screen.getByRole('link', { name: 'Terug' }).getAttribute('href')).toBe('/projecten?search=gent&sort=TITLE&dir=DESC&page=2');

    // A changed filter is what the back link restores next time (page 1 again, as a new filter does).
    await act(() => router.navigate(-1));
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    await user.click(screen.getByRole('link', { name: 'Project' }));
    expect(screen.getByRole('link', { name: 'Terug' }).getAttribute('href')).toBe('/projecten?search=antwerpen&sort=TITLE&dir=DESC');
  });

  it('is the bare list without a remembered state', () => {
    expect(listHref('/scholen')).toBe('/scholen');
  });
});
