// Fixed time windows for counters: every instance computes the same window for the same moment.

export function fixedWindow(at: Date, windowSeconds: number): { start: number; resetsAt: Date } {
  const length = windowSeconds * 1000;
  const start = Math.floor(at.getTime() / length) * length;
  return { start, resetsAt: new Date(start + length) };
}
