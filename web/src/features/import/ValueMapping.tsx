import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '../../shared/api';
import type { Property } from '../../shared/types';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { formatCount } from './import-format';
import { importApi, type ImportEntity, type ImportReport } from './import-api';
import { withValueMaps } from './map-choices';

/** The problems read per column to find its unknown values; a file with more lists the values of these. */
const PROBLEMS_READ = 500;

/** A column mapped to a choice property, with the values of its rows that are none of the choices. */
interface UnknownValues {
  header: string;
  property: Property;
  /** Each value once, case aside, as first written, with how many rows have it (among those read). */
  values: { value: string; rows: number }[];
  /** True when the column has more such problems than were read. */
  more: boolean;
}

/** The columns of a dry run that go to a choice property and have rows whose value is not one of its choices. */
async function unknownValues(report: ImportReport, entity: ImportEntity): Promise<UnknownValues[]> {
  const properties = await api.properties(entity);
  const out: UnknownValues[] = [];
  for (const [header, key] of Object.entries(report.mapping)) {
    const property = properties.find((p) => p.key === key);
    if (!property || property.type !== 'choice') continue;
    const page = await importApi.problems(report.id, { offset: 0, limit: PROBLEMS_READ, column: header, code: 'invalid_value' });
    const byValue = new Map<string, { value: string; rows: number }>();
    // The sentence of a value that is none of the choices (core/values.ts); other problems of the column are not values to map.
    for (const p of page.items.filter((i) => i.value !== null && i.message.includes('is not one of'))) {
      const value = p.value!.trim();
      const seen = byValue.get(value.toLowerCase());
      if (seen) seen.rows++;
      else byValue.set(value.toLowerCase(), { value, rows: 1 });
    }
    if (byValue.size > 0) out.push({ header, property, values: [...byValue.values()], more: page.total > page.items.length });
  }
  return out;
}

/**
 * On the check over: the values of Status, Priority and other choice columns that Roster does not
 * know, each with a choice of the property's values. Applying dry-runs the file again with these
 * values mapped (`valueMaps`); the new check over replaces this one.
 */
export function ValueMapping({
  report,
  entity,
  onChecked,
}: {
  report: ImportReport;
  entity: ImportEntity;
  onChecked: (dryRun: ImportReport) => void;
}) {
  const ids = useId();
  const [chosen, setChosen] = useState<Record<string, Record<string, string>>>({});
  const found = useQuery({
    queryKey: ['import-unknown-values', report.id],
    queryFn: () => unknownValues(report, entity),
    enabled: report.failed > 0,
  });
  const apply = useMutation({
    mutationFn: () => {
      // A value set back to "Leave the rows out" is not sent.
      const added = Object.fromEntries(
        Object.entries(chosen).map(([header, values]) => [header, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''))]),
      );
      return importApi.dryRun(report.id, withValueMaps(report, added));
    },
  });
  const columns = found.data ?? [];
  if (found.error) return <ErrorBanner error={found.error} />;
  if (columns.length === 0) return null;
  const picked = Object.values(chosen).reduce((n, values) => n + Object.values(values).filter((v) => v !== '').length, 0);
  const corrections = report.corrections ?? 0;
  return (
    <section className="panel panel-padded" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Values Roster does not know</h2>
      <p className="step-intro">
        These rows fail because a value is not one Roster knows. Map each value to one of Roster’s, and the file is checked again with it.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (picked > 0) apply.mutate(undefined, { onSuccess: onChecked });
        }}
      >
        {columns.map((c) => (
          <fieldset key={c.header} className="choice-group">
            <legend>{c.header === c.property.label ? c.header : `${c.header} (${c.property.label})`}</legend>
            {c.values.map(({ value, rows }, i) => {
              const selectId = `${ids}-${c.header}-${i}`;
              return (
                <div key={value} className="inline-field">
                  <label htmlFor={selectId}>Map “{value}” to</label>
                  <select
                    id={selectId}
                    value={chosen[c.header]?.[value] ?? ''}
                    onChange={(e) => setChosen((all) => ({ ...all, [c.header]: { ...all[c.header], [value]: e.target.value } }))}
                  >
                    <option value="">Leave the rows out</option>
                    {(c.property.choices ?? []).map((choice) => (
                      <option key={choice} value={choice}>
                        {choice}
                      </option>
                    ))}
                  </select>
                  <span className="field-hint">
                    {formatCount(rows)} {rows === 1 ? 'row' : 'rows'}
                  </span>
                </div>
              );
            })}
            {c.more ? <p className="field-hint">The values of the first {formatCount(PROBLEMS_READ)} rows with this problem.</p> : null}
          </fieldset>
        ))}
        {corrections > 0 ? (
          <p className="field-hint">
            Checking again reads the file afresh: the {formatCount(corrections)} {corrections === 1 ? 'cell' : 'cells'} corrected here are
            not kept.
          </p>
        ) : null}
        <div className="wizard-actions">
          <button type="submit" className="button button-primary" disabled={picked === 0 || apply.isPending}>
            {apply.isPending ? 'Checking every row…' : 'Map these values and check again'}
          </button>
        </div>
      </form>
      <ErrorBanner error={apply.error ?? undefined} />
    </section>
  );
}
