import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { Pager } from '../../shared/ui/Pager';
import { formatCount } from './import-format';
import { importApi } from './import-api';

const PAGE_SIZE = 10;

/** The organizations a customers dry run names: those it will create and those its people join. */
export function OrganizationsTable({ importId }: { importId: number }) {
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['import-organizations', importId, page],
    queryFn: () => importApi.organizations(importId, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  if (list.error) return <ErrorBanner error={list.error} />;
  const data = list.data;
  if (!data) return null;
  if (data.total === 0) return <p className="problems-note cell-muted">No Organization column: nobody joins an organization.</p>;
  return (
    <div>
      <p className="problems-note">
        {formatCount(data.toCreate)} to create, {formatCount(data.toJoin)} existing to join.
      </p>
      <div className="table-wrap" aria-busy={list.isFetching || undefined}>
        <table className="data-table">
          <caption className="visually-hidden">Organizations</caption>
          <thead>
            <tr>
              <th scope="col">Organization</th>
              <th scope="col">What happens</th>
              <th scope="col">People</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((o) => (
              <tr key={o.name}>
                <td>{o.name}</td>
                <td>{o.action === 'create' ? 'Created' : 'Joined (exists)'}</td>
                <td className="cell-number">{formatCount(o.people)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} noun="organizations" />
    </div>
  );
}
