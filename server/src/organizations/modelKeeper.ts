/**
 * Keeps a connection's model in its file (`storedModel.ts`) while the connection lives: after the model read
 * something or changed, once the reads have paused for a moment (and at least every few seconds during a long load,
 * so that a window closed mid-load keeps what was read), and once more when the connection closes.
 */
import type { OrganizationModel } from './model';
import type { ModelFile } from './storedModel';

/** How long after the last read or change the model is written. */
const quietMs = 1_000;
/** The longest a read or change waits to be written during a long load. */
const longestWaitMs = 10_000;

export class ModelKeeper {
  private timer?: NodeJS.Timeout;
  private firstUnsavedAt?: number;
  private writing: Promise<void> = Promise.resolve();
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly model: OrganizationModel, private readonly file: ModelFile, private readonly log: (message: string) => void) {
    this.unsubscribe = [model.onDidChange(() => this.schedule()), model.calls.onDidAnswer(() => this.schedule())];
  }

  /** Writes what is unsaved now, and stops keeping the model. */
  async close(): Promise<void> {
    for (const stop of this.unsubscribe) stop();
    const unsaved = this.firstUnsavedAt !== undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (unsaved) this.save();
    await this.writing;
  }

  private schedule(): void {
    const now = Date.now();
    this.firstUnsavedAt ??= now;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.save(), Math.max(0, Math.min(quietMs, this.firstUnsavedAt + longestWaitMs - now)));
    // A pending write never keeps the process alive: close() writes what is left.
    this.timer.unref();
  }

  /** Writes the model after any write in progress (one at a time, the newest last). */
  private save(): void {
    this.firstUnsavedAt = undefined;
    this.writing = this.writing.then(async () => {
      const stored = await this.model.stored(this.file.caller);
      if (stored) await this.file.write(stored);
    }).catch((error: unknown) => this.log(`The organization model could not be kept in ${this.file.path}: ${(error as Error).message}`));
  }
}
