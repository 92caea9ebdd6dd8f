/**
 * The embedded organization's crash-safe state file. The file is a versioned header, then at most one
 * snapshot record (the whole state), then a journal of commit records (one per acknowledged operation),
 * each record framed by its length and checksums and fsync'ed before `commit` returns. When the
 * journal outgrows half the snapshot the file is compacted into a new snapshot by atomic replace.
 *
 * Layout (integers little-endian):
 *   header  = magic "AWSORGS\n" (8) | format version u32 | crc32 of the previous 12 bytes u32
 *   record  = body length u32 | crc32 of body u32 | crc32 of the previous 8 bytes u32 | body
 *   body    = kind byte ('S' snapshot: Collections as JSON, 'C' commit: Change[] as JSON)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { resolveStatePath, StateLock, StateOwner, StateOwnerOptions } from './stateLock';
import { Change, Collections, StateStore } from './store';

/** The format this code writes and the newest it reads. */
export const STATE_FILE_FORMAT_VERSION = 1;

const MAGIC = Buffer.from('AWSORGS\n', 'latin1');
const HEADER_BYTES = 16;
const RECORD_HEADER_BYTES = 12;
const SNAPSHOT = 0x53; // 'S'
const COMMIT = 0x43; // 'C'

/** The state file is damaged somewhere an acknowledged write could be; it is never silently reset. */
export class StateFileCorruptError extends Error {
  override readonly name = 'StateFileCorruptError';

  constructor(
    readonly path: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`The state file ${path} is corrupt at byte ${offset}: ${reason}. It was left untouched; restore it from a backup or move it away to start afresh.`);
  }
}

/** The state file was written by a newer version of the extension, in a format this one cannot read. */
export class UnsupportedStateFileVersionError extends Error {
  override readonly name = 'UnsupportedStateFileVersionError';

  constructor(
    readonly path: string,
    readonly version: number,
  ) {
    super(`The state file ${path} has format version ${version}; this version of the extension reads up to version ${STATE_FILE_FORMAT_VERSION}. Update the extension to open it.`);
  }
}

/** When the journal is folded into a new snapshot. */
export interface CompactionOptions {
  /** Never compact a journal smaller than this (bytes). Default 1 MiB. */
  minJournalBytes?: number;
  /**
   * Compact once the journal exceeds this multiple of the snapshot's size. Default 0.5: loading then
   * reads at most 1.5 times the state, and compaction costs each journal byte about three bytes of
   * rewriting.
   */
  journalToSnapshotRatio?: number;
}

export interface FileStoreOptions {
  /** The owner recorded in the lock file (this process by default, with its endpoint once known). */
  owner?: StateOwnerOptions;
  compaction?: CompactionOptions;
}

/** Sizes and events of an open store, for logs, tests and benchmarks. */
export interface FileStoreStatus {
  fileBytes: number;
  snapshotBytes: number;
  journalBytes: number;
  journalRecords: number;
  compactions: number;
  /** Bytes of a torn last record (an append that never completed, so never acknowledged) dropped at open. */
  droppedTailBytes: number;
  /** The last compaction failure, if any; the journal stays valid and compaction is retried later. */
  lastCompactionError?: Error;
}

/** What reading a state file found. */
interface StateFileContents {
  state: Collections | undefined;
  snapshotBytes: number;
  journalBytes: number;
  journalRecords: number;
  /** Where the last complete record ends: the file is truncated here if a torn record follows. */
  validBytes: number;
  fileBytes: number;
}

/** A `StateStore` in one file, held exclusively by this process while open. */
export class FileStore implements StateStore {
  private fd: number | undefined;
  private loaded: Collections | undefined;
  private readonly minJournalBytes: number;
  private readonly journalToSnapshotRatio: number;
  private nextCompactionAt = 0;
  private unusable: Error | undefined;
  private readonly status: FileStoreStatus;

