import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import { ErrorBanner } from '../../../shared/ui/ErrorBanner';
import {
  DATE_FORMATS,
  importApi,
  type Analysis,
  type DateFormat,
  type ImportEntity,
  type ImportReport,
  type OnExisting,
} from '../import-api';
import { ENTITY_WORDS } from '../import-paths';
import { DEFAULT_SAMPLE, dryRunBody, initialChoices, loadDraft, saveDraft, type MapChoices } from '../map-choices';
import { NewPropertyDialog } from '../NewPropertyDialog';
import { SaveTemplateDialog } from '../SaveTemplateDialog';
import { useAnalysis, type SourceOverrides } from './FoundStep';

const NEW_PROPERTY = '__new__';

/** What tells that a row is a record Roster already has, for each kind. */
const KEY_WORDS: Record<ImportEntity, string> = {
  customers: 'email',
  users: 'email',
  organizations: 'name',
  tickets: 'External ID',
};

const ON_EXISTING: { value: OnExisting; label: string; explain: string }[] = [
  { value: 'update', label: 'Update it', explain: 'Filled cells replace the values; an empty cell never erases one.' },
  { value: 'skip', label: 'Skip it', explain: 'The existing record stays as it is; the row is counted as skipped.' },
  { value: 'overwrite', label: 'Overwrite it', explain: 'Every mapped column is written; an empty cell clears the value.' },
];

/** "A, B and C". */
function listWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** Up to three non-empty values of a column from the first rows. */
function sampleValues(analysis: Analysis, index: number): string[] {
  const out: string[] = [];
  for (const r of analysis.previewRows) {
    const v = r.cells[index];
    if (v !== undefined && v.trim() !== '' && !out.includes(v)) out.push(v);
    if (out.length === 3) break;
  }
  return out;
}

/**
 * Step 3: one line per column with its sample values and a drop-down of the record kind's
 * properties, pre-set to Roster's suggestion and saying why; the options for existing records,
 * rows with problems and the test sample. Import dry-runs the whole file with these choices.
 */
export function MapStep({
  entity,
  id,
  overrides,
  sampleParam,
  onBack,
  onChecked,
}: {
  entity: ImportEntity;
  id: number;
  overrides: SourceOverrides;
  sampleParam: string | null;
  onBack: () => void;
  onChecked: (report: ImportReport, sample: number | null) => void;
}) {
  const analysis = useAnalysis(id, overrides);
  const report = useQuery({ queryKey: ['import', id, 0], queryFn: () => importApi.get(id, 0) });
  const sample = sampleParam === null ? DEFAULT_SAMPLE : Number(sampleParam) > 0 ? Number(sampleParam) : null;
  if (analysis.error || report.error) return <ErrorBanner error={analysis.error ?? report.error} />;
  if (!analysis.data || !report.data) return <p className="cell-muted">Reading the file…</p>;
  return (
    <MapForm
      key={`${id}|${overrides.encoding ?? ''}|${overrides.delimiter ?? ''}`}
      entity={entity}
      id={id}
      analysis={analysis.data}
      initial={loadDraft(id) ?? initialChoices(analysis.data, report.data, sample)}
      overrides={overrides}
      onBack={onBack}
      onChecked={onChecked}
    />
  );
}

