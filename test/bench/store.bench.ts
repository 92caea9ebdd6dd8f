/**
 * State file figures: how fast fsync'ed commits go (compactions included, as they come), how long a
 * 10,000-account organization takes to load (from a snapshot, and with the longest journal the default
 * compaction threshold allows), and how long a compaction takes. Load times are given in CPU time too,
 * which other processes on the machine disturb less than the wall clock.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileStore } from '../../server/src/emulator/fileStore';
import { generateOrganization } from '../../server/src/emulator/seeds';
import { Change } from '../../server/src/emulator/store';
import { elapsedMs, Figure, percentile } from './support';

const ACCOUNTS = 10_000;

/** The median wall-clock and CPU time of `runs` calls of `action`. */
function median(runs: number, action: () => void): { ms: number; cpuMs: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    action();
    const used = process.cpuUsage(cpuStart);
    wall.push(elapsedMs(start));
    cpu.push((used.user + used.system) / 1000);
  }
  return { ms: percentile(wall, 50), cpuMs: percentile(cpu, 50) };
}

function load(file: string): { ms: number; cpuMs: number } {
  return median(5, () => {
    const store = FileStore.open(file);
    if (!store.load()?.accounts) throw new Error('the organization did not load');
    store.close();
  });
}

/** What one operation of the engine commits, roughly: an account moved, with its attachment list. */
function operation(accountIds: string[], index: number, parentIds: string[]): Change[] {
  const id = accountIds[index % accountIds.length];
  return [
    {
      collection: 'accounts',
      id,
      value: {
        Id: id, Name: `Account ${index}`, Email: `aws-account-${index}@example.com`, State: 'ACTIVE',
        ParentId: parentIds[index % parentIds.length], JoinedMethod: 'CREATED', JoinedTimestamp: new Date(0).toISOString(),
      },
    },
    { collection: 'attachments', id, value: ['p-FullAWSAccess'] },
  ];
}

export async function run(): Promise<Figure[]> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'store-bench-'));
  try {
    const file = path.join(folder, 'organization.state');
    const { collections } = generateOrganization({ accounts: ACCOUNTS, ous: 2000, policies: 500, depth: 5 });
    const store = FileStore.open(file);
    store.commit(Object.entries(collections).flatMap(([collection, records]) => Object.entries(records).map(([id, value]) => ({ collection, id, value }))));
    const compaction = median(3, () => {
      // Each round leaves a one-record journal behind so that the next compaction has work to do.
      store.compact();
      store.commit(operation(Object.keys(collections.accounts), 0, Object.keys(collections.organizationalUnits)));
    });
    store.compact();
    const snapshotBytes = store.getStatus().fileBytes;

    const accountIds = Object.keys(collections.accounts);
    const parentIds = Object.keys(collections.organizationalUnits);
    // Commits until the default threshold (a journal half as large as the snapshot) has triggered a compaction.
    const commitMs: number[] = [];
    const started = process.hrtime.bigint();
    const compactionsBefore = store.getStatus().compactions;
    for (let index = 0; store.getStatus().compactions === compactionsBefore || commitMs.length < 2000; index++) {
      const start = process.hrtime.bigint();
      store.commit(operation(accountIds, index, parentIds));
      commitMs.push(elapsedMs(start));
    }
    const totalMs = elapsedMs(started);
    store.close();
    const loadFromSnapshot = load(file);

    // The longest journal the default threshold lets through: half the snapshot's bytes. Ten operations
    // a commit only get there sooner; the journal's bytes are what loading pays for.
    const grow = FileStore.open(file, { compaction: { minJournalBytes: Number.MAX_SAFE_INTEGER } });
    for (let index = 0; grow.getStatus().journalBytes < snapshotBytes / 2; index += 10) {
      grow.commit(Array.from({ length: 10 }, (_, offset) => operation(accountIds, index + offset, parentIds)).flat());
    }
    grow.close();
    const loadWithJournal = load(file);

    return [
      { name: 'store.commits_per_second', value: Math.round(commitMs.length / (totalMs / 1000)), unit: 'commits/s' },
      { name: 'store.commit_p50', value: percentile(commitMs, 50), unit: 'ms' },
      { name: 'store.commit_p99', value: percentile(commitMs, 99), unit: 'ms' },
      { name: 'store.commit_max', value: Math.max(...commitMs), unit: 'ms' },
      { name: 'store.commits_measured', value: commitMs.length, unit: 'commits' },
      { name: 'store.snapshot_bytes_10000_accounts', value: snapshotBytes, unit: 'bytes' },
      { name: 'store.compaction_10000_accounts', value: compaction.ms, unit: 'ms' },
      { name: 'store.load_10000_accounts', value: loadFromSnapshot.ms, unit: 'ms' },
      { name: 'store.load_10000_accounts_cpu', value: loadFromSnapshot.cpuMs, unit: 'ms' },
      { name: 'store.load_10000_accounts_with_full_journal', value: loadWithJournal.ms, unit: 'ms' },
      { name: 'store.load_10000_accounts_with_full_journal_cpu', value: loadWithJournal.cpuMs, unit: 'ms' },
      { name: 'store.file_bytes_with_full_journal', value: fs.statSync(file).size, unit: 'bytes' },
    ];
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
