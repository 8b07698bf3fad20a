import type { ImportStore, PersonKind } from '../../import/import-store.js';
import type { Database } from '../database.js';
import { mergeChunk, planCounts } from './merge-rows.js';
import { withRunner } from './sql-runner.js';
import { markDuplicates } from './duplicates.js';
import {
  createdKeys,
  existingPeopleKeys,
  findDomainOwners,
  findOtherKind,
  mergedKeys,
  otherKindEmails,
  peopleKeys,
  stagedKeys,
} from './key-lookups.js';
import { writeStageBatch } from './stage-batch.js';
import { countTicketLinks } from './ticket-links.js';
import { countReadRows, dropStageTable, openStageTable } from './stage-table.js';
import { isPeopleSpec, type StageSpec } from './stage-spec.js';

/** Rows per page when keys are read back (about 2–3 MB of keys at a time). */
const PAGE = 50_000;

/** The import store of one import, in SQL on either database (see ImportStore). */
export function sqlImportStore(db: Database, spec: StageSpec): ImportStore {
  const run = <T>(work: Parameters<typeof withRunner<T>>[1]) => withRunner(db, work);
  const people = isPeopleSpec(spec);
  const entity = spec.entity as 'users' | 'customers';
  return {
    openStage: (cursor) => run((r) => openStageTable(r, spec, cursor)),
    countReadRows: () => run((r) => countReadRows(r, spec)),
    stageBatch: (batch) => run((r) => writeStageBatch(r, spec, batch)),
    dropStage: () => run((r) => dropStageTable(r, spec)),
    markDuplicates: async () => {
      await run((r) => markDuplicates(r, spec));
    },
    planCounts: () => run((r) => planCounts(r, spec)),
    mergeRange: (from, to, keys) => run((r) => mergeChunk(r, spec, from, to, keys)),
    async *keysReadBefore({ after, merged }) {
      if (after <= 1) return;
      for (let afterKey = ''; ;) {
        const keys = await run((r) => mergedKeys(r, spec, afterKey, PAGE));
        yield keys;
        if (keys.length < PAGE) break;
        afterKey = keys[keys.length - 1]!;
      }
      for (let afterId = 0; ;) {
        const created = await run((r) => createdKeys(r, spec, afterId, PAGE));
        yield created.map((p) => p.k);
        if (created.length < PAGE) break;
        afterId = Number(created[created.length - 1]!.id);
      }
      for (let afterRow = merged; ;) {
        const page = await run((r) => stagedKeys(r, spec, afterRow, PAGE));
        yield page.map((p) => p.row_key);
        if (page.length < PAGE) break;
        afterRow = Number(page[page.length - 1]!.row_no);
      }
    },
    async *peopleKeys() {
      for (let afterKey = ''; ;) {
        const keys = await run((r) => peopleKeys(r, afterKey, PAGE));
        yield keys;
        if (keys.length < PAGE) break;
        afterKey = keys[keys.length - 1]!;
      }
    },
    existingKeys: (keys) => run((r) => existingPeopleKeys(r, keys)),
    otherKindEmails: async (limit) => (people ? run((r) => otherKindEmails(r, entity, limit)) : new Set<string>()),
    otherKindOf: async (keys) => (people ? run((r) => findOtherKind(r, entity, keys)) : new Map<string, PersonKind>()),
    domainOwners: (domains) => run((r) => findDomainOwners(r, domains)),
    countLinks: (dryRun) => run((r) => countTicketLinks(r, spec, dryRun)),
  };
}
