import { useGo } from '../useGo';
import { api } from '../api';
import type { RecordKind } from '../types';
import { ConfirmAction } from './ConfirmAction';

/**
 * Deletes one record after a confirmation, then returns to its list. A refusal from the server
 * (not allowed, already gone) is shown in the confirmation, which stays open.
 */
export function DeleteRecordAction({ kind, id, question, backTo }: { kind: RecordKind; id: number; question: string; backTo: string }) {
  const navigate = useGo();
  return (
    <ConfirmAction
      danger
      label="Delete"
      question={question}
      confirmLabel="Delete"
      busyLabel="Deleting…"
      onConfirm={async () => {
        await api.remove(kind, id);
        navigate(backTo);
      }}
    />
  );
}
