import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import type { FieldValue, Property } from '../types';
import { ErrorBanner } from './ErrorBanner';
import { FieldInput } from './FieldInput';

/**
 * An edit form built from a record kind's properties, in their order, leaving out those an admin
 * hid (Settings › Properties). It sends only the fields the person changed, and when the server
 * refuses, puts each problem next to its field and the rest on top.
 */
export function PropertyForm({
  properties: given,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  properties: Property[];
  initial: Record<string, FieldValue>;
  submitLabel: string;
  onSubmit: (changes: Record<string, FieldValue>) => Promise<void>;
  onCancel?: () => void;
}) {
  const properties = given.filter((p) => !p.hidden);
  const idPrefix = useId();
  const [values, setValues] = useState<Record<string, FieldValue>>(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const changes: Record<string, FieldValue> = {};
    for (const p of properties) {
      const v = values[p.key] ?? null;
      const before = initial[p.key] ?? null;
      if (v !== before && !(v === '' && before === null)) changes[p.key] = v === '' ? null : v;
    }
    setSaving(true);
    setError(undefined);
    setFieldErrors({});
    try {
      await onSubmit(changes);
    } catch (e) {
      const byField = e instanceof ApiError ? e.fieldMessages() : {};
      const shown = Object.keys(byField).filter((k) => properties.some((p) => p.key === k));
      setFieldErrors(byField);
      // A message that belongs to a visible field is shown there; the banner only repeats the gist.
      setError(shown.length > 0 ? new Error(`Please correct the highlighted field${shown.length > 1 ? 's' : ''}.`) : e);
      setSaving(false);
      return;
    }
    setSaving(false);
  };

  return (
    <form className="property-form" onSubmit={(event) => void submit(event)} noValidate>
      <ErrorBanner error={error} />
      <div className="form-grid">
        {properties.map((p) => (
          <FieldInput
            key={p.key}
            idPrefix={idPrefix}
            property={p}
            value={values[p.key]}
            error={fieldErrors[p.key]}
            onChange={(v) => setValues((s) => ({ ...s, [p.key]: v }))}
          />
        ))}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? 'Saving…' : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel} disabled={saving}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
