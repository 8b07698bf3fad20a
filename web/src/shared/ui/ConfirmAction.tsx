import { useRef, useState, type ReactNode } from 'react';
import { Dialog, DialogClose } from './Dialog';
import { ErrorBanner } from './ErrorBanner';

/**
 * An action that asks first, in a dialog that names exactly what will happen. The confirm button
 * shows that the action runs; if it fails, the dialog stays open and says why, so the user can
 * try again or cancel. Escape or Cancel closes it and returns focus to the button that opened it.
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  onConfirm,
  danger,
  description,
  busyLabel,
  cancelLabel = 'Cancel',
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  danger?: boolean;
  /** What the action does and what stays, read with the question. */
  description?: ReactNode;
  /** The confirm button's words while the action runs; "Deleting…" says more than "Delete". */
  busyLabel?: string;
  cancelLabel?: string;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const cancel = useRef<HTMLButtonElement>(null);

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      setOpen(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      alert
      open={open}
      onOpenChange={(next) => {
        // A running action finishes before the dialog can close; its outcome is shown here.
        if (busy && !next) return;
        if (next) setError(undefined);
        setOpen(next);
      }}
      title={question}
      description={description ?? (danger ? 'This cannot be undone.' : undefined)}
      // The safe choice has the focus, so Enter pressed out of habit changes nothing.
      initialFocus={cancel}
      trigger={
        <button type="button" className={danger ? 'button button-danger-quiet' : 'button'}>
          {label}
        </button>
      }
    >
      <ErrorBanner error={error} />
      <div className="form-actions dialog-actions">
        <button
          type="button"
          className={danger ? 'button button-danger' : 'button button-primary'}
          // aria-disabled rather than disabled: the button keeps the focus while the action runs.
          aria-disabled={busy || undefined}
          aria-busy={busy || undefined}
          onClick={() => void confirm()}
        >
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          {busy ? (busyLabel ?? confirmLabel) : confirmLabel}
        </button>
        <DialogClose ref={cancel} disabled={busy}>
          {cancelLabel}
        </DialogClose>
      </div>
    </Dialog>
  );
}
