import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../../../shared/api';
import { ErrorBanner } from '../../../shared/ui/ErrorBanner';
import { delimiterName } from '../import-format';
import { importApi, type Analysis } from '../import-api';
import { PreviewTable } from '../PreviewTable';

const ENCODINGS = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'windows-1252', label: 'Windows-1252 (Excel on Windows)' },
  { value: 'iso-8859-1', label: 'ISO-8859-1 (Latin-1)' },
  { value: 'utf-16le', label: 'UTF-16 little-endian' },
  { value: 'utf-16be', label: 'UTF-16 big-endian' },
];

const DELIMITERS = [
  { value: ',', label: 'Comma (,)' },
  { value: ';', label: 'Semicolon (;)' },
  { value: 'tab', label: 'Tab' },
  { value: '|', label: 'Pipe (|)' },
];

export interface SourceOverrides {
  encoding?: string;
  delimiter?: string;
}

/** The analysis of an import's kept file, read with the encoding and delimiter the URL names. */
export function useAnalysis(id: number, overrides: SourceOverrides) {
  return useQuery({
    queryKey: ['import-analysis', id, overrides.encoding ?? '', overrides.delimiter ?? ''],
    queryFn: () => importApi.analysis(id, overrides),
    staleTime: Infinity,
  });
}

/**
 * Step 2: what Roster found in the file — its encoding and delimiter, each with the reason and a
 * way to read the file differently, and the first rows exactly as they were read.
 */
export function FoundStep({
  id,
  overrides,
  onOverrides,
  onBack,
  onNext,
}: {
  id: number;
  overrides: SourceOverrides;
  onOverrides: (overrides: SourceOverrides) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const ids = useId();
  const analysis = useAnalysis(id, overrides);
  // A reading that fails (say, UTF-8 chosen for a Latin-1 file) keeps the last good one on screen,
  // with the reason next to the choice that caused it, so the person can choose again.
  // (State set while rendering, as React documents for keeping what an earlier render saw.)
  const [lastGood, setLastGood] = useState<Analysis>();
  if (analysis.data && analysis.data !== lastGood) setLastGood(analysis.data);
  const data: Analysis | undefined = analysis.data ?? lastGood;
  const field = analysis.error instanceof ApiError ? analysis.error.field : undefined;
  const fieldError = (name: string) => (analysis.error && field === name ? errorMessage(analysis.error) : undefined);
  const encodingError = fieldError('encoding');
  const delimiterError = fieldError('delimiter');
  return (
    <section className="panel panel-padded wizard-step" aria-labelledby={`${ids}-title`} aria-busy={analysis.isFetching || undefined}>
      <h2 id={`${ids}-title`}>What Roster found</h2>
      {encodingError || delimiterError ? null : <ErrorBanner error={analysis.error} />}
      {data ? (
        <>
          <div className="found-grid">
            <div className="found-item">
              <label htmlFor={`${ids}-encoding`}>Encoding</label>
              <select
                id={`${ids}-encoding`}
                value={overrides.encoding ?? ''}
                aria-describedby={`${ids}-encoding-reason`}
                aria-invalid={encodingError ? true : undefined}
                onChange={(e) => onOverrides({ ...overrides, encoding: e.target.value || undefined })}
              >
                <option value="">{overrides.encoding ? 'Detect it' : `Detected: ${data.encoding}`}</option>
                {ENCODINGS.map((e) => (
                  <option key={e.value} value={e.value}>
                    {e.label}
                  </option>
                ))}
              </select>
              {encodingError ? (
                <p className="field-error" id={`${ids}-encoding-reason`}>
                  {encodingError}
                </p>
              ) : (
                <p className="field-hint" id={`${ids}-encoding-reason`}>
                  {overrides.encoding ? `Read as ${data.encoding}, as you chose.` : `Read as ${data.encoding}: ${data.encodingReason}.`}
                </p>
              )}
            </div>
            <div className="found-item">
              <label htmlFor={`${ids}-delimiter`}>Delimiter</label>
              <select
                id={`${ids}-delimiter`}
                value={overrides.delimiter ?? ''}
                aria-describedby={`${ids}-delimiter-reason`}
                aria-invalid={delimiterError ? true : undefined}
                onChange={(e) => onOverrides({ ...overrides, delimiter: e.target.value || undefined })}
              >
                <option value="">{overrides.delimiter ? 'Detect it' : `Detected: ${delimiterName(data.delimiter)}`}</option>
                {DELIMITERS.map((d) => (
                  <option key={d.value} value={d.value}>
                    {d.label}
                  </option>
                ))}
              </select>
              <p className={delimiterError ? 'field-error' : 'field-hint'} id={`${ids}-delimiter-reason`}>
                {delimiterError ??
                  (overrides.delimiter
                    ? `Cells split on ${delimiterName(data.delimiter)}, as you chose.`
                    : `Cells split on ${delimiterName(data.delimiter)}: ${data.delimiterReason}.`)}
              </p>
            </div>
          </div>
          {data.headerIssues.length > 0 ? (
            <ul className="issue-list" aria-label="Header problems">
              {data.headerIssues.map((issue) => (
                <li key={issue}>{issue}</li>
              ))}
            </ul>
          ) : null}
          <h3 className="subheading">The first rows, as Roster read them</h3>
          <PreviewTable analysis={data} caption="The first rows of the file" />
        </>
      ) : analysis.isPending ? (
        <p className="cell-muted">Reading the file…</p>
      ) : null}
      <div className="wizard-actions">
        <button type="button" className="button" onClick={onBack}>
          Back
        </button>
        <button type="button" className="button button-primary" disabled={!analysis.data || analysis.isFetching} onClick={onNext}>
          Next: map columns
        </button>
      </div>
    </section>
  );
}
