import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { formatDateTime } from '../../../shared/format';
import { ConfirmAction } from '../../../shared/ui/ConfirmAction';
import { ErrorBanner } from '../../../shared/ui/ErrorBanner';
import { formatCount } from '../import-format';
import { importApi, type ImportEntity, type ImportReport } from '../import-api';
import { ENTITY_WORDS } from '../import-paths';
import { ImportCounts } from '../ImportCounts';
import { ImportedUserInvitations } from '../ImportedUserInvitations';
import { ProblemsTable } from '../ProblemsTable';
import { TicketLinks } from '../TicketLinks';

function statusSentence(r: ImportReport, noun: string): string {
  switch (r.status) {
    case 'completed':
      return r.options.sample !== null
        ? `The test sample of ${formatCount(r.options.sample)} rows is imported.`
        : 'The import is complete.';
    case 'undone':
      return `This import was undone${r.undoneAt ? ` on ${formatDateTime(r.undoneAt)}` : ''}.`;
    case 'failed':
      return `The import stopped: ${r.message ?? 'see the server log'}.`;
    case 'cancelled':
      return r.message ?? 'The import was cancelled.';
    case 'interrupted':
      return 'The import was interrupted; an admin can resume it with roster imports resume.';
    case 'discarded':
      return `This import was discarded; no ${noun} were written.`;
    default:
      return `Status: ${r.status}.`;
  }
}

/**
 * Step 6: what the import did — the counts, for tickets the people they were linked to and those
 * they still wait for, the problems and their CSV, and the ways on: undo it
 * (after a confirmation that says what will be removed and restored), import the rows after a
 * test sample, or close.
 */
export function ResultStep({
  entity,
  id,
  inviteNow,
  onInviting,
  onRemaining,
  onClose,
}: {
  entity: ImportEntity;
  id: number;
  /** The admin asked, on the confirm step, to invite the imported users: do it once the import has completed. */
  inviteNow: boolean;
  onInviting: () => void;
  onRemaining: (dryRun: ImportReport) => void;
  onClose: () => void;
}) {
  const ids = useId();
  const words = ENTITY_WORDS[entity];
  const queryClient = useQueryClient();
  const report = useQuery({ queryKey: ['import', id, 100], queryFn: () => importApi.get(id, 100) });
  const undo = useMutation({
    mutationFn: () => importApi.undo(id),
    onSuccess: (r) => {
      queryClient.setQueryData(['import', id, 100], { ...r, errors: report.data?.errors ?? r.errors });
    },
  });
  const remaining = useMutation({
    mutationFn: (r: ImportReport) => importApi.remaining(r.id),
  });
  if (report.error) return <ErrorBanner error={report.error} />;
  const r = report.data;
  if (!r) return <p className="cell-muted">Loading the result…</p>;
  const canUndo = (r.status === 'completed' || r.status === 'cancelled') && r.created + r.updated > 0;
  const sampleDone = r.status === 'completed' && r.options.sample !== null;
  return (
    <div className="wizard-step">
      <section className="panel panel-padded" aria-labelledby={`${ids}-title`}>
        <h2 id={`${ids}-title`}>Result</h2>
        <p className="step-intro" role="status">
          {statusSentence(r, words.plural)} <span className="cell-muted">{r.fileName}</span>
        </p>
        <ImportCounts report={r} label="What the import did" />
        {r.undo ? (
          <p className="check-summary">
            Undo removed {formatCount(r.undo.removed)} and restored {formatCount(r.undo.restored)} {words.plural}
            {r.undo.kept.length > 0 ? `; ${formatCount(r.undo.kept.length)} edited since were kept` : ''}.
          </p>
        ) : null}
      </section>
      {r.links ? (
        <section className="panel panel-padded" aria-labelledby={`${ids}-links`}>
          <h2 id={`${ids}-links`}>Customers and assignees</h2>
          <TicketLinks report={r} labelledBy={`${ids}-links`} />
        </section>
      ) : null}
      {entity === 'users' && r.status === 'completed' ? (
        <ImportedUserInvitations importId={r.id} inviteNow={inviteNow} onInviting={onInviting} />
      ) : null}
      {r.errorCount !== 0 ? (
        <section className="panel" aria-labelledby={`${ids}-problems`}>
          <div className="panel-heading">
            <h2 id={`${ids}-problems`}>Problems</h2>
            <span className="count-pill">{formatCount(Math.max(r.errorCount, 0))}</span>
          </div>
          <ProblemsTable importId={r.id} canFix={false} />
        </section>
      ) : null}
      <div className="wizard-actions">
        {sampleDone ? (
          <button
            type="button"
            className="button button-primary"
            disabled={remaining.isPending}
            onClick={() => remaining.mutate(r, { onSuccess: onRemaining })}
          >
            {remaining.isPending ? 'Checking the remaining rows…' : 'Import the remaining rows'}
          </button>
        ) : null}
        {canUndo ? (
          <ConfirmAction
            danger
            label="Undo this import"
            question="Undo this import?"
            description={`${formatCount(r.created)} ${r.created === 1 ? words.singular : words.plural} it created will be removed and ${formatCount(r.updated)} it updated will get their previous values back. Records edited since the import are kept as they are.`}
            confirmLabel="Undo the import"
            busyLabel="Undoing…"
            cancelLabel="Keep it"
            onConfirm={async () => {
              await undo.mutateAsync();
            }}
          />
        ) : null}
        <button type="button" className={sampleDone ? 'button' : 'button button-primary'} onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorBanner error={remaining.error ?? undefined} />
    </div>
  );
}
