import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { ErrorBanner } from '../../../shared/ui/ErrorBanner';
import { Icon } from '../../../shared/ui/Icon';
import { formatBytes } from '../import-format';
import { UploadCancelled, uploadFile, type ImportEntity, type Upload, type UploadTask } from '../import-api';
import { ENTITY_WORDS } from '../import-paths';
import { ProgressBar } from '../ProgressBar';

interface Sending {
  file: File;
  sent: number;
  total: number;
  task: UploadTask;
}

/**
 * Step 1: pick a CSV file (or drop it here). The file streams to the server with a progress bar
 * and can be cancelled; the server reads it and the wizard moves on to what it found.
 */
export function ChooseFileStep({
  entity,
  onUploaded,
  templateUrl,
}: {
  entity: ImportEntity;
  onUploaded: (upload: Upload) => void;
  templateUrl?: string;
}) {
  const words = ENTITY_WORDS[entity];
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [sending, setSending] = useState<Sending>();
  const [error, setError] = useState<unknown>();
  const [dragging, setDragging] = useState(false);
  const current = useRef<UploadTask>(undefined);

  // Leaving the step stops an upload still under way.
  useEffect(() => () => current.current?.abort(), []);

  const send = (file: File) => {
    setError(undefined);
    const task = uploadFile(entity, file, (sent, total) => setSending((s) => (s && s.task === task ? { ...s, sent, total } : s)));
    current.current = task;
    setSending({ file, sent: 0, total: file.size, task });
    task.done.then(
      (upload) => {
        current.current = undefined;
        onUploaded(upload);
      },
      (e: unknown) => {
        current.current = undefined;
        setSending(undefined);
        if (input.current) input.current.value = '';
        if (!(e instanceof UploadCancelled)) setError(e);
      },
    );
  };

  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !sending) send(file);
  };

  return (
    <section className="panel panel-padded wizard-step" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>Choose the file</h2>
      <p className="step-intro">
        A CSV file with a header row. {words.title} need{' '}
        {entity === 'organizations' ? 'a Name column' : 'at least Email, First Name and Last Name columns'}; any other column can be mapped
        to a property next.
        {templateUrl ? (
          <>
            {' '}
            <a href={templateUrl} download>
              Download a template CSV
            </a>{' '}
            with every column Roster knows.
          </>
        ) : null}
      </p>
      {sending ? (
        <div className="upload-status" aria-live="polite">
          <div className="upload-file">
            <strong>{sending.file.name}</strong>
            <span className="cell-muted">
              {sending.sent < sending.total
                ? `${formatBytes(sending.sent)} of ${formatBytes(sending.total)} sent`
                : 'Sent. Roster is reading the file…'}
            </span>
          </div>
          <ProgressBar label={`Uploading ${sending.file.name}`} value={sending.sent} max={Math.max(sending.total, 1)} />
          <div>
            <button type="button" className="button" onClick={() => sending.task.abort()}>
              Cancel upload
            </button>
          </div>
        </div>
      ) : (
        <div
          className={dragging ? 'drop-zone dragging' : 'drop-zone'}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
        >
          <Icon name="import" size={28} />
          <p>Drop a CSV file here, or</p>
          <label htmlFor={inputId} className="button button-primary">
            Choose a CSV file
          </label>
          <input
            ref={input}
            id={inputId}
            className="visually-hidden"
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            aria-label="CSV file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) send(file);
            }}
          />
        </div>
      )}
      <ErrorBanner error={error} />
      {entity === 'tickets' ? (
        <p className="step-note">
          Import customers and users before their tickets: a ticket is linked to its customer and assigned to its user by email only when
          they are already in Roster. A ticket whose person is not there yet is imported all the same and waits for them.
        </p>
      ) : entity !== 'organizations' ? (
        <p className="step-note">
          Importing old tickets too? Import {words.plural} first: a ticket is linked to its customer and assigned to its user only when they
          are already in Roster.
        </p>
      ) : (
        <p className="step-note">Import organizations before the customers who belong to them, so each customer joins its organization.</p>
      )}
    </section>
  );
}
