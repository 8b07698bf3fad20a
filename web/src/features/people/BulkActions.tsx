import { useState } from 'react';

import { useSession } from '../../shared/SessionContext';
import type { PeopleKind } from '../../shared/types';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { peopleBulkApi, type BulkAction } from './people-bulk-api';
import { PEOPLE_KINDS } from './people-kinds';
import './bulk-actions.css';

const DONE: Record<BulkAction, string> = { deactivate: 'Deactivated', delete: 'Deleted' };

/** "3 customers", "1 user". */
function count(kind: PeopleKind, n: number): string {
  const words = PEOPLE_KINDS[kind];
  return `${n} ${n === 1 ? words.singular : words.title.toLowerCase()}`;
}

/**
 * What can be done with the people chosen in a list: deactivate, delete (admins), invite (users,
 * admins) and export them. Each action reports what it did and names each person it could not
 * act on, with the server's reason; the list then loads again (`onDone`).
 */
export function BulkActions({
  kind,
  selected,
  exportHref,
  onClear,
  onDone,
}: {
  kind: PeopleKind;
  selected: ReadonlySet<number>;
  exportHref: string;
  onClear: () => void;
  onDone: (remaining: Set<number>) => void;
}) {
  const { user } = useSession();
  const [report, setReport] = useState<{ done: string; problems: string[] }>();
  const [error, setError] = useState<unknown>();
  const ids = [...selected];
  const isAdmin = user.role === 'admin';
  // Deactivating staff changes who can work in Roster: as on a user's page, only admins may.
  const canDeactivate = kind === 'customers' || isAdmin;

  const run = async (action: () => Promise<{ done: string; problems: string[]; failed: Set<number> }>) => {
    setError(undefined);
    setReport(undefined);
    try {
      const outcome = await action();
      setReport({ done: outcome.done, problems: outcome.problems });
      onDone(outcome.failed);
    } catch (e) {
      setError(e);
    }
  };
  const act = (action: BulkAction) =>
    run(async () => {
      const answer = await peopleBulkApi.act(kind, action, ids);
      const failed = answer.results.filter((r) => !r.ok);
      return {
        done: `${DONE[action]} ${count(kind, answer.succeeded)}.`,
        problems: failed.map((r) => `#${r.id}: ${r.message ?? 'failed'}`),
        failed: new Set(failed.map((r) => r.id)),
      };
    });
  const invite = () =>
    run(async () => {
      const answer = await peopleBulkApi.invite(ids);
      return {
        done: `Invited ${count(kind, answer.items.length)}.`,
        problems: answer.problems.map((p) => `#${p.userId}: ${p.message}`),
        failed: new Set(answer.problems.map((p) => p.userId)),
      };
    });

  return (
    <>
      {selected.size > 0 ? (
        <div className="bulk-bar" role="group" aria-label={`Actions for the selected ${PEOPLE_KINDS[kind].title.toLowerCase()}`}>
          <span className="bulk-count" aria-live="polite">
            {selected.size} selected
          </span>
          {canDeactivate ? (
            <ConfirmAction
              label="Deactivate"
              question={`Deactivate ${count(kind, selected.size)}? They stay in the list, marked deactivated.`}
              confirmLabel={`Deactivate ${count(kind, selected.size)}`}
              onConfirm={() => act('deactivate')}
            />
          ) : null}
          {isAdmin ? (
            <ConfirmAction
              danger
              label="Delete"
              question={`Delete ${count(kind, selected.size)}? This cannot be undone.`}
              confirmLabel={`Delete ${count(kind, selected.size)}`}
              onConfirm={() => act('delete')}
            />
          ) : null}
          {kind === 'users' && isAdmin ? (
            <button type="button" className="button" onClick={() => void invite()}>
              Invite
            </button>
          ) : null}
          <a className="button" href={exportHref} download>
            Export selected as CSV
          </a>
          <button type="button" className="button button-quiet" onClick={onClear}>
            Clear selection
          </button>
        </div>
      ) : null}
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      {report ? (
        <div className={report.problems.length > 0 ? 'bulk-report bulk-report-problems' : 'bulk-report'} role="status">
          <p>
            {report.done}
            {report.problems.length > 0 ? ` ${report.problems.length} could not be:` : ''}
          </p>
          {report.problems.length > 0 ? (
            <ul>
              {report.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
          <button type="button" className="button button-quiet" onClick={() => setReport(undefined)}>
            Dismiss
          </button>
        </div>
      ) : null}
    </>
  );
}
