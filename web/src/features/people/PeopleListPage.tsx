import { useMemo, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useGo } from '../../shared/useGo';
import { api } from '../../shared/api';
import { personName } from '../../shared/format';
import type { PeopleKind } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { useUrlList } from '../../shared/useUrlList';
import { DataTable, type SortState } from '../../shared/ui/DataTable';
import { EmptyFiltered, EmptyStart } from '../../shared/ui/EmptyList';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { Icon } from '../../shared/ui/Icon';
import { PageHeader } from '../../shared/ui/PageHeader';
import { SearchBox } from '../../shared/ui/SearchBox';
import { BulkActions } from './BulkActions';
import { peopleColumns } from './people-columns';
import { PEOPLE_KINDS } from './people-kinds';
import { exportUrl, isFiltered, NO_FILTERS, pageQuery, PEOPLE_LIST, PERSON_STATUSES, USER_ROLES } from './people-list-state';
import { CursorPager, describeTotal } from './CursorPager';
import { PeopleToolsMenu } from './PeopleToolsMenu';
import { usePeoplePage } from './usePeoplePage';
import './bulk-actions.css';

const PAGE_SIZE = 25;

/** What history keeps of a list page beyond its URL: the cursors of the pages before it, for Previous. */
interface PagingState {
  cursors?: string[];
}

const capitalized = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/**
 * The Customers or Users application: a list searched as you type, filtered, sorted and paged by
 * the server's cursor, all kept in the URL so Back, reload and a shared link show the same view.
 * Rows can be chosen for a bulk action or an export. Without a chosen sort, a search shows the
 * best matches first (the server's rank); a list without a search is by last name.
 */
