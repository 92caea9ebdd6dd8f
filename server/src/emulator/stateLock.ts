/**
 * One writer per state file: a lock file beside the state names the process that owns it and the
 * endpoint URL where that owner serves the organization, so that a second opener connects there
 * instead of writing the file too. A lock whose owner process is gone is taken over.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Who holds a state file, as recorded in its lock file. */
export interface StateOwner {
  /** The process whose life the lock follows. */
  pid: number;
  /** Where the owner serves the organization (an `http://127.0.0.1:<port>` URL), once it does. */
  endpoint?: string;
  /** The host the owner runs on: a process ID means nothing on another host. */
  hostname: string;
  /** When the lock was taken (ISO 8601). */
  acquiredAt: string;
  /** Tells this lock apart from any later lock of the same file (process IDs are reused). */
  token: string;
}

/** What a caller says about itself when it takes a lock. */
export interface StateOwnerOptions {
  /** Defaults to this process; the lock is stale once this process is gone. */
  pid?: number;
  endpoint?: string;
}

/** The state file is held by another live process; connect to `endpoint` (when set) instead. */
export class StateLockedError extends Error {
  override readonly name = 'StateLockedError';

  constructor(
    readonly statePath: string,
    readonly lockPath: string,
    readonly owner: StateOwner,
  ) {
    super(
      `The state file ${statePath} is in use by process ${owner.pid} on ${owner.hostname}` +
        (owner.endpoint ? `, which serves it at ${owner.endpoint}` : ', which has not published an endpoint yet') +
        ` (lock file ${lockPath}).`,
    );
  }

  /** The owner's endpoint URL, if it has published one. */
  get endpoint(): string | undefined {
    return this.owner.endpoint;
  }
}

/** The lock file that guards a state file. */
export function lockPathFor(statePath: string): string {
  return `${statePath}.lock`;
}

/** The current owner of a state file, or undefined when nobody holds it (for a waiting second opener). */
export function readStateLock(statePath: string): StateOwner | undefined {
  return readOwner(lockPathFor(statePath));
}

/** Locks currently held by this process, released on a normal exit. */
const held = new Set<StateLock>();
let exitHookInstalled = false;

/** An exclusive hold on one state file. */
export class StateLock {
  private released = false;

  private constructor(
    readonly statePath: string,
    readonly lockPath: string,
    private current: StateOwner,
  ) {}

  /** Takes the lock of `statePath`, taking over a stale one; throws `StateLockedError` if a live process holds it. */
  static acquire(statePath: string, options: StateOwnerOptions = {}): StateLock {
    const lockPath = lockPathFor(statePath);
    const owner: StateOwner = {
      pid: options.pid ?? process.pid,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      hostname: os.hostname(),
      acquiredAt: new Date().toISOString(),
      token: randomUUID(),
    };
    // Each round either creates the lock, meets a live owner, or removes a stale lock; only a
    // crowd of openers racing over stale locks needs more than two rounds.
    for (let round = 0; round < 10; round++) {
      if (createExclusively(lockPath, owner)) {
        const lock = new StateLock(statePath, lockPath, owner);
        lock.hold();
        removeLitter(lockPath);
        return lock;
      }
      const found = readOwner(lockPath);
      if (!found) continue; // Released between our attempt and our read.
      if (isAlive(found)) throw new StateLockedError(statePath, lockPath, found);
      removeStale(lockPath, found);
    }
    throw new Error(`Could not take the lock ${lockPath}: other processes keep replacing it.`);
  }

  /** The owner as recorded in the lock file. */
  get owner(): StateOwner {
    return { ...this.current };
  }

  /** Records where the owner now serves the organization (or that it no longer does, with undefined). */
  setEndpoint(endpoint: string | undefined): void {
    if (this.released) throw new Error(`The lock ${this.lockPath} has been released.`);
    const { endpoint: _previous, ...rest } = this.current;
    const next: StateOwner = endpoint === undefined ? rest : { ...rest, endpoint };
    // Replace the file in one step so that a reader never sees half a lock.
    const temporary = temporaryPath(this.lockPath, next);
    fs.writeFileSync(temporary, JSON.stringify(next), { flag: 'wx' });
    try {
      fs.renameSync(temporary, this.lockPath);
    } catch (error) {
      fs.rmSync(temporary, { force: true });
      throw error;
    }
    this.current = next;
  }

  /** Removes the lock file if it is still ours. Safe to call more than once. */
  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this);
    if (readOwner(this.lockPath)?.token === this.current.token) fs.rmSync(this.lockPath, { force: true });
  }

  private hold(): void {
    held.add(this);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', () => {
        for (const lock of [...held]) lock.release();
      });
    }
  }
}

/**
 * Creates the lock file with its content, failing if it exists. The content goes to a private file
 * first and is then hard-linked to the lock path: link(2) is exclusive like an O_EXCL create, but
 * the lock appears complete, so no reader (and no crash) ever leaves an empty lock behind.
 */
function createExclusively(lockPath: string, owner: StateOwner): boolean {
  const temporary = temporaryPath(lockPath, owner);
  fs.writeFileSync(temporary, JSON.stringify(owner), { flag: 'wx' });
  try {
    fs.linkSync(temporary, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

function temporaryPath(lockPath: string, owner: StateOwner): string {
  return `${lockPath}.${owner.pid}.${randomUUID()}.tmp`;
}

/** Removes the private files (`<lock>.<pid>.<uuid>.tmp` or `.stale`) of processes killed while taking a lock. */
function removeLitter(lockPath: string): void {
  const directory = path.dirname(lockPath);
  const prefix = `${path.basename(lockPath)}.`;
  for (const name of fs.readdirSync(directory)) {
    const match = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f-]+\.(?:tmp|stale)$/.exec(name.slice(prefix.length)) : null;
    if (match && !isAlive({ pid: Number(match[1]), hostname: os.hostname() })) fs.rmSync(path.join(directory, name), { force: true });
  }
}

/** Reads a lock file; undefined when there is none. A lock file that is not ours to read is an error. */
function readOwner(lockPath: string): StateOwner | undefined {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let owner: unknown;
  try {
    owner = JSON.parse(text);
  } catch {
    owner = undefined;
  }
  if (!isOwner(owner)) {
    throw new Error(`The lock file ${lockPath} is not a state lock; remove it if no process uses the state file.`);
  }
  return owner;
}

function isOwner(value: unknown): value is StateOwner {
  if (typeof value !== 'object' || value === null) return false;
  const owner = value as Record<string, unknown>;
  return (
    Number.isInteger(owner.pid) &&
    typeof owner.hostname === 'string' &&
    typeof owner.acquiredAt === 'string' &&
    typeof owner.token === 'string' &&
    (owner.endpoint === undefined || typeof owner.endpoint === 'string')
  );
}

/** Whether the owner may still be running; an owner on another host is assumed to be. */
function isAlive(owner: Pick<StateOwner, 'pid' | 'hostname'>): boolean {
  if (owner.hostname !== os.hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes a stale lock without removing a live one that replaced it meanwhile: the lock is first
 * renamed aside (atomic), then checked; if another opener had already replaced the stale lock with
 * its own, that lock is linked back into place.
 */
function removeStale(lockPath: string, stale: StateOwner): void {
  const aside = `${lockPath}.${process.pid}.${randomUUID()}.stale`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    let moved: StateOwner | undefined;
    try {
      moved = readOwner(aside);
    } catch {
      moved = undefined;
    }
    if (moved?.token !== stale.token) {
      try {
        fs.linkSync(aside, lockPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }
}
