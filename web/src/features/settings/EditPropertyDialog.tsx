import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import type { Property, RecordKind } from '../../shared/types';
import { Dialog, DialogActions } from '../../shared/ui/Dialog';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { TextField } from '../../shared/ui/TextField';
import { choiceList } from './property-words';
import { propertiesApi } from './properties-api';

/** Renames a custom property and, for a choice, edits its list of choices. Its key and type stay. */
export function EditPropertyDialog({
  kind,
  property,
  onSaved,
  onClose,
}: {
  kind: RecordKind;
  property: Property;
  onSaved: (property: Property) => void;
  onClose: () => void;
}) {
  const ids = useId();
  const [label, setLabel] = useState(property.label);
  const [choices, setChoices] = useState((property.choices ?? []).join('\n'));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const fieldError = error instanceof ApiError ? error.fieldMessages() : {};
  const isChoice = property.type === 'choice';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      onSaved(await propertiesApi.change(kind, property.key, { label, ...(isChoice ? { choices: choiceList(choices) } : {}) }));
    } catch (e) {
      setError(e);
      setSaving(false);
    }
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Edit ${property.label}`}
      description={`The key ${property.key} and the type stay; CSV files and the import use the new label.`}
    >
      <form className="dialog-form" onSubmit={(event) => void submit(event)} noValidate>
        {Object.keys(fieldError).length === 0 ? <ErrorBanner error={error} /> : null}
        <TextField id={`${ids}-label`} label="Label" value={label} onChange={setLabel} error={fieldError.label} />
        {isChoice ? (
          <div className="field">
            <label htmlFor={`${ids}-choices`}>Choices</label>
            <textarea
              id={`${ids}-choices`}
              rows={5}
              value={choices}
              onChange={(e) => setChoices(e.target.value)}
              aria-invalid={fieldError.choices ? true : undefined}
              aria-describedby={`${ids}-choices-hint`}
            />
            <p className={fieldError.choices ? 'field-error' : 'field-hint'} id={`${ids}-choices-hint`}>
              {fieldError.choices ?? 'One per line. Values already stored stay as they are.'}
            </p>
          </div>
        ) : null}
        <DialogActions busy={saving}>
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
