// Every timer the simulator starts, so closing it leaves nothing behind to keep a process alive.

export interface Timers {
  after(ms: number, task: () => void): void;
  /** Waits `ms`; resolves `false` instead if the simulator closes first. */
  sleep(ms: number): Promise<boolean>;
  /** Drops pending tasks and wakes every sleeper with `false`. */
  cancelAll(): void;
}

export function createTimers(): Timers {
  const pending = new Map<NodeJS.Timeout, () => void>();
  let closed = false;

  function after(ms: number, task: () => void, onCancel: () => void = () => undefined): void {
    if (closed) {
      onCancel();
      return;
    }
    const timer = setTimeout(() => {
      pending.delete(timer);
      task();
    }, ms);
    pending.set(timer, onCancel);
  }

  return {
    after: (ms, task) => {
      after(ms, task);
    },
    sleep: (ms) =>
      new Promise<boolean>((resolve) => {
        after(
          ms,
          () => {
            resolve(true);
          },
          () => {
            resolve(false);
          },
        );
      }),
    cancelAll() {
      closed = true;
      for (const [timer, onCancel] of pending) {
        clearTimeout(timer);
        onCancel();
      }
      pending.clear();
    },
  };
}
