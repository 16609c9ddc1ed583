// Named test phones (fictional 555-01xx range): each makes Verify and Messages misbehave one way.

export type Scenario =
  | 'provider-down'
  | 'too-slow'
  | 'blocked'
  | 'undeliverable'
  | 'throttled'
  | 'malformed'
  /** A success status with an empty JSON object: no number maps to it, `setScenario` plays it. */
  | 'empty-answer';

/** The simulated APIs, for scenarios switched on API-wide with `setScenario`. */
export type SimulatedApi = 'verify' | 'verify2' | 'messages' | 'video';

/** Mirrored in docs/sandbox.md's table: keep both in step. */
export const MAGIC_NUMBERS: Readonly<Record<string, Scenario>> = {
  '15550100500': 'provider-down',
  '15550100504': 'too-slow',
  '15550100403': 'blocked',
  '15550100410': 'undeliverable',
  '15550100429': 'throttled',
  '15550100422': 'malformed',
};

/** E.164 as Vonage takes it: digits only, no '+'. */
export function digitsOnly(number: string): string {
  return number.startsWith('+') ? number.slice(1) : number;
}

export function scenarioFor(number: string | undefined): Scenario | undefined {
  return number === undefined ? undefined : MAGIC_NUMBERS[digitsOnly(number)];
}
