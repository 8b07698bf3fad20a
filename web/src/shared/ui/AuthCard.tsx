import type { ReactNode } from 'react';

/** The centred card that setup and sign-in share, with the product's mark above the heading. */
export function AuthCard({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="brand brand-dark">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          <span className="brand-name">Roster</span>
        </div>
        <h1>{title}</h1>
        {intro ? <p className="auth-intro">{intro}</p> : null}
        {children}
      </div>
    </main>
  );
}
