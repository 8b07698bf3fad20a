import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../shared/api';
import type { SessionUser } from '../../shared/types';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { AuthCard } from '../../shared/ui/AuthCard';
import { TextField } from '../../shared/ui/TextField';

/** Email and password; on failure the server's sentence is shown above the form. */
export function SignInPage({ onSignedIn }: { onSignedIn: (user: SessionUser) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await api.signIn(email, password));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Sign in to Roster" intro="Your helpdesk's people directory.">
      <form onSubmit={(event) => void submit(event)} noValidate className="auth-form">
        <ErrorBanner error={error} />
        <TextField id="sign-in-email" label="Email" type="email" value={email} onChange={setEmail} autoComplete="username" required />
        <TextField
          id="sign-in-password"
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          required
        />
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-footer">
        <Link to="/forgot-password">Forgot password?</Link>
      </p>
      <p className="auth-footer">
        Not on the team? <Link to="/support">Contact support</Link>
      </p>
    </AuthCard>
  );
}
