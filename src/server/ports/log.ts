// The logging edge: what services and adapters may say. pino's logger satisfies it.

export interface Log {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
