// Every minute, the kitchen's estimates are checked against its pace: orders it can no longer make
// in time get a later ready time (their pages follow live; a text past 10 minutes late).
import type { Log } from '../ports/log.js';
import type { ReadyTimes } from '../services/ready-times.js';

export const READY_WATCH_EVERY_MS = 60_000;

export function createReadyWatch(deps: { readyTimes: Pick<ReadyTimes, 'revise'>; log: Log }) {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  return {
    start(everyMs = READY_WATCH_EVERY_MS) {
      timer = setInterval(() => {
        // One look at a time: a slow database never piles them up.
        if (running) return;
        running = true;
        deps.readyTimes
          .revise()
          .then(
            (moved) => {
              if (moved > 0) deps.log.info({ moved }, 'ready estimates moved later');
            },
            (error: unknown) => {
              deps.log.warn({ err: error }, 'ready estimates not checked: trying again in a minute');
            },
          )
          .finally(() => {
            running = false;
          });
      }, everyMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
