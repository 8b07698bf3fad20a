import { useState } from 'react';
import { Link } from 'react-router';
import { useGo } from '../../shared/useGo';
import { api } from '../../shared/api';
import type { FieldValue, TicketRecord } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { useDebouncedValue } from '../../shared/useDebouncedValue';
import { Badge } from '../../shared/ui/Badge';
import { DataTable, type Column, type SortState } from '../../shared/ui/DataTable';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { PageHeader } from '../../shared/ui/PageHeader';
import { Pager } from '../../shared/ui/Pager';
import { SearchBox } from '../../shared/ui/SearchBox';

const PAGE_SIZE = 25;
const text = (v: FieldValue | undefined) => (v === null || v === undefined ? '' : String(v));

const COLUMNS: Column<TicketRecord>[] = [
  { id: 'number', header: 'Number', sortKey: 'number', className: 'cell-number', cell: (row) => `#${text(row.number)}` },
  {
    id: 'title',
    header: 'Title',
    sortKey: 'title',
    cell: (row) => (
      <Link to={`/tickets/${row.id}`} className="row-link" onClick={(e) => e.stopPropagation()}>
        {text(row.title)}
      </Link>
    ),
  },
  { id: 'status', header: 'Status', sortKey: 'status', cell: (row) => <Badge value={text(row.status)} /> },
  { id: 'priority', header: 'Priority', sortKey: 'priority', cell: (row) => <Badge value={text(row.priority)} /> },
  { id: 'customer', header: 'Customer', className: 'cell-muted', cell: (row) => text(row.customerEmail) },
  { id: 'assignee', header: 'Assignee', className: 'cell-muted', cell: (row) => text(row.assigneeEmail) || 'Unassigned' },
];

/** The Tickets application: newest first, searchable by title. */
export function TicketListPage() {
  const navigate = useGo();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortState>({ sort: 'number', order: 'desc' });
  const query = useDebouncedValue(search.trim(), 250);
  const listKey = `${query}|${sort.sort}|${sort.order}`;
  const [paging, setPaging] = useState({ key: listKey, page: 1 });
  const page = paging.key === listKey ? paging.page : 1;
  const list = useAsync(() => api.list('tickets', { page, pageSize: PAGE_SIZE, search: query, ...sort }), [page, query, sort]);
  const total = list.data?.total ?? 0;
  return (
    <>
      <PageHeader title="Tickets" subtitle={list.data ? `${total} ${total === 1 ? 'ticket' : 'tickets'}` : ' '} />
      <div className="panel">
        <div className="panel-toolbar">
          <SearchBox label="Search tickets" placeholder="Search by title" value={search} onChange={setSearch} />
        </div>
        <ErrorBanner error={list.error} />
        <DataTable
          caption="Tickets"
          columns={COLUMNS}
          rows={list.data?.items ?? []}
          sort={sort}
          onSort={setSort}
          loading={list.loading}
          onOpen={(row) => navigate(`/tickets/${row.id}`)}
          empty={query ? `No tickets match “${query}”.` : 'No tickets yet.'}
        />
        <Pager page={page} pageSize={PAGE_SIZE} total={total} onPage={(p) => setPaging({ key: listKey, page: p })} noun="tickets" />
      </div>
    </>
  );
}