  private constructor(
    readonly path: string,
    private readonly lock: StateLock,
    contents: StateFileContents,
    droppedTailBytes: number,
    compaction: CompactionOptions,
  ) {
    this.minJournalBytes = compaction.minJournalBytes ?? 1024 * 1024;
    this.journalToSnapshotRatio = compaction.journalToSnapshotRatio ?? 0.5;
    this.loaded = contents.state;
    this.status = {
      fileBytes: contents.validBytes,
      snapshotBytes: contents.snapshotBytes,
      journalBytes: contents.journalBytes,
      journalRecords: contents.journalRecords,
      compactions: 0,
      droppedTailBytes,
    };
    this.fd = fs.openSync(path, 'a');
  }

  /**
   * Opens (or creates) the state file at `filePath`: takes its lock, removes what a crash
   * mid-compaction left, reads and checks every record and drops a torn last record. Throws
   * `StateLockedError` when another live process holds the file, `StateFileCorruptError` or
   * `UnsupportedStateFileVersionError` when it cannot be read.
   */
  static open(filePath: string, options: FileStoreOptions = {}): FileStore {
    const absolute = resolveStatePath(filePath);
    createDirectories(path.dirname(absolute));
    const lock = StateLock.acquire(absolute, options.owner);
    try {
      fs.rmSync(compactionPath(absolute), { force: true });
      let contents = readStateFile(absolute);
      if (!contents) {
        replaceAtomically(absolute, [header()]);
        contents = { state: undefined, snapshotBytes: 0, journalBytes: 0, journalRecords: 0, validBytes: HEADER_BYTES, fileBytes: HEADER_BYTES };
      }
      const dropped = contents.fileBytes - contents.validBytes;
      if (dropped > 0) truncateDurably(absolute, contents.validBytes);
      return new FileStore(absolute, lock, contents, dropped, options.compaction ?? {});
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** The state as last committed; the first call hands over what `open` read, later calls read the file again. */
  load(): Collections | undefined {
    this.requireOpen();
    if (this.loaded) {
      const state = this.loaded;
      this.loaded = undefined;
      return state;
    }
    return readStateFile(this.path)?.state;
  }

  /** Appends one commit record and fsyncs it; compacts afterwards when the journal has grown enough. */
  commit(changes: Change[]): void {
    const fd = this.requireOpen();
    if (changes.length === 0) return;
    this.loaded = undefined;
    const journal = changes.map((change) => ({ collection: change.collection, id: change.id, value: change.value ?? null }));
    const record = encodeRecord(COMMIT, JSON.stringify(journal));
    const end = fs.fstatSync(fd).size;
    try {
      writeFully(fd, record);
      fs.fdatasyncSync(fd);
    } catch (error) {
      // A partial record left behind would sit in the middle of the journal once later commits
      // follow it; cut it off so the file stays readable, then report the failed commit. If even
      // that fails, refuse further commits rather than bury the damage under them.
      try {
        fs.ftruncateSync(fd, end);
      } catch {
        this.unusable = error instanceof Error ? error : new Error(String(error));
      }
      throw error;
    }
    this.status.fileBytes = end + record.length;
    this.status.journalBytes += record.length;
    this.status.journalRecords += 1;
    if (this.status.journalBytes > Math.max(this.minJournalBytes, this.status.snapshotBytes * this.journalToSnapshotRatio, this.nextCompactionAt)) {
      this.compactAfterCommit();
    }
  }

  /** Folds the journal into a new snapshot now (written beside the file, fsync'ed, renamed over it). */
  compact(): void {
    this.requireOpen();
    const contents = readStateFile(this.path);
    if (!contents || contents.journalRecords === 0) return;
    const snapshot = encodeRecord(SNAPSHOT, JSON.stringify(contents.state ?? {}));
    // Windows cannot replace a file that is open without delete sharing; close first, reopen after.
    fs.closeSync(this.requireOpen());
    this.fd = undefined;
    try {
      replaceAtomically(this.path, [header(), snapshot]);
    } finally {
      this.fd = fs.openSync(this.path, 'a');
      this.status.fileBytes = fs.fstatSync(this.fd).size;
    }
    this.status.snapshotBytes = snapshot.length;
    this.status.journalBytes = 0;
    this.status.journalRecords = 0;
    this.status.compactions += 1;
  }

  /** Records in the lock file where this process now serves the organization. */
  setEndpoint(endpoint: string | undefined): void {
    this.requireOpen();
    this.lock.setEndpoint(endpoint);
  }

  /** The owner recorded in the lock file. */
  get owner(): StateOwner {
    return this.lock.owner;
  }

  /** Sizes and events so far. */
  getStatus(): FileStoreStatus {
    return { ...this.status };
  }

  /** Closes the file and releases the lock. Safe to call more than once. */
  close(): void {
    if (this.fd !== undefined) {
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
    this.loaded = undefined;
    this.lock.release();
  }

  /**
   * A compaction failure (a full disk, say) must not fail the commit that triggered it: that commit
   * is already durable in the journal. Keep the error for the status and retry once the journal has
   * doubled.
   */
  private compactAfterCommit(): void {
    try {
      this.compact();
      this.nextCompactionAt = 0;
      delete this.status.lastCompactionError;
    } catch (error) {
      try {
        fs.rmSync(compactionPath(this.path), { force: true });
      } catch {
        // Whatever blocks the temporary file's place also fails the next compaction, which reports it.
      }
      this.status.lastCompactionError = error instanceof Error ? error : new Error(String(error));
      this.nextCompactionAt = this.status.journalBytes * 2;
    }
  }

  private requireOpen(): number {
    if (this.unusable) throw new Error(`The state store ${this.path} stopped accepting commits after a failed write it could not undo: ${this.unusable.message}`);
    if (this.fd === undefined) throw new Error(`The state store ${this.path} is closed.`);
    return this.fd;
  }
}

function compactionPath(statePath: string): string {
  return `${statePath}.compact`;
}

function header(): Buffer {
  const buffer = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(buffer, 0);
  buffer.writeUInt32LE(STATE_FILE_FORMAT_VERSION, 8);
  buffer.writeUInt32LE(crc32(buffer.subarray(0, 12)), 12);
  return buffer;
}

function encodeRecord(kind: number, json: string): Buffer {
  const bodyLength = 1 + Buffer.byteLength(json);
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + bodyLength);
  record[RECORD_HEADER_BYTES] = kind;
  record.write(json, RECORD_HEADER_BYTES + 1, 'utf8');
  const body = record.subarray(RECORD_HEADER_BYTES);
  record.writeUInt32LE(bodyLength, 0);
  record.writeUInt32LE(crc32(body), 4);
  record.writeUInt32LE(crc32(record.subarray(0, 8)), 8);
  return record;
}

/**
 * Reads and checks a whole state file; undefined when it does not exist. A torn last record is
 * reported through `validBytes` (it was never acknowledged); any other damage throws.
 */
function readStateFile(filePath: string): StateFileContents | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const corrupt = (offset: number, reason: string) => new StateFileCorruptError(filePath, offset, reason);
  // The file is created whole by an atomic rename, so even a short header is damage, not a torn write.
  if (data.length === 0) throw corrupt(0, 'the file is empty, but a state file always starts with a header');
  if (data.length < MAGIC.length || !data.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw corrupt(0, 'it does not start with the state file magic "AWSORGS\\n" (not a state file, or overwritten)');
  }
  if (data.length < HEADER_BYTES) throw corrupt(data.length, `the header is cut short (${data.length} of ${HEADER_BYTES} bytes)`);
  // The first 12 bytes keep this layout in every format version, so a newer file is recognised as such.
  const version = data.readUInt32LE(8);
  if (version > STATE_FILE_FORMAT_VERSION) throw new UnsupportedStateFileVersionError(filePath, version);
  if (data.readUInt32LE(12) !== crc32(data.subarray(0, 12))) throw corrupt(8, 'the header checksum does not match');
  if (version === 0) throw corrupt(8, 'format version 0 does not exist');

  const contents: StateFileContents = { state: undefined, snapshotBytes: 0, journalBytes: 0, journalRecords: 0, validBytes: data.length, fileBytes: data.length };
  let offset = HEADER_BYTES;
  while (offset < data.length) {
    const remaining = data.length - offset;
    if (remaining < RECORD_HEADER_BYTES) {
      contents.validBytes = offset; // An append cut short inside the record header.
      break;
    }
    if (data.readUInt32LE(offset + 8) !== crc32(data.subarray(offset, offset + 8))) {
      // A file extended by an append whose bytes never reached the disk reads back as zeros.
      if (isAllZero(data, offset)) {
        contents.validBytes = offset;
        break;
      }
      throw corrupt(offset, 'a record header checksum does not match');
    }
    const bodyLength = data.readUInt32LE(offset);
    const bodyStart = offset + RECORD_HEADER_BYTES;
    if (bodyLength > data.length - bodyStart) {
      // The length is intact (its checksum matched), so the body really was cut short at the end.
      contents.validBytes = offset;
      break;
    }
    const body = data.subarray(bodyStart, bodyStart + bodyLength);
    if (bodyLength === 0) throw corrupt(offset, 'a record has an empty body');
    if (data.readUInt32LE(offset + 4) !== crc32(body)) throw corrupt(offset, 'a record checksum does not match its content');
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8', 1));
    } catch {
      throw corrupt(offset, 'a record with a valid checksum does not hold JSON');
    }
    const recordBytes = RECORD_HEADER_BYTES + bodyLength;
    if (body[0] === SNAPSHOT) {
      if (offset !== HEADER_BYTES) throw corrupt(offset, 'a snapshot record follows other records');
      if (!isCollections(parsed)) throw corrupt(offset, 'the snapshot is not an object of collections');
      contents.state = parsed;
      contents.snapshotBytes = recordBytes;
    } else if (body[0] === COMMIT) {
      if (!Array.isArray(parsed) || !parsed.every(isChange)) throw corrupt(offset, 'a commit record is not a list of changes');
      contents.state ??= {};
      for (const change of parsed) applyChange(contents.state, change);
      contents.journalBytes += recordBytes;
      contents.journalRecords += 1;
    } else {
      throw corrupt(offset, `unknown record kind 0x${body[0].toString(16)}`);
    }
    offset += recordBytes;
  }
  return contents;
}

