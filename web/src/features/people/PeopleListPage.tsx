import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useGo } from '../../shared/useGo';
import { api } from '../../shared/api';
import type { PeopleKind } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { useDebouncedValue } from '../../shared/useDebouncedValue';
import { DataTable, type SortState } from '../../shared/ui/DataTable';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { Icon } from '../../shared/ui/Icon';
import { PageHeader } from '../../shared/ui/PageHeader';
import { Pager } from '../../shared/ui/Pager';
import { SearchBox } from '../../shared/ui/SearchBox';
import { peopleColumns } from './people-columns';
import { PEOPLE_KINDS } from './people-kinds';
import { PeopleToolsMenu } from './PeopleToolsMenu';

const PAGE_SIZE = 25;

/** The Customers or Users application: a searchable, sortable, paged list. */
export function PeopleListPage({ kind }: { kind: PeopleKind }) {
  const navigate = useGo();
  const words = PEOPLE_KINDS[kind];
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortState>({ sort: 'lastName', order: 'asc' });
  const query = useDebouncedValue(search.trim(), 250);
  // A new search or sort starts again at page 1 without a second, stale request.
  const listKey = `${query}|${sort.sort}|${sort.order}`;
  const [paging, setPaging] = useState({ key: listKey, page: 1 });
  const page = paging.key === listKey ? paging.page : 1;
  const setPage = (p: number) => setPaging({ key: listKey, page: p });

  const properties = useAsync(() => api.properties(kind), [kind]);
  const list = useAsync(() => api.list(kind, { page, pageSize: PAGE_SIZE, search: query, ...sort }), [kind, page, query, sort]);
  const columns = useMemo(() => peopleColumns(kind, properties.data ?? []), [kind, properties.data]);
  const total = list.data?.total ?? 0;

  return (
    <>
      <PageHeader
        title={words.title}
        subtitle={list.data ? `${total} ${total === 1 ? words.singular : words.title.toLowerCase()}` : ' '}
        actions={
          <>
            <PeopleToolsMenu kind={kind} />
            <Link to={`${words.path}/new`} className="button button-primary">
              <Icon name="plus" size={16} />
              New {words.singular}
            </Link>
          </>
        }
      />
      <div className="panel">
        <div className="panel-toolbar">
          <SearchBox
            label={`Search ${words.title.toLowerCase()}`}
            placeholder="Search by name or email"
            value={search}
            onChange={setSearch}
          />
        </div>
        <ErrorBanner error={properties.error ?? list.error} />
        <DataTable
          caption={words.title}
          columns={columns}
          rows={list.data?.items ?? []}
          sort={sort}
          onSort={setSort}
          loading={list.loading}
          onOpen={(row) => navigate(`${words.path}/${row.id}`)}
          empty={query ? `No ${words.title.toLowerCase()} match “${query}”.` : `No ${words.title.toLowerCase()} yet.`}
        />
        <Pager page={page} pageSize={PAGE_SIZE} total={total} onPage={setPage} noun={words.title.toLowerCase()} />
      </div>
    </>
  );
}
