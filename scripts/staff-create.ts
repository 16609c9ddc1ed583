// `npm run staff:create -- --username chef@example.com --phone 15556660000 [--role staff]`:
// creates a staff account (an admin unless --role staff) in the configured store. The password
// is typed at a hidden prompt, twice, or piped on standard input; it is never an argument (it
// would stay in the shell's history) and there is no default. The phone is proven by a texted
// code at the account's first sign-in, at /staff/login.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/server/config/config.js';
import { ConflictError, ValidationError } from '../src/server/domain/errors.js';
import { isValidUsername, normalizeUsername, USERNAME_RULE } from '../src/server/domain/user.js';
import { hashPassword } from '../src/server/infrastructure/passwords.js';
import { acceptablePassword, textablePhone } from '../src/server/services/account-rules.js';
import { openStore } from '../src/server/setup/store.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** The app's own rules for a new account's phone and password, refused as one line each. */
function followingTheRules<T>(judge: () => T): T {
  try {
    return judge();
  } catch (error) {
    if (error instanceof ValidationError)
      fail(error.fields.map((f) => `${f.field}: ${f.message}`).join('\n'));
    throw error;
  }
}

/** A line from a hidden prompt (TTY) or from piped standard input. */
function readSecret(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const tty = process.stdin.isTTY;
    const rl = createInterface({
      input: process.stdin,
      ...(tty ? { output: process.stderr } : {}),
      terminal: tty,
    });
    if (tty) {
      process.stderr.write(prompt);
      // Echo nothing of what is typed.
      (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => undefined;
    }
    rl.once('line', (line) => {
      if (tty) process.stderr.write('\n');
      resolve(line); // before close(), whose 'close' event would otherwise answer first
      rl.close();
    });
    rl.once('close', () => {
      resolve('');
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      phone: { type: 'string' },
      role: { type: 'string', default: 'admin' },
    },
  });
  if (!values.username || !values.phone)
    fail('Usage: npm run staff:create -- --username NAME --phone NUMBER [--role staff]');
  if (values.role !== 'admin' && values.role !== 'staff') fail('--role must be admin or staff');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError)
      fail(error.problems.map((p) => `Invalid configuration: ${p}`).join('\n'));
    throw error;
  }
  const username = normalizeUsername(values.username);
  if (!isValidUsername(username)) fail(`username: ${USERNAME_RULE}`);
  const policy = config.comms.mode === 'vonage' ? 'live' : 'sandbox';
  const { phone: typedPhone } = values;
  const phone = followingTheRules(() => textablePhone(typedPhone, policy, config.phoneCountries));
  const typed = await readSecret('Password: ');
  if (process.stdin.isTTY && (await readSecret('Password again: ')) !== typed) fail('The passwords differ.');
  const password = followingTheRules(() => acceptablePassword(typed, username));

  const store = await openStore(config, quiet);
  try {
    await store.whenReady();
    const user = await store.users.add({
      user: {
        username,
        phone,
        passwordHash: await hashPassword(password),
        role: values.role,
        phoneVerifiedAt: null,
      },
      at: new Date(),
    });
    process.stdout.write(
      `Created ${user.role} ${user.username}. Sign in at /staff/login; the first code proves ${phone}.\n`,
    );
  } catch (error) {
    if (error instanceof ConflictError) fail(`An account named ${username} exists already.`);
    throw error;
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  fail(`staff:create failed: ${error instanceof Error ? error.message : String(error)}`);
});
