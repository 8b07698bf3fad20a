import type { Command } from 'commander';
import { RosterError } from '../../core/errors.js';
import { createAdmin, setPassword } from '../../db/repositories/auth.js';
import { issueSignInLink } from '../../db/repositories/invitations.js';
import { findPersonByEmail } from '../../db/repositories/people.js';
import { deliverSignInLink, deliveryMessage, type DeliveredLink } from '../../mail/deliver-sign-in-link.js';
import { createMailer } from '../../mail/outbound.js';
import { commandGroup } from '../command-group.js';
import type { CliContext } from '../context.js';
import { passwordFrom } from '../prompt-password.js';

/** A usage error from inside an action: commander prints it and exits 2 like any bad flag. */
function usageError(command: Command): (message: string) => never {
  return (message) => command.error(`error: ${message}`, { exitCode: 2, code: 'roster.usage' });
}

/**
 * The password from stdin: one line, its line ending removed (`echo "$PASSWORD" | roster …`).
 * More than one line is refused rather than guessed at: a stray newline inside a password would
 * otherwise be kept or dropped without a word.
 */
async function passwordFromStdin(fail: (message: string) => never): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (/[\r\n]/.test(text)) fail('--password-stdin reads one line, and the input has several.');
  return text;
}

/** The password of a command that takes --password, --password-stdin, or asks on the terminal. */
async function chosenPassword(options: { password?: string; passwordStdin?: boolean }, command: Command): Promise<string> {
  const fail = usageError(command);
  if (options.passwordStdin) {
    if (options.password !== undefined) fail('give --password or --password-stdin, not both.');
    return passwordFromStdin(fail);
  }
  return passwordFrom(options.password, fail);
}

/** Collects a repeatable option's values. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `roster admin create`, `roster users set-password` and `roster users invite`: who can sign in. */
export function registerAdmin(program: Command, context: CliContext): void {
  const admin = program.command('admin').description('Manage the admins who can sign in');
  admin
    .command('create')
    .description('Create an admin who can sign in (an existing user with that email becomes an admin)')
    .requiredOption('--email <email>', 'the admin’s email, used to sign in')
    .option('--password <password>', 'at least 10 characters; asked on the terminal when left out')
    .option('--password-stdin', 'read the password from stdin (one line)')
    .option('--first-name <name>', 'first name for a new user', 'Admin')
    .option('--last-name <name>', 'last name for a new user', 'Roster')
    .addHelpText('after', '\nExample:\n  roster admin create --email ada@example.com --first-name Ada --last-name Lovelace\n')
    .action(
      async (
        options: { email: string; password?: string; passwordStdin?: boolean; firstName: string; lastName: string },
        command: Command,
      ) => {
        const password = await chosenPassword(options, command);
        await context.withDatabase(async (db) => {
          const user = await createAdmin(db, { email: options.email, password, firstName: options.firstName, lastName: options.lastName });
          await context.print(`Admin ${String(user.email)} (user ${user.id}) can sign in now.\n`);
        });
      },
    );

  const users = commandGroup(program, 'users', 'Staff who sign in and work tickets');
  users
    .command('set-password')
    .description('Set or replace the password a user signs in with; their sessions end')
    .requiredOption('--email <email>', 'the user’s email')
    .option('--password <password>', 'at least 10 characters; asked on the terminal when left out')
    .option('--password-stdin', 'read the password from stdin (one line), as scripts and secret stores give it')
    .addHelpText(
      'after',
      '\nExamples:\n  roster users set-password --email ada@example.com\n  printf "%s\\n" "$PASSWORD" | roster users set-password --email ada@example.com --password-stdin\n',
    )
    .action(async (options: { email: string; password?: string; passwordStdin?: boolean }, command: Command) => {
      const password = await chosenPassword(options, command);
      await context.withDatabase(async (db) => {
        const person = await findPersonByEmail(db, options.email);
        if (!person || person.kind !== 'user')
          throw new RosterError('not_found', `No user has the email ${options.email}.`, { field: 'email' });
        await setPassword(db, person.id, password);
        await context.print(`The password of ${person.email} is set; their sessions have ended.\n`);
      });
    });

  users
    .command('invite')
    .description('Invite users to choose their password: mails each a link, or prints the links when no mail is set up')
    .requiredOption('--email <email>', 'a user’s email; repeat for several', collect, [])
    .option('--json', 'print what became of each invitation as JSON')
    .addHelpText(
      'after',
      `
Each invitation is a link that works once, for 7 days; inviting again replaces it. With
ROSTER_SMTP_URL set, the links are mailed; without it, one link per line is printed, to hand
over. The links start with ROSTER_PUBLIC_URL (default http://127.0.0.1:3000).

Example:
  roster users invite --email grace@example.com --email alan@example.com
`,
    )
    .action(async (options: { email: string[]; json?: boolean }) => {
      const config = context.config();
      const baseUrl = config.publicUrl?.trim() || 'http://127.0.0.1:3000';
      if (!config.publicUrl?.trim())
        process.stderr.write(`roster: ROSTER_PUBLIC_URL is not set; the links start with ${baseUrl}, roster serve's default address.\n`);
      const mailer = createMailer(config);
      const delivered: DeliveredLink[] = [];
      const problems: string[] = [];
      try {
        await context.withDatabase(async (db) => {
          for (const email of options.email) {
            const person = await findPersonByEmail(db, email);
            if (!person || person.kind !== 'user') {
              problems.push(`No user has the email ${email}.`);
              continue;
            }
            try {
              const link = await issueSignInLink(db, person.id, 'invitation');
              const done = await deliverSignInLink({ mailer, baseUrl }, link);
              delivered.push(done);
              if (!options.json) await context.print(done.mailed ? `${deliveryMessage(done)}\n` : `${done.url}\n`);
              if (done.mailError) problems.push(`${done.mailError} (${done.email}).`);
            } catch (error) {
              if (!(error instanceof RosterError)) throw error;
              problems.push(error.message);
            }
          }
        });
      } finally {
        mailer?.close();
      }
      if (options.json) await context.print(JSON.stringify(delivered, null, 2) + '\n');
      if (problems.length === 0) return;
      // Every other email was still invited; the one-line failure names the rest.
      for (const problem of problems.slice(0, -1)) process.stderr.write(`roster: ${problem}\n`);
      throw new RosterError('conflict', problems.at(-1)!);
    });
}
