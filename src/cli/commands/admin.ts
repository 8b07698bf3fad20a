import type { Command } from 'commander';
import { RosterError } from '../../core/errors.js';
import { createAdmin, setPassword } from '../../db/repositories/auth.js';
import { findPersonByEmail } from '../../db/repositories/people.js';
import { commandGroup } from '../command-group.js';
import type { CliContext } from '../context.js';
import { passwordFrom } from '../prompt-password.js';

/** A usage error from inside an action: commander prints it and exits 2 like any bad flag. */
function usageError(command: Command): (message: string) => never {
  return (message) => command.error(`error: ${message}`, { exitCode: 2, code: 'roster.usage' });
}

/** `roster admin create` and `roster users set-password`: who can sign in. */
export function registerAdmin(program: Command, context: CliContext): void {
  const admin = program.command('admin').description('Manage the admins who can sign in');
  admin
    .command('create')
    .description('Create an admin who can sign in (an existing user with that email becomes an admin)')
    .requiredOption('--email <email>', 'the admin’s email, used to sign in')
    .option('--password <password>', 'at least 10 characters; asked on the terminal when left out')
    .option('--first-name <name>', 'first name for a new user', 'Admin')
    .option('--last-name <name>', 'last name for a new user', 'Roster')
    .addHelpText('after', '\nExample:\n  roster admin create --email ada@example.com --first-name Ada --last-name Lovelace\n')
    .action(async (options: { email: string; password?: string; firstName: string; lastName: string }, command: Command) => {
      const password = await passwordFrom(options.password, usageError(command));
      await context.withDatabase(async (db) => {
        const user = await createAdmin(db, { email: options.email, password, firstName: options.firstName, lastName: options.lastName });
        await context.print(`Admin ${String(user.email)} (user ${user.id}) can sign in now.\n`);
      });
    });

  commandGroup(program, 'users', 'Staff who sign in and work tickets')
    .command('set-password')
    .description('Set or replace the password a user signs in with; their sessions end')
    .requiredOption('--email <email>', 'the user’s email')
    .option('--password <password>', 'at least 10 characters; asked on the terminal when left out')
    .addHelpText('after', '\nExample:\n  roster users set-password --email ada@example.com\n')
    .action(async (options: { email: string; password?: string }, command: Command) => {
      const password = await passwordFrom(options.password, usageError(command));
      await context.withDatabase(async (db) => {
        const person = await findPersonByEmail(db, options.email);
        if (!person || person.kind !== 'user')
          throw new RosterError('not_found', `No user has the email ${options.email}.`, { field: 'email' });
        await setPassword(db, person.id, password);
        await context.print(`The password of ${person.email} is set; their sessions have ended.\n`);
      });
    });
}
