import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../../shared/api';
import { AuthCard } from '../../shared/ui/AuthCard';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { TextField } from '../../shared/ui/TextField';

type Field = 'name' | 'email' | 'subject' | 'message';

const EMPTY: Record<Field, string> = { name: '', email: '', subject: '', message: '' };

/**
 * The public support form at `/support`, open without signing in: name, email, subject and
 * message become a ticket (and the sender a customer, if new). The server names the field of
 * each problem; it is shown under that field. Everything typed is shown back as text only.
 */
export function SupportPage({ signedIn }: { signedIn: boolean }) {
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<{ number: number; message: string }>();

  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setErrors({});
    try {
      const name = values.name.trim();
      setSent(
        await api.submitSupportTicket({ ...(name ? { name } : {}), email: values.email, subject: values.subject, message: values.message }),
      );
      setValues(EMPTY);
    } catch (e) {
      const byField = e instanceof ApiError ? e.fieldMessages() : {};
      const known = Object.fromEntries(Object.entries(byField).filter(([field]) => field in EMPTY));
      if (Object.keys(known).length > 0) setErrors(known);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  const back = signedIn ? <Link to="/">Back to Roster</Link> : <Link to="/">Sign in</Link>;

  if (sent) {
    return (
      <AuthCard title="Request sent">
        <div role="status" className="support-sent">
          <p>
            Thank you. Your request is ticket <strong>#{sent.number}</strong>.
          </p>
          <p className="auth-intro">Keep this number if you write to us about it again.</p>
        </div>
        <button type="button" className="button" onClick={() => setSent(undefined)}>
          Send another request
        </button>
        <p className="auth-footer">{back}</p>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Contact support" intro="Tell us what you need; we answer at the email address you give.">
      <form onSubmit={(event) => void submit(event)} noValidate className="auth-form">
        <ErrorBanner error={error} />
        <TextField
          id="support-name"
          label="Your name (optional)"
          value={values.name}
          onChange={set('name')}
          autoComplete="name"
          error={errors.name}
        />
        <TextField
          id="support-email"
          label="Email"
          type="email"
          value={values.email}
          onChange={set('email')}
          autoComplete="email"
          required
          error={errors.email}
        />
        <TextField id="support-subject" label="Subject" value={values.subject} onChange={set('subject')} required error={errors.subject} />
        <div className="field">
          <label htmlFor="support-message">Message</label>
          <textarea
            id="support-message"
            rows={6}
            value={values.message}
            onChange={(e) => set('message')(e.target.value)}
            required
            maxLength={10_000}
            aria-invalid={errors.message ? true : undefined}
            aria-describedby={errors.message ? 'support-message-error' : undefined}
          />
          {errors.message ? (
            <p className="field-error" id="support-message-error">
              {errors.message}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Sending…' : 'Send request'}
        </button>
      </form>
      <p className="auth-footer">{back}</p>
    </AuthCard>
  );
}
