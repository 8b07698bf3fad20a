import { RosterError } from '../core/errors.js';

/**
 * Reads a password from the terminal without echoing it. The prompt goes to stderr so that
 * stdout stays clean for scripts. Only call this when stdin is a TTY (raw mode needs one).
 */
export function promptPassword(question: string, stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  // Raw mode (no echo) before the prompt: someone who types or pastes as soon as it shows must not see the password.
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new RosterError('validation', 'Cancelled.'));
          return;
        }
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * The password from a flag, or else asked twice on the terminal. Without a flag or a terminal
 * there is nobody to ask, which is a usage error (`fail`).
 */
export async function passwordFrom(flag: string | undefined, fail: (message: string) => never): Promise<string> {
  if (flag !== undefined) return flag;
  if (!process.stdin.isTTY) fail('--password is required when stdin is not a terminal.');
  const first = await promptPassword('Password: ');
  const again = await promptPassword('Password again: ');
  if (first !== again) throw new RosterError('validation', 'The two passwords differ.', { field: 'password' });
  return first;
}
