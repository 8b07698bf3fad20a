import { useEffect, useRef, useState } from 'react';
import { NavLink, useParams } from 'react-router';
import { api } from '../../shared/api';
import { useSession } from '../../shared/SessionContext';
import type { Property, RecordKind } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { Icon } from '../../shared/ui/Icon';
import { PageHeader } from '../../shared/ui/PageHeader';
import { AddPropertyDialog } from './AddPropertyDialog';
import { EditPropertyDialog } from './EditPropertyDialog';
import { KIND_WORDS, RECORD_KINDS, isRecordKind, typeName } from './property-words';
import { propertiesApi } from './properties-api';
import { RemovePropertyDialog } from './RemovePropertyDialog';
import './property-settings.css';

/** Settings › Properties of the kind in the URL (/settings/properties/customers). */
export function PropertySettingsPage() {
  const { kind } = useParams();
  if (!isRecordKind(kind))
    return <PageHeader title="Page not found" subtitle="Roster has properties of customers, users, organizations and tickets." />;
  return <PropertySettings key={kind} kind={kind} />;
}

type Open = { name: 'add' } | { name: 'edit'; property: Property } | { name: 'remove'; property: Property };

const moveId = (key: string, direction: 'up' | 'down') => `property-move-${key}-${direction}`;

/**
 * The properties of one kind in their order, as forms and lists show them. Admins add custom
 * properties, relabel them, edit their choices, make them required and remove them; hide standard
 * ones from the forms (all but the required ones); and move any of them up or down. Agents see the
 * list only. Each change is saved at once and said in a live region.
 */
