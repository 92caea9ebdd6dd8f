/**
 * The crash test: a writer process drives the engine on a file store and is killed with SIGKILL at
 * a random moment, 200 times. After each kill the file must open, the organization must load, every
 * acknowledged operation must be in it, and nothing but the one operation in flight may be added.
 * Tiny compaction thresholds in the writer make kills land mid-compaction too.
 */
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { OrganizationsEngine } from '../../../server/src/emulator/engine';
import { FileStore } from '../../../server/src/emulator/fileStore';
import { generateOrganization } from '../../../server/src/emulator/seeds';
import { applyOperation, MANAGEMENT_ACCOUNT_ID, nextOperation, readItems } from './crashWriter';
import { seededRandom } from '../../support/random';

const KILLS = 200;
/** Writers run side by side on separate files, one per core. */
const LANES = 2;
/**
 * Kills land within this long after the writer's first acknowledgement, so that each run writes even
 * when the machine is busy; one run in ten is killed within a third of it after starting instead, so
 * that kills also land while a writer opens the file (recovery, lock takeover).
 */
const MAX_DELAY_MS = 150;

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-test-'));
const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
  fs.rmSync(root, { recursive: true, force: true });
});

interface Run {
  lines: string[];
  killedBeforeReady: boolean;
  stderr: string;
}

/** Starts the writer and kills it after a random delay; resolves with what it printed once it is gone (and reaped). */
function writeAndKill(statePath: string, next: () => number): Promise<Run> {
  const child = spawn(process.execPath, [path.join(__dirname, 'crashWriter.js'), statePath], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  const early = next() < 0.1;
  const delay = next() * (early ? MAX_DELAY_MS / 3 : MAX_DELAY_MS);
  let killedBeforeReady = false;
  const kill = () => {
    killedBeforeReady = !stdout.startsWith('ready\n');
    child.kill('SIGKILL');
  };
  let timer = early ? setTimeout(kill, delay) : undefined;
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!timer && stdout.includes('\nack ')) timer = setTimeout(kill, delay);
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      running.delete(child);
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`the writer ended by itself (${signal ?? `exit ${code}`}): ${stderr}`));
      else resolve({ lines: stdout.split('\n').filter((line) => line && line !== 'ready'), killedBeforeReady, stderr });
    });
  });
}

interface Figures {
  kills: number;
  acknowledged: number;
  killedBeforeReady: number;
  midCompaction: number;
  tornTails: number;
  inFlightFound: number;
}

/** One lane: its own state file, killed KILLS / LANES times, checked after each kill. */
async function lane(index: number, seed: number, figures: Figures): Promise<void> {
  const statePath = path.join(root, `lane-${index}.state`);
  const next = seededRandom(seed + index);
  // A state of some size (about 1 MB) makes every compaction, and so its window for a kill, long.
  const setup = FileStore.open(statePath);
  new OrganizationsEngine({ store: setup }).importState(generateOrganization({ accounts: 2000, ous: 200, policies: 50, depth: 3, managementAccountId: MANAGEMENT_ACCOUNT_ID }));
  setup.close();

  let items = new Map<number, string>();
  for (let run = 0; run < KILLS / LANES; run++) {
    const where = `lane ${index}, run ${run} (CRASH_SEED=${seed})`;
    const { lines, killedBeforeReady, stderr } = await writeAndKill(statePath, next);
    figures.kills += 1;
    if (killedBeforeReady) figures.killedBeforeReady += 1;

    // The acknowledged operations must follow the fixed sequence from the state the writer found.
    let expected = new Set(items.keys());
    const acknowledgedIds = new Map<number, string>();
    for (const line of lines) {
      const operation = nextOperation(expected);
      const [word, kind, item, id] = line.split(' ');
      assert.deepEqual({ word, kind, item: Number(item) }, { word: 'ack', ...operation }, `${where}: unexpected line ${line}; stderr: ${stderr}`);
      if (id) acknowledgedIds.set(operation.item, id);
      expected = applyOperation(expected, operation);
      figures.acknowledged += 1;
    }

    if (fs.existsSync(`${statePath}.compact`)) figures.midCompaction += 1;
    const store = FileStore.open(statePath);
    try {
      if (store.getStatus().droppedTailBytes > 0) figures.tornTails += 1;
      const engine = new OrganizationsEngine({ store });
      const found = readItems(engine);
      const present = [...found.keys()].sort((a, b) => a - b);
      // Every acknowledged operation is there; the operation in flight at the kill may be there or not.
      const withInFlight = applyOperation(expected, nextOperation(expected));
      const acceptable = [expected, withInFlight].map((set) => [...set].sort((a, b) => a - b));
      assert.ok(
        acceptable.some((candidate) => JSON.stringify(candidate) === JSON.stringify(present)),
        `${where}: after ${lines.length} acknowledged operations the organization holds items [${present}], expected [${acceptable[0]}] (or [${acceptable[1]}] with the operation in flight)`,
      );
      if (JSON.stringify(present) !== JSON.stringify(acceptable[0])) figures.inFlightFound += 1;
      for (const [item, id] of acknowledgedIds) if (found.has(item)) assert.equal(found.get(item), id, `${where}: item ${item} has another ID`);
      for (const [item, id] of items) if (found.has(item)) assert.equal(found.get(item), id, `${where}: item ${item} changed its ID`);
      items = found;
    } finally {
      store.close();
    }
  }
  // Compaction leaves a snapshot as the first record; without one, no kill could have hit a compaction.
  assert.equal(fs.readFileSync(statePath)[16 + 12], 'S'.charCodeAt(0), `lane ${index}: the writers never compacted the file`);
}

// Most of the time goes to starting 200 Node processes, which takes minutes on cores shared with
// other work, so the timeout only catches a hang.
test(`a writer killed with SIGKILL ${KILLS} times loses no acknowledged operation`, { timeout: 900_000 }, async (t) => {
  const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const figures: Figures = { kills: 0, acknowledged: 0, killedBeforeReady: 0, midCompaction: 0, tornTails: 0, inFlightFound: 0 };
  const started = Date.now();
  await Promise.all(Array.from({ length: LANES }, (_, index) => lane(index, seed, figures)));
  t.diagnostic(`CRASH_SEED=${seed} ${JSON.stringify(figures)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.equal(figures.kills, KILLS);
  assert.ok(figures.acknowledged >= KILLS, `the writers acknowledged only ${figures.acknowledged} operations: the kills came too early to test much`);
});
