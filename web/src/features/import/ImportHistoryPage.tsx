import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useGo } from '../../shared/useGo';
import { formatDateTime } from '../../shared/format';
import { Badge } from '../../shared/ui/Badge';
import { DataTable, type Column } from '../../shared/ui/DataTable';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { PageHeader } from '../../shared/ui/PageHeader';
import { Pager } from '../../shared/ui/Pager';
import { formatCount } from './import-format';
import { importApi, type ImportEntity, type ImportReport } from './import-api';
import { ENTITY_WORDS, importPath, stepOf } from './import-paths';
import { SavedMappings } from './SavedMappings';

const PAGE_SIZE = 25;

function openPath(r: ImportReport): string {
  const step = stepOf(r.status);
  return importPath(r.entity, step, r.id, step === 'check' ? { sample: 0 } : {});
}

const COLUMNS: Column<ImportReport>[] = [
  {
    id: 'file',
    header: 'File',
    cell: (r) => (
      <Link to={openPath(r)} className="row-link" onClick={(e) => e.stopPropagation()}>
        {r.fileName}
      </Link>
    ),
  },
  { id: 'kind', header: 'Records', cell: (r) => ENTITY_WORDS[r.entity].title },
  { id: 'when', header: 'When', className: 'cell-muted', cell: (r) => formatDateTime(r.startedAt) },
  { id: 'who', header: 'Who', className: 'cell-muted', cell: (r) => r.actor ?? '' },
  {
    id: 'counts',
    header: 'Rows',
    cell: (r) => (
      <span className="history-counts">
        {formatCount(r.rows)} rows: {formatCount(r.created)} created, {formatCount(r.updated)} updated, {formatCount(r.failed)} failed
        {r.options.sample !== null ? ` (sample of ${formatCount(r.options.sample)})` : ''}
      </span>
    ),
  },
  { id: 'status', header: 'Status', cell: (r) => <Badge value={r.status} /> },
];

/** Tools › Import history: every import, newest first, each opening its own page of the wizard; then the saved mappings. */
export function ImportHistoryPage({ entity }: { entity: ImportEntity }) {
  const navigate = useGo();
  const ids = useId();
  const words = ENTITY_WORDS[entity];
  const [kind, setKind] = useState<ImportEntity | ''>('');
  const [paging, setPaging] = useState({ kind, page: 1 });
  const page = paging.kind === kind ? paging.page : 1;
  const list = useQuery({
    queryKey: ['imports', kind, page],
    queryFn: () => importApi.list({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, ...(kind ? { entity: kind } : {}) }),
    placeholderData: keepPreviousData,
    // A running import moves on: look again while one is listed.
    refetchInterval: (query) => (query.state.data?.items.some((r) => r.status === 'running') ? 2000 : false),
  });
  return (
    <>
      <PageHeader
        title="Import history"
        subtitle="Every import, newest first: who, when, which file, and what it did."
        back={{ to: words.listPath, label: words.title }}
        actions={
          <Link to={importPath(entity, 'choose')} className="button button-primary">
            Import {words.plural}
          </Link>
        }
      />
      <div className="panel">
        <div className="panel-toolbar">
          <div className="inline-field">
            <label htmlFor={`${ids}-kind`}>Records</label>
            <select id={`${ids}-kind`} value={kind} onChange={(e) => setKind(e.target.value as ImportEntity | '')}>
              <option value="">Every kind</option>
              {Object.entries(ENTITY_WORDS).map(([value, w]) => (
                <option key={value} value={value}>
                  {w.title}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ErrorBanner error={list.error} />
        <DataTable
          caption="Imports"
          columns={COLUMNS}
          rows={list.data?.items ?? []}
          loading={list.isFetching}
          onOpen={(r) => navigate(openPath(r))}
          empty="No imports yet."
        />
        <Pager page={page} pageSize={PAGE_SIZE} total={list.data?.total ?? 0} onPage={(p) => setPaging({ kind, page: p })} noun="imports" />
      </div>
      <SavedMappings entity={kind} />
    </>
  );
}
