import { useMemo, useState } from 'react';
import { useGo } from '../../shared/useGo';
import { api } from '../../shared/api';
import { useSession } from '../../shared/SessionContext';
import type { OrganizationRecord } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { DeleteRecordAction } from '../../shared/ui/DeleteRecordAction';
import { DataTable } from '../../shared/ui/DataTable';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { PageHeader } from '../../shared/ui/PageHeader';
import { Pager } from '../../shared/ui/Pager';
import { PropertyForm } from '../../shared/ui/PropertyForm';
import { peopleColumns } from '../people/people-columns';
import { domainList, ORGANIZATION_FIELDS, organizationFormFields, organizationFormValues } from './organization-fields';

const PAGE_SIZE = 25;

/** One organization: its email domains, an edit form, and its members (customers of the organization). */
export function OrganizationDetailPage({ id }: { id: number }) {
  const navigate = useGo();
  const { user } = useSession();
  const record = useAsync(() => api.get('organizations', id), [id]);
  const customerProperties = useAsync(() => api.properties('customers'), []);
  const properties = useAsync(() => api.properties('organizations'), []);
  const [page, setPage] = useState(1);
  const members = useAsync(() => api.list('customers', { organizationId: id, page, pageSize: PAGE_SIZE }), [id, page]);
  const [saved, setSaved] = useState<OrganizationRecord>();
  const [editing, setEditing] = useState(false);
  // Members all share this organization, so its column would only repeat the page title.
  const columns = useMemo(
    () => peopleColumns('customers', customerProperties.data ?? []).filter((c) => c.id !== 'organization'),
    [customerProperties.data],
  );

  const organization = saved?.id === id ? saved : record.data;
  const back = { to: '/organizations', label: 'Organizations' };
  if (!organization) {
    return (
      <>
        <PageHeader title={record.error ? 'Organization not found' : 'Loading…'} back={back} />
        <ErrorBanner error={record.error} />
      </>
    );
  }
  const memberCount = members.data?.total;
  return (
    <>
      <PageHeader
        back={back}
        title={organization.name}
        subtitle={organization.domains.length > 0 ? organization.domains.map((d) => '@' + d).join(' · ') : 'No email domains'}
        actions={
          <>
            {!editing ? (
              <button type="button" className="button" onClick={() => setEditing(true)}>
                Edit
              </button>
            ) : null}
            {user.role === 'admin' ? (
              <DeleteRecordAction kind="organizations" id={id} question={`Delete ${organization.name}?`} backTo="/organizations" />
            ) : null}
          </>
        }
      />
      {editing ? (
        <section className="panel panel-padded" aria-labelledby="organization-edit">
          <h2 id="organization-edit">Edit organization</h2>
          <PropertyForm
            properties={properties.data ? organizationFormFields(properties.data) : ORGANIZATION_FIELDS}
            initial={organizationFormValues(organization)}
            submitLabel="Save changes"
            onCancel={() => setEditing(false)}
            onSubmit={async (changes) => {
              const input: Record<string, unknown> = { ...changes };
              if ('domains' in changes) input.domains = domainList(changes.domains);
              if (Object.keys(input).length > 0) setSaved(await api.update('organizations', id, input));
              setEditing(false);
            }}
          />
        </section>
      ) : null}
      <section className="panel" aria-labelledby="organization-members">
        <div className="panel-heading">
          <h2 id="organization-members">Members</h2>
          {memberCount !== undefined ? <span className="count-pill">{memberCount}</span> : null}
        </div>
        <ErrorBanner error={members.error ?? customerProperties.error} />
        <DataTable
          caption={`Members of ${organization.name}`}
          columns={columns}
          rows={members.data?.items ?? []}
          loading={members.loading}
          onOpen={(row) => navigate(`/customers/${row.id}`)}
          empty="No customers belong to this organization yet."
        />
        <Pager page={page} pageSize={PAGE_SIZE} total={memberCount ?? 0} onPage={setPage} noun="members" />
      </section>
    </>
  );
}
