import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { initials, personName } from '../format';
import { useSession } from '../SessionContext';
import { Icon, type IconName } from './Icon';

const APPLICATIONS: { path: string; label: string; icon: IconName }[] = [
  { path: '/customers', label: 'Customers', icon: 'customers' },
  { path: '/users', label: 'Users', icon: 'users' },
  { path: '/organizations', label: 'Organizations', icon: 'organizations' },
  { path: '/tickets', label: 'Tickets', icon: 'tickets' },
];

/**
 * The signed-in frame: the applications on the left (the one the page belongs to marked current),
 * the user and Sign out on top, the page in the middle. The applications keep visible labels at
 * every width: a sidebar on a desktop, a rail with the label under each icon on a tablet, a bar at
 * the bottom of a phone's screen (styles.css).
 */
export function Layout({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  const name = personName({ ...user });
  return (
    <div className="app-shell">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          // Focus moves without touching the URL, which belongs to the router.
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          <span className="brand-name">Roster</span>
        </div>
        <nav aria-label="Applications">
          <ul className="nav-list">
            {APPLICATIONS.map((app) => (
              <li key={app.path}>
                <NavLink to={app.path} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
                  <Icon name={app.icon} size={20} />
                  <span className="nav-label">{app.label}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {user.role === 'admin' ? (
          <nav aria-label="Settings">
            <ul className="nav-list">
              <li>
                <NavLink to="/settings" className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
                  <Icon name="tools" size={20} />
                  <span className="nav-label">Settings</span>
                </NavLink>
              </li>
            </ul>
          </nav>
        ) : null}
      </aside>
      <div className="main-column">
        <header className="topbar">
          <span className="brand topbar-brand" aria-hidden="true">
            <span className="brand-mark">R</span>
            <span className="brand-name">Roster</span>
          </span>
          <div className="topbar-user">
            <span className="avatar" aria-hidden="true">
              {initials(name)}
            </span>
            <span className="topbar-user-text">
              <span className="topbar-user-name">{name}</span>
              <span className="topbar-user-role">
                {user.email} · {user.role === 'admin' ? 'Admin' : 'Agent'}
              </span>
            </span>
          </div>
          <button type="button" className="button button-quiet" onClick={signOut}>
            <Icon name="signOut" size={16} />
            Sign out
          </button>
        </header>
        <main id="main" tabIndex={-1} className="content">
          {children}
        </main>
      </div>
    </div>
  );
}
