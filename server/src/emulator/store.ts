/**
 * Where the embedded organization's state lives. The engine keeps its state as collections of
 * JSON-serializable records keyed by ID and hands each operation's changes to a store; an operation
 * is acknowledged only after `commit` returns, so a durable store makes every acknowledged write
 * survive a crash.
 */

/** The whole state: collection name → record ID → record (plain JSON). */
export type Collections = Record<string, Record<string, unknown>>;

/** One change of one record; `value: null` deletes it. */
export interface Change {
  collection: string;
  id: string;
  value: unknown | null;
}

export interface StateStore {
  /** The state as last committed, or undefined when the store is new (no organization state yet). */
  load(): Collections | undefined;
  /** Makes one operation's changes durable; returns only once they are (for a file store: fsync'ed). */
  commit(changes: Change[]): void;
  /** Releases the store (closes files, drops locks). */
  close(): void;
}

/** A store that keeps nothing beyond the process: for tests, benchmarks and `--state` omitted. */
export class MemoryStore implements StateStore {
  load(): Collections | undefined {
    return undefined;
  }
  commit(): void {}
  close(): void {}
}
