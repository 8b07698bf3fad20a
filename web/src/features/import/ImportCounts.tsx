import { formatCount } from './import-format';
import type { ImportReport } from './import-api';

const PLANNED = [
  ['created', 'To create'],
  ['updated', 'To update'],
  ['unchanged', 'Unchanged'],
  ['skipped', 'Skipped'],
  ['duplicates', 'Duplicates'],
  ['failed', 'Failed'],
] as const;

const DONE = [
  ['created', 'Created'],
  ['updated', 'Updated'],
  ['unchanged', 'Unchanged'],
  ['skipped', 'Skipped'],
  ['duplicates', 'Duplicates'],
  ['failed', 'Failed'],
] as const;

/** The six counts every row falls into, as a plan (a dry run) or as what happened. */
export function ImportCounts({ report, label }: { report: ImportReport; label: string }) {
  const planned = report.status === 'dry-run';
  return (
    <dl className="import-counts" aria-label={label}>
      {(planned ? PLANNED : DONE).map(([key, text]) => (
        <div key={key} className={`import-count count-${key}${report[key] > 0 ? ' nonzero' : ''}`}>
          <dt>{text}</dt>
          <dd>{formatCount(report[key])}</dd>
        </div>
      ))}
    </dl>
  );
}
