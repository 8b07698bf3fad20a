import { useState } from 'react';
import { Link } from 'react-router';
import { useGo } from '../../shared/useGo';
import { importMenuItems } from '../import/import-menu-items';
import { api } from '../../shared/api';
import { useSession } from '../../shared/SessionContext';
import type { OrganizationRecord } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { useDebouncedValue } from '../../shared/useDebouncedValue';
import { DataTable, type Column } from '../../shared/ui/DataTable';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { Menu } from '../../shared/ui/Menu';
import { PageHeader } from '../../shared/ui/PageHeader';
import { Pager } from '../../shared/ui/Pager';
import { SearchBox } from '../../shared/ui/SearchBox';

const PAGE_SIZE = 25;

const COLUMNS: Column<OrganizationRecord>[] = [
  {
    id: 'name',
    header: 'Name',
    cell: (row) => (
      <Link to={`/organizations/${row.id}`} className="row-link" onClick={(e) => e.stopPropagation()}>
        {row.name}
      </Link>
    ),
  },
  {
    id: 'domains',
    header: 'Email domains',
    className: 'cell-muted',
    cell: (row) => row.domains.join(', '),
  },
];

/** The Organizations application: searchable by name, in name order. */
export function OrganizationListPage() {
  const navigate = useGo();
  const { user } = useSession();
  const tools = importMenuItems('organizations', user, navigate);
  const [search, setSearch] = useState('');
  const query = useDebouncedValue(search.trim(), 250);
  const [paging, setPaging] = useState({ key: query, page: 1 });
  const page = paging.key === query ? paging.page : 1;
  const list = useAsync(() => api.list('organizations', { page, pageSize: PAGE_SIZE, search: query }), [page, query]);
  const total = list.data?.total ?? 0;
  return (
    <>
      <PageHeader
        title="Organizations"
        subtitle={list.data ? `${total} ${total === 1 ? 'organization' : 'organizations'}` : ' '}
        actions={tools.length > 0 ? <Menu label="Tools" icon="tools" items={tools} /> : undefined}
      />
      <div className="panel">
        <div className="panel-toolbar">
          <SearchBox label="Search organizations" placeholder="Search by name" value={search} onChange={setSearch} />
        </div>
        <ErrorBanner error={list.error} />
        <DataTable
          caption="Organizations"
          columns={COLUMNS}
          rows={list.data?.items ?? []}
          loading={list.loading}
          onOpen={(row) => navigate(`/organizations/${row.id}`)}
          empty={
            query ? `No organizations match “${query}”.` : 'No organizations yet. They appear as customers are added with an organization.'
          }
        />
        <Pager page={page} pageSize={PAGE_SIZE} total={total} onPage={(p) => setPaging({ key: query, page: p })} noun="organizations" />
      </div>
    </>
  );
}