function PropertySettings({ kind }: { kind: RecordKind }) {
  const { user } = useSession();
  const admin = user.role === 'admin';
  const words = KIND_WORDS[kind];
  const loaded = useAsync(() => api.properties(kind), [kind]);
  const [changed, setChanged] = useState<Property[]>();
  const properties = changed ?? loaded.data;
  const [open, setOpen] = useState<Open>();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  // A moved row's button is re-rendered elsewhere: focus follows it, so the keyboard can go on moving it.
  const focusNext = useRef<string>(undefined);
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = undefined;
  }, [properties]);

  // Each change shows at once and is saved in turn, in the order made: a quick series of moves
  // reaches the server as it was made, and the last order sent is the one kept. A refused change
  // says why and brings back what the server holds.
  const saving = useRef<Promise<void>>(Promise.resolve());
  const save = (show: (list: Property[]) => Property[], work: () => Promise<unknown>, said: string) => {
    setChanged((current) => show(current ?? loaded.data ?? []));
    setError(undefined);
    saving.current = saving.current.then(async () => {
      try {
        await work();
        setStatus(said);
      } catch (e) {
        setError(e);
        setChanged(undefined);
        loaded.reload();
      }
    });
  };
  const replace = (list: Property[], property: Property) => list.map((p) => (p.key === property.key ? property : p));

  const move = (list: Property[], index: number, direction: 'up' | 'down') => {
    const to = direction === 'up' ? index - 1 : index + 1;
    const moved = [...list];
    [moved[index], moved[to]] = [moved[to]!, moved[index]!];
    const property = list[index]!;
    const atEnd = to === 0 || to === list.length - 1;
    focusNext.current = moveId(property.key, atEnd ? (direction === 'up' ? 'down' : 'up') : direction);
    const keys = moved.map((p) => p.key);
    save(
      () => moved,
      () => propertiesApi.order(kind, keys),
      `${property.label} moved to position ${to + 1} of ${list.length}.`,
    );
  };
  const change = (property: Property, patch: { required?: boolean; hidden?: boolean }, said: string) =>
    save(
      (list) => replace(list, { ...property, ...patch }),
      () => propertiesApi.change(kind, property.key, patch),
      said,
    );

  return (
    <>
      <PageHeader
        title="Properties"
        subtitle={
          admin
            ? `The fields of ${words.plural}, in the order forms and lists show them.`
            : `The fields of ${words.plural}, in the order forms and lists show them. Only an admin can change them.`
        }
        actions={
          admin ? (
            <button type="button" className="button button-primary" onClick={() => setOpen({ name: 'add' })} disabled={!properties}>
              <Icon name="plus" size={16} />
              Add property
            </button>
          ) : undefined
        }
      />
      <nav className="property-kinds" aria-label="Record kinds">
        {RECORD_KINDS.map((k) => (
          <NavLink
            key={k}
            to={`/settings/properties/${k}`}
            className={({ isActive }) => (isActive ? 'property-kind active' : 'property-kind')}
          >
            {KIND_WORDS[k].title}
          </NavLink>
        ))}
      </nav>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      <div className="panel">
        <ErrorBanner error={error ?? loaded.error} onDismiss={error ? () => setError(undefined) : undefined} />
        {properties ? (
          <div className="table-wrap">
            <table className="data-table property-table">
              <caption className="visually-hidden">Properties of {words.plural}</caption>
              <thead>
                <tr>
                  <th scope="col">Property</th>
                  <th scope="col">Type</th>
                  <th scope="col">Origin</th>
                  <th scope="col">Required</th>
                  <th scope="col">In forms</th>
                  {admin ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {properties.map((p, index) => (
                  <tr key={p.key} className={p.hidden ? 'property-hidden' : undefined}>
                    <th scope="row" className="property-name">
                      <span className="property-label">{p.label}</span>
                      <span className="property-key">{p.key}</span>
                    </th>
                    <td>
                      {typeName(p.type)}
                      {p.choices?.length ? <span className="property-choices">{p.choices.join(', ')}</span> : null}
                    </td>
                    <td className="cell-muted">{p.custom ? 'Custom' : 'Standard'}</td>
                    <td>
                      {admin && p.custom ? (
                        <label className="property-toggle">
                          <input
                            type="checkbox"
                            checked={p.required}
                            aria-label={`${p.label} required`}
                            onChange={(e) =>
                              change(
                                p,
                                { required: e.target.checked },
                                e.target.checked ? `${p.label} is required now.` : `${p.label} is optional now.`,
                              )
                            }
                          />
                          <span aria-hidden="true">{p.required ? 'Required' : 'Optional'}</span>
                        </label>
                      ) : p.required ? (
                        p.custom ? (
                          'Required'
                        ) : (
                          'Always'
                        )
                      ) : (
                        <span className="cell-muted">Optional</span>
                      )}
                    </td>
                    <td>
                      {p.custom ? (
                        'Shown'
                      ) : p.required ? (
                        'Always'
                      ) : admin ? (
                        <label className="property-toggle">
                          <input
                            type="checkbox"
                            checked={!p.hidden}
                            aria-label={`${p.label} shown in forms`}
                            onChange={(e) =>
                              change(
                                p,
                                { hidden: !e.target.checked },
                                e.target.checked ? `${p.label} is shown in forms again.` : `${p.label} is hidden from forms now.`,
                              )
                            }
                          />
                          <span aria-hidden="true">{p.hidden ? 'Hidden' : 'Shown'}</span>
                        </label>
                      ) : p.hidden ? (
                        'Hidden'
                      ) : (
                        'Shown'
                      )}
                    </td>
                    {admin ? (
                      <td className="property-actions">
                        <button
                          type="button"
                          id={moveId(p.key, 'up')}
                          className="icon-button"
                          aria-label={`Move ${p.label} up`}
                          title="Move up"
                          disabled={index === 0}
                          onClick={() => move(properties, index, 'up')}
                        >
                          <Icon name="arrowUp" size={16} />
                        </button>
                        <button
                          type="button"
                          id={moveId(p.key, 'down')}
                          className="icon-button"
                          aria-label={`Move ${p.label} down`}
                          title="Move down"
                          disabled={index === properties.length - 1}
                          onClick={() => move(properties, index, 'down')}
                        >
                          <Icon name="arrowDown" size={16} />
                        </button>
                        {p.custom ? (
                          <>
                            <button
                              type="button"
                              className="button button-quiet"
                              aria-label={`Edit ${p.label}`}
                              onClick={() => setOpen({ name: 'edit', property: p })}
                            >
                              Edit
                            </button>
                            <button
                              type="button"
                              className="button button-danger-quiet"
                              aria-label={`Remove ${p.label}`}
                              onClick={() => setOpen({ name: 'remove', property: p })}
                            >
                              Remove
                            </button>
                          </>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="table-empty" aria-busy={loaded.loading}>
            {loaded.loading ? 'Loading the properties…' : ''}
          </p>
        )}
      </div>
      {properties && open?.name === 'add' ? (
        <AddPropertyDialog
          kind={kind}
          plural={words.plural}
          onClose={() => setOpen(undefined)}
          onAdded={(property) => {
            setOpen(undefined);
            setChanged([...properties, property]);
            setStatus(`${property.label} was added.`);
          }}
        />
      ) : null}
      {properties && open?.name === 'edit' ? (
        <EditPropertyDialog
          kind={kind}
          property={open.property}
          onClose={() => setOpen(undefined)}
          onSaved={(property) => {
            setOpen(undefined);
            setChanged(replace(properties, property));
            setStatus(`${property.label} was saved.`);
          }}
        />
      ) : null}
      {properties && open?.name === 'remove' ? (
        <RemovePropertyDialog
          kind={kind}
          property={open.property}
          onClose={() => setOpen(undefined)}
          onRemoved={() => {
            setOpen(undefined);
            setChanged(properties.filter((p) => p.key !== open.property.key));
            setStatus(`${open.property.label} was removed.`);
          }}
        />
      ) : null}
    </>
  );
}
