import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../../shared/api';
import type { SessionUser } from '../../shared/types';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { AuthCard } from '../../shared/ui/AuthCard';
import { TextField } from '../../shared/ui/TextField';

const MIN_PASSWORD = 10;

/** First run: creates the first admin and signs them in. */
export function SetupPage({ onDone }: { onDone: (user: SessionUser) => void }) {
  const [form, setForm] = useState({ firstName: '', lastName: '', email: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (form.password.length < MIN_PASSWORD)
      local.password = `The password must be at least ${MIN_PASSWORD} characters long; it has ${form.password.length}.`;
    setFieldErrors(local);
    setError(undefined);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      onDone(await api.setup(form));
    } catch (e) {
      const byField = e instanceof ApiError ? e.fieldMessages() : {};
      setFieldErrors(byField);
      if (Object.keys(byField).length === 0) setError(e);
      setBusy(false);
    }
  };

  const remaining = MIN_PASSWORD - form.password.length;
  return (
    <AuthCard
      title="Set up Roster"
      intro="Create the first admin account. Admins add users, manage properties and import customers; you can invite the rest of your team afterwards."
    >
      <form onSubmit={(event) => void submit(event)} noValidate className="auth-form">
        <ErrorBanner error={error} />
        <div className="field-row">
          <TextField
            id="setup-first-name"
            label="First name"
            value={form.firstName}
            onChange={set('firstName')}
            error={fieldErrors.firstName}
            autoComplete="given-name"
          />
          <TextField
            id="setup-last-name"
            label="Last name"
            value={form.lastName}
            onChange={set('lastName')}
            error={fieldErrors.lastName}
            autoComplete="family-name"
          />
        </div>
        <TextField
          id="setup-email"
          label="Email"
          type="email"
          value={form.email}
          onChange={set('email')}
          error={fieldErrors.email}
          autoComplete="email"
          required
        />
        <TextField
          id="setup-password"
          label="Password"
          type="password"
          value={form.password}
          onChange={set('password')}
          error={fieldErrors.password}
          autoComplete="new-password"
          required
          hint={
            remaining > 0
              ? `At least ${MIN_PASSWORD} characters (${remaining} more to go). A few unrelated words make a strong, memorable password.`
              : `At least ${MIN_PASSWORD} characters — that's enough.`
          }
        />
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Creating…' : 'Create admin and sign in'}
        </button>
      </form>
    </AuthCard>
  );
}
