import type { Direction } from './useListState';
import { useT } from '../i18n';

/** A column header that sorts the list; `aria-sort` tells screen readers the current order. */
export function SortHeader<S extends string>({ field, label, sort, onSort, numeric }: { field: S; label: string; sort: { field: S; direction: Direction }; onSort: (field: S) => void; numeric?: boolean }) {
  const { t } = useT();
  const active = sort.field === field;
  const ariaSort = active ? (sort.direction === 'ASC' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" aria-sort={ariaSort} className={numeric ? 'num' : undefined}>
      <button type="button" className="sort" onClick={() => onSort(field)}>
        {label}
        <span aria-hidden="true">{active ? (sort.direction === 'ASC' ? ' ▲' : ' ▼') : ' ↕'}</span>
        {active && <span className="visually-hidden"> ({t(sort.direction === 'ASC' ? 'list.ascending' : 'list.descending')})</span>}
      </button>
    </th>
  );
}
