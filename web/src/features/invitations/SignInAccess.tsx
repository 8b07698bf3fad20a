import { useState } from 'react';
import { api } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import type { PersonRecord } from '../../shared/types';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { invitationsApi, type DeliveredLink } from './invitations-api';

/** Whether a user can sign in, in words: yes, invited (until when), no, or no because deactivated. */
export function signInAccessWords(person: PersonRecord): string {
  switch (person.access) {
    case 'active':
      return 'Yes';
    case 'invited':
      return `Invited, until ${formatDateTime(person.invitationExpiresAt)}`;
    case 'deactivated':
      return 'No (deactivated)';
    default:
      return person.signInEnabled ? 'Yes' : 'No';
  }
}

/** The same, in a word for a list: Active, Invited, Deactivated, or a dash. */
export function signInAccessShort(person: PersonRecord): string {
  const words: Record<string, string> = { active: 'Active', invited: 'Invited', deactivated: 'Deactivated' };
  return words[String(person.access)] ?? '—';
}

/**
 * An admin's sign-in actions on a user's page: invite, invite again or revoke the invitation, or
 * send a password reset. The server mails the link when mail is set up; otherwise the link is shown
 * here to copy, with a sentence that says no mail is set up.
 */
export function SignInActions({ person, onChanged }: { person: PersonRecord; onChanged: (person: PersonRecord) => void }) {
  const [delivered, setDelivered] = useState<DeliveredLink>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);

  const act = async (action: () => Promise<DeliveredLink | undefined>) => {
    setBusy(true);
    setError(undefined);
    setCopied(false);
    try {
      setDelivered(await action());
      onChanged(await api.get('users', person.id));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      // No clipboard (a page served over plain http elsewhere than localhost): select the text to copy by hand.
      (document.getElementById('sign-in-link') as HTMLInputElement | null)?.select();
    }
  };

  const buttons =
    person.access === 'none' ? (
      <button type="button" className="button" disabled={busy} onClick={() => void act(() => invitationsApi.invite(person.id))}>
        Invite
      </button>
    ) : person.access === 'invited' ? (
      <>
        <button type="button" className="button" disabled={busy} onClick={() => void act(() => invitationsApi.invite(person.id))}>
          Resend invitation
        </button>
        <ConfirmAction
          label="Revoke invitation"
          question="Revoke the invitation?"
          description={`The link sent to ${String(person.email ?? 'this user')} stops working. You can invite them again later.`}
          confirmLabel="Revoke"
          busyLabel="Revoking…"
          onConfirm={async () => {
            await invitationsApi.revoke(person.id);
            setDelivered(undefined);
            onChanged(await api.get('users', person.id));
          }}
        />
      </>
    ) : person.access === 'active' ? (
      <button type="button" className="button" disabled={busy} onClick={() => void act(() => invitationsApi.resetPassword(person.id))}>
        Reset password
      </button>
    ) : null;

  return (
    <div className="sign-in-actions" style={{ display: 'grid', gap: 10, marginTop: 12 }}>
      {buttons ? <div className="page-actions">{buttons}</div> : null}
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      {delivered ? (
        <div role="status" style={{ display: 'grid', gap: 8 }}>
          <p>{delivered.message}</p>
          {delivered.url ? (
            <div className="field">
              <label htmlFor="sign-in-link">{delivered.purpose === 'invitation' ? 'Invitation link' : 'Password reset link'}</label>
              <input id="sign-in-link" type="text" readOnly value={delivered.url} onFocus={(e) => e.target.select()} />
              <div className="page-actions">
                <button type="button" className="button" onClick={() => void copy(delivered.url!)}>
                  Copy link
                </button>
                {copied ? <span>Copied.</span> : null}
              </div>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
