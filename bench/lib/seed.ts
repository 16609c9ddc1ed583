// Accounts and signed-in sessions, written straight into the store before the app starts: the
// load then measures ordering, not signing in (which texts codes and is rate-limited by design).
import { randomBytes } from 'node:crypto';
import { sessionAccountOf } from '../../src/server/domain/session.js';
import type { Role } from '../../src/server/domain/user.js';
import type { Store } from '../../src/server/ports/store.js';
import { digest } from '../../src/server/services/sessions.js';
import { hashPassword } from '../../src/server/infrastructure/passwords.js';

export interface SeededSession {
  userId: string;
  /** `sid=…`: the Cookie header value. */
  cookie: string;
  csrfToken: string;
}

const token = () => randomBytes(16).toString('base64url');

export async function seedSessions(
  store: Store,
  args: { role: Role; accounts: number; sessionsPerAccount: number; prefix: string },
): Promise<SeededSession[]> {
  const at = new Date();
  const passwordHash = await hashPassword(`bench password ${token()}`);
  const sessions: SeededSession[] = [];
  for (let a = 0; a < args.accounts; a += 1) {
    const user = await store.users.add({
      user: {
        username: `${args.prefix}-${a}`,
        phone: `+1555${String(1_000_000 + a).slice(1)}`,
        passwordHash,
        role: args.role,
        phoneVerifiedAt: at,
      },
      at,
    });
    for (let s = 0; s < args.sessionsPerAccount; s += 1) {
      const cookieValue = token();
      const csrfToken = token();
      await store.sessions.add({
        session: {
          id: digest(cookieValue),
          surface: args.role === 'customer' ? 'customer' : 'staff',
          userId: user.id,
          registration: null,
          stage: 'full',
          phone: null,
          verificationId: null,
          csrfToken,
          sends: 0,
          lastSentAt: null,
          createdAt: at,
          lastSeenAt: at,
          expiresAt: new Date(at.getTime() + 12 * 3600 * 1000),
          // As a sign-in makes it: a customer's session carries the account.
          account: args.role === 'customer' ? sessionAccountOf(user) : null,
        },
      });
      sessions.push({ userId: user.id, cookie: `sid=${cookieValue}`, csrfToken });
    }
  }
  return sessions;
}
