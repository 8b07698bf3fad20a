import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { errorMessage } from '../../shared/api';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { Pager } from '../../shared/ui/Pager';
import { formatCount } from './import-format';
import { importApi, type CorrectionAnswer, type ProblemPage } from './import-api';

const PAGE_SIZE = 10;
/** The value of the column filter that keeps the problems of whole rows (their column is null). */
const WHOLE_ROW = '\u0000row';

export const REASONS: Record<string, string> = {
  parse: 'Row could not be read',
  invalid_value: 'Invalid value',
  required: 'Required value missing',
  other_kind: 'Email of the other kind of person',
  duplicate: 'Duplicate in the file',
  domain_taken: 'Domain of another organization',
  last_admin: 'Would remove the last admin',
};

type Problem = ProblemPage['items'][number];

/** One cell corrected in place: the input, its save, and the server's refusal next to it. */
function FixCell({ importId, problem, onDone }: { importId: number; problem: Problem; onDone: (answer?: CorrectionAnswer) => void }) {
  const id = useId();
  const [value, setValue] = useState(problem.value ?? '');
  const save = useMutation({
    mutationFn: () => importApi.correct(importId, { row: problem.row, column: problem.column ?? '', value }),
    onSuccess: (answer) => onDone(answer),
  });
  return (
    <form
      className="fix-cell"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        Corrected value for row {problem.row}, column {problem.column}
      </label>
      <input
        id={id}
        value={value}
        autoFocus
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={save.error ? true : undefined}
        aria-describedby={save.error ? `${id}-error` : undefined}
      />
      <button type="submit" className="button button-primary" disabled={save.isPending}>
        Save
      </button>
      <button type="button" className="button" onClick={() => onDone()} disabled={save.isPending}>
        Cancel
      </button>
      {save.error ? (
        <p className="field-error" id={`${id}-error`}>
          {errorMessage(save.error)}
        </p>
      ) : null}
    </form>
  );
}

/**
 * Every problem of an import — row (as a spreadsheet numbers it), column, value and reason —
 * paged and filtered by the server, so a file with a million problems shows one page at a time;
 * the whole list as CSV. On a dry run, a failed cell can be corrected in place.
 */
export function ProblemsTable({
  importId,
  canFix,
  onCorrected,
}: {
  importId: number;
  canFix: boolean;
  onCorrected?: (answer: CorrectionAnswer) => void;
}) {
  const ids = useId();
  const queryClient = useQueryClient();
  const [column, setColumn] = useState('');
  const [code, setCode] = useState('');
  const [page, setPage] = useState(1);
  const [fixing, setFixing] = useState<string>();
  const problems = useQuery({
    queryKey: ['import-problems', importId, column, code, page],
    queryFn: () =>
      importApi.problems(importId, {
        offset: (page - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
        ...(column ? { column: column === WHOLE_ROW ? null : column } : {}),
        ...(code ? { code } : {}),
      }),
    placeholderData: keepPreviousData,
  });
  const data = problems.data;
  if (problems.error) return <ErrorBanner error={problems.error} />;
  if (!data) return <p className="cell-muted problems-note">Loading the problems…</p>;
  const everything = data.codes.reduce((n, c) => n + c.count, 0);
  if (everything === 0) return <p className="all-clear">No problems: every row can be imported.</p>;
  const keyOf = (p: Problem) => `${p.row}|${p.column ?? ''}|${p.code}`;
  return (
    <div className="problems">
      <div className="panel-toolbar problems-toolbar">
        <div className="inline-field">
          <label htmlFor={`${ids}-column`}>Column</label>
          <select
            id={`${ids}-column`}
            value={column}
            onChange={(e) => {
              setColumn(e.target.value);
              setPage(1);
            }}
          >
            <option value="">All columns</option>
            {data.columns.map((c) => (
              <option key={c.column ?? WHOLE_ROW} value={c.column ?? WHOLE_ROW}>
                {c.column ?? 'Whole rows'} ({formatCount(c.count)})
              </option>
            ))}
          </select>
        </div>
        <div className="inline-field">
          <label htmlFor={`${ids}-code`}>Reason</label>
          <select
            id={`${ids}-code`}
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setPage(1);
            }}
          >
            <option value="">All reasons</option>
            {data.codes.map((c) => (
              <option key={c.code} value={c.code}>
                {REASONS[c.code] ?? c.code} ({formatCount(c.count)})
              </option>
            ))}
          </select>
        </div>
        <a className="button" href={importApi.errorReportUrl(importId)} download>
          Download the error report (CSV)
        </a>
      </div>
      <div className="table-wrap" aria-busy={problems.isFetching || undefined}>
        <table className="data-table problems-table">
          <caption className="visually-hidden">Problems</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Value</th>
              <th scope="col">Reason</th>
              {canFix ? (
                <th scope="col">
                  <span className="visually-hidden">Fix</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {data.items.map((p) => (
              <tr key={keyOf(p)}>
                <td className="cell-number">{p.row}</td>
                <td>{p.column ?? ''}</td>
                <td className={fixing === keyOf(p) ? undefined : 'cell-value'}>
                  {fixing === keyOf(p) ? (
                    <FixCell
                      importId={importId}
                      problem={p}
                      onDone={(answer) => {
                        setFixing(undefined);
                        if (!answer) return;
                        onCorrected?.(answer);
                        void queryClient.invalidateQueries({ queryKey: ['import-problems', importId] });
                        void queryClient.invalidateQueries({ queryKey: ['import-rows', importId] });
                        void queryClient.invalidateQueries({ queryKey: ['import-organizations', importId] });
                      }}
                    />
                  ) : (
                    (p.value ?? '')
                  )}
                </td>
                <td>{p.message}</td>
                {canFix ? (
                  <td className="cell-action">
                    {p.column !== null && p.code !== 'parse' && fixing !== keyOf(p) ? (
                      <button
                        type="button"
                        className="button button-quiet"
                        aria-label={`Fix row ${p.row}, column ${p.column}`}
                        onClick={() => setFixing(keyOf(p))}
                      >
                        Fix
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
        {data.items.length === 0 ? <div className="table-empty">No problems match these filters.</div> : null}
      </div>
      <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} noun="problems" />
    </div>
  );
}
