import { Link } from 'react-router';
import { formatValue, initials, personName } from '../../shared/format';
import type { PeopleKind, PersonRecord, Property } from '../../shared/types';
import { Badge } from '../../shared/ui/Badge';
import type { Column } from '../../shared/ui/DataTable';
import { signInAccessShort } from '../invitations/SignInAccess';
import { PEOPLE_KINDS } from './people-kinds';

/** Status and phone never wrap; the secondary columns give way on narrow screens (styles.css). */
const COLUMN_CLASSES: Record<string, string> = {
  status: 'cell-status',
  email: 'cell-muted',
  phone: 'cell-phone',
  organization: 'col-secondary',
  title: 'col-secondary',
  role: 'col-secondary',
};

/**
 * The list columns of a people application: the name, then email, organization (customers) or
 * title and role (users), phone and status, each labelled by its property so renamed labels
 * follow; users end with whether they can sign in.
 */
export function peopleColumns(kind: PeopleKind, properties: Property[]): Column<PersonRecord>[] {
  const byKey = new Map(properties.map((p) => [p.key, p]));
  const keys = kind === 'customers' ? ['email', 'organization', 'phone', 'status'] : ['email', 'title', 'role', 'phone', 'status'];
  const columns: Column<PersonRecord>[] = [
    {
      id: 'name',
      header: 'Name',
      sortKey: 'lastName',
      cell: (row) => {
        const name = personName(row);
        return (
          <span className="person-cell">
            <span className="avatar avatar-small" aria-hidden="true">
              {initials(name)}
            </span>
            <Link to={`${PEOPLE_KINDS[kind].path}/${row.id}`} className="row-link" onClick={(e) => e.stopPropagation()}>
              {name}
            </Link>
          </span>
        );
      },
    },
  ];
  for (const key of keys) {
    const property = byKey.get(key);
    if (!property) continue;
    columns.push({
      id: key,
      header: property.label,
      sortKey: property.sortable ? key : undefined,
      className: COLUMN_CLASSES[key],
      cell: (row) => (key === 'status' ? <Badge value={row.status as string | null} /> : formatValue(property, row[key])),
    });
  }
  if (kind === 'users') columns.push({ id: 'access', header: 'Sign-in', className: 'cell-muted', cell: (row) => signInAccessShort(row) });
  return columns;
}