function MapForm({
  entity,
  id,
  analysis,
  initial,
  overrides,
  onBack,
  onChecked,
}: {
  entity: ImportEntity;
  id: number;
  analysis: Analysis;
  initial: MapChoices;
  overrides: SourceOverrides;
  onBack: () => void;
  onChecked: (report: ImportReport, sample: number | null) => void;
}) {
  const ids = useId();
  const words = ENTITY_WORDS[entity];
  const [choices, setChoices] = useState<MapChoices>(initial);
  const [creatingFor, setCreatingFor] = useState<string>();
  const [savingTemplate, setSavingTemplate] = useState(false);
  const [templateNote, setTemplateNote] = useState<string>();
  const queryClient = useQueryClient();
  const offered = templateNote ? [] : analysis.templates;
  // The analysis gives each template's choices on this file's own column labels.
  const applyTemplate = (t: Analysis['templates'][number]) => {
    setChoices((c) => ({
      ...c,
      mapping: { ...c.mapping, ...t.applied.mapping },
      dateFormats: t.applied.dateFormats,
      valueMaps: t.applied.valueMaps,
      onExisting: t.applied.onExisting,
      allOrNothing: t.applied.allOrNothing,
      createMissingCustomers: t.applied.createMissingCustomers,
    }));
    setTemplateNote(`The saved mapping “${t.name}” is applied; check it below.`);
  };
  useEffect(() => saveDraft(id, choices), [id, choices]);

  const properties = useMemo(() => {
    const pending = choices.newProperties.map((p) => ({
      key: p.key,
      label: p.label ?? p.header,
      type: p.type,
      required: false,
      custom: true,
      pending: true,
    }));
    return [...analysis.properties.filter((p) => !p.readOnly).map((p) => ({ ...p, pending: false })), ...pending];
  }, [analysis.properties, choices.newProperties]);
  const byKey = useMemo(() => new Map(properties.map((p) => [p.key, p])), [properties]);

  const chosen = Object.values(choices.mapping).filter((k): k is string => !!k);
  const covered = new Set(chosen);
  // One "Name" column split into first and last names covers both.
  if (covered.has('fullName')) {
    covered.add('firstName');
    covered.add('lastName');
  }
  const missing = properties.filter((p) => p.required && !covered.has(p.key)).map((p) => p.label);
  const twice = new Set(chosen.filter((k, i) => chosen.indexOf(k) !== i));
  const blocker =
    missing.length > 0
      ? `Map a column to ${listWords(missing)}: ${words.plural} cannot be imported without ${missing.length > 1 ? 'them' : 'it'}.`
      : twice.size > 0
        ? `Two columns are mapped to ${listWords([...twice].map((k) => byKey.get(k)?.label ?? k))}; keep one.`
        : undefined;

  const dryRun = useMutation({ mutationFn: () => importApi.dryRun(id, dryRunBody(choices, overrides)) });
  // Passed to mutate() rather than useMutation(), so a person who left this page while the file
  // was being checked is not brought back to it; the dry run is in the import history.
  const check = () => dryRun.mutate(undefined, { onSuccess: (report) => onChecked(report, choices.sample) });

  const setColumn = (header: string, key: string | null) => setChoices((c) => ({ ...c, mapping: { ...c.mapping, [header]: key } }));

  return (
    <form
      className="wizard-step map-step"
      onSubmit={(e) => {
        e.preventDefault();
        if (!blocker && !dryRun.isPending) check();
      }}
      aria-busy={dryRun.isPending || undefined}
    >
      <section className="panel" aria-labelledby={`${ids}-title`}>
        <div className="panel-heading">
          <h2 id={`${ids}-title`}>Map columns</h2>
          <span className="count-pill">{analysis.headers.length} columns</span>
        </div>
        <p className="step-intro panel-intro">
          Pick the property each column fills. Properties marked <span className="required">*</span> are required.
        </p>
        {offered.length > 0 ? (
          <div className="template-offer" role="status">
            <span>A saved mapping fits this file’s columns:</span>
            {offered.map((t) => (
              <button key={t.id} type="button" className="button" onClick={() => applyTemplate(t)}>
                Use “{t.name}”
              </button>
            ))}
          </div>
        ) : null}
        {templateNote ? (
          <p className="template-note" role="status">
            {templateNote}
          </p>
        ) : null}
        <ol className="map-list">
          {analysis.headers.map((h) => {
            const key = choices.mapping[h.label] ?? null;
            const suggestion = analysis.suggestions[h.label];
            const property = key ? byKey.get(key) : undefined;
            const dateSuggestion = analysis.dateFormatSuggestions[h.label];
            const selectId = `${ids}-col-${h.index}`;
            const why =
              key === null
                ? suggestion?.key
                  ? 'Not imported, as you chose.'
                  : `Not imported: ${suggestion?.reason ?? 'no matching property'}.`
                : suggestion?.key === key
                  ? `Suggested: ${suggestion.reason}.`
                  : property?.pending
                    ? 'A new custom property, created when the import is confirmed.'
                    : 'Chosen by you.';
            return (
              <li key={h.index} className="map-row">
                <div className="map-column">
                  <span className="map-header">{h.label}</span>
                  <span className="map-samples">
                    {sampleValues(analysis, h.index).map((v) => (
                      <span key={v} className="map-sample">
                        {v}
                      </span>
                    ))}
                  </span>
                </div>
                <div className="map-target">
                  <label htmlFor={selectId} className="visually-hidden">
                    Property for column {h.label}
                  </label>
                  <select
                    id={selectId}
                    value={key ?? ''}
                    aria-describedby={`${selectId}-why`}
                    aria-invalid={key && twice.has(key) ? true : undefined}
                    onChange={(e) => {
                      if (e.target.value === NEW_PROPERTY) setCreatingFor(h.label);
                      else setColumn(h.label, e.target.value || null);
                    }}
                  >
                    <option value="">Don’t import this column</option>
                    <optgroup label="Standard properties">
                      {analysis.fullNameRule !== null ? (
                        <option value="fullName">Full name (split into First Name and Last Name)</option>
                      ) : null}
                      {properties
                        .filter((p) => !p.custom)
                        .map((p) => (
                          <option key={p.key} value={p.key}>
                            {p.label}
                            {p.required ? ' *' : ''}
                          </option>
                        ))}
                    </optgroup>
                    {properties.some((p) => p.custom) ? (
                      <optgroup label="Custom properties">
                        {properties
                          .filter((p) => p.custom)
                          .map((p) => (
                            <option key={p.key} value={p.key}>
                              {p.label}
                              {p.pending ? ' (new)' : ''}
                            </option>
                          ))}
                      </optgroup>
                    ) : null}
                    <option value={NEW_PROPERTY}>New custom property…</option>
                  </select>
                  <p className={key && twice.has(key) ? 'field-error' : 'field-hint'} id={`${selectId}-why`}>
                    {key && twice.has(key) ? `Another column is mapped to ${property?.label ?? key} too.` : why}
                  </p>
                  {key === 'fullName' && analysis.fullNameRule ? <p className="field-hint">{analysis.fullNameRule}</p> : null}
                  {property?.type === 'date' ? (
                    <div className="map-date">
                      <label htmlFor={`${selectId}-date`}>Date format</label>
                      <select
                        id={`${selectId}-date`}
                        value={choices.dateFormats[h.label] ?? 'yyyy-mm-dd'}
                        aria-describedby={`${selectId}-date-hint`}
                        onChange={(e) =>
                          setChoices((c) => ({ ...c, dateFormats: { ...c.dateFormats, [h.label]: e.target.value as DateFormat } }))
                        }
                      >
                        {DATE_FORMATS.map((f) => (
                          <option key={f} value={f}>
                            {f}
                          </option>
                        ))}
                      </select>
                      <p className="field-hint" id={`${selectId}-date-hint`}>
                        {dateSuggestion
                          ? `Detected ${dateSuggestion.format}${dateSuggestion.ambiguous ? ' (ambiguous)' : ''}: ${dateSuggestion.message}`
                          : 'Roster reads yyyy-mm-dd; pick another format if the column is written differently.'}
                      </p>
                    </div>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ol>
      </section>

      <section className="panel panel-padded" aria-labelledby={`${ids}-options`}>
        <h2 id={`${ids}-options`}>Options</h2>
        <div className="options-grid">
          <fieldset className="choice-group">
            <legend>
              When a {words.singular} already exists (same {KEY_WORDS[entity]})
            </legend>
            {ON_EXISTING.map((o) => (
              <label key={o.value} className="choice">
                <input
                  type="radio"
                  name={`${ids}-existing`}
                  value={o.value}
                  checked={choices.onExisting === o.value}
                  onChange={() => setChoices((c) => ({ ...c, onExisting: o.value }))}
                />
                <span>
                  <span className="choice-label">{o.label}</span>
                  <span className="choice-explain">{o.explain}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <fieldset className="choice-group">
            <legend>Rows with problems</legend>
            <label className="choice">
              <input
                type="radio"
                name={`${ids}-failures`}
                checked={!choices.allOrNothing}
                onChange={() => setChoices((c) => ({ ...c, allOrNothing: false }))}
              />
              <span>
                <span className="choice-label">Import the valid rows</span>
                <span className="choice-explain">Rows with a problem are left out and listed with the reason.</span>
              </span>
            </label>
            <label className="choice">
              <input
                type="radio"
                name={`${ids}-failures`}
                checked={choices.allOrNothing}
                onChange={() => setChoices((c) => ({ ...c, allOrNothing: true }))}
              />
              <span>
                <span className="choice-label">All or nothing</span>
                <span className="choice-explain">If any row has a problem, nothing is imported.</span>
              </span>
            </label>
            <div className="sample-option">
              <label className="choice">
                <input
                  type="checkbox"
                  checked={choices.sample !== null}
                  onChange={(e) => setChoices((c) => ({ ...c, sample: e.target.checked ? DEFAULT_SAMPLE : null }))}
                />
                <span>
                  <span className="choice-label">Import a test sample first</span>
                  <span className="choice-explain">The first rows only, to see them in Roster before the rest; it can be undone.</span>
                </span>
              </label>
              {choices.sample !== null ? (
                <div className="sample-size">
                  <label htmlFor={`${ids}-sample`}>Rows in the sample</label>
                  <input
                    id={`${ids}-sample`}
                    type="number"
                    min={1}
                    value={choices.sample}
                    onChange={(e) => setChoices((c) => ({ ...c, sample: Math.max(1, Math.floor(Number(e.target.value) || 1)) }))}
                  />
                </div>
              ) : null}
            </div>
          </fieldset>
          {entity === 'tickets' ? (
            <fieldset className="choice-group">
              <legend>Customers the file names</legend>
              <label className="choice">
                <input
                  type="checkbox"
                  checked={choices.createMissingCustomers}
                  onChange={(e) => setChoices((c) => ({ ...c, createMissingCustomers: e.target.checked }))}
                />
                <span>
                  <span className="choice-label">Create missing customers</span>
                  <span className="choice-explain">
                    A Customer Email that matches nobody becomes a new customer, named from Customer Name; otherwise its ticket waits until
                    that customer is added.
                  </span>
                </span>
              </label>
            </fieldset>
          ) : null}
        </div>
      </section>

      <div className="wizard-actions">
        <button type="button" className="button" onClick={onBack} disabled={dryRun.isPending}>
          Back
        </button>
        <button type="button" className="button" onClick={() => setSavingTemplate(true)} disabled={dryRun.isPending}>
          Save this mapping…
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={blocker !== undefined || dryRun.isPending}
          aria-describedby={`${ids}-blocker`}
        >
          {dryRun.isPending ? 'Checking every row…' : 'Import'}
        </button>
        <p id={`${ids}-blocker`} className={blocker ? 'field-error wizard-blocker' : 'field-hint wizard-blocker'} aria-live="polite">
          {blocker ?? 'Nothing is written yet: Roster checks every row first and shows you what it will do.'}
        </p>
      </div>
      <ErrorBanner error={dryRun.error ?? undefined} />
      {savingTemplate ? (
        <SaveTemplateDialog
          entity={entity}
          headers={analysis.headers.map((h) => h.label)}
          choices={choices}
          onClose={() => setSavingTemplate(false)}
          onSaved={(t) => {
            setSavingTemplate(false);
            setTemplateNote(`Saved as “${t.name}”: a file with the same columns will be offered it.`);
            void queryClient.invalidateQueries({ queryKey: ['import-analysis'] });
          }}
        />
      ) : null}
      {creatingFor !== undefined ? (
        <NewPropertyDialog
          header={creatingFor}
          onClose={() => setCreatingFor(undefined)}
          onCreate={(p) => {
            setChoices((c) => ({
              ...c,
              newProperties: [...c.newProperties.filter((n) => n.header !== p.header && n.key !== p.key), p],
              mapping: { ...c.mapping, [p.header]: p.key },
            }));
            setCreatingFor(undefined);
          }}
        />
      ) : null}
    </form>
  );
}
