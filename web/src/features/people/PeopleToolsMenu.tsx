import type { PeopleKind } from '../../shared/types';
import { Menu, type MenuItem } from '../../shared/ui/Menu';
import { PEOPLE_KINDS } from './people-kinds';

/**
 * The Tools menu of the Users and Customers applications. Import is listed now so people find
 * it where the product's guide says it is; it turns on when the import wizard passes `onImport`.
 */
export function PeopleToolsMenu({ kind, onImport, extraItems = [] }: { kind: PeopleKind; onImport?: () => void; extraItems?: MenuItem[] }) {
  const items: MenuItem[] = [
    {
      id: 'import',
      label: 'Import',
      icon: 'import',
      description: onImport ? `Add ${PEOPLE_KINDS[kind].title.toLowerCase()} from a CSV file` : 'Import arrives in the import wizard',
      disabled: !onImport,
      onSelect: onImport,
    },
    ...extraItems,
  ];
  return <Menu label="Tools" icon="tools" items={items} />;
}
