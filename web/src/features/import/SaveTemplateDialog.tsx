import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../../shared/api';
import { Dialog, DialogClose } from '../../shared/ui/Dialog';
import { importApi, type ImportEntity, type ImportTemplate } from './import-api';
import { dryRunBody, type MapChoices } from './map-choices';

/**
 * Saves the mapping and options as a named template of this record kind; a later file with the
 * same columns is offered it. A name the kind already has is replaced.
 */
export function SaveTemplateDialog({
  entity,
  headers,
  choices,
  onSaved,
  onClose,
}: {
  entity: ImportEntity;
  headers: string[];
  choices: MapChoices;
  onSaved: (template: ImportTemplate) => void;
  onClose: () => void;
}) {
  const ids = useId();
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () => {
      // What the dry run would take: date formats and values of the columns that are mapped.
      const { dateFormats, valueMaps, createMissingCustomers } = dryRunBody(choices, {});
      return importApi.saveTemplate({
        entity,
        name: name.trim(),
        headers,
        mapping: choices.mapping,
        ...(dateFormats ? { dateFormats } : {}),
        ...(valueMaps ? { valueMaps } : {}),
        ...(createMissingCustomers ? { createMissingCustomers } : {}),
        onExisting: choices.onExisting,
        allOrNothing: choices.allOrNothing,
      });
    },
    onSuccess: onSaved,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // React events bubble through portals: keep this submit from reaching the mapping form.
    event.stopPropagation();
    if (name.trim()) save.mutate();
  };
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Save this mapping"
      description="The next file with the same columns is offered these choices: the properties, date formats, values mapped and options."
    >
      <form className="dialog-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${ids}-name`}>Template name</label>
          <input
            id={`${ids}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={save.error ? true : undefined}
            aria-describedby={save.error ? `${ids}-error` : undefined}
          />
          {save.error ? (
            <p className="field-error" id={`${ids}-error`}>
              {errorMessage(save.error)}
            </p>
          ) : null}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!name.trim() || save.isPending}>
            Save template
          </button>
          <DialogClose>Cancel</DialogClose>
        </div>
      </form>
    </Dialog>
  );
}
