import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../shared/api';
import type { Property, RecordKind } from '../../shared/types';
import { Dialog, DialogActions } from '../../shared/ui/Dialog';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { keyFromHeader } from '../import/NewPropertyDialog';
import { choiceList, typeName } from './property-words';
import { PROPERTY_TYPES, propertiesApi, type PropertyType } from './properties-api';

/**
 * Asks for a new custom property of a kind: its label, its key (suggested from the label until
 * the admin types one), its type and, for a choice, the choices one per line. The server's
 * refusal is shown next to the field it names.
 */
export function AddPropertyDialog({
  kind,
  plural,
  onAdded,
  onClose,
}: {
  kind: RecordKind;
  plural: string;
  onAdded: (property: Property) => void;
  onClose: () => void;
}) {
  const ids = useId();
  const [label, setLabel] = useState('');
  const [typedKey, setTypedKey] = useState<string>();
  const [type, setType] = useState<PropertyType>('text');
  const [choices, setChoices] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const key = typedKey ?? (label.trim() ? keyFromHeader(label) : '');
  const fieldError = error instanceof ApiError ? error.fieldMessages() : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      onAdded(await propertiesApi.add(kind, { key, label, type, ...(type === 'choice' ? { choices: choiceList(choices) } : {}) }));
    } catch (e) {
      setError(e);
      setSaving(false);
    }
  };

  const field = (name: string, text: string, control: (props: { id: string; 'aria-describedby'?: string }) => ReactNode, hint?: string) => {
    const id = `${ids}-${name}`;
    const message = fieldError[name];
    return (
      <div className="field">
        <label htmlFor={id}>{text}</label>
        {control({ id, ...(message || hint ? { 'aria-describedby': `${id}-hint` } : {}) })}
        {message || hint ? (
          <p className={message ? 'field-error' : 'field-hint'} id={`${id}-hint`}>
            {message ?? hint}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`New property of ${plural}`}
      description={`Every ${plural.replace(/s$/, '')} gets it, empty until someone fills it in; imports can fill it from a column.`}
    >
      <form className="dialog-form" onSubmit={(event) => void submit(event)} noValidate>
        {Object.keys(fieldError).length === 0 ? <ErrorBanner error={error} /> : null}
        {field('label', 'Label', (props) => (
          <input {...props} value={label} onChange={(e) => setLabel(e.target.value)} aria-invalid={fieldError.label ? true : undefined} />
        ))}
        {field(
          'key',
          'Key',
          (props) => (
            <input {...props} value={key} onChange={(e) => setTypedKey(e.target.value)} aria-invalid={fieldError.key ? true : undefined} />
          ),
          'The name the API and exports use: camelCase, e.g. loyaltyTier. It cannot change later.',
        )}
        {field('type', 'Type', (props) => (
          <select {...props} value={type} onChange={(e) => setType(e.target.value as PropertyType)}>
            {PROPERTY_TYPES.map((t) => (
              <option key={t} value={t}>
                {typeName(t)}
              </option>
            ))}
          </select>
        ))}
        {type === 'choice'
          ? field(
              'choices',
              'Choices',
              (props) => (
                <textarea
                  {...props}
                  rows={4}
                  value={choices}
                  onChange={(e) => setChoices(e.target.value)}
                  aria-invalid={fieldError.choices ? true : undefined}
                />
              ),
              'One per line.',
            )
          : null}
        <DialogActions busy={saving}>
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? 'Adding…' : 'Add property'}
          </button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
