// One clock for the app and the simulator, moved by tests (cooldowns, lockouts, expiry, windows).
// It starts a minute into the next hour, so that no hourly or daily window ends in the first 59
// minutes a test moves it by: a count never restarts halfway through by the luck of the hour.
const HOUR = 3_600_000;

export function aClock(start = (Math.floor(Date.now() / HOUR) + 1) * HOUR + 60_000) {
  let at = start;
  return {
    now: () => new Date(at),
    advance(ms: number) {
      at += ms;
    },
  };
}
