import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { importApi } from './import-api';

/**
 * The invitations a users import was confirmed with ("Invite the imported users"): what was
 * mailed, or, with no mail set up, each link to copy to its user. Shows nothing when none were
 * asked for. The server invites once the commit is over, so this asks again until it is done.
 */
export function ImportedUserInvitations({ importId }: { importId: number }) {
  const ids = useId();
  const answer = useQuery({
    queryKey: ['import-invitations', importId],
    queryFn: () => importApi.invitations(importId),
    refetchInterval: (query) => (query.state.data?.state === 'pending' ? 500 : false),
  });
  if (answer.error) return <ErrorBanner error={answer.error} />;
  const outcome = answer.data;
  if (!outcome || outcome.state === 'none') return null;
  const toCopy = outcome.items.filter((item) => !item.mailed);
  return (
    <section className="panel panel-padded" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Invitations</h2>
      {outcome.state === 'pending' ? (
        <p role="status">Inviting the imported users…</p>
      ) : (
        <>
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
        </>
      )}
    </section>
  );
}
