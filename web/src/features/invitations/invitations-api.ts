import type { paths } from '../../api/openapi';
import { request } from '../../shared/api';
import type { SessionUser } from '../../shared/types';

/** What became of a link an admin made: mailed, or `url` to copy (with `message` saying which). */
export type DeliveredLink = paths['/api/users/{id}/invitation']['post']['responses'][200]['content']['application/json'];

/** Whom a link is for and whether it still works. */
export type SignInLinkInfo = paths['/api/invitations/{token}']['get']['responses'][200]['content']['application/json'];

/** The calls of invitations and password resets; the pages that use them are public or admin-only. */
export const invitationsApi = {
  invite: (userId: number) => request<DeliveredLink>('POST', `/users/${userId}/invitation`),
  revoke: (userId: number) => request<void>('DELETE', `/users/${userId}/invitation`),
  resetPassword: (userId: number) => request<DeliveredLink>('POST', `/users/${userId}/password-reset`),
  link: (token: string) => request<SignInLinkInfo>('GET', `/invitations/${encodeURIComponent(token)}`),
  accept: (token: string, password: string) =>
    request<{ user: SessionUser }>('POST', `/invitations/${encodeURIComponent(token)}/accept`, { password }).then((r) => r.user),
  mailConfigured: () => request<{ configured: boolean }>('GET', '/mail').then((r) => r.configured),
  forgotPassword: (email: string) => request<{ message: string }>('POST', '/password-resets', { email }).then((r) => r.message),
};
