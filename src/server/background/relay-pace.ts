// The provider's pace as the relay keeps it: at most `sendsPerSecond` texts leave in any
// `secondMs`, and none while a pause (after a 429) lasts. It counts on its own clock (real,
// monotonic milliseconds): the provider counts real seconds, whatever the app's clock says.

/** A text's place in the pace, taken before the text is claimed. */
export interface PaceSlot {
  /** The text leaves now (its budget and claim took a while): the slot counts from here. */
  sending: () => void;
  /** No text left after all: the place is free again. */
  release: () => void;
}

export interface Pace {
  /** Milliseconds until another text may leave (0: at once). */
  waitMs(): number;
  /** A place for a text now, or `null` when the pace is full or paused. */
  take(): PaceSlot | null;
  /** Nothing leaves for `ms` from now (the provider said 429). */
  pause(ms: number): void;
}

export function createPace(args: { sendsPerSecond: number; secondMs: number; clock: () => number }): Pace {
  const { sendsPerSecond, secondMs, clock } = args;
  /** When the last second's texts left. */
  const recent: number[] = [];
  let pausedUntil = 0;

  function waitMs(): number {
    const at = clock();
    while (recent.length > 0 && (recent[0] ?? 0) <= at - secondMs) recent.shift();
    const windowFull = recent.length >= sendsPerSecond ? (recent[0] ?? at) + secondMs - at : 0;
    return Math.max(0, windowFull, pausedUntil - at);
  }

  return {
    waitMs,
    take() {
      if (waitMs() > 0) return null;
      let at = clock();
      recent.push(at);
      const release = () => {
        const index = recent.indexOf(at);
        if (index >= 0) recent.splice(index, 1);
      };
      return {
        release,
        sending: () => {
          release();
          at = clock();
          recent.push(at);
        },
      };
    },
    pause(ms) {
      pausedUntil = clock() + ms;
    },
  };
}
