import { useGo } from '../../shared/useGo';
import { importMenuItems } from '../import/import-menu-items';
import { useSession } from '../../shared/SessionContext';
import type { PeopleKind } from '../../shared/types';
import { Menu, type MenuItem } from '../../shared/ui/Menu';

/**
 * The Tools menu of the Users and Customers applications, where the product's guide says Import
 * is. Import is for admins; a menu with nothing in it for the signed-in user is not shown.
 */
export function PeopleToolsMenu({ kind, extraItems = [] }: { kind: PeopleKind; extraItems?: MenuItem[] }) {
  const { user } = useSession();
  const navigate = useGo();
  const items: MenuItem[] = [...importMenuItems(kind, user, navigate), ...extraItems];
  if (items.length === 0) return null;
  return <Menu label="Tools" icon="tools" items={items} />;
}
