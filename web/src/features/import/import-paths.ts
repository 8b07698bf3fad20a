import type { ImportEntity } from './import-api';

/** The wizard's steps in order; each is a page with its own URL. */
export const STEPS = [
  { id: 'choose', label: 'Choose the file' },
  { id: 'found', label: 'What Roster found' },
  { id: 'map', label: 'Map columns' },
  { id: 'check', label: 'Check over' },
  { id: 'progress', label: 'Import' },
  { id: 'result', label: 'Result' },
] as const;

export type StepId = (typeof STEPS)[number]['id'];

/** The words the wizard uses for each record kind. */
export const ENTITY_WORDS: Record<ImportEntity, { title: string; plural: string; singular: string; listPath: string }> = {
  customers: { title: 'Customers', plural: 'customers', singular: 'customer', listPath: '/customers' },
  users: { title: 'Users', plural: 'users', singular: 'user', listPath: '/users' },
  organizations: { title: 'Organizations', plural: 'organizations', singular: 'organization', listPath: '/organizations' },
  tickets: { title: 'Tickets', plural: 'tickets', singular: 'ticket', listPath: '/tickets' },
};

export function isImportEntity(value: string | undefined): value is ImportEntity {
  return value === 'customers' || value === 'users' || value === 'organizations' || value === 'tickets';
}

/** What the URL says: `/customers/import/42/map?encoding=…` → the step, the import and the query. */
export interface WizardLocation {
  step: StepId | 'history';
  id?: number;
  params: URLSearchParams;
}

/** Reads the segments after `/{entity}/import` and the query. An unknown shape reads as the first step. */
export function parseWizardLocation(segments: string[], params: URLSearchParams): WizardLocation {
  const [first, second] = segments;
  if (first === 'history') return { step: 'history', params };
  if (first !== undefined && /^\d+$/.test(first)) {
    const step = STEPS.find((s) => s.id === second)?.id ?? 'found';
    return { step, id: Number(first), params };
  }
  return { step: 'choose', params };
}

/** The URL of a step: `importPath('customers', 'map', 42, { encoding: 'utf-8' })`. */
export function importPath(
  entity: ImportEntity,
  step: StepId | 'history',
  id?: number,
  params: Record<string, string | number | undefined> = {},
): string {
  const base = `/${entity}/import`;
  const path = step === 'choose' ? base : step === 'history' ? `${base}/history` : `${base}/${id}/${step}`;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const s = search.toString();
  return s ? `${path}?${s}` : path;
}

/** The step an import's state belongs to, for opening an import from the history. */
export function stepOf(status: string): StepId {
  switch (status) {
    case 'analysed':
      return 'map';
    case 'dry-run':
      return 'check';
    case 'running':
      return 'progress';
    default:
      return 'result';
  }
}
