import { useGo } from '../../shared/useGo';
import { api } from '../../shared/api';
import type { Property } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { PageHeader } from '../../shared/ui/PageHeader';
import { PropertyForm } from '../../shared/ui/PropertyForm';
import { domainList, ORGANIZATION_FIELDS } from './organization-fields';

/** A new organization: its name, email domains and custom properties (POST /api/organizations). */
export function OrganizationCreatePage() {
  const navigate = useGo();
  const properties = useAsync(() => api.properties('organizations'), []);
  // The name and domains have their own inputs; the custom properties follow them.
  const custom = (properties.data ?? []).filter((p: Property) => p.custom && !p.readOnly);
  return (
    <>
      <PageHeader title="New organization" back={{ to: '/organizations', label: 'Organizations' }} />
      <ErrorBanner error={properties.error} />
      {properties.data ? (
        <section className="panel panel-padded">
          <PropertyForm
            properties={[...ORGANIZATION_FIELDS, ...custom]}
            initial={{}}
            submitLabel="Create organization"
            onCancel={() => navigate('/organizations')}
            onSubmit={async (values) => {
              const input: Record<string, unknown> = { ...values, name: values.name ?? '' };
              if ('domains' in values) input.domains = domainList(values.domains);
              const created = await api.create('organizations', input);
              navigate(`/organizations/${created.id}`);
            }}
          />
        </section>
      ) : null}
    </>
  );
}
