import { useGo } from '../useGo';
import { api } from '../api';
import type { RecordKind } from '../types';
import { ConfirmAction } from './ConfirmAction';

/**
 * Deletes one record after an inline confirmation, then returns to its list. A refusal from the
 * server (not allowed, already gone) goes to `onError` so the page can show it in its banner.
 */
export function DeleteRecordAction({
  kind,
  id,
  question,
  backTo,
  onError,
}: {
  kind: RecordKind;
  id: number;
  question: string;
  backTo: string;
  onError: (error: unknown) => void;
}) {
  const navigate = useGo();
  return (
    <ConfirmAction
      danger
      label="Delete"
      question={question}
      confirmLabel="Delete"
      onConfirm={async () => {
        try {
          await api.remove(kind, id);
          navigate(backTo);
        } catch (error) {
          onError(error);
        }
      }}
    />
  );
}
