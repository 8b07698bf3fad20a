/** "Showing 26–50 of 120" with Previous and Next; hides the buttons when everything fits on one page. */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
  noun = 'records',
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  noun?: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav className="pager" aria-label="Pages">
      <span className="pager-summary" aria-live="polite">
        {total === 0 ? `No ${noun}` : first === last ? `Showing ${first} of ${total}` : `Showing ${first}–${last} of ${total} ${noun}`}
      </span>
      {pages > 1 ? (
        <span className="pager-buttons">
          <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            Previous
          </button>
          <span className="pager-page">
            Page {page} of {pages}
          </span>
          <button type="button" className="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
            Next
          </button>
        </span>
      ) : null}
    </nav>
  );
}
