/** One writer per state file: the lock, its recorded endpoint, stale takeover, and release on close and exit. */
import assert from 'node:assert/strict';
import { ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { FileStore } from '../../../server/src/emulator/fileStore';
import { lockPathFor, readStateLock, StateLockedError, StateOwner } from '../../../server/src/emulator/stateLock';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'state-lock-test-'));
const children = new Set<ChildProcessWithoutNullStreams>();
after(() => {
  for (const child of children) child.kill('SIGKILL');
  fs.rmSync(root, { recursive: true, force: true });
});

let counter = 0;
function freshPath(): string {
  const folder = path.join(root, String(++counter));
  fs.mkdirSync(folder);
  return path.join(folder, 'organization.state');
}

/** The ID of a process that has already exited (and been reaped); one serves every test. */
let deadPidFound: number | undefined;
function deadPid(): number {
  deadPidFound ??= spawnSync(process.execPath, ['-e', '']).pid;
  assert.ok(deadPidFound);
  return deadPidFound;
}

function writeLock(statePath: string, owner: Partial<StateOwner>): void {
  const full: StateOwner = { pid: deadPid(), hostname: os.hostname(), acquiredAt: new Date(0).toISOString(), token: '00000000-0000-4000-8000-000000000000', ...owner };
  fs.writeFileSync(lockPathFor(statePath), JSON.stringify(full));
}

function lockedBy(check: (error: StateLockedError) => void) {
  return (error: unknown) => {
    assert.ok(error instanceof StateLockedError, String(error));
    check(error);
    return true;
  };
}

/**
 * A child process driven by lines on stdin: `open <file> <endpoint>` answers `won` or `locked <pid>`,
 * `close` closes what it opened and answers `closed`; when stdin ends it exits normally without closing.
 */
const childScript = `
const { FileStore } = require(${JSON.stringify(path.join(__dirname, '..', '..', '..', 'server', 'src', 'emulator', 'fileStore.js'))});
let store, pending = '';
const answer = (line) => process.stdout.write(line + '\\n');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let end = pending.indexOf('\\n'); end >= 0; end = pending.indexOf('\\n')) {
    const [command, file, endpoint] = pending.slice(0, end).split(' ');
    pending = pending.slice(end + 1);
    if (command === 'open') {
      try { store = FileStore.open(file, { owner: { endpoint } }); answer('won'); }
      catch (error) { answer(error.name === 'StateLockedError' ? 'locked ' + error.owner.pid : 'error ' + error.message); }
    } else if (command === 'close') { store?.close(); store = undefined; answer('closed'); }
  }
});
process.stdin.on('end', () => process.exit(0));
answer('ready');
`;

/** Starts a child and waits until it listens; answers its pid, a way to send a command and read the answer. */
async function startChild() {
  const child = spawn(process.execPath, ['-e', childScript]);
  children.add(child);
  child.on('exit', () => children.delete(child));
  const next = lineReader(child);
  assert.equal(await next(), 'ready');
  const send = (command: string) => {
    child.stdin.write(`${command}\n`);
    return next();
  };
  return { child, send };
}

/** Reads a child's stdout line by line: each call answers the next line. */
function lineReader(child: ChildProcessWithoutNullStreams): () => Promise<string> {
  const lines: string[] = [];
  const waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n')) {
      lines.push(text.slice(0, end));
      text = text.slice(end + 1);
    }
    while (lines.length && waiting.length) waiting.shift()!.resolve(lines.shift()!);
  });
  child.once('exit', (code, signal) => {
    for (const waiter of waiting.splice(0)) waiter.reject(new Error(`child exited (${signal ?? code}) before answering`));
  });
  return () =>
    lines.length ? Promise.resolve(lines.shift()!) : new Promise((resolve, reject) => waiting.push({ resolve, reject }));
}

