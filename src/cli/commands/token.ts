import type { Command } from 'commander';
import { createApiToken } from '../../db/repositories/auth.js';
import type { CliContext } from '../context.js';

/** `roster token create`: an API token for scripts, printed alone so `$(roster token create …)` captures it. */
export function registerToken(program: Command, context: CliContext): void {
  program
    .command('token')
    .description('Manage API tokens')
    .command('create')
    .description('Create an API token for a user and print it (it is shown only this once)')
    .requiredOption('--email <email>', 'the user the token acts as')
    .option('--name <name>', 'a name to recognise the token by', 'cli')
    .addHelpText(
      'after',
      '\nExample:\n  TOKEN=$(roster token create --email ada@example.com --name backup)\n  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/api/customers\n',
    )
    .action((options: { email: string; name: string }) =>
      context.withDatabase(async (db) => context.print((await createApiToken(db, options.email, options.name)) + '\n')),
    );
}
