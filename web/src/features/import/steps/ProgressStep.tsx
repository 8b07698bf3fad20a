import { useMutation } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useId, useState } from 'react';
import { ErrorBanner } from '../../../shared/ui/ErrorBanner';
import { formatCount, formatDuration } from '../import-format';
import { importApi, type ImportReport, type ProgressEvent } from '../import-api';
import { ProgressBar } from '../ProgressBar';

const PHASES: Record<ProgressEvent['phase'], string> = {
  staging: 'Reading and checking rows',
  planning: 'Planning',
  merging: 'Writing records',
  indexing: 'Finishing the indexes',
  done: 'Done',
};

/**
 * Step 5: the import runs in the background on the server; this page follows it through the
 * server-sent events of /api/imports/:id/events. Closing the page does not stop the import, and
 * opening it again (or the history) shows where it is.
 */
export function ProgressStep({ id, onDone }: { id: number; onDone: (report: ImportReport) => void }) {
  const ids = useId();
  const [progress, setProgress] = useState<ProgressEvent>();
  const [lost, setLost] = useState(false);
  const [finished, setFinished] = useState<ImportReport>();
  // The latest onDone, called from the effect below without making it a dependency of it.
  const done = useEffectEvent(onDone);

  useEffect(() => {
    const events = new EventSource(importApi.eventsUrl(id));
    events.addEventListener('progress', (e) => {
      setLost(false);
      setProgress(JSON.parse((e as MessageEvent<string>).data) as ProgressEvent);
    });
    events.addEventListener('done', (e) => {
      events.close();
      const report = JSON.parse((e as MessageEvent<string>).data) as ImportReport;
      setProgress((p) => ({
        id,
        status: report.status,
        phase: 'done',
        rowsDone: report.rows,
        totalRows: report.rows,
        rowsPerSec: p?.rowsPerSec ?? 0,
        etaSeconds: 0,
      }));
      setFinished(report);
    });
    // EventSource reconnects by itself; say so while it does.
    events.onerror = () => setLost(events.readyState !== EventSource.OPEN);
    return () => events.close();
  }, [id]);

  // The full bar is drawn before the wizard moves on to the result.
  useEffect(() => {
    if (finished) done(finished);
  }, [finished]);

  const cancel = useMutation({ mutationFn: () => importApi.cancel(id) });

  const total = progress?.totalRows ?? null;
  const doneRows = progress?.rowsDone ?? 0;
  return (
    <section className="panel panel-padded wizard-step" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Importing</h2>
      <p className="step-intro">
        The import runs on the server. You can close this window: it goes on, and Tools › Import history shows where it is.
      </p>
      <ProgressBar
        label="Import progress"
        value={doneRows}
        max={total ?? Math.max(doneRows, 1)}
        text={total !== null ? `${formatCount(doneRows)} of ${formatCount(total)} rows` : `${formatCount(doneRows)} rows`}
      />
      <dl className="progress-facts" aria-live="polite">
        <div>
          <dt>Rows done</dt>
          <dd>{total !== null ? `${formatCount(doneRows)} of ${formatCount(total)}` : formatCount(doneRows)}</dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd>{progress ? `${formatCount(Math.round(progress.rowsPerSec))} rows/s` : '—'}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>{progress?.etaSeconds != null ? `about ${formatDuration(progress.etaSeconds)}` : '—'}</dd>
        </div>
        <div>
          <dt>Step</dt>
          <dd>{progress ? PHASES[progress.phase] : 'Starting'}</dd>
        </div>
      </dl>
      <div className="wizard-actions">
        <button
          type="button"
          className="button button-danger-quiet"
          disabled={cancel.isPending || cancel.isSuccess || finished !== undefined}
          onClick={() => cancel.mutate()}
        >
          {cancel.isSuccess ? 'Stopping at the next batch…' : 'Cancel the import'}
        </button>
        <span className="field-hint">Rows already written stay until you undo the import.</span>
      </div>
      <ErrorBanner error={cancel.error ?? undefined} />
      {lost ? (
        <ErrorBanner error={new Error('The connection to the server was lost; Roster is reconnecting. The import goes on.')} />
      ) : null}
    </section>
  );
}
