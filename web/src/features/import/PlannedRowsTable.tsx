import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Badge } from '../../shared/ui/Badge';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { Pager } from '../../shared/ui/Pager';
import { importApi, type ImportReport, type PlannedRow, type RowAction } from './import-api';

const PAGE_SIZE = 10;

const ACTIONS: { value: RowAction; label: string }[] = [
  { value: 'create', label: 'Create' },
  { value: 'update', label: 'Update' },
  { value: 'unchanged', label: 'Unchanged' },
  { value: 'skip', label: 'Skip' },
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'failed', label: 'Failed' },
];

/** One stored value; an update shows what it replaces. */
function Value({ row, keyName }: { row: PlannedRow; keyName: string }) {
  const after = row.values[keyName] ?? '';
  if (row.before && keyName in row.before) {
    return (
      <span className="value-change">
        <del aria-label="before">{row.before[keyName] ?? '(empty)'}</del> → <ins aria-label="after">{after || '(empty)'}</ins>
      </span>
    );
  }
  return <>{after}</>;
}

/**
 * The rows of a dry run as they will be stored, one page at a time from the server: what
 * happens to each, its values, and for an update the value before → after.
 */
export function PlannedRowsTable({ report }: { report: ImportReport }) {
  const ids = useId();
  const [action, setAction] = useState<RowAction | ''>('');
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [page, setPage] = useState(1);
  const rows = useQuery({
    queryKey: ['import-rows', report.id, action, problemsOnly, page],
    queryFn: () =>
      importApi.rows(report.id, {
        offset: (page - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
        ...(action ? { action } : {}),
        problemsOnly,
      }),
    placeholderData: keepPreviousData,
  });
  // Columns in the file's order, named as the file names them.
  const columns = Object.entries(report.mapping);
  return (
    <div>
      <div className="panel-toolbar problems-toolbar">
        <div className="inline-field">
          <label htmlFor={`${ids}-action`}>What happens</label>
          <select
            id={`${ids}-action`}
            value={action}
            onChange={(e) => {
              setAction(e.target.value as RowAction | '');
              setPage(1);
            }}
          >
            <option value="">Every row</option>
            {ACTIONS.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <label className="choice inline-choice">
          <input
            type="checkbox"
            checked={problemsOnly}
            onChange={(e) => {
              setProblemsOnly(e.target.checked);
              setPage(1);
            }}
          />
          <span className="choice-label">Show only rows with problems</span>
        </label>
      </div>
      <ErrorBanner error={rows.error} />
      <div className="table-wrap" aria-busy={rows.isFetching || undefined}>
        <table className="data-table planned-table">
          <caption className="visually-hidden">Rows as they will be stored</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Action</th>
              {columns.map(([header]) => (
                <th scope="col" key={header}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(rows.data?.items ?? []).map((r) => (
              <tr key={r.row} className={r.problems.length > 0 ? 'row-problem' : undefined}>
                <td className="cell-number">{r.row}</td>
                <td>
                  <Badge value={r.action} />
                </td>
                {columns.map(([header, key]) => (
                  <td key={header}>
                    <Value row={r} keyName={key} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.data && rows.data.items.length === 0 ? <div className="table-empty">No rows match.</div> : null}
      </div>
      <Pager page={page} pageSize={PAGE_SIZE} total={rows.data?.total ?? 0} onPage={setPage} noun="rows" />
    </div>
  );
}