function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('StateLock', () => {
  test('a second opener gets StateLockedError naming the owner and its endpoint', () => {
    const file = freshPath();
    const store = FileStore.open(file, { owner: { endpoint: 'http://127.0.0.1:4566' } });
    try {
      assert.throws(
        () => FileStore.open(file),
        lockedBy((error) => {
          assert.equal(error.owner.pid, process.pid);
          assert.equal(error.endpoint, 'http://127.0.0.1:4566');
          assert.equal(error.statePath, file);
          assert.match(error.message, /serves it at http:\/\/127\.0\.0\.1:4566/);
        }),
      );
    } finally {
      store.close();
    }
  });

  test('the endpoint can be published after opening and withdrawn again', () => {
    const file = freshPath();
    const store = FileStore.open(file);
    try {
      assert.equal(readStateLock(file)?.endpoint, undefined);
      store.setEndpoint('http://127.0.0.1:50123');
      assert.equal(readStateLock(file)?.endpoint, 'http://127.0.0.1:50123');
      assert.equal(store.owner.endpoint, 'http://127.0.0.1:50123');
      assert.throws(() => FileStore.open(file), lockedBy((error) => assert.equal(error.endpoint, 'http://127.0.0.1:50123')));
      store.setEndpoint(undefined);
      assert.equal(readStateLock(file)?.endpoint, undefined);
      assert.equal(readStateLock(file)?.token, store.owner.token, 'the same lock, rewritten');
    } finally {
      store.close();
    }
  });

  test('close releases the lock, and the file can be opened again', () => {
    const file = freshPath();
    FileStore.open(file).close();
    assert.equal(fs.existsSync(lockPathFor(file)), false);
    assert.equal(readStateLock(file), undefined);
    FileStore.open(file).close();
  });

  test('a lock whose owner process is gone is taken over', () => {
    const file = freshPath();
    const dead = deadPid();
    writeLock(file, { pid: dead, endpoint: 'http://127.0.0.1:1' });
    const store = FileStore.open(file);
    try {
      assert.equal(readStateLock(file)?.pid, process.pid);
      assert.equal(readStateLock(file)?.endpoint, undefined);
    } finally {
      store.close();
    }
  });

  test('a stale lock is taken over even when an opener died in the middle of taking it over', () => {
    const file = freshPath();
    const token = '22222222-2222-4222-8222-222222222222';
    writeLock(file, { token });
    const marker = `${lockPathFor(file)}.${token}.takeover`;
    fs.writeFileSync(marker, JSON.stringify({ pid: deadPid(), hostname: os.hostname(), acquiredAt: new Date(0).toISOString(), token: '33333333-3333-4333-8333-333333333333' }));
    const store = FileStore.open(file);
    try {
      assert.equal(readStateLock(file)?.pid, process.pid);
      assert.equal(fs.existsSync(marker), false);
    } finally {
      store.close();
    }
  });

  test('a lock held on another host counts as held: its process cannot be checked from here', () => {
    const file = freshPath();
    writeLock(file, { pid: deadPid(), hostname: `not-${os.hostname()}` });
    assert.throws(() => FileStore.open(file), lockedBy((error) => assert.equal(error.owner.hostname, `not-${os.hostname()}`)));
  });

  test('releasing does not remove a lock that is no longer ours', () => {
    const file = freshPath();
    const store = FileStore.open(file);
    writeLock(file, { pid: process.pid, token: '11111111-1111-4111-8111-111111111111' });
    store.close();
    assert.equal(readStateLock(file)?.token, '11111111-1111-4111-8111-111111111111');
  });

  test('a file in the lock’s place that is not a lock is reported, not overwritten', () => {
    const file = freshPath();
    fs.writeFileSync(lockPathFor(file), 'something else');
    assert.throws(() => FileStore.open(file), /is not a state lock/);
    assert.equal(fs.readFileSync(lockPathFor(file), 'utf8'), 'something else');
  });

  test('what openers killed mid-takeover left beside the lock is cleaned up', () => {
    const file = freshPath();
    const dead = deadPid();
    const litter = [
      `${lockPathFor(file)}.${dead}.0b1e2c3d-0000-4000-8000-000000000000.tmp`,
      `${lockPathFor(file)}.${dead}.0b1e2c3d-0000-4000-8000-000000000001.stale`,
      `${lockPathFor(file)}.0b1e2c3d-0000-4000-8000-000000000002.takeover`,
    ];
    for (const name of litter) fs.writeFileSync(name, '{}');
    const kept = `${lockPathFor(file)}.${process.pid}.0b1e2c3d-0000-4000-8000-000000000003.tmp`;
    fs.writeFileSync(kept, '{}');
    FileStore.open(file).close();
    for (const name of litter) assert.equal(fs.existsSync(name), false, name);
    assert.equal(fs.existsSync(kept), true, 'a live process’s file stays');
  });

  test('another process holding the file locks it; once it is killed, its lock is taken over', async () => {
    const file = freshPath();
    const { child, send } = await startChild();
    assert.equal(await send(`open ${file} http://127.0.0.1:4567`), 'won');
    assert.throws(
      () => FileStore.open(file),
      lockedBy((error) => {
        assert.equal(error.owner.pid, child.pid);
        assert.equal(error.endpoint, 'http://127.0.0.1:4567');
      }),
    );
    child.kill('SIGKILL');
    await exited(child);
    assert.equal(readStateLock(file)?.pid, child.pid, 'a killed owner leaves its lock behind');
    FileStore.open(file).close();
  });

  test('the lock is released when its process exits normally without closing the store', async () => {
    const file = freshPath();
    const { child, send } = await startChild();
    assert.equal(await send(`open ${file} http://127.0.0.1:4566`), 'won');
    assert.equal(readStateLock(file)?.pid, child.pid);
    child.stdin.end();
    await exited(child);
    assert.equal(child.exitCode, 0);
    assert.equal(readStateLock(file), undefined);
  });

  test('openers racing for one stale lock: exactly one wins and the others are told who', async () => {
    const racers = await Promise.all(Array.from({ length: 6 }, startChild));
    for (let round = 0; round < 50; round++) {
      const file = freshPath();
      writeLock(file, {});
      const lines = await Promise.all(racers.map(({ send }) => send(`open ${file} http://127.0.0.1:4566`)));
      const winners = racers.filter((_, index) => lines[index] === 'won');
      assert.equal(winners.length, 1, `round ${round}: ${lines.join(', ')}`);
      for (const line of lines.filter((answer) => answer !== 'won')) assert.equal(line, `locked ${winners[0].child.pid}`);
      await Promise.all(racers.map(({ send }) => send('close')));
      assert.equal(readStateLock(file), undefined);
    }
    for (const { child } of racers) child.stdin.end();
    await Promise.all(racers.map(({ child }) => exited(child)));
  });
});
