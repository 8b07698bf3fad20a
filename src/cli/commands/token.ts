import type { Command } from 'commander';
import { issueApiToken, listApiTokens, revokeApiToken, type ApiTokenRecord } from '../../db/repositories/auth.js';
import type { CliContext } from '../context.js';
import { duration, wholeNumber } from '../options.js';
import { formatTable } from '../output/format-table.js';

/** An ISO timestamp as a person reads it: `2025-01-31 09:30 UTC`. */
function when(iso: string | null, none: string): string {
  return iso === null ? none : iso.slice(0, 16).replace('T', ' ') + ' UTC';
}

function expiry(record: ApiTokenRecord, at: number): string {
  if (record.expiresAt === null) return 'never';
  return (Date.parse(record.expiresAt) <= at ? 'expired ' : '') + when(record.expiresAt, 'never');
}

/** `roster token create|list|revoke`: API tokens for scripts, listed by name and revoked by id. */
export function registerToken(program: Command, context: CliContext): void {
  const token = program.command('token').description('Create, list and revoke API tokens');
  token
    .command('create')
    .description('Create an API token for a user and print it (it is shown only this once)')
    .requiredOption('--email <email>', 'the user the token acts as')
    .option('--name <name>', 'a name to recognise the token by', 'cli')
    .option('--expires-in <duration>', 'when the token stops working, e.g. 30d or 12h (default: never)', duration)
    .addHelpText(
      'after',
      '\nExample:\n  TOKEN=$(roster token create --email ada@example.com --name backup --expires-in 90d)\n  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/api/customers\n',
    )
    .action((options: { email: string; name: string; expiresIn?: number }) =>
      context.withDatabase(async (db) => {
        const expiresAt = options.expiresIn === undefined ? null : new Date(Date.now() + options.expiresIn).toISOString();
        const { token: secret } = await issueApiToken(db, { email: options.email, name: options.name, expiresAt });
        await context.print(secret + '\n');
      }),
    );
  token
    .command('list')
    .description('List API tokens (never the tokens themselves), every user’s or one user’s')
    .option('--email <email>', 'only the tokens of this user')
    .option('--json', 'print them as JSON')
    .addHelpText('after', '\nExample:\n  roster token list --email ada@example.com\n')
    .action((options: { email?: string; json?: boolean }) =>
      context.withDatabase(async (db) => {
        const tokens = await listApiTokens(db, options.email === undefined ? {} : { email: options.email });
        if (options.json) return context.print(JSON.stringify(tokens, null, 2) + '\n');
        const at = Date.now();
        const rows = tokens.map((t) => [String(t.id), t.name, t.email, when(t.createdAt, ''), when(t.lastUsedAt, 'never'), expiry(t, at)]);
        return context.print(
          tokens.length === 0 ? 'No API tokens.\n' : formatTable(['ID', 'Name', 'User', 'Created', 'Last used', 'Expires'], rows),
        );
      }),
    );
  token
    .command('revoke')
    .description('Revoke an API token: it is refused from the next request on')
    .argument('<id>', 'the token’s id, as `roster token list` shows it', wholeNumber(1))
    .addHelpText('after', '\nExample:\n  roster token revoke 3\n')
    .action((id: number) =>
      context.withDatabase(async (db) => {
        const revoked = await revokeApiToken(db, id);
        await context.print(`Token ${revoked.id} (${revoked.name}, ${revoked.email}) is revoked.\n`);
      }),
    );
}
