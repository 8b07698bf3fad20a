import { ApiError } from './api-error';
import type {
  ListQuery,
  OrganizationRecord,
  Page,
  PeopleKind,
  PersonRecord,
  Property,
  RecordKind,
  SessionUser,
  TicketMessage,
  TicketRecord,
} from './types';

export { ApiError, errorMessage } from './api-error';

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Runs `listener` whenever a call answers 401, so the app can return to the sign-in page. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** One JSON call to `/api${path}`; a refusal throws an ApiError with the server's sentence. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; field?: string; problems?: { field: string; message: string }[] } })
      ?.error;
    if (response.status === 401 && !path.startsWith('/session') && !path.startsWith('/setup'))
      for (const listener of unauthorizedListeners) listener();
    throw new ApiError(
      response.status,
      error?.code ?? 'http_' + response.status,
      error?.message ?? `The server answered ${response.status} ${response.statusText}.`,
      error?.field,
      error?.problems ?? [],
    );
  }
  return data as T;
}

function queryString(query: ListQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const s = params.toString();
  return s ? `?${s}` : '';
}

type RecordOf<K extends RecordKind> = K extends 'organizations' ? OrganizationRecord : K extends 'tickets' ? TicketRecord : PersonRecord;

/** The typed client for Roster's HTTP API: same-origin, signed in by an httpOnly session cookie. */
export const api = {
  needsSetup: () => request<{ needsSetup: boolean }>('GET', '/setup').then((r) => r.needsSetup),
  setup: (input: { email: string; password: string; firstName: string; lastName: string }) =>
    request<{ user: SessionUser }>('POST', '/setup', input).then((r) => r.user),
  signIn: (email: string, password: string) => request<{ user: SessionUser }>('POST', '/session', { email, password }).then((r) => r.user),
  signOut: () => request<void>('DELETE', '/session'),
  me: () => request<{ user: SessionUser }>('GET', '/me').then((r) => r.user),
  /** The public support form: no sign-in; answers the new ticket's number and a sentence. */
  submitSupportTicket: (input: { name?: string; email: string; subject: string; message: string }) =>
    request<{ number: number; message: string }>('POST', '/support/tickets', input),
  properties: (kind: RecordKind) => request<{ properties: Property[] }>('GET', `/properties/${kind}`).then((r) => r.properties),
  list: <K extends RecordKind>(kind: K, query: ListQuery = {}) => request<Page<RecordOf<K>>>('GET', `/${kind}${queryString(query)}`),
  get: <K extends RecordKind>(kind: K, id: number) => request<RecordOf<K>>('GET', `/${kind}/${id}`),
  /** A ticket's messages, oldest first. */
  ticketMessages: (id: number) => request<{ items: TicketMessage[] }>('GET', `/tickets/${id}/messages`).then((r) => r.items),
  create: <K extends RecordKind>(kind: K, input: Record<string, unknown>) => request<RecordOf<K>>('POST', `/${kind}`, input),
  update: <K extends RecordKind>(kind: K, id: number, input: Record<string, unknown>) =>
    request<RecordOf<K>>('PATCH', `/${kind}/${id}`, input),
  deactivate: (kind: PeopleKind, id: number) => request<PersonRecord>('POST', `/${kind}/${id}/deactivate`),
  remove: (kind: RecordKind, id: number) => request<void>('DELETE', `/${kind}/${id}`),
};
