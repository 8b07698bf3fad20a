import { useGo } from '../../shared/useGo';
import { api } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { PageHeader } from '../../shared/ui/PageHeader';
import { PropertyForm } from '../../shared/ui/PropertyForm';
import { domainList, organizationFormFields } from './organization-fields';

/** A new organization: its name, email domains and custom properties (POST /api/organizations). */
export function OrganizationCreatePage() {
  const navigate = useGo();
  const properties = useAsync(() => api.properties('organizations'), []);
  return (
    <>
      <PageHeader title="New organization" back={{ to: '/organizations', label: 'Organizations' }} />
      <ErrorBanner error={properties.error} />
      {properties.data ? (
        <section className="panel panel-padded">
          <PropertyForm
            properties={organizationFormFields(properties.data)}
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
