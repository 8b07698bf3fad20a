import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Icon } from './Icon';

/** The top of a page: an optional way back, the `<h1>`, a line under it and the page's actions. */
export function PageHeader({
  title,
  subtitle,
  back,
  leading,
  actions,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  back?: { to: string; label: string };
  leading?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      {back ? (
        <Link to={back.to} className="back-link">
          <Icon name="back" size={14} />
          {back.label}
        </Link>
      ) : null}
      <div className="page-header-row">
        {leading}
        <div className="page-header-text">
          <h1>{title}</h1>
          {subtitle ? <p className="page-subtitle">{subtitle}</p> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
    </div>
  );
}
