import type { Command } from 'commander';

/**
 * Returns the subcommand `name` of `program`, creating it on first use, so that several command
 * files can add to one group (`users list` from records.ts, `users set-password` from admin.ts).
 */
export function commandGroup(program: Command, name: string, description: string): Command {
  const existing = program.commands.find((c) => c.name() === name);
  if (existing) return existing;
  return program.command(name).description(description);
}
