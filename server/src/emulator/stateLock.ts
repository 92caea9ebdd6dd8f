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

/**
 * The one path of a state file, however it is named: absolute, and behind any symbolic links, so that
 * every opener finds the same lock and compaction replaces the file rather than a link to it.
 */
export function resolveStatePath(filePath: string): string {
  const absolute = path.resolve(filePath);
  try {
    return fs.realpathSync(absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return absolute;
    throw error;
  }
}

/** The lock file that guards a state file. */
export function lockPathFor(statePath: string): string {
  return `${statePath}.lock`;
}

/** The current owner of a state file, or undefined when nobody holds it (for a waiting second opener). */
export function readStateLock(statePath: string): StateOwner | undefined {
  return readOwner(lockPathFor(resolveStatePath(statePath)));
}

/** Locks currently held by this process, released on a normal exit. */
const held = new Set<StateLock>();
let exitHookInstalled = false;

/** How long an opener waits for another opener that is taking over the same stale lock. */
const TAKEOVER_WAIT_MS = 2000;

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
    const deadline = Date.now() + TAKEOVER_WAIT_MS;
    for (;;) {
      if (createExclusively(lockPath, owner)) break;
      const found = readOwner(lockPath);
      if (found) {
        if (isAlive(found)) throw new StateLockedError(statePath, lockPath, found);
        if (takeOver(lockPath, found, owner)) break;
        // Another opener is taking over the same stale lock: see whom it ends up with.
        if (Date.now() > deadline) throw new Error(`Could not take over the stale lock ${lockPath} within ${TAKEOVER_WAIT_MS} ms.`);
        pause(1);
      }
    }
    const lock = new StateLock(statePath, lockPath, owner);
    lock.hold();
    removeLitter(lockPath);
    return lock;
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
    writeReplacing(this.lockPath, next);
    this.current = next;
  }

  /** Removes the lock file if it is still ours. Safe to call more than once. */
  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this);
    let found: StateOwner | undefined;
    try {
      found = readOwner(this.lockPath);
    } catch {
      return; // Something else now sits in the lock's place; it is not ours to remove.
    }
    if (found?.token === this.current.token) fs.rmSync(this.lockPath, { force: true });
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
 * Creates `target` holding `owner`, failing if it exists. The content goes to a private file first
 * and is then hard-linked to the target: link(2) is exclusive like an O_EXCL create, but the file
 * appears complete, so no reader (and no crash) ever finds an empty lock.
 */
function createExclusively(target: string, owner: StateOwner): boolean {
  const temporary = temporaryPath(target, owner);
  fs.writeFileSync(temporary, JSON.stringify(owner), { flag: 'wx' });
  try {
    fs.linkSync(temporary, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** Replaces `target` with `owner` in one step (rename), so that a reader never sees half a lock. */
function writeReplacing(target: string, owner: StateOwner): void {
  const temporary = temporaryPath(target, owner);
  fs.writeFileSync(temporary, JSON.stringify(owner), { flag: 'wx' });
  try {
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

function temporaryPath(target: string, owner: StateOwner): string {
  return `${target}.${owner.pid}.${randomUUID()}.tmp`;
}

/**
 * Replaces the stale lock with ours, unless another opener does so first. Openers that found the
 * same stale lock race for a marker named after its token; the winner checks that the lock still is
 * that stale one and replaces it by rename, so the lock file never disappears and no two openers can
 * both succeed. Returns false when the lock went to someone else (the caller reads it again).
 */
function takeOver(lockPath: string, stale: StateOwner, owner: StateOwner): boolean {
  const marker = `${lockPath}.${stale.token}.takeover`;
  if (!createExclusively(marker, owner)) {
    // A marker whose holder died mid-takeover would block every opener: remove it.
    const holder = readOwner(marker);
    if (holder && !isAlive(holder)) removeIfStillHeldBy(marker, holder.token);
    return false;
  }
  try {
    if (readOwner(lockPath)?.token !== stale.token) return false;
    writeReplacing(lockPath, owner);
    return true;
  } finally {
    fs.rmSync(marker, { force: true });
  }
}

/**
 * Removes a file held by a dead process without removing a live holder's file that replaced it
 * meanwhile: the file is renamed aside (atomic), then checked, and linked back if it was not the one.
 */
function removeIfStillHeldBy(file: string, token: string): void {
  const aside = `${file}.${process.pid}.${randomUUID()}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (readOwner(aside)?.token !== token) {
      try {
        fs.linkSync(aside, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/**
 * Removes what processes killed while taking a lock left beside it: their private files
 * (`<lock>[.<token>.takeover].<pid>.<uuid>.tmp` or `.stale`) and takeover markers
 * (`<lock>.<token>.takeover`), which all name locks older than the one just taken.
 */
function removeLitter(lockPath: string): void {
  const directory = path.dirname(lockPath);
  const prefix = `${path.basename(lockPath)}.`;
  for (const name of fs.readdirSync(directory)) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const privateFile = /^(?:[0-9a-f-]{36}\.takeover\.)?(\d+)\.[0-9a-f-]{36}\.(?:tmp|stale)$/.exec(rest);
    const litter = privateFile ? !isAlive({ pid: Number(privateFile[1]), hostname: os.hostname() }) : /^[0-9a-f-]{36}\.takeover$/.test(rest);
    if (litter) fs.rmSync(path.join(directory, name), { force: true });
  }
}

/** Blocks this thread briefly; acquiring is synchronous, like the store it guards. */
function pause(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** Reads a lock file; undefined when there is none. A file that is not a lock is an error. */
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
