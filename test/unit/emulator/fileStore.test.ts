/** The crash-safe state file: persistence, compaction, torn tails dropped, every other damage reported. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { FileStore, StateFileCorruptError, STATE_FILE_FORMAT_VERSION, UnsupportedStateFileVersionError } from '../../../server/src/emulator/fileStore';
import { lockPathFor, readStateLock } from '../../../server/src/emulator/stateLock';
import { Change } from '../../../server/src/emulator/store';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'file-store-test-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** A fresh state file path in its own folder. */
function freshPath(): string {
  const folder = path.join(root, String(++counter));
  fs.mkdirSync(folder);
  return path.join(folder, 'organization.state');
}

function account(id: string, name: string): Change {
  return { collection: 'accounts', id, value: { Id: id, Name: name, Email: `${name}@example.com`, Status: 'ACTIVE' } };
}

/** A state file with three committed operations, closed again. */
function threeCommits(): string {
  const file = freshPath();
  const store = FileStore.open(file);
  store.commit([account('111111111111', 'alpha')]);
  store.commit([account('222222222222', 'beta')]);
  store.commit([account('333333333333', 'gamma')]);
  store.close();
  return file;
}

/** Byte offsets where each record of a state file starts (after the 16-byte header). */
function recordOffsets(file: string): number[] {
  const data = fs.readFileSync(file);
  const offsets: number[] = [];
  for (let offset = 16; offset < data.length; offset += 12 + data.readUInt32LE(offset)) offsets.push(offset);
  return offsets;
}

function reopenAndLoad(file: string) {
  const store = FileStore.open(file);
  try {
    return { state: store.load(), status: store.getStatus() };
  } finally {
    store.close();
  }
}

function assertCorrupt(file: string, offset: number) {
  const before = fs.readFileSync(file);
  assert.throws(
    () => FileStore.open(file),
    (error: unknown) => {
      assert.ok(error instanceof StateFileCorruptError, String(error));
      assert.equal(error.path, file);
      assert.equal(error.offset, offset);
      assert.match(error.message, new RegExp(`corrupt at byte ${offset}`));
      return true;
    },
  );
  assert.deepEqual(fs.readFileSync(file), before, 'a corrupt file is left exactly as it was');
  assert.equal(fs.existsSync(lockPathFor(file)), false, 'a failed open releases the lock');
}

