import { useMemo } from 'react';
import { Link } from 'react-router';
import { useGo } from '../../shared/useGo';
import { importMenuItems } from '../import/import-menu-items';
import { api } from '../../shared/api';
import { useSession } from '../../shared/SessionContext';
import type { OrganizationRecord } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { pageParam, useUrlList, type ListCodec } from '../../shared/useUrlList';
import { DataTable, type Column } from '../../shared/ui/DataTable';
import { EmptyFiltered, EmptyStart } from '../../shared/ui/EmptyList';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { Icon } from '../../shared/ui/Icon';
import { Menu } from '../../shared/ui/Menu';
import { PageHeader } from '../../shared/ui/PageHeader';
import { Pager } from '../../shared/ui/Pager';
import { SearchBox } from '../../shared/ui/SearchBox';

const PAGE_SIZE = 25;

/** The list's state in its URL: `/organizations?q=acme&page=2`. */
const ORGANIZATION_LIST: ListCodec<{ search: string; page: number }> = {
  read: (params) => ({ search: params.get('q') ?? '', page: pageParam(params.get('page')) }),
  write: (state) => {
    const params = new URLSearchParams();
    if (state.search.trim()) params.set('q', state.search.trim());
    if (state.page > 1) params.set('page', String(state.page));
    return params;
  },
  firstPage: { page: 1 },
};

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
  const { state, params, change, searchText, setSearchText } = useUrlList(ORGANIZATION_LIST);
  const query = useMemo(() => ORGANIZATION_LIST.read(params), [params]);
  const list = useAsync(() => api.list('organizations', { page: query.page, pageSize: PAGE_SIZE, search: query.search.trim() }), [query]);
  const total = list.data?.total ?? 0;
  return (
    <>
      <PageHeader
        title="Organizations"
        subtitle={list.data ? `${total} ${total === 1 ? 'organization' : 'organizations'}` : ' '}
        actions={
          <>
            {tools.length > 0 ? <Menu label="Tools" icon="tools" items={tools} /> : null}
            <Link to="/organizations/new" className="button button-primary">
              <Icon name="plus" size={16} />
              New organization
            </Link>
          </>
        }
      />
      <div className="panel">
        <div className="panel-toolbar">
          <SearchBox label="Search organizations" placeholder="Search by name" value={searchText} onChange={setSearchText} />
        </div>
        <ErrorBanner error={list.error} />
        <DataTable
          caption="Organizations"
          columns={COLUMNS}
          rows={list.data?.items ?? []}
          loading={list.loading}
          onOpen={(row) => navigate(`/organizations/${row.id}`)}
          empty={
            state.search.trim() ? (
              <EmptyFiltered
                message={`No organizations match “${state.search.trim()}”.`}
                onClear={() => {
                  setSearchText('');
                  change({ search: '' });
                }}
              />
            ) : (
              <EmptyStart>
                <p>
                  No organizations yet: <Link to="/organizations/import">import them from a CSV file</Link>,{' '}
                  <Link to="/organizations/new">add one</Link>, or they appear as customers are added with an organization.
                </p>
              </EmptyStart>
            )
          }
        />
        <Pager
          // The page whose rows are shown: while the next one loads, the summary stays with the rows.
          page={list.data?.page ?? state.page}
          pageSize={PAGE_SIZE}
          total={total}
          onPage={(p) => change({ page: p }, { keepPage: true })}
          noun="organizations"
        />
      </div>
    </>
  );
}
