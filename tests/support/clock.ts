// One clock for the app and the simulator, moved by tests (cooldowns, lockouts, expiry, windows).
export function aClock(start = Date.now()) {
  let at = start;
  return {
    now: () => new Date(at),
    advance(ms: number) {
      at += ms;
    },
  };
}
