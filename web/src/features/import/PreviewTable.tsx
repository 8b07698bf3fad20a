import type { Analysis } from './import-api';

/**
 * The first rows of a file exactly as they were parsed, one cell per header. File text is
 * rendered as text (React escapes it), never as markup.
 */
export function PreviewTable({ analysis, caption }: { analysis: Analysis; caption: string }) {
  return (
    <div className="table-wrap preview-wrap">
      <table className="data-table preview-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            {analysis.headers.map((h) => (
              <th scope="col" key={h.index}>
                {h.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {analysis.previewRows.map((r) => (
            <tr key={r.row}>
              <th scope="row" className="cell-number">
                {r.row}
              </th>
              {r.error ? (
                <td colSpan={analysis.headers.length} className="cell-problem">
                  {r.error.message}
                </td>
              ) : (
                analysis.headers.map((h) => <td key={h.index}>{r.cells[h.index] ?? ''}</td>)
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {analysis.previewRows.length === 0 ? <div className="table-empty">The file has a header row and no data rows.</div> : null}
    </div>
  );
}
