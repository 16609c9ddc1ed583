// Strict fakes for unit tests: any member the test did not provide fails the test when touched.
type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends (...args: never[]) => unknown ? T[K] : DeepPartial<T[K]>;
};

/**
 * `strictFake<Store>({ menu: { count: async () => 0 } })` behaves like a Store for the members
 * given and throws on any other, so an unexpected call to a port cannot pass silently.
 */
export function strictFake<T extends object>(implemented: DeepPartial<T>, path = 'fake'): T {
  return new Proxy(implemented as T, {
    get(target, property, receiver) {
      if (typeof property === 'symbol' || property === 'then')
        return Reflect.get(target, property, receiver) as unknown;
      if (!(property in target)) throw new Error(`unexpected use of ${path}.${property}`);
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value === 'object' && value !== null)
        return strictFake<object>(value, `${path}.${property}`);
      return value;
    },
  });
}
