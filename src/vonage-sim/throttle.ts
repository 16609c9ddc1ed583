// Vonage's rate limit: more than 30 requests in any one second, per product and credential, is refused.
export const REQUESTS_PER_SECOND = 30;

export interface Throttle {
  /** Counts the request and says whether it may go on; refused requests do not count. */
  admit(bucket: string): boolean;
}

/** The window follows the simulator's clock, so a test can fill it and move past it deterministically. */
export function createThrottle(now: () => Date): Throttle {
  const recent = new Map<string, number[]>();
  return {
    admit(bucket) {
      const at = now().getTime();
      const inWindow = (recent.get(bucket) ?? []).filter((t) => t > at - 1000 && t <= at);
      if (inWindow.length >= REQUESTS_PER_SECOND) {
        recent.set(bucket, inWindow);
        return false;
      }
      inWindow.push(at);
      recent.set(bucket, inWindow);
      return true;
    },
  };
}
