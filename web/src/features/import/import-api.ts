import type { paths } from '../../api/openapi';
import { ApiError, request } from '../../shared/api';

/** The JSON body a route answers with `status`, as the server's OpenAPI document describes it. */
type JsonAnswer<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: infer R;
}
  ? S extends keyof R
    ? R[S] extends { content: { 'application/json': infer T } }
      ? T
      : never
    : never
  : never;

export type Upload = JsonAnswer<'/api/imports/uploads', 'post', 201>;
export type Analysis = JsonAnswer<'/api/imports/{id}/analysis', 'get', 200>;
export type ImportReport = JsonAnswer<'/api/imports/{id}', 'get', 200>;
export type ImportList = JsonAnswer<'/api/imports', 'get', 200>;
export type DryRunOptions = NonNullable<paths['/api/imports/{id}/dry-run']['post']['requestBody']>['content']['application/json'];
export type ProblemPage = JsonAnswer<'/api/imports/{id}/problems', 'get', 200>;
export type RowPage = JsonAnswer<'/api/imports/{id}/rows', 'get', 200>;
export type PlannedRow = RowPage['items'][number];
export type RowAction = PlannedRow['action'];
export type OrganizationPage = JsonAnswer<'/api/imports/{id}/organizations', 'get', 200>;
export type CorrectionAnswer = JsonAnswer<'/api/imports/{id}/corrections', 'put', 200>;
export type ImportTemplate = JsonAnswer<'/api/import-templates', 'get', 200>['items'][number];
export type TemplateBody = NonNullable<paths['/api/import-templates']['post']['requestBody']>['content']['application/json'];
export type ImportInvitations = JsonAnswer<'/api/imports/{id}/invitations', 'post', 200>;
export type ImportEntity = ImportReport['entity'];
export type ImportStatus = ImportReport['status'];
export type ImportIssue = ImportReport['errors'][number];
export type ImportProperty = Analysis['properties'][number];
export type DateFormat = NonNullable<DryRunOptions['dateFormats']>[string];
export type OnExisting = NonNullable<DryRunOptions['onExisting']>;
export type NewProperty = NonNullable<DryRunOptions['newProperties']>[number];
export type PropertyType = NewProperty['type'];

/** The formats a date column can be read in; yyyy-mm-dd stays readable whichever is picked. */
export const DATE_FORMATS = [
  'yyyy-mm-dd',
  'dd/mm/yyyy',
  'mm/dd/yyyy',
  'dd.mm.yyyy',
  'dd-mm-yyyy',
  'yyyy/mm/dd',
  'iso-datetime',
] as const satisfies readonly DateFormat[];

export { PROPERTY_TYPES } from '../../shared/types';

/**
 * The data of a `progress` server-sent event of GET /api/imports/:id/events. The stream is
 * text/event-stream, so the OpenAPI document only describes it in words.
 */
export interface ProgressEvent {
  id: number;
  status: string;
  phase: 'staging' | 'planning' | 'merging' | 'indexing' | 'done';
  rowsDone: number;
  totalRows: number | null;
  rowsPerSec: number;
  etaSeconds: number | null;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const s = search.toString();
  return s ? `?${s}` : '';
}

/** A file upload under way: its answer, and a way to stop it. */
export interface UploadTask {
  done: Promise<Upload>;
  abort: () => void;
}

/** Thrown by an upload the person stopped. */
export class UploadCancelled extends Error {
  override readonly name = 'UploadCancelled';
  constructor() {
    super('The upload was cancelled.');
  }
}

/**
 * Uploads a file as multipart/form-data with XMLHttpRequest rather than fetch: only XHR reports
 * the progress of a request body (`upload.onprogress`), which a large file needs.
 */
export function uploadFile(entity: ImportEntity, file: File, onProgress: (sent: number, total: number) => void): UploadTask {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Upload>((resolve, reject) => {
    xhr.open('POST', `/api/imports/uploads${query({ entity })}`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onabort = () => reject(new UploadCancelled());
    xhr.onerror = () => reject(new TypeError('The upload failed.'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201) return resolve(body as Upload);
      const error = (body as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
      reject(
        new ApiError(xhr.status, error?.code ?? `http_${xhr.status}`, error?.message ?? `The server answered ${xhr.status} to the upload.`),
      );
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** The import wizard's calls to /api/imports (docs/import.md, "HTTP API"). */
export const importApi = {
  analysis: (id: number, overrides: { encoding?: string; delimiter?: string }) =>
    request<Analysis>('GET', `/imports/${id}/analysis${query(overrides)}`),
  dryRun: (id: number, options: DryRunOptions, errors = 100) =>
    request<ImportReport>('POST', `/imports/${id}/dry-run${query({ errors })}`, options),
  commit: (id: number) => request<ImportReport>('POST', `/imports/${id}/commit`),
  inviteUsers: (id: number) => request<ImportInvitations>('POST', `/imports/${id}/invitations`),
  get: (id: number, errors = 100) => request<ImportReport>('GET', `/imports/${id}${query({ errors })}`),
  list: (page: { limit: number; offset: number; entity?: ImportEntity }) => request<ImportList>('GET', `/imports${query(page)}`),
  undo: (id: number) => request<ImportReport>('POST', `/imports/${id}/undo`),
  discard: (id: number) => request<ImportReport>('DELETE', `/imports/${id}`),
  problems: (id: number, page: { offset: number; limit: number; column?: string | null; code?: string }) => {
    const search = new URLSearchParams({ offset: String(page.offset), limit: String(page.limit) });
    if (page.code) search.set('code', page.code);
    // An empty column asks for the problems of whole rows (parse errors), so null is sent as empty.
    if (page.column !== undefined) search.set('column', page.column ?? '');
    return request<ProblemPage>('GET', `/imports/${id}/problems?${search}`);
  },
  rows: (id: number, page: { offset: number; limit: number; action?: RowAction; problemsOnly?: boolean }) =>
    request<RowPage>(
      'GET',
      `/imports/${id}/rows${query({ offset: page.offset, limit: page.limit, action: page.action, problems: page.problemsOnly ? 'only' : undefined })}`,
    ),
  organizations: (id: number, page: { offset: number; limit: number }) =>
    request<OrganizationPage>('GET', `/imports/${id}/organizations${query(page)}`),
  correct: (id: number, cell: { row: number; column: string; value: string }) =>
    request<CorrectionAnswer>('PUT', `/imports/${id}/corrections`, cell),
  uncorrect: (id: number, cell: { row: number; column: string }) =>
    request<CorrectionAnswer>('DELETE', `/imports/${id}/corrections${query(cell)}`),
  cancel: (id: number) => request<ImportReport>('POST', `/imports/${id}/cancel`),
  remaining: (id: number) => request<ImportReport>('POST', `/imports/${id}/remaining`),
  templates: (entity?: ImportEntity) =>
    request<{ items: ImportTemplate[] }>('GET', `/import-templates${query({ entity })}`).then((r) => r.items),
  saveTemplate: (body: TemplateBody) => request<ImportTemplate>('POST', '/import-templates', body),
  deleteTemplate: (id: number) => request<void>('DELETE', `/import-templates/${id}`),
  templateCsvUrl: (entity: ImportEntity) => `/api/imports/template.csv${query({ entity })}`,
  errorReportUrl: (id: number) => `/api/imports/${id}/errors.csv`,
  eventsUrl: (id: number) => `/api/imports/${id}/events`,
};
