import { useState } from 'react';
import type { Property, RecordKind } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { Dialog, DialogActions } from '../../shared/ui/Dialog';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { usageSentence } from './property-words';
import { propertiesApi } from './properties-api';

/**
 * Asks before a custom property goes, saying how many records hold a value that removing it
 * erases; the Remove button waits for that count, so nobody confirms without reading it.
 */
export function RemovePropertyDialog({
  kind,
  property,
  onRemoved,
  onClose,
}: {
  kind: RecordKind;
  property: Property;
  onRemoved: () => void;
  onClose: () => void;
}) {
  const usage = useAsync(() => propertiesApi.usage(kind, property.key), [kind, property.key]);
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<unknown>();

  const remove = async () => {
    setRemoving(true);
    setError(undefined);
    try {
      await propertiesApi.remove(kind, property.key);
      onRemoved();
    } catch (e) {
      setError(e);
      setRemoving(false);
    }
  };

  return (
    <Dialog
      alert
      open
      onOpenChange={(open) => !open && !removing && onClose()}
      title={`Remove ${property.label}?`}
      description={
        // Always there, so the dialog is described by the count once it arrives.
        <span aria-busy={usage.loading}>
          {usage.data !== undefined ? usageSentence(usage.data, kind, property.label) : usage.error ? '' : 'Counting the values…'}
        </span>
      }
    >
      <ErrorBanner error={error ?? usage.error} />
      <p className="property-remove-note">This cannot be undone: adding the property again starts it empty.</p>
      <DialogActions busy={removing}>
        <button
          type="button"
          className="button button-danger"
          disabled={usage.data === undefined || removing}
          onClick={() => void remove()}
        >
          {removing ? 'Removing…' : 'Remove property'}
        </button>
      </DialogActions>
    </Dialog>
  );
}
