import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { AuthCard } from '../../shared/ui/AuthCard';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { TextField } from '../../shared/ui/TextField';
import { invitationsApi } from '../invitations/invitations-api';

/**
 * `/forgot-password`: asks for an email and has a link to choose a new password mailed to it. The
 * answer is the same whether or not the email has an account. Without mail set up on the server
 * the page says so instead of offering a form that could not work.
 */
export function ForgotPasswordPage() {
  const mail = useAsync(() => invitationsApi.mailConfigured(), []);
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState<string>();
  const [busy, setBusy] = useState(false);
  const back = (
    <p className="auth-footer">
      <Link to="/">Back to sign-in</Link>
    </p>
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFieldError(undefined);
    setError(undefined);
    if (!email.trim()) {
      setFieldError('Enter the email you sign in with.');
      return;
    }
    setBusy(true);
    try {
      setSent(await invitationsApi.forgotPassword(email));
    } catch (e) {
      if (e instanceof ApiError && e.field === 'email') setFieldError(e.message);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (mail.data === undefined) {
    return (
      <AuthCard title="Forgot your password?">
        <ErrorBanner error={mail.error} />
        {back}
      </AuthCard>
    );
  }
  if (!mail.data) {
    return (
      <AuthCard title="Forgot your password?">
        <p role="status">
          Roster cannot send email here: no mail server is set up. Ask an admin to reset your password; they can give you a link to choose a
          new one.
        </p>
        {back}
      </AuthCard>
    );
  }
  if (sent) {
    return (
      <AuthCard title="Check your email">
        <div role="status" className="support-sent">
          <p>{sent}</p>
          <p className="auth-intro">The link works only once. Nothing arrived? Check the spam folder, or ask an admin.</p>
        </div>
        {back}
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Forgot your password?" intro="Enter the email you sign in with; we will send you a link to choose a new password.">
      <form onSubmit={(event) => void submit(event)} noValidate className="auth-form">
        <ErrorBanner error={error} />
        <TextField
          id="forgot-email"
          label="Email"
          type="email"
          value={email}
          onChange={setEmail}
          error={fieldError}
          autoComplete="username"
          required
        />
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Sending…' : 'Send me a link'}
        </button>
      </form>
      {back}
    </AuthCard>
  );
}
