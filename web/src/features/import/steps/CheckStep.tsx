import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorBanner } from '../../../shared/ui/ErrorBanner';
import { formatCount } from '../import-format';
import { importApi, type ImportEntity, type ImportReport } from '../import-api';
import { ENTITY_WORDS } from '../import-paths';
import { ImportCounts } from '../ImportCounts';
import { dryRunChoices, rerunBody } from '../map-choices';
import { OrganizationsTable } from '../OrganizationsTable';
import { PlannedRowsTable } from '../PlannedRowsTable';
import { ProblemsTable } from '../ProblemsTable';
import { SaveTemplateDialog } from '../SaveTemplateDialog';
import { TicketLinks } from '../TicketLinks';
import { ValueMapping } from '../ValueMapping';

/**
 * Step 4: the dry run of the whole file, checked over before anything is written: the counts,
 * every problem with its row, and the options; for tickets, the people they will be linked to.
 * Values of choice columns Roster does not know can be mapped here, which checks the file again
 * (`onChecked` gets the new dry run), and the mapping saved as a template with those values.
 * Confirm starts the import (with a test sample, a dry run of
 * its first rows is made and confirmed instead, so the check over is never limited).
 */
export function CheckStep({
  entity,
  id,
  sample,
  onBack,
  onChecked,
  onStarted,
}: {
  entity: ImportEntity;
  id: number;
  sample: number | null;
  onBack: (report: ImportReport) => void;
  onChecked: (dryRun: ImportReport) => void;
  /** `invite`: the admin asked to invite the imported users once the import has completed. */
  onStarted: (report: ImportReport, invite: boolean) => void;
}) {
  const ids = useId();
  const words = ENTITY_WORDS[entity];
  const queryClient = useQueryClient();
  const report = useQuery({ queryKey: ['import', id, 100], queryFn: () => importApi.get(id, 100) });
  const [invite, setInvite] = useState(false);
  const [savingTemplate, setSavingTemplate] = useState(false);
  const [savedAs, setSavedAs] = useState<string>();
  const confirm = useMutation({
    mutationFn: async (r: ImportReport) => {
      const target = sample !== null && sample < r.rows ? await importApi.dryRun(r.id, { ...rerunBody(r), sample }, 0) : r;
      return importApi.commit(target.id);
    },
  });
  if (report.error) return <ErrorBanner error={report.error} />;
  const r = report.data;
  if (!r) return <p className="cell-muted">Loading the check over…</p>;
  if (r.status !== 'dry-run')
    return (
      <section className="panel panel-padded wizard-step">
        <h2>Check over</h2>
        <p>This check over has already been confirmed or discarded (status: {r.status}).</p>
      </section>
    );
  const writes = r.created + r.updated;
  const blockedByFailures = r.options.allOrNothing && r.failed > 0;
  const sampled = sample !== null && sample < r.rows;
  // The report's suggestions name every column of the file, in file order.
  const headers = Object.keys(r.suggestions);
  return (
    <div className="wizard-step">
      <section className="panel panel-padded" aria-labelledby={`${ids}-title`}>
        <h2 id={`${ids}-title`}>Check over</h2>
        <p className="step-intro">
          Roster checked all {formatCount(r.rows)} rows of <strong>{r.fileName}</strong>. Nothing has been written yet.
        </p>
        <ImportCounts report={r} label="What the import will do" />
        <p className="check-summary" aria-live="polite">
          {blockedByFailures
            ? `All or nothing is on and ${formatCount(r.failed)} ${r.failed === 1 ? 'row has' : 'rows have'} a problem: Confirm would write nothing. Fix the file or go back and import the valid rows.`
            : sampled
              ? `Confirm imports a test sample: the first ${formatCount(sample)} rows. The other rows wait until you have looked at the sample.`
              : `Confirm writes ${formatCount(writes)} ${writes === 1 ? words.singular : words.plural}.`}
        </p>
      </section>
      {r.links ? (
        <section className="panel panel-padded" aria-labelledby={`${ids}-links`}>
          <h2 id={`${ids}-links`}>Customers and assignees</h2>
          <TicketLinks report={r} labelledBy={`${ids}-links`} />
        </section>
      ) : null}
      <ValueMapping key={r.id} report={r} entity={entity} onChecked={onChecked} />
      <section className="panel" aria-labelledby={`${ids}-problems`}>
        <div className="panel-heading">
          <h2 id={`${ids}-problems`}>Problems</h2>
        </div>
        <ProblemsTable
          importId={r.id}
          canFix
          onCorrected={(answer) => {
            queryClient.setQueryData<ImportReport>(['import', id, 100], (old) => (old ? { ...old, ...answer.counts } : old));
            void queryClient.invalidateQueries({ queryKey: ['import-unknown-values', id] });
          }}
        />
      </section>
      <section className="panel" aria-labelledby={`${ids}-rows`}>
        <div className="panel-heading">
          <h2 id={`${ids}-rows`}>Rows as they will be stored</h2>
          <span className="count-pill">{formatCount(r.rows)}</span>
        </div>
        <PlannedRowsTable report={r} />
      </section>
      {entity === 'customers' ? (
        <section className="panel" aria-labelledby={`${ids}-organizations`}>
          <div className="panel-heading">
            <h2 id={`${ids}-organizations`}>Organizations</h2>
          </div>
          <OrganizationsTable importId={r.id} />
        </section>
      ) : null}
      {entity === 'users' ? (
        <label className="field-checkbox">
          <input type="checkbox" checked={invite} onChange={(e) => setInvite(e.target.checked)} disabled={confirm.isPending} />
          Invite the imported users (they get a link to choose a password)
        </label>
      ) : null}
      <div className="wizard-actions">
        <button type="button" className="button" onClick={() => onBack(r)} disabled={confirm.isPending}>
          Back to the mapping
        </button>
        <button type="button" className="button" onClick={() => setSavingTemplate(true)} disabled={confirm.isPending}>
          Save this mapping…
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={confirm.isPending || blockedByFailures}
          onClick={() => confirm.mutate(r, { onSuccess: (started) => onStarted(started, entity === 'users' && invite) })}
        >
          {confirm.isPending ? 'Starting…' : 'Confirm'}
        </button>
      </div>
      {savedAs ? (
        <p className="template-note" role="status">
          Saved as “{savedAs}”: a file with the same columns will be offered it, with the values mapped here.
        </p>
      ) : null}
      <ErrorBanner error={confirm.error ?? undefined} />
      {savingTemplate ? (
        <SaveTemplateDialog
          entity={entity}
          headers={headers}
          choices={dryRunChoices(r, headers, sample)}
          onClose={() => setSavingTemplate(false)}
          onSaved={(t) => {
            setSavingTemplate(false);
            setSavedAs(t.name);
            void queryClient.invalidateQueries({ queryKey: ['import-analysis'] });
          }}
        />
      ) : null}
    </div>
  );
}
