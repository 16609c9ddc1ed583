// A clock the test moves by hand: expiry and the 30-second cancel rule without waiting.

export interface FakeClock {
  now: () => Date;
  advance(ms: number): void;
}

export function fakeClock(start = new Date('2026-11-28T12:00:00.000Z')): FakeClock {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    advance(ms) {
      at += ms;
    },
  };
}
