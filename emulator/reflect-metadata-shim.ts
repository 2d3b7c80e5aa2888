// @peculiar/x509 (used by tls.ts) loads tsyringe, which throws at import time unless the
// reflect-metadata API exists, and the `reflect-metadata` package is not a dependency. This
// provides the three functions tsyringe calls; it must be imported before @peculiar/x509.
type MetadataTarget = object;
const store = new WeakMap<MetadataTarget, Map<unknown, unknown>>();
const R = Reflect as unknown as Record<string, unknown>;

if (typeof R.getMetadata !== "function") {
  const own = (key: unknown, target: MetadataTarget) => store.get(target)?.get(key);
  R.defineMetadata = (key: unknown, value: unknown, target: MetadataTarget) => {
    const map = store.get(target) ?? new Map<unknown, unknown>();
    map.set(key, value);
    store.set(target, map);
  };
  R.getOwnMetadata = own;
  R.getMetadata = (key: unknown, target: MetadataTarget) => {
    for (let t: MetadataTarget | null = target; t; t = Object.getPrototypeOf(t) as MetadataTarget | null) {
      const value = own(key, t);
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

export {};
