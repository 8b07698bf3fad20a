import type { paths } from '../../api/openapi';
import { request } from '../../shared/api';
import type { PeopleKind } from '../../shared/types';

/** One outcome per id of a bulk action (POST /api/{kind}/bulk). */
export type BulkAnswer = paths['/api/customers/bulk']['post']['responses'][200]['content']['application/json'];
export type BulkAction = paths['/api/customers/bulk']['post']['requestBody']['content']['application/json']['action'];

/** What a bulk invitation did (POST /api/users/invitations). */
export type BulkInvitationAnswer = paths['/api/users/invitations']['post']['responses'][200]['content']['application/json'];

export const peopleBulkApi = {
  act: (kind: PeopleKind, action: BulkAction, ids: number[]) => request<BulkAnswer>('POST', `/${kind}/bulk`, { action, ids }),
  invite: (ids: number[]) => request<BulkInvitationAnswer>('POST', '/users/invitations', { ids }),
};
