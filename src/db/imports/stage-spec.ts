import type { DialectName } from '../database.js';

/** One staged column, as the import layer's row layout describes it. */
export interface StageColumnSpec {
  name: string;
  role: 'value' | 'e164' | 'organization' | 'domains' | 'link' | 'extra';
  /** False for a custom property that does not exist yet (a dry run): compared with nothing. */
  inTarget: boolean;
}

/** The column that identifies a record (email, organization name), as duplicate issues name it. */
export interface KeyColumnSpec {
  header: string;
  /** Its index among the file's cells (a duplicate issue quotes the cell as written). */
  cellIndex: number;
  label: string;
}

/** Everything the SQL of one import depends on. Identifiers come from property keys, checked below. */
export interface StageSpec {
  importId: number;
  entity: 'users' | 'customers' | 'organizations' | 'tickets';
  columns: readonly StageColumnSpec[];
  keyColumn: KeyColumnSpec;
  onExisting: 'update' | 'skip' | 'overwrite';
  /** Settings.autoCreateOrganizations, for customers joined to an organization by email domain. */
  autoCreateOrganizations: boolean;
  /** Tickets: create the customers that Customer Emails name and nobody has (StoredImportOptions.createMissingCustomers). */
  createMissingCustomers?: boolean;
  /** Tickets: the headers of the Customer Email and Assignee Email columns, as problems name them. */
  linkHeaders?: { customer?: string; assignee?: string };
}

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

/** Users and customers: the kinds kept in the people table. */
export function isPeopleSpec(spec: Pick<StageSpec, 'entity'>): boolean {
  return spec.entity === 'users' || spec.entity === 'customers';
}

/** The stage table of an import. */
export function stageTable(spec: Pick<StageSpec, 'importId'>): string {
  return `import_stage_${Math.trunc(spec.importId)}`;
}

/**
 * The keys of an import's merged rows with the row that first had each: what a later row is
 * checked against for in-file duplicates (see markDuplicatesIn).
 */
export function keysTable(spec: Pick<StageSpec, 'importId'>): string {
  return `import_keys_${Math.trunc(spec.importId)}`;
}

/** Refuses any column name that is not a plain snake_case identifier, since names go into SQL text. */
export function checkSpec(spec: StageSpec): void {
  for (const c of spec.columns) if (!IDENTIFIER.test(c.name)) throw new Error(`Unexpected column name ${JSON.stringify(c.name)}.`);
}

/**
 * The people's name columns are NOT NULL, and a full-name column of one word stages no last name
 * (null, so that an update keeps the one a person has): a new person, or an overwrite, gets ''.
 */
export const NAME_COLUMNS: ReadonlySet<string> = new Set(['first_name', 'last_name']);

/** A literal for SQL text; only ever used for constants of our own (kinds, policies, domains). */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Dialect spellings used by the import's SQL. */
export function dialectSql(dialect: DialectName) {
  const sqlite = dialect === 'sqlite';
  return {
    jsonObject: (pairs: string[]) => (sqlite ? `json_object(${pairs.join(', ')})` : `json_build_object(${pairs.join(', ')})::text`),
    jsonText: (json: string, key: string) => (sqlite ? `json_extract(${json}, '$.${key}')` : `(${json}::json->>'${key}')`),
    jsonIndex: (json: string, index: number) => (sqlite ? `json_extract(${json}, '$[${index}]')` : `(${json}::json->>${index})`),
    emailDomain: (email: string) => (sqlite ? `substr(${email}, instr(${email}, '@') + 1)` : `split_part(${email}, '@', 2)`),
    domainsOf: (orgId: string) =>
      sqlite
        ? `(SELECT group_concat(domain, ',' ORDER BY domain) FROM organization_domains WHERE organization_id = ${orgId})`
        : `(SELECT string_agg(domain, ',' ORDER BY domain) FROM organization_domains WHERE organization_id = ${orgId})`,
    /** A join producing one row `alias(value)` per domain of a comma-separated list. */
    splitDomains: (list: string, alias: string) =>
      sqlite
        ? `JOIN json_each('["' || replace(${list}, ',', '","') || '"]') ${alias}`
        : `CROSS JOIN LATERAL unnest(string_to_array(${list}, ',')) AS ${alias}(value)`,
    tempTable: (name: string, select: string) =>
      sqlite ? `CREATE TEMP TABLE ${name} AS ${select}` : `CREATE TEMP TABLE ${name} ON COMMIT DROP AS ${select}`,
    int: sqlite ? 'INTEGER' : 'integer',
    /**
     * SQLite uses an expression index (`lower(email)`) against another table's column only when
     * that column's TEXT affinity is stripped; a unary + does it. PostgreSQL needs nothing.
     */
    bare: (column: string) => (sqlite ? `+${column}` : column),
  };
}
