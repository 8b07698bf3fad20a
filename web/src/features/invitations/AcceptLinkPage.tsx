import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../shared/api';
import type { SessionUser } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { AuthCard } from '../../shared/ui/AuthCard';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { TextField } from '../../shared/ui/TextField';
import { invitationsApi, type SignInLinkInfo } from './invitations-api';

const MIN_PASSWORD = 10;

const STATE_WORDS: Record<Exclude<SignInLinkInfo['state'], 'valid'>, (info: SignInLinkInfo) => string> = {
  expired: (info) =>
    `This link expired on ${new Date(info.expiresAt).toLocaleDateString()}. ${info.purpose === 'invitation' ? 'Ask an admin to send you a new invitation.' : 'Ask for a new password reset.'}`,
  used: () => 'This link has already been used. Sign in with the password you chose.',
  revoked: () => 'This link was revoked or replaced by a newer one. Use the newest link you were sent, or ask an admin for one.',
};

/**
 * `/invitation/:token` and `/reset-password/:token`: whoever holds a sign-in link chooses a
 * password (twice, so that a typo does not lock them out) and is signed in.
 */
export function AcceptLinkPage({ token, onSignedIn }: { token: string; onSignedIn: (user: SessionUser) => void }) {
  const navigate = useNavigate();
  const info = useAsync(() => invitationsApi.link(token), [token]);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  if (!info.data) {
    return (
      <AuthCard title={info.error ? 'This link does not work' : 'Opening your link…'}>
        <ErrorBanner error={info.error} />
        {info.error ? (
          <p className="auth-footer">
            <Link to="/">Go to sign-in</Link>
          </p>
        ) : null}
      </AuthCard>
    );
  }

  const link = info.data;
  const invitation = link.purpose === 'invitation';
  if (link.state !== 'valid') {
    return (
      <AuthCard title="This link does not work">
        <p role="alert">{STATE_WORDS[link.state](link)}</p>
        <p className="auth-footer">
          <Link to="/">Go to sign-in</Link>
        </p>
      </AuthCard>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (password.length < MIN_PASSWORD)
      local.password = `The password must be at least ${MIN_PASSWORD} characters long; it has ${password.length}.`;
    else if (password !== again) local.again = 'The two passwords differ.';
    setFieldErrors(local);
    setError(undefined);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const user = await invitationsApi.accept(token, password);
      onSignedIn(user);
      void navigate('/', { replace: true });
    } catch (e) {
      const byField = e instanceof ApiError ? e.fieldMessages() : {};
      setFieldErrors(byField);
      if (Object.keys(byField).length === 0) setError(e);
      setBusy(false);
    }
  };

  const remaining = MIN_PASSWORD - password.length;
  return (
    <AuthCard
      title={invitation ? `Welcome to Roster, ${link.firstName}` : 'Choose a new password'}
      intro={
        invitation
          ? `Choose the password you will sign in with as ${link.email}.`
          : `Choose a new password for ${link.email}. Once it is set, every session signed in with the old one ends.`
      }
    >
      <form onSubmit={(event) => void submit(event)} noValidate className="auth-form">
        <ErrorBanner error={error} />
        <input type="email" name="username" value={link.email} autoComplete="username" readOnly hidden />
        <TextField
          id="accept-password"
          label="New password"
          type="password"
          value={password}
          onChange={setPassword}
          error={fieldErrors.password}
          autoComplete="new-password"
          required
          hint={
            remaining > 0
              ? `At least ${MIN_PASSWORD} characters (${remaining} more to go). A few unrelated words make a strong, memorable password.`
              : `At least ${MIN_PASSWORD} characters — that's enough.`
          }
        />
        <TextField
          id="accept-password-again"
          label="New password again"
          type="password"
          value={again}
          onChange={setAgain}
          error={fieldErrors.again}
          autoComplete="new-password"
          required
        />
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Saving…' : 'Set password and sign in'}
        </button>
      </form>
    </AuthCard>
  );
}