function isAllZero(data: Buffer, from: number): boolean {
  for (let index = from; index < data.length; index++) if (data[index] !== 0) return false;
  return true;
}

function isCollections(value: unknown): value is Collections {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((records) => typeof records === 'object' && records !== null && !Array.isArray(records));
}

function isChange(value: unknown): value is Change {
  if (typeof value !== 'object' || value === null) return false;
  const change = value as Record<string, unknown>;
  return typeof change.collection === 'string' && typeof change.id === 'string' && 'value' in change;
}

function applyChange(state: Collections, change: Change): void {
  const records = Object.hasOwn(state, change.collection) ? state[change.collection] : setOwn<Record<string, unknown>>(state, change.collection, {});
  if (change.value === null) delete records[change.id];
  else setOwn(records, change.id, change.value);
}

/** Assigns an own property, also for keys such as `__proto__` that plain assignment would not create. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): T {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

function writeFully(fd: number, buffer: Buffer): void {
  let written = 0;
  while (written < buffer.length) written += fs.writeSync(fd, buffer, written);
}

/** Creates or replaces a file so that a crash leaves either the old content or the new, whole. */
function replaceAtomically(filePath: string, parts: Buffer[]): void {
  const temporary = compactionPath(filePath);
  const fd = fs.openSync(temporary, 'wx');
  try {
    for (const part of parts) writeFully(fd, part);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, filePath);
  syncDirectory(filePath);
}

function truncateDurably(filePath: string, length: number): void {
  const fd = fs.openSync(filePath, 'r+');
  try {
    fs.ftruncateSync(fd, length);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates a missing folder (VS Code does not create an extension's storage folder), durably. */
function createDirectories(directory: string): void {
  const first = fs.mkdirSync(directory, { recursive: true });
  if (first === undefined) return;
  // Each new folder's entry lives in its parent; sync every parent from the deepest up to the first's.
  for (let created = directory; ; created = path.dirname(created)) {
    syncDirectory(created);
    if (created === first) break;
  }
}

/** Makes a change to the entries of the directory holding `filePath` durable. Windows cannot open a directory; NTFS journals renames. */
function syncDirectory(filePath: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(path.dirname(filePath), 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
