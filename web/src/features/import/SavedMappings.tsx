import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { formatDateTime } from '../../shared/format';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { DataTable, type Column } from '../../shared/ui/DataTable';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { importApi, type ImportEntity, type ImportTemplate } from './import-api';
import { ENTITY_WORDS } from './import-paths';

/** "3 of 4 columns", and the values mapped when there are some. */
function describeTemplate(t: ImportTemplate): string {
  const mapped = Object.values(t.mapping).filter((key) => key !== null).length;
  const values = Object.values(t.valueMaps).reduce((n, values) => n + Object.keys(values).length, 0);
  const parts = [`${mapped} of ${t.headers.length} columns`];
  if (values > 0) parts.push(`${values} ${values === 1 ? 'value' : 'values'} mapped`);
  if (t.createMissingCustomers) parts.push('creates missing customers');
  return parts.join(', ');
}

/**
 * The saved mappings ("Save this mapping…" in the wizard) of one kind or of every kind, each
 * deletable after a confirmation. A file with the same columns is offered them on the mapping step.
 */
export function SavedMappings({ entity }: { entity: ImportEntity | '' }) {
  const ids = useId();
  const queryClient = useQueryClient();
  const templates = useQuery({ queryKey: ['import-templates', entity], queryFn: () => importApi.templates(entity || undefined) });
  const columns: Column<ImportTemplate>[] = [
    { id: 'name', header: 'Name', cell: (t) => t.name },
    { id: 'kind', header: 'Records', cell: (t) => ENTITY_WORDS[t.entity].title },
    { id: 'columns', header: 'Mapping', className: 'cell-muted', cell: describeTemplate },
    {
      id: 'updated',
      header: 'Saved',
      className: 'cell-muted',
      cell: (t) => `${formatDateTime(t.updatedAt)}${t.createdBy ? ` by ${t.createdBy}` : ''}`,
    },
    {
      id: 'delete',
      header: '',
      cell: (t) => (
        <ConfirmAction
          label="Delete"
          danger
          question={`Delete the saved mapping “${t.name}”?`}
          description="Files with its columns are no longer offered it. Imports made with it stay as they are."
          confirmLabel="Delete"
          busyLabel="Deleting…"
          onConfirm={async () => {
            await importApi.deleteTemplate(t.id);
            await queryClient.invalidateQueries({ queryKey: ['import-templates'] });
            void queryClient.invalidateQueries({ queryKey: ['import-analysis'] });
          }}
        />
      ),
    },
  ];
  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <div className="panel-heading">
        <h2 id={`${ids}-title`}>Saved mappings</h2>
      </div>
      <ErrorBanner error={templates.error} />
      <DataTable
        caption="Saved mappings"
        columns={columns}
        rows={templates.data ?? []}
        loading={templates.isFetching}
        empty="No saved mappings. On the mapping step of an import, Save this mapping… keeps its choices for the next file with the same columns."
      />
    </section>
  );
}
