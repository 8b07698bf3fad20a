import type { SessionUser } from '../../shared/types';
import type { MenuItem } from '../../shared/ui/Menu';
import type { ImportEntity } from './import-api';
import { ENTITY_WORDS, importPath } from './import-paths';

/** Tools › Import and Import history for a record kind; only admins import, so agents get none. */
export function importMenuItems(entity: ImportEntity, user: SessionUser, navigate: (path: string) => void): MenuItem[] {
  if (user.role !== 'admin') return [];
  return [
    {
      id: 'import',
      label: 'Import',
      icon: 'import',
      description: `Add ${ENTITY_WORDS[entity].plural} from a CSV file`,
      onSelect: () => navigate(importPath(entity, 'choose')),
    },
    {
      id: 'import-history',
      label: 'Import history',
      icon: 'tools',
      description: 'Every import, with its result',
      onSelect: () => navigate(importPath(entity, 'history')),
    },
  ];
}