export function PeopleListPage({ kind }: { kind: PeopleKind }) {
  const navigate = useGo();
  const location = useLocation();
  const words = PEOPLE_KINDS[kind];
  const { state, change, searchText, setSearchText } = useUrlList(PEOPLE_LIST);
  const [reloads, setReloads] = useState(0);
  const [selection, setSelection] = useState<{ list: string; ids: Set<number> }>({ list: '', ids: new Set() });

  const properties = useAsync(() => api.properties(kind), [kind]);
  const organizations = useAsync(
    () => (kind === 'customers' ? api.list('organizations', { pageSize: 100 }) : Promise.resolve(undefined)),
    [kind],
  );
  const list = usePeoplePage(kind, pageQuery(state, PAGE_SIZE), state.page, reloads);
  const columns = useMemo(() => peopleColumns(kind, properties.data ?? []), [kind, properties.data]);
  const total = list.data?.total ?? 0;
  const estimate = list.data?.totalIsEstimate === true;
  const searching = state.search.trim() !== '';
  const shownSort: SortState | undefined = state.sort
    ? { sort: state.sort, order: state.order }
    : searching
      ? undefined
      : { sort: 'lastName', order: 'asc' };
  const nextCursor = list.loading ? undefined : list.data?.nextCursor;
  const filtered = isFiltered(state);

  // A selection belongs to the list it was made in: a new search or filter starts without one.
  const listKey = JSON.stringify([state.search, state.status, state.organization, state.role]);
  const selected = selection.list === listKey ? selection.ids : new Set<number>();
  const select = (ids: Set<number>) => setSelection({ list: listKey, ids });

  // Previous uses the cursor of the page before when this tab went through it, else that page by number.
  const previousCursors = (location.state as PagingState | null)?.cursors ?? [];
  const goToPage = (page: number, cursor: string, cursors: string[]) => change({ page, cursor }, { keepPage: true, state: { cursors } });
  const onPrevious =
    state.page > 1
      ? () => {
          const cursors = previousCursors.slice(0, state.page - 2);
          const known = previousCursors.length >= state.page - 1;
          goToPage(state.page - 1, known ? (previousCursors[state.page - 2] ?? '') : '', cursors);
        }
      : undefined;
  const onNext = nextCursor
    ? () => goToPage(state.page + 1, nextCursor, [...previousCursors.slice(0, state.page - 1), state.cursor])
    : undefined;

  const organizationChoices = organizations.data?.items ?? [];
  const clearFilters = () => {
    setSearchText('');
    change(NO_FILTERS);
  };

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
            <a className="button" href={exportUrl(kind, state)} download>
              Export CSV
            </a>
            <Link to={`${words.path}/new`} className="button button-primary">
              <Icon name="plus" size={16} />
              New {words.singular}
            </Link>
          </>
        }
      />
      <div className="panel">
        <div className="panel-toolbar list-filters" role="group" aria-label={`Filter ${words.title.toLowerCase()}`}>
          <SearchBox
            label={`Search ${words.title.toLowerCase()}`}
            placeholder="Search by name, email, organization or phone"
            value={searchText}
            onChange={setSearchText}
          />
          <label className="inline-field">
            Status
            <select value={state.status} onChange={(e) => change({ status: e.target.value as (typeof PERSON_STATUSES)[number] | '' })}>
              <option value="">Any status</option>
              {PERSON_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {capitalized(s)}
                </option>
              ))}
            </select>
          </label>
          {kind === 'customers' ? (
            <label className="inline-field">
              Organization
              <select value={state.organization} onChange={(e) => change({ organization: e.target.value })}>
                <option value="">Any organization</option>
                {organizationChoices.map((o) => (
                  <option key={o.id} value={String(o.id)}>
                    {o.name}
                  </option>
                ))}
                {/* A filter from the URL keeps its choice while the organizations load, or for one past the first hundred. */}
                {state.organization && !organizationChoices.some((o) => String(o.id) === state.organization) ? (
                  <option value={state.organization}>Organization #{state.organization}</option>
                ) : null}
              </select>
            </label>
          ) : (
            <label className="inline-field">
              Role
              <select value={state.role} onChange={(e) => change({ role: e.target.value as (typeof USER_ROLES)[number] | '' })}>
                <option value="">Any role</option>
                {USER_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {capitalized(r)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <BulkActions
          kind={kind}
          selected={selected}
          exportHref={exportUrl(kind, state, [...selected])}
          onClear={() => select(new Set())}
          onDone={(failed) => {
            // What went through is done with; what failed stays chosen, to try again or look at.
            select(failed);
            setReloads((n) => n + 1);
          }}
        />
        <ErrorBanner error={properties.error ?? list.error ?? organizations.error} />
        <DataTable
          caption={words.title}
          columns={columns}
          rows={list.data?.items ?? []}
          sort={shownSort}
          onSort={(s) => change({ sort: s.sort, order: s.order })}
          loading={list.loading}
          onOpen={(row) => navigate(`${words.path}/${row.id}`)}
          selection={{ selected, onChange: select, rowLabel: (row) => personName(row) }}
          empty={
            searching || filtered ? (
              <EmptyFiltered
                message={
                  searching
                    ? `No ${words.title.toLowerCase()} match “${state.search.trim()}”${filtered ? ' with these filters' : ''}.`
                    : `No ${words.title.toLowerCase()} match these filters.`
                }
                onClear={clearFilters}
              />
            ) : (
              <EmptyStart>
                <p>
                  No {words.title.toLowerCase()} yet: <Link to={`${words.path}/import`}>import them from a CSV file</Link>, or{' '}
                  <Link to={`${words.path}/new`}>add one</Link>.
                </p>
              </EmptyStart>
            )
          }
        />
        <CursorPager
          first={(list.page - 1) * PAGE_SIZE + 1}
          count={list.data?.items.length ?? 0}
          total={total}
          estimate={estimate}
          page={list.page}
          onPrevious={onPrevious}
          onNext={onNext}
          noun={words.title.toLowerCase()}
        />
      </div>
    </>
  );
}
