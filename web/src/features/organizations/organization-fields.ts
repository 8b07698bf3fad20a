import type { FieldValue, OrganizationRecord, Property } from '../../shared/types';

/** An organization's own fields in a form: the domains as one comma-separated text. */
export const ORGANIZATION_FIELDS: Property[] = [
  { key: 'name', label: 'Name', type: 'text', required: true, custom: false },
  { key: 'domains', label: 'Email domains (comma-separated)', type: 'text', required: false, custom: false },
];

/**
 * The fields of an organization's form, in the order and with the flags an admin set under
 * Settings › Properties: the name, the domains as one comma-separated text, then the custom
 * properties. A hidden property stays out of the form (PropertyForm leaves it out).
 */
export function organizationFormFields(properties: Property[]): Property[] {
  const own = new Map(ORGANIZATION_FIELDS.map((f) => [f.key, f]));
  return properties.flatMap((p) => {
    const field = own.get(p.key);
    if (field) return [{ ...field, ...(p.hidden ? { hidden: true } : {}) }];
    return p.custom && !p.readOnly ? [p] : [];
  });
}

/** "acme.com, acme.co.uk" as the API's list of domains. */
export function domainList(value: FieldValue | undefined): string[] {
  return String(value ?? '')
    .split(/[,;\s]+/)
    .filter((d) => d !== '');
}

/** An organization's values as its form shows them: the domains as one text, custom values as they are. */
export function organizationFormValues(organization: OrganizationRecord): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(organization))
    if (!Array.isArray(value) && value !== undefined) values[key] = value as FieldValue;
  values.domains = organization.domains.join(', ');
  return values;
}
