import type { paths } from '../../api/openapi';
import { request } from '../../shared/api';
import type { Property, RecordKind } from '../../shared/types';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** What a new custom property needs: its key, label, type and, for a choice, the choices. */
export type NewCustomProperty = Json<paths['/api/properties/{kind}']['post']['requestBody']>;
/** What PATCH takes: a custom property's label, choices or requirement; whether a standard one is hidden. */
export type PropertyChange = Json<paths['/api/properties/{kind}/{key}']['patch']['requestBody']>;
export type PropertyType = NewCustomProperty['type'];

export { PROPERTY_TYPES } from '../../shared/types';

const path = (kind: RecordKind, key?: string) => `/properties/${kind}${key === undefined ? '' : `/${encodeURIComponent(key)}`}`;

/** The calls of Settings › Properties; all but the list are admins' only. */
export const propertiesApi = {
  add: (kind: RecordKind, property: NewCustomProperty) => request<Property>('POST', path(kind), property),
  change: (kind: RecordKind, key: string, change: PropertyChange) => request<Property>('PATCH', path(kind, key), change),
  order: (kind: RecordKind, keys: string[]) =>
    request<{ properties: Property[] }>('PUT', `${path(kind)}/order`, { keys }).then((r) => r.properties),
  usage: (kind: RecordKind, key: string) => request<{ records: number }>('GET', `${path(kind, key)}/usage`).then((r) => r.records),
  remove: (kind: RecordKind, key: string) => request<{ values: number }>('DELETE', path(kind, key)),
};
