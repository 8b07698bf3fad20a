const about = new Intl.NumberFormat('en', { maximumSignificantDigits: 2 });

/** A total as people say it: 1,234,567 estimated is "about 1.2 million"; an exact one is written out. */
export function describeTotal(total: number, estimate: boolean): string {
  if (!estimate) return total.toLocaleString('en');
  if (total >= 1_000_000) return `about ${about.format(total / 1_000_000)} million`;
  return `about ${about.format(total)}`;
}

/**
 * "Showing 26–50 of about 1.2 million customers" with Previous and Next: pages follow the
 * server's cursor, so there is no "page N of M" to jump to, only the page before and after.
 */
export function CursorPager({
  first,
  count,
  total,
  estimate,
  page,
  onPrevious,
  onNext,
  noun = 'records',
}: {
  /** The 1-based position of the page's first row. */
  first: number;
  count: number;
  total: number;
  estimate: boolean;
  /** The 1-based page number. */
  page: number;
  onPrevious?: () => void;
  onNext?: () => void;
  noun?: string;
}) {
  const last = first + count - 1;
  const of = describeTotal(total, estimate);
  const summary =
    count === 0
      ? page === 1
        ? `No ${noun}`
        : `No more ${noun}`
      : first === last
        ? `Showing ${first} of ${of}`
        : `Showing ${first}–${last} of ${of} ${noun}`;
  return (
    <nav className="pager" aria-label="Pages">
      <span className="pager-summary" aria-live="polite">
        {summary}
      </span>
      {onPrevious || onNext ? (
        <span className="pager-buttons">
          <button type="button" className="button" disabled={!onPrevious} onClick={onPrevious}>
            Previous
          </button>
          <span className="pager-page">Page {page}</span>
          <button type="button" className="button" disabled={!onNext} onClick={onNext}>
            Next
          </button>
        </span>
      ) : null}
    </nav>
  );
}
