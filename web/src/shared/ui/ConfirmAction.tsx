import { useState } from 'react';

/**
 * A destructive action that asks once, inline, before it runs: no browser dialog to block
 * automation or lose focus, and the question names exactly what will happen.
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  onConfirm,
  danger,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  danger?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };
  if (!asking)
    return (
      <button type="button" className={danger ? 'button button-danger-quiet' : 'button'} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className={danger ? 'button button-danger' : 'button button-primary'}
        disabled={busy}
        onClick={() => void confirm()}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button" onClick={() => setAsking(false)} disabled={busy}>
        Cancel
      </button>
    </span>
  );
}
