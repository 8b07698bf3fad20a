import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { importApi } from './import-api';

/**
 * The invitations of the users a completed users import created. Asked for on the confirm step
 * ("Invite the imported users"), they are sent once as this shows (`inviteNow`); otherwise, as after
 * a reload, a button sends them. The answer is the only place the links exist readable, so it is
 * shown as it came: what was mailed, or, with no mail set up, each link to copy to its user.
 */
export function ImportedUserInvitations({
  importId,
  inviteNow,
  onInviting,
}: {
  importId: number;
  inviteNow: boolean;
  onInviting: () => void;
}) {
  const ids = useId();
  const invite = useMutation({ mutationFn: () => importApi.inviteUsers(importId) });
  const asked = useRef(false);
  useEffect(() => {
    if (!inviteNow || asked.current) return;
    asked.current = true;
    onInviting();
    invite.mutate();
  }, [inviteNow, onInviting, invite]);
  const outcome = invite.data;
  if (!outcome)
    return (
      <section className="panel panel-padded" aria-labelledby={`${ids}-title`}>
        <h2 id={`${ids}-title`}>Invitations</h2>
        {invite.isPending || (inviteNow && invite.isIdle) ? (
          <p role="status">Inviting the imported users…</p>
        ) : (
          <>
            {invite.error ? <ErrorBanner error={invite.error} /> : null}
            <p>The users this import created cannot sign in until they are invited to choose a password.</p>
            <div className="wizard-actions">
              <button type="button" className="button" onClick={() => invite.mutate()}>
                Invite the imported users
              </button>
            </div>
          </>
        )}
      </section>
    );
  const toCopy = outcome.items.filter((item) => !item.mailed);
  return (
    <section className="panel panel-padded" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Invitations</h2>
      {outcome.items.length === 0 && outcome.problems.length === 0 ? <p>The import created no user to invite.</p> : null}
      {outcome.items
        .filter((item) => item.mailed)
        .map((item) => (
          <p key={item.userId}>{item.message}</p>
        ))}
      {toCopy.length > 0 ? (
        <>
          <p>
            {outcome.mailConfigured
              ? 'The mail server did not take these invitations: copy each link to its user.'
              : 'No mail is set up (ROSTER_SMTP_URL), so nothing was sent: copy each link to its user. Each works once, for 7 days.'}
          </p>
          <div className="table-wrap">
            <table className="data-table" aria-label="Invitation links">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Link</th>
                </tr>
              </thead>
              <tbody>
                {toCopy.map((item) => (
                  <tr key={item.userId}>
                    <td>{item.email}</td>
                    <td>
                      <input
                        type="text"
                        readOnly
                        value={item.url ?? ''}
                        aria-label={`Invitation link for ${item.email}`}
                        onFocus={(e) => e.target.select()}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {outcome.problems.map((problem) => (
        <p key={`${problem.userId}-${problem.email}`} className="field-error">
          Not invited: {problem.message}
        </p>
      ))}
    </section>
  );
}
