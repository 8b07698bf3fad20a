import { useMemo } from 'react';
import { Link, useLocation } from 'react-router';
import { useGo } from '../../shared/useGo';
import { api } from '../../shared/api';
import { personName } from '../../shared/format';
import type { FieldValue, TicketRecord } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { useUrlList } from '../../shared/useUrlList';
import { Badge } from '../../shared/ui/Badge';
import { DataTable, type Column, type SortState } from '../../shared/ui/DataTable';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { importMenuItems } from '../import/import-menu-items';
import { useSession } from '../../shared/SessionContext';
import { Icon } from '../../shared/ui/Icon';
import { Menu } from '../../shared/ui/Menu';
import { PageHeader } from '../../shared/ui/PageHeader';
import { Pager } from '../../shared/ui/Pager';
import { SearchBox } from '../../shared/ui/SearchBox';
import { EmptyFiltered } from '../../shared/ui/EmptyList';
import { isFiltered, listQuery, readFilters, STATUSES, TICKET_LIST } from './ticket-filters';
import { TicketPersonLink, useUsers } from './ticket-people';

const PAGE_SIZE = 25;
const text = (v: FieldValue | undefined) => (v === null || v === undefined ? '' : String(v));

export const NO_TICKETS = 'No tickets yet: import them from a CSV file, or they arrive from the support form and by email.';

const COLUMNS: Column<TicketRecord>[] = [
  { id: 'number', header: 'Number', sortKey: 'number', className: 'cell-number', cell: (row) => `#${text(row.number)}` },
  {
    id: 'title',
    header: 'Title',
    sortKey: 'title',
    cell: (row) => <TicketTitleLink ticket={row} />,
  },
  { id: 'status', header: 'Status', sortKey: 'status', cell: (row) => <Badge value={text(row.status)} /> },
  { id: 'priority', header: 'Priority', sortKey: 'priority', cell: (row) => <Badge value={text(row.priority)} /> },
  {
    id: 'customer',
    header: 'Customer',
    className: 'col-secondary',
    cell: (row) => <TicketPersonLink ticket={row} role="customer" none="—" />,
  },
  { id: 'assignee', header: 'Assignee', cell: (row) => <TicketPersonLink ticket={row} role="assignee" none="Unassigned" /> },
];

/** The ticket's page, told which filtered list it was opened from so its back link returns there. */
function TicketTitleLink({ ticket }: { ticket: TicketRecord }) {
  const { search } = useLocation();
  return (
    <Link to={`/tickets/${ticket.id}`} state={{ listSearch: search }} className="row-link" onClick={(e) => e.stopPropagation()}>
      {text(ticket.title)}
    </Link>
  );
}

/** The Tickets application: newest first, searchable by title, filtered by status, assignee, import and pending links. */
export function TicketListPage() {
  const navigate = useGo();
  const location = useLocation();
  // A choice in the filter bar is a new history entry, so Back undoes it; typing a search replaces the entry.
  const { state: filters, params, change, searchText: search, setSearchText: setSearch } = useUrlList(TICKET_LIST);
  const users = useUsers();
  const { user } = useSession();
  const tools = importMenuItems('tickets', user, navigate);

  // The URL is the one source of the query: a new query exactly when the URL's query changes.
  const query = useMemo(() => listQuery(readFilters(params), PAGE_SIZE), [params]);
  const list = useAsync(() => api.list('tickets', query), [query]);
  const customer = useAsync(
    () => (filters.customer ? api.get('customers', Number(filters.customer)) : Promise.resolve(undefined)),
    [filters.customer],
  );
  const total = list.data?.total ?? 0;
  const filtered = isFiltered(filters);
  const sort: SortState = { sort: filters.sort, order: filters.order };

  return (
    <>
      <PageHeader
        title="Tickets"
        subtitle={list.data ? `${total} ${total === 1 ? 'ticket' : 'tickets'}` : ' '}
        actions={
          <>
            {tools.length > 0 ? <Menu label="Tools" icon="tools" items={tools} /> : null}
            <Link to="/tickets/new" className="button button-primary">
              <Icon name="plus" size={16} />
              New ticket
            </Link>
          </>
        }
      />
      <div className="panel">
        <div className="panel-toolbar problems-toolbar" role="group" aria-label="Filter tickets">
          <SearchBox label="Search tickets" placeholder="Search by title" value={search} onChange={setSearch} />
          <label className="inline-field">
            Status
            <select value={filters.status} onChange={(e) => change({ status: e.target.value })}>
              <option value="">Any status</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s[0]!.toUpperCase() + s.slice(1)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            Assignee
            <select value={filters.assignee} onChange={(e) => change({ assignee: e.target.value })}>
              <option value="">Anyone</option>
              <option value="unassigned">Unassigned</option>
              {(users.data ?? []).map((u) => (
                <option key={u.id} value={String(u.id)}>
                  {personName(u)}
                </option>
              ))}
              {/* A filter from the URL keeps its choice while the users load, or for a user past the first page. */}
              {filters.assignee && filters.assignee !== 'unassigned' && !users.data?.some((u) => String(u.id) === filters.assignee) ? (
                <option value={filters.assignee}>User #{filters.assignee}</option>
              ) : null}
            </select>
          </label>
          <label className="inline-field">
            <input type="checkbox" checked={filters.imported} onChange={(e) => change({ imported: e.target.checked })} />
            Imported only
          </label>
          <label className="inline-field">
            <input type="checkbox" checked={filters.pending} onChange={(e) => change({ pending: e.target.checked })} />
            Waiting for people
          </label>
          {filters.customer ? (
            <button type="button" className="button button-quiet" onClick={() => change({ customer: '' })}>
              Customer: {customer.data ? personName(customer.data) : `#${filters.customer}`} ✕
            </button>
          ) : null}
          {filters.importId ? (
            <button type="button" className="button button-quiet" onClick={() => change({ importId: '' })}>
              Import #{filters.importId} ✕
            </button>
          ) : null}
        </div>
        <ErrorBanner error={list.error ?? users.error} />
        <DataTable
          caption="Tickets"
          columns={COLUMNS}
          rows={list.data?.items ?? []}
          sort={sort}
          onSort={(s) => change({ sort: s.sort, order: s.order })}
          loading={list.loading}
          onOpen={(row) => navigate(`/tickets/${row.id}`, { state: { listSearch: location.search } })}
          empty={
            filters.search.trim() || filtered ? (
              <EmptyFiltered
                message={
                  filters.search.trim()
                    ? `No tickets match “${filters.search.trim()}”${filtered ? ' with these filters' : ''}.`
                    : 'No tickets match these filters.'
                }
                onClear={() => {
                  setSearch('');
                  change({ search: '', status: '', assignee: '', customer: '', importId: '', imported: false, pending: false });
                }}
              />
            ) : (
              NO_TICKETS
            )
          }
        />
        <Pager
          // The page whose rows are shown: while the next one loads, the summary stays with the rows.
          page={list.data?.page ?? filters.page}
          pageSize={PAGE_SIZE}
          total={total}
          onPage={(p) => change({ page: p }, { keepPage: true })}
          noun="tickets"
        />
      </div>
    </>
  );
}
