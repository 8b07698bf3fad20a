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
import { SearchBox } from '../../shared/ui/SearchBox';
import { peopleColumns } from './people-columns';
import { PEOPLE_KINDS } from './people-kinds';
import { CursorPager, describeTotal } from './CursorPager';
import { PeopleToolsMenu } from './PeopleToolsMenu';
import { usePeoplePage } from './usePeoplePage';

const PAGE_SIZE = 25;

/**
 * The Customers or Users application: a list searched as you type and paged by the server's
 * cursor. Without a chosen sort, a search shows the best matches first (the server's rank); a
 * list without a search is by last name.
 */
export function PeopleListPage({ kind }: { kind: PeopleKind }) {
  const navigate = useGo();
  const words = PEOPLE_KINDS[kind];
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortState | null>(null);
  const query = useDebouncedValue(search.trim(), 250);
  // The cursors of the pages seen so far, to go back; a new search or sort starts again at the
  // first page without a second, stale request.
  const listKey = `${query}|${sort?.sort ?? ''}|${sort?.order ?? ''}`;
  const [paging, setPaging] = useState<{ key: string; cursors: (string | undefined)[] }>({ key: listKey, cursors: [undefined] });
  // Forgotten when the list changes, so that coming back to an earlier search starts at its first page too.
  if (paging.key !== listKey) setPaging({ key: listKey, cursors: [undefined] });
  const cursors = paging.key === listKey ? paging.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];

  const properties = useAsync(() => api.properties(kind), [kind]);
  const list = usePeoplePage(kind, { pageSize: PAGE_SIZE, search: query, sort: sort?.sort, order: sort?.order, cursor });
  const columns = useMemo(() => peopleColumns(kind, properties.data ?? []), [kind, properties.data]);
  const total = list.data?.total ?? 0;
  const estimate = list.data?.totalIsEstimate === true;
  const shownSort = sort ?? (query ? undefined : { sort: 'lastName', order: 'asc' as const });
  const nextCursor = list.loading ? undefined : list.data?.nextCursor;

  return (
    <>
      <PageHeader
        title={words.title}
        subtitle={
          list.data ? `${describeTotal(total, estimate)} ${total === 1 && !estimate ? words.singular : words.title.toLowerCase()}` : ' '
        }
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
            placeholder="Search by name, email, organization or phone"
            value={search}
            onChange={setSearch}
          />
        </div>
        <ErrorBanner error={properties.error ?? list.error} />
        <DataTable
          caption={words.title}
          columns={columns}
          rows={list.data?.items ?? []}
          sort={shownSort}
          onSort={setSort}
          loading={list.loading}
          onOpen={(row) => navigate(`${words.path}/${row.id}`)}
          empty={query ? `No ${words.title.toLowerCase()} match “${query}”.` : `No ${words.title.toLowerCase()} yet.`}
        />
        <CursorPager
          first={(cursors.length - 1) * PAGE_SIZE + 1}
          count={list.data?.items.length ?? 0}
          total={total}
          estimate={estimate}
          page={cursors.length}
          onPrevious={cursors.length > 1 ? () => setPaging({ key: listKey, cursors: cursors.slice(0, -1) }) : undefined}
          onNext={nextCursor ? () => setPaging({ key: listKey, cursors: [...cursors, nextCursor] }) : undefined}
          noun={words.title.toLowerCase()}
        />
      </div>
    </>
  );
}
