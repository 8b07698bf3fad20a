import type { ReactNode } from 'react';
import { Icon } from './Icon';
import './data-table-selection.css';

export interface Column<T> {
  id: string;
  header: string;
  /** The API's sort key; columns without one are not sortable. */
  sortKey?: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

/** Rows chosen for a bulk action, by id; the table adds a checkbox column for it. */
export interface Selection<T> {
  selected: ReadonlySet<number>;
  onChange: (selected: Set<number>) => void;
  /** How a row's checkbox is named to screen readers: "Select Ada Lovelace". */
  rowLabel: (row: T) => string;
}

export interface SortState {
  sort: string;
  order: 'asc' | 'desc';
}

/**
 * A list of records with sortable headers. Clicking a row opens it; the first cell should hold
 * a real link so keyboard and screen-reader users open records the same way. With `selection`,
 * each row starts with a checkbox and the header with one that selects every row on the page.
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
  selection,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  sort?: SortState;
  onSort?: (sort: SortState) => void;
  onOpen?: (row: T) => void;
  loading?: boolean;
  empty?: ReactNode;
  selection?: Selection<T>;
}) {
  const onPage = selection ? rows.filter((r) => selection.selected.has(r.id)).length : 0;
  const togglePage = (on: boolean) => {
    const next = new Set(selection!.selected);
    for (const r of rows) {
      if (on) next.add(r.id);
      else next.delete(r.id);
    }
    selection!.onChange(next);
  };
  const toggleRow = (id: number, on: boolean) => {
    const next = new Set(selection!.selected);
    if (on) next.add(id);
    else next.delete(id);
    selection!.onChange(next);
  };
  return (
    <div className="table-wrap" aria-busy={loading || undefined}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {selection ? (
              // A cell, not a column header: the checkbox is a control, and the columns are the record's.
              <td className="cell-select">
                <input
                  type="checkbox"
                  aria-label="Select all on this page"
                  disabled={rows.length === 0}
                  checked={rows.length > 0 && onPage === rows.length}
                  ref={(box) => {
                    if (box) box.indeterminate = onPage > 0 && onPage < rows.length;
                  }}
                  onChange={(e) => togglePage(e.target.checked)}
                />
              </td>
            ) : null}
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
            <tr
              key={row.id}
              className={[onOpen ? 'clickable' : '', selection?.selected.has(row.id) ? 'selected' : ''].join(' ').trim() || undefined}
              onClick={onOpen ? () => onOpen(row) : undefined}
            >
              {selection ? (
                // Choosing a row is not opening it.
                <td className="cell-select" onClick={(e) => e.stopPropagation()}>
                  <input
                    type="checkbox"
                    aria-label={`Select ${selection.rowLabel(row)}`}
                    checked={selection.selected.has(row.id)}
                    onChange={(e) => toggleRow(row.id, e.target.checked)}
                  />
                </td>
              ) : null}
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
