import type { ReactNode } from 'react';
import { TableSkeleton } from './Skeleton';
import { SortHeader } from './SortHeader';
import { TableWrap } from './TableWrap';
import type { Direction } from './useListState';

/**
 * One column of a DataTable. `header` is the column head (a sortable one's is text: the sort button's name);
 * `sort` makes it a SortHeader; `numeric` right-aligns head and cells; `rowHeader` renders the
 * cells as `<th scope="row">` (the cell that names the row).
 */
export interface Column<Row, S extends string = string> {
  key: string;
  header: ReactNode;
  sort?: S;
  numeric?: boolean;
  rowHeader?: boolean;
  /** Extra class of the cells (beside `num`), or a class per row. */
  className?: string | ((row: Row) => string | undefined);
  /** Extra class of the column head (beside `num`). */
  headerClassName?: string;
  /** The cells' `data-label`: a `stacked` table shows it before each value on a phone. */
  label?: string;
  cell: (row: Row, index: number) => ReactNode;
}

/** A column list may hold `false` for a column the viewer does not get (`admin && {...}`). */
export type Columns<Row, S extends string = string> = readonly (Column<Row, S> | false | null | undefined)[];

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ') || undefined;

/**
 * A real table in a TableWrap (a named Tab stop while it scrolls sideways) with its caption,
 * column heads (sortable ones via SortHeader, from a list's `sort`/`onSort`), a row per item and
 * an optional footer. While `rows` is undefined it shows a table skeleton of its shape; with no
 * rows and an `empty` it shows that instead of an empty table.
 */
export function DataTable<Row, S extends string = string>({
  caption,
  captionHidden,
  label,
  className,
  busy,
  columns,
  rows,
  rowKey,
  rowClassName,
  sort,
  onSort,
  foot,
  note,
  empty,
  skeletonRows,
}: {
  caption: string;
  /** The caption for screen readers only (a heading above already names the table). */
  captionHidden?: boolean;
  /** The scrolling box's name; the caption by default. */
  label?: string;
  className?: string;
  /** A newer page of the rows is loading. */
  busy?: boolean;
  columns: Columns<Row, S>;
  rows: readonly Row[] | null | undefined;
  rowKey: (row: Row, index: number) => string;
  rowClassName?: (row: Row) => string | undefined;
  sort?: { field: S; direction: Direction };
  onSort?: (field: S) => void;
  /** The `<tfoot>` rows (totals). */
  foot?: ReactNode;
  /** A footnote under the table, inside its scrolling box. */
  note?: ReactNode;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  skeletonRows?: number;
}) {
  const shown = columns.filter((c): c is Column<Row, S> => Boolean(c));
  if (!rows) return <TableSkeleton columns={shown.length} rows={skeletonRows} />;
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  return (
    <TableWrap label={label ?? caption} busy={busy}>
      <table className={className}>
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {shown.map((column) =>
              column.sort && sort && onSort && typeof column.header === 'string' ? (
                <SortHeader key={column.key} field={column.sort} label={column.header} sort={sort} onSort={onSort} numeric={column.numeric} />
              ) : (
                <th key={column.key} scope="col" className={classes(column.numeric && 'num', column.headerClassName)}>
                  {column.header}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={rowKey(row, index)} className={rowClassName?.(row)}>
              {shown.map((column) => {
                const className = classes(column.numeric && 'num', typeof column.className === 'function' ? column.className(row) : column.className);
                return column.rowHeader ? (
                  <th key={column.key} scope="row" className={className} data-label={column.label}>
                    {column.cell(row, index)}
                  </th>
                ) : (
                  <td key={column.key} className={className} data-label={column.label}>
                    {column.cell(row, index)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        {foot && <tfoot>{foot}</tfoot>}
      </table>
      {note}
    </TableWrap>
  );
}

/**
 * A table with a row per figure and a column per year (school year, period): the shape of the
 * trend and composition tables, so three or four years fit a tablet without scrolling.
 */
export function YearTable<Year>({
  caption,
  className = 'year-table trend-table',
  corner,
  years,
  yearKey,
  yearLabel = yearKey,
  figures,
}: {
  caption: string;
  className?: string;
  /** The head of the figure column. */
  corner: string;
  years: readonly Year[];
  yearKey: (year: Year) => string;
  yearLabel?: (year: Year) => ReactNode;
  figures: readonly { key: string; label: ReactNode; cell: (year: Year) => ReactNode; className?: string }[];
}) {
  const columns: Column<(typeof figures)[number]>[] = [
    { key: 'figure', header: corner, rowHeader: true, cell: (figure) => figure.label },
    ...years.map((year) => ({
      key: yearKey(year),
      header: yearLabel(year),
      headerClassName: 'num',
      className: (figure: (typeof figures)[number]) => figure.className ?? 'num',
      cell: (figure: (typeof figures)[number]) => figure.cell(year),
    })),
  ];
  return (
    <DataTable
      caption={caption}
      className={className}
      columns={columns}
      rows={figures}
      rowKey={(figure) => figure.key}
    />
  );
}

/** One row of a FactTable: the fact's name and its value (`className` on the row). */
export interface Fact {
  key: string;
  label: ReactNode;
  value: ReactNode;
  className?: string;
}

/**
 * A table of facts without column heads: a row a fact, its name as the row head and its value
 * beside it (`numeric`: right-aligned). With a caption (for screen readers only) it sits in a
 * TableWrap named by it; without one it is a bare table (a page's facts under their heading).
 */
export function FactTable({ caption, className, numeric, facts }: { caption?: string; className?: string; numeric?: boolean; facts: readonly (Fact | false | null | undefined)[] }) {
  const table = (
    <table className={className}>
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <tbody>
        {facts
          .filter((fact): fact is Fact => Boolean(fact))
          .map((fact) => (
            <tr key={fact.key} className={fact.className}>
              <th scope="row">{fact.label}</th>
              <td className={numeric ? 'num' : undefined}>{fact.value}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
  return caption ? <TableWrap label={caption}>{table}</TableWrap> : table;
}
