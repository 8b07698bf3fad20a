import { useGo } from '../../shared/useGo';
import { api } from '../../shared/api';
import type { PeopleKind } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { PageHeader } from '../../shared/ui/PageHeader';
import { PropertyForm } from '../../shared/ui/PropertyForm';
import { ACTION_MANAGED, PEOPLE_KINDS } from './people-kinds';

/** A new user or customer, entered through the same property form as an edit. */
export function PersonCreatePage({ kind }: { kind: PeopleKind }) {
  const navigate = useGo();
  const words = PEOPLE_KINDS[kind];
  const properties = useAsync(() => api.properties(kind), [kind]);
  return (
    <>
      <PageHeader title={`New ${words.singular}`} back={{ to: words.path, label: words.title }} />
      <ErrorBanner error={properties.error} />
      {properties.data ? (
        <section className="panel panel-padded">
          <PropertyForm
            properties={properties.data.filter((p) => !p.readOnly && !ACTION_MANAGED.has(p.key))}
            initial={{}}
            submitLabel={`Create ${words.singular}`}
            onCancel={() => navigate(words.path)}
            onSubmit={async (values) => {
              const created = await api.create(kind, values);
              navigate(`${words.path}/${created.id}`);
            }}
          />
        </section>
      ) : null}
    </>
  );
}
