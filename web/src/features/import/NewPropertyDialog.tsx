import { useId, useState, type FormEvent } from 'react';
import { Dialog, DialogClose } from '../../shared/ui/Dialog';
import { PROPERTY_TYPES, type NewProperty, type PropertyType } from './import-api';

/** A key the server accepts for a custom property, suggested from a header: "Client depuis" → "clientDepuis". */
export function keyFromHeader(header: string): string {
  const words = header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
  const key = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
  return /^[a-z]/.test(key) ? key : `x${key}`;
}

/**
 * Asks for the key, label and type of a new custom property filled by one column. The property
 * is created when the import is confirmed; the check over already reads the column with it.
 */
export function NewPropertyDialog({
  header,
  onCreate,
  onClose,
}: {
  header: string;
  onCreate: (property: NewProperty) => void;
  onClose: () => void;
}) {
  const ids = useId();
  const [key, setKey] = useState(() => keyFromHeader(header));
  const [label, setLabel] = useState(header);
  const [type, setType] = useState<PropertyType>('text');
  const keyProblem = /^[a-z][A-Za-z0-9]*$/.test(key) ? undefined : 'Start with a lower-case letter and use only letters and digits.';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // React events bubble through portals: keep this submit from reaching the mapping form around the dialog.
    event.stopPropagation();
    if (keyProblem) return;
    onCreate({ header, key, label: label.trim() || header, type });
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="New custom property"
      description={`Filled by the column “${header}”. It is added to every record when the import is confirmed.`}
    >
      <form className="dialog-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${ids}-label`}>Label</label>
          <input id={`${ids}-label`} value={label} onChange={(e) => setLabel(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-key`}>Key</label>
          <input
            id={`${ids}-key`}
            value={key}
            onChange={(e) => setKey(e.target.value)}
            aria-invalid={keyProblem ? true : undefined}
            aria-describedby={`${ids}-key-hint`}
          />
          <p className={keyProblem ? 'field-error' : 'field-hint'} id={`${ids}-key-hint`}>
            {keyProblem ?? 'The name the API and exports use, e.g. customerSince.'}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-type`}>Type</label>
          <select id={`${ids}-type`} value={type} onChange={(e) => setType(e.target.value as PropertyType)}>
            {PROPERTY_TYPES.filter((t) => t !== 'choice').map((t) => (
              <option key={t} value={t}>
                {t === 'url' ? 'URL' : t[0]!.toUpperCase() + t.slice(1)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={keyProblem !== undefined}>
            Add property
          </button>
          <DialogClose>Cancel</DialogClose>
        </div>
      </form>
    </Dialog>
  );
}
