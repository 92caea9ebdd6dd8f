/**
 * The user's own changes that the service may not show yet. AWS Organizations is eventually consistent:
 * a list read right after a change can still miss it. Each change the user made is kept as a pending
 * edit of the cached lists it touches; every list the model reads from the service passes through
 * `apply`, so the change stays visible until the service reflects it (then the edit is dropped) or until
 * the consistency window has passed (then the service is believed).
 */

/** One edit of one list: put (insert or replace) the item with `id`, or delete it. */
interface PendingEdit {
  list: string;
  id: string;
  /** The item to show (the fields the change set); absent for a deletion. */
  value?: Record<string, unknown>;
  /** When the edit stops overriding what the service returns. */
  expiresAt: number;
}

export class PendingEdits {
  private edits: PendingEdit[] = [];

  constructor(
    /** How long a change may take to show in the service's answers (AWS documents no bound; seconds in practice). */
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Shows `value` in `list` until the service's answers contain it. */
  put(list: string, id: string, value: Record<string, unknown>): void {
    this.record({ list, id, value, expiresAt: this.now() + this.windowMs });
  }

  /** Hides item `id` of `list` until the service's answers lack it. */
  delete(list: string, id: string): void {
    this.record({ list, id, expiresAt: this.now() + this.windowMs });
  }

  /** Forgets every edit (a connection switch). */
  clear(): void {
    this.edits = [];
  }

  /** Whether an edit still waits for the service, for tests and logs. */
  get size(): number {
    return this.edits.length;
  }

  /**
   * `items` as the user should see them: pending edits of `list` applied. With `fromService`, `items` are
   * a fresh answer of the service, and the edits it already reflects (or that expired) are dropped.
   */
  apply<T>(list: string, items: T[], idOf: (item: T) => string | undefined, fromService: boolean): T[] {
    const now = this.now();
    let result = items;
    this.edits = this.edits.filter((edit) => {
      if (edit.list !== list) return true;
      if (edit.expiresAt <= now) return false;
      const index = result.findIndex((item) => idOf(item) === edit.id);
      const reflected = edit.value ? index >= 0 && sameFields(result[index], edit.value) : index < 0;
      if (reflected) return !fromService;
      result = [...result];
      if (!edit.value) result.splice(index, 1);
      else if (index >= 0) result[index] = { ...result[index], ...edit.value } as T;
      else result.push(edit.value as T);
      return true;
    });
    return result;
  }

  private record(edit: PendingEdit): void {
    // A later edit of the same item replaces an earlier one (create then rename, move then move back).
    this.edits = this.edits.filter((other) => other.list !== edit.list || other.id !== edit.id);
    this.edits.push(edit);
  }
}

/** Whether `item` has every field of `value` (timestamps compared by their JSON form). */
function sameFields(item: unknown, value: Record<string, unknown>): boolean {
  const fields = item as Record<string, unknown>;
  return Object.entries(value).every(([key, expected]) => JSON.stringify(fields[key]) === JSON.stringify(expected));
}
