import type { FieldValue, Property } from '../../shared/types';

/** An organization's own fields in a form: the domains as one comma-separated text. */
export const ORGANIZATION_FIELDS: Property[] = [
  { key: 'name', label: 'Name', type: 'text', required: true, custom: false },
  { key: 'domains', label: 'Email domains (comma-separated)', type: 'text', required: false, custom: false },
];

/** "acme.com, acme.co.uk" as the API's list of domains. */
export function domainList(value: FieldValue | undefined): string[] {
  return String(value ?? '')
    .split(/[,;\s]+/)
    .filter((d) => d !== '');
}