describe('FileStore', () => {
  test('a missing file is a new store: nothing to load, and the file is created with a header', () => {
    const file = freshPath();
    const store = FileStore.open(file);
    assert.equal(store.load(), undefined);
    store.close();
    const data = fs.readFileSync(file);
    assert.equal(data.length, 16);
    assert.equal(data.subarray(0, 8).toString('latin1'), 'AWSORGS\n');
    assert.equal(data.readUInt32LE(8), STATE_FILE_FORMAT_VERSION);
  });

  test('missing folders on the way to the file are created', () => {
    const file = path.join(path.dirname(freshPath()), 'globalStorage', 'publisher.extension', 'organization.state');
    const store = FileStore.open(file);
    store.commit([account('111111111111', 'alpha')]);
    store.close();
    assert.deepEqual(Object.keys(reopenAndLoad(file).state!.accounts), ['111111111111']);
  });

  test('a state file reached through a symbolic link stays a link after compaction', { skip: process.platform === 'win32' && 'symbolic links need privileges on Windows' }, () => {
    const target = threeCommits();
    const link = path.join(path.dirname(freshPath()), 'link.state');
    fs.symlinkSync(target, link);
    const store = FileStore.open(link);
    assert.equal(readStateLock(link)?.token, store.owner.token);
    assert.ok(fs.existsSync(lockPathFor(target)), 'the lock sits beside the file, not the link');
    store.compact();
    store.close();
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.equal(Object.keys(reopenAndLoad(target).state!.accounts).length, 3);
  });

  test('committed changes, including deletions, are there after reopening', () => {
    const file = threeCommits();
    const store = FileStore.open(file);
    store.commit([{ collection: 'accounts', id: '222222222222', value: null }, { collection: 'organization', id: 'o-abcdefghij', value: { Id: 'o-abcdefghij' } }]);
    store.close();
    const { state } = reopenAndLoad(file);
    assert.deepEqual(Object.keys(state!.accounts).sort(), ['111111111111', '333333333333']);
    assert.deepEqual(state!.accounts['333333333333'], account('333333333333', 'gamma').value);
    assert.deepEqual(state!.organization, { 'o-abcdefghij': { Id: 'o-abcdefghij' } });
  });

  test('record IDs that are special to JavaScript objects are kept as plain keys', () => {
    const file = freshPath();
    const store = FileStore.open(file, { compaction: { minJournalBytes: 0, journalToSnapshotRatio: 0 } });
    store.commit([{ collection: 'tags', id: '__proto__', value: { Key: 'a' } }, { collection: 'constructor', id: 'x', value: 1 }]);
    store.commit([{ collection: 'tags', id: 'toString', value: { Key: 'b' } }]);
    store.close();
    const { state } = reopenAndLoad(file);
    assert.deepEqual(Object.keys(state!.tags).sort(), ['__proto__', 'toString']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(state!.tags, '__proto__')?.value, { Key: 'a' });
    assert.equal(Object.getPrototypeOf(state!.tags), Object.prototype);
  });

  test('load hands over the state read at open once, then reads the file again', () => {
    const file = threeCommits();
    const store = FileStore.open(file);
    const first = store.load()!;
    first.accounts['111111111111'] = 'changed by the engine';
    assert.deepEqual(store.load()!.accounts['111111111111'], account('111111111111', 'alpha').value);
    store.close();
  });

  test('a commit with no changes writes nothing', () => {
    const file = freshPath();
    const store = FileStore.open(file);
    store.commit([]);
    assert.equal(store.getStatus().journalRecords, 0);
    store.close();
    assert.equal(fs.statSync(file).size, 16);
  });

  test('a closed store refuses commits', () => {
    const store = FileStore.open(freshPath());
    store.close();
    store.close();
    assert.throws(() => store.commit([account('111111111111', 'alpha')]), /is closed/);
  });

  test('compaction folds the journal into a snapshot and keeps the file from growing without bound', () => {
    const file = freshPath();
    const store = FileStore.open(file, { compaction: { minJournalBytes: 4096, journalToSnapshotRatio: 1 } });
    let largest = 0;
    for (let round = 0; round < 2000; round++) {
      // The same 20 accounts are rewritten over and over: the state stays small, the journal would not.
      store.commit([account(String(100000000000 + (round % 20)), `name-${round}`)]);
      largest = Math.max(largest, fs.statSync(file).size);
    }
    const status = store.getStatus();
    store.close();
    assert.ok(status.compactions > 10, `compactions: ${status.compactions}`);
    assert.ok(largest < 16 * 1024, `the file peaked at ${largest} bytes`);
    assert.equal(status.fileBytes, fs.statSync(file).size);
    const { state } = reopenAndLoad(file);
    assert.equal(Object.keys(state!.accounts).length, 20);
    assert.deepEqual(state!.accounts['100000000019'], account('100000000019', 'name-1999').value);
  });

  test('a failed compaction does not fail the commit that triggered it, and is retried once the journal has doubled', () => {
    const file = freshPath();
    const store = FileStore.open(file, { compaction: { minJournalBytes: 1000, journalToSnapshotRatio: 0 } });
    // A folder in the temporary file's place makes compaction fail.
    fs.mkdirSync(`${file}.compact`);
    fs.writeFileSync(path.join(`${file}.compact`, 'keep'), '');
    let round = 0;
    while (store.getStatus().journalBytes <= 1000) store.commit([account(String(100000000000 + round), `name-${round++}`)]);
    const failed = store.getStatus();
    assert.equal(failed.compactions, 0);
    assert.match(String(failed.lastCompactionError), /EEXIST|EISDIR/);
    fs.rmSync(`${file}.compact`, { recursive: true });
    store.commit([account(String(100000000000 + round), `name-${round++}`)]);
    assert.equal(store.getStatus().compactions, 0, 'no retry before the journal has doubled');
    while (store.getStatus().compactions === 0) store.commit([account(String(100000000000 + round), `name-${round++}`)]);
    assert.equal(store.getStatus().lastCompactionError, undefined);
    store.close();
    assert.equal(Object.keys(reopenAndLoad(file).state!.accounts).length, round);
  });

  test('an explicit compaction leaves one snapshot record holding the whole state', () => {
    const file = threeCommits();
    const store = FileStore.open(file);
    store.compact();
    assert.equal(store.getStatus().journalRecords, 0);
    store.commit([account('444444444444', 'delta')]);
    store.close();
    assert.equal(recordOffsets(file).length, 2);
    assert.equal(fs.readFileSync(file)[16 + 12], 'S'.charCodeAt(0));
    const { state, status } = reopenAndLoad(file);
    assert.equal(Object.keys(state!.accounts).length, 4);
    assert.equal(status.journalRecords, 1);
  });

  test('what a crash mid-compaction leaves beside the file is removed and does not count', () => {
    const file = threeCommits();
    fs.writeFileSync(`${file}.compact`, 'half a snapshot');
    const { state } = reopenAndLoad(file);
    assert.equal(Object.keys(state!.accounts).length, 3);
    assert.equal(fs.existsSync(`${file}.compact`), false);
  });

  test('a torn last record (an append cut short, never acknowledged) is dropped and cut off', () => {
    const file = threeCommits();
    const last = recordOffsets(file)[2];
    for (const keep of [last + 5, last + 12, fs.statSync(file).size - 1]) {
      const copy = `${file}.${keep}`;
      fs.writeFileSync(copy, fs.readFileSync(file).subarray(0, keep));
      const { state, status } = reopenAndLoad(copy);
      assert.deepEqual(Object.keys(state!.accounts).sort(), ['111111111111', '222222222222']);
      assert.equal(status.droppedTailBytes, keep - last);
      assert.equal(fs.statSync(copy).size, last, 'the torn bytes are cut off before new records follow');
      const store = FileStore.open(copy);
      store.commit([account('444444444444', 'delta')]);
      store.close();
      assert.deepEqual(Object.keys(reopenAndLoad(copy).state!.accounts).sort(), ['111111111111', '222222222222', '444444444444']);
    }
  });

  test('a tail of zeros (a file extended but never written before a crash) is dropped', () => {
    const file = threeCommits();
    fs.appendFileSync(file, Buffer.alloc(300));
    const { state, status } = reopenAndLoad(file);
    assert.equal(Object.keys(state!.accounts).length, 3);
    assert.equal(status.droppedTailBytes, 300);
  });

  test('a flipped byte in a record in the middle of the file is reported with its offset', () => {
    const file = threeCommits();
    const middle = recordOffsets(file)[1];
    const data = fs.readFileSync(file);
    data[middle + 30] ^= 0x20;
    fs.writeFileSync(file, data);
    assertCorrupt(file, middle);
  });

  test('a flipped byte in the last record is reported too: it may have been acknowledged', () => {
    const file = threeCommits();
    const last = recordOffsets(file)[2];
    const data = fs.readFileSync(file);
    data[data.length - 3] ^= 0x01;
    fs.writeFileSync(file, data);
    assertCorrupt(file, last);
  });

  test('a damaged record length is reported, not mistaken for a torn tail that would drop later records', () => {
    const file = threeCommits();
    const middle = recordOffsets(file)[1];
    const data = fs.readFileSync(file);
    data[middle + 2] = 0x7f; // The length now runs far past the end of the file.
    fs.writeFileSync(file, data);
    assertCorrupt(file, middle);
  });

  test('garbage after the records is reported', () => {
    const file = threeCommits();
    const end = fs.statSync(file).size;
    fs.appendFileSync(file, 'this is not a record at all');
    assertCorrupt(file, end);
  });

  test('a file with the wrong magic is refused', () => {
    const file = freshPath();
    fs.writeFileSync(file, '{"accounts": {}}\n');
    assertCorrupt(file, 0);
  });

  test('a damaged header is refused', () => {
    const file = threeCommits();
    const data = fs.readFileSync(file);
    data[12] ^= 0xff;
    fs.writeFileSync(file, data);
    assertCorrupt(file, 8);
  });

  test('an empty file is refused: the store never creates one, so something else emptied it', () => {
    const file = freshPath();
    fs.writeFileSync(file, '');
    assertCorrupt(file, 0);
  });

  test('a file of a newer format version is refused clearly', () => {
    const file = freshPath();
    const header = Buffer.alloc(16);
    header.write('AWSORGS\n', 0, 'latin1');
    header.writeUInt32LE(STATE_FILE_FORMAT_VERSION + 1, 8);
    header.writeUInt32LE(crc32(header.subarray(0, 12)), 12);
    fs.writeFileSync(file, header);
    assert.throws(
      () => FileStore.open(file),
      (error: unknown) => {
        assert.ok(error instanceof UnsupportedStateFileVersionError);
        assert.equal(error.version, STATE_FILE_FORMAT_VERSION + 1);
        assert.match(error.message, /Update the extension/);
        return true;
      },
    );
  });

  test('a commit that cannot be serialized writes nothing and the store goes on', () => {
    const file = threeCommits();
    const store = FileStore.open(file);
    const size = fs.statSync(file).size;
    const unserializable: Change = { collection: 'accounts', id: 'x', value: { Id: 1n } };
    assert.throws(() => store.commit([unserializable]), /BigInt/);
    assert.equal(fs.statSync(file).size, size);
    store.commit([account('444444444444', 'delta')]);
    store.close();
    assert.equal(Object.keys(reopenAndLoad(file).state!.accounts).length, 4);
  });

  test('a commit cut short by a full disk is undone, so the commits after it stay readable', { skip: process.platform === 'win32' && 'needs ulimit' }, () => {
    // The shell's file size limit (8 blocks of 1,024 bytes) stands in for a full disk: a write past it
    // is cut short, then fails with EFBIG. The child commits 1,000-byte records until one fails, then
    // one record small enough for the space left.
    const file = freshPath();
    const script = `
      const { FileStore } = require(${JSON.stringify(path.join(__dirname, '..', '..', '..', 'server', 'src', 'emulator', 'fileStore.js'))});
      const store = FileStore.open(process.argv[1]);
      const record = (id, bytes) => [{ collection: 'records', id, value: 'x'.repeat(bytes) }];
      let id = 0;
      try { for (;;) { store.commit(record(String(id), 1000)); console.log('ack ' + id++); } }
      catch (error) { console.log('failed ' + error.code); }
      const left = 8 * 1024 - store.getStatus().fileBytes - 12 - 1 - 60;
      store.commit(record('last', left));
      console.log('ack last');
      store.close();
    `;
    const child = spawnSync('bash', ['-c', 'ulimit -f 8 && exec "$0" -e "$1" "$2"', process.execPath, script, file], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    const lines = child.stdout.trim().split('\n');
    assert.deepEqual(lines.slice(-2), ['failed EFBIG', 'ack last']);
    const { state, status } = reopenAndLoad(file);
    assert.equal(status.droppedTailBytes, 0);
    assert.deepEqual(Object.keys(state!.records).sort(), [...lines.filter((line) => line.startsWith('ack ')).map((line) => line.slice(4))].sort());
  });
});
