/** The promise cache the organization's reads share: one request per key, and a failure is not remembered. */

/**
 * The promise cached under `key`, made on first use. A promise that fails is forgotten (unless the cache has
 * moved on to another one meanwhile), so that the next use asks again.
 */
export function cachedPromise<K, T>(cache: Map<K, Promise<T>>, key: K, make: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    const made = make();
    cache.set(key, made);
    made.catch(() => {
      if (cache.get(key) === made) cache.delete(key);
    });
    value = made;
  }
  return value;
}
