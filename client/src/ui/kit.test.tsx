import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataTable, FactTable } from './DataTable';
import { FormActions } from './FormActions';
import { FilterSelect } from './ListPage';

afterEach(cleanup);

describe('the table kit', () => {
  it('DataTable: a column label becomes each cell’s data-label, and a note sits under the table in its box', () => {
    render(
      <DataTable
        caption="Rijen"
        className="stacked"
        rows={[{ id: 'a', line: 2 }]}
        rowKey={(row) => row.id}
        columns={[
          { key: 'line', header: 'Lijn', label: 'Lijn', rowHeader: true, numeric: true, cell: (row) => row.line },
          { key: 'actions', header: 'Acties', cell: () => 'x' },
        ]}
        note={<p>Nog 3 rijen</p>}
      />,
    );
    const table = screen.getByRole('table', { name: 'Rijen' });
    const [line, actions] = within(table).getAllByRole('row')[1]!.children;
    expect(line!.getAttribute('data-label')).toBe('Lijn');
    expect(line!.className).toBe('num');
    expect(actions!.hasAttribute('data-label')).toBe(false);
    expect(within(screen.getByRole('group', { name: 'Rijen' })).getByText('Nog 3 rijen')).toBeTruthy();
  });

  it('FactTable: a row a fact (false leaves one out); with a caption it sits in a named box', () => {
    render(<FactTable caption="Afrekening" numeric facts={[{ key: 'a', label: 'Bereikt', value: '12' }, false, { key: 'b', label: 'Saldo', value: '€ 5', className: 'balance' }]} />);
    const rows = within(screen.getByRole('table', { name: 'Afrekening' })).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual(['Bereikt12', 'Saldo€ 5']);
    expect(rows[1]!.className).toBe('balance');
    expect(within(rows[0]!).getByRole('rowheader').textContent).toBe('Bereikt');
    expect(screen.getByRole('group', { name: 'Afrekening' })).toBeTruthy();
  });
});

describe('FilterSelect', () => {
  it('offers "all" and the options, keeps a chosen value still loading as `pending`, and reports a choice', async () => {
    const onChange = vi.fn();
    const { rerender } = render(<FilterSelect label="Project" value="p9" onChange={onChange} all="Alle projecten" options={null} pending="Laden…" />);
    const select = screen.getByLabelText<HTMLSelectElement>('Project');
    expect([...select.options].map((o) => o.textContent)).toEqual(['Alle projecten', 'Laden…']);
    rerender(<FilterSelect label="Project" value="p9" onChange={onChange} all="Alle projecten" options={[{ value: 'p9', label: 'Gent' }, { value: 'p2', label: 'Aalst' }]} pending="Laden…" />);
    expect([...select.options].map((o) => o.textContent)).toEqual(['Alle projecten', 'Gent', 'Aalst']);
    await userEvent.setup().selectOptions(select, 'Aalst');
    expect(onChange).toHaveBeenCalledWith('p2');
  });
});

describe('FormActions', () => {
  it('shows the busy label and disables submit while busy; the way back is a link or a button', async () => {
    const onCancel = vi.fn();
    const { rerender } = render(<FormActions busy={false} label="Opslaan" busyLabel="Bezig…" cancel={{ label: 'Annuleren', onClick: onCancel }} />);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Opslaan' }).disabled).toBe(false);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Annuleren' }));
    expect(onCancel).toHaveBeenCalledOnce();
    rerender(<FormActions busy label="Opslaan" busyLabel="Bezig…" danger cancel={{ label: 'Annuleren', onClick: onCancel }} />);
    const busy = screen.getByRole<HTMLButtonElement>('button', { name: 'Bezig…' });
    expect([busy.disabled, busy.className, busy.getAttribute('aria-busy')]).toEqual([true, 'danger', 'true']);
    cleanup();
    const router = createMemoryRouter([{ path: '/', element: <FormActions busy={false} label="Opslaan" cancel={{ label: 'Terug', to: '/projecten' }} /> }]);
    render(<RouterProvider router={router} />);
    expect(screen.getByRole('link', { name: 'Terug' }).getAttribute('href')).toBe('/projecten');
  });
});
