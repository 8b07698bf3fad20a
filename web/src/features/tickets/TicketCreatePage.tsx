import { useSearchParams } from 'react-router';
import { useGo } from '../../shared/useGo';
import { api } from '../../shared/api';
import type { FieldValue } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { wholeParam } from '../../shared/useUrlList';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { PageHeader } from '../../shared/ui/PageHeader';
import { PropertyForm } from '../../shared/ui/PropertyForm';

/** Set by the server (the next number) unless an import brings its own: not asked for here. */
const NOT_ASKED = new Set(['number']);

/**
 * A new ticket (POST /api/tickets), entered through the property form. Opened from a customer's
 * page (`/tickets/new?customer=12`) it is for that customer, and returns there when cancelled.
 */
export function TicketCreatePage() {
  const navigate = useGo();
  const [params] = useSearchParams();
  const customerId = wholeParam(params.get('customer'));
  const properties = useAsync(() => api.properties('tickets'), []);
  const customer = useAsync(() => (customerId ? api.get('customers', Number(customerId)) : Promise.resolve(undefined)), [customerId]);
  const back = customerId ? { to: `/customers/${customerId}`, label: 'Customer' } : { to: '/tickets', label: 'Tickets' };
  const ready = properties.data && (!customerId || customer.data || customer.error);
  const prefill: Record<string, FieldValue> = customer.data?.email ? { customerEmail: customer.data.email } : {};
  return (
    <>
      <PageHeader title="New ticket" back={back} />
      <ErrorBanner error={properties.error ?? customer.error} />
      {ready ? (
        <section className="panel panel-padded">
          <PropertyForm
            properties={properties.data!.filter((p) => !p.readOnly && !NOT_ASKED.has(p.key))}
            initial={prefill}
            submitLabel="Create ticket"
            onCancel={() => navigate(back.to)}
            onSubmit={async (changes) => {
              // The form sends what changed from its initial values; a prefilled customer is part of the ticket too.
              const created = await api.create('tickets', { ...prefill, ...changes });
              navigate(`/tickets/${created.id}`);
            }}
          />
        </section>
      ) : null}
    </>
  );
}
