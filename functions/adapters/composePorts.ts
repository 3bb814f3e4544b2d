/**
 * Joins port adapters (class instances) into one object: every method of each, bound to its
 * instance. The caller states the composite type (`Store`); the compiler cannot check that the
 * parts cover it, so tests/unit/adapters/composePorts.test.ts compares both stores' method lists.
 */

/**
 * @example composePorts<Store>(new DynamoSubscribers(table), new DynamoOutbox(table), …)
 * @throws Error when two parts define a method of the same name (a wiring mistake, never silently shadowed).
 */
export const composePorts = <T>(...parts: object[]): T => {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    const proto = Object.getPrototypeOf(part) as object;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const fn = (part as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof fn !== 'function') continue;
      if (name in out) throw new Error(`Two adapters define ${name}`);
      out[name] = fn.bind(part);
    }
  }
  return out as T;
};
