import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { portNumber } from '../options.js';

/**
 * PORT is the one variable read outside src/config.ts: it is the default of the --port flag, and a
 * bad value is a usage error of this command (exit code 2, through commander), not a setting the
 * rest of Roster uses.
 */
function portFromEnv(value: string | undefined, command: Command): number {
  if (value === undefined || value.trim() === '') return 3000;
  try {
    return portNumber(value);
  } catch {
    return command.error(`error: the PORT environment variable must be a port number from 0 to 65535, not "${value}".`, { exitCode: 2 });
  }
}

/** `roster serve`: the web app and the HTTP API. Fastify is loaded only here, so other commands start fast. */
export function registerServe(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('Start the web app and the HTTP API')
    .option('--port <port>', 'port to listen on; 0 picks a free one (default: $PORT or 3000)', portNumber)
    .option('--host <host>', 'address to listen on; 0.0.0.0 for every interface', '127.0.0.1')
    .option(
      '--smtp-port <port>',
      'also receive email on this port (SMTP); each message becomes a ticket or a reply (default: $ROSTER_SMTP_PORT, else off)',
      portNumber,
    )
    .option('--smtp-host <host>', 'address the SMTP listener listens on (default: the --host)')
    .addHelpText('after', '\nExamples:\n  roster serve\n  PORT=8080 roster serve --host 0.0.0.0\n  roster serve --smtp-port 2525\n')
    .action(async (options: { port?: number; host: string; smtpPort?: number; smtpHost?: string }, command: Command) => {
      const port = options.port ?? portFromEnv(context.env.PORT, command);
      const config = context.config();
      const { startServer } = await import('../../http/server.js');
      // startServer prints the URL and closes itself cleanly on SIGINT/SIGTERM; the open socket keeps the process alive.
      await startServer({
        port,
        host: options.host,
        config,
        smtpPort: options.smtpPort ?? config.smtpPort,
        smtpHost: options.smtpHost,
      });
    });
}
