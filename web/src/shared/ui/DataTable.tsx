import type { ReactNode } from 'react';
import { Icon } from './Icon';

export interface Column<T> {
  id: string;
  header: string;
  /** The API's sort key; columns without one are not sortable. */
  sortKey?: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

export interface SortState {
  sort: string;
  order: 'asc' | 'desc';
}

/**
 * A list of records with sortable headers. Clicking a row opens it; the first cell should hold
 * a real link so keyboard and screen-reader users open records the same way.
 */
export function DataTable<T extends { id: number }>({
  caption,
  columns,
  rows,
  sort,
  onSort,
  onOpen,
  loading,
  empty,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  sort?: SortState;
  onSort?: (sort: SortState) => void;
  onOpen?: (row: T) => void;
  loading?: boolean;
  empty?: ReactNode;
}) {
  return (
    <div className="table-wrap" aria-busy={loading || undefined}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort && c.sortKey === sort.sort;
              return (
                <th
                  key={c.id}
                  scope="col"
                  className={c.className}
                  aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {c.sortKey && onSort ? (
                    <button
                      type="button"
                      className={active ? 'sort-button active' : 'sort-button'}
                      onClick={() => onSort({ sort: c.sortKey!, order: active && sort.order === 'asc' ? 'desc' : 'asc' })}
                    >
                      {c.header}
                      <Icon name={active && sort.order === 'desc' ? 'arrowDown' : 'arrowUp'} size={14} />
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={onOpen ? 'clickable' : undefined} onClick={onOpen ? () => onOpen(row) : undefined}>
              {columns.map((c) => (
                <td key={c.id} className={c.className}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && !loading ? <div className="table-empty">{empty ?? 'Nothing here yet.'}</div> : null}
    </div>
  );
}
