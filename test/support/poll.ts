/** Waiting in the tests: poll a condition with a deadline instead of sleeping a fixed time. */

/**
 * Polls `check` every `intervalMs` until it returns a value other than undefined, or fails once the deadline
 * passes, with the last error `check` threw. A condition that holds or not polls as `() => condition || undefined`.
 */
export async function poll<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 45_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
