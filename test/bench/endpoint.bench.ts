/**
 * The endpoint under load: a read/write mix of AWS JSON 1.1 requests over HTTP with keep-alive, sent from a
 * second process (this module, run as a child), against a 10,000-account organization. Reports requests per
 * second and p50/p99 latency, overall and for reads and writes apart, and what the wire layer adds to an
 * engine call in process.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { OrganizationsEngine } from '../../server/src/emulator/engine';
import { generateOrganization } from '../../server/src/emulator/seeds';
import { createEndpointHandler, targetPrefix, type EndpointHandler } from '../../server/src/endpoint/handler';
import { startEndpointServer } from '../../server/src/endpoint/server';
import { percentile, type Figure } from './support';

/** What the parent hands the load process. */
interface LoadPlan {
  url: string;
  accountIds: string[];
  organizationalUnitIds: string[];
  /** How long the measured run lasts, after a warm-up of a tenth of it. */
  durationMs: number;
  concurrency: number;
}

/** What the load process reports back. */
interface LoadResult {
  seconds: number;
  reads: number[];
  writes: number[];
  failures: number;
  /** Latencies of ListAccountsForParent alone: the call that pages a parent's accounts for the tree. */
  listAccountsForParent: number[];
}

let renames = 0;

/** One request of the mix: 80% reads, 20% writes, on random entities. */
function nextRequest(plan: LoadPlan, random: () => number): { operation: string; input: Record<string, unknown>; write: boolean } {
  const account = plan.accountIds[Math.floor(random() * plan.accountIds.length)];
  const unit = plan.organizationalUnitIds[Math.floor(random() * plan.organizationalUnitIds.length)];
  const roll = random();
  if (roll < 0.25) return { operation: 'DescribeAccount', input: { AccountId: account }, write: false };
  if (roll < 0.4) return { operation: 'ListParents', input: { ChildId: account }, write: false };
  if (roll < 0.55) return { operation: 'ListPoliciesForTarget', input: { TargetId: account, Filter: 'SERVICE_CONTROL_POLICY' }, write: false };
  if (roll < 0.7) return { operation: 'ListAccountsForParent', input: { ParentId: unit, MaxResults: 20 }, write: false };
  if (roll < 0.8) return { operation: 'DescribeOrganization', input: {}, write: false };
  if (roll < 0.9) return { operation: 'TagResource', input: { ResourceId: account, Tags: [{ Key: 'bench', Value: String(Math.floor(random() * 1000)) }] }, write: true };
  if (roll < 0.95) return { operation: 'UntagResource', input: { ResourceId: account, TagKeys: ['bench'] }, write: true };
  // Each new name is used once, so no rename collides with a sibling's name.
  return { operation: 'UpdateOrganizationalUnit', input: { OrganizationalUnitId: unit, Name: `Unit${++renames}` }, write: true };
}

/** The load process: sends requests for `plan.durationMs` over `plan.concurrency` keep-alive connections. */
async function generateLoad(plan: LoadPlan): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency });
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const result: LoadResult = { seconds: 0, reads: [], writes: [], failures: 0, listAccountsForParent: [] };
  const send = (operation: string, input: Record<string, unknown>) => new Promise<number>((resolve, reject) => {
    const body = JSON.stringify(input);
    const request = http.request(plan.url, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `${targetPrefix}${operation}`,
        'content-length': Buffer.byteLength(body),
        authorization: 'AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/organizations/aws4_request, SignedHeaders=host, Signature=0',
      },
    }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(body);
  });
  const worker = async (measure: boolean, until: number) => {
    while (Date.now() < until) {
      const { operation, input, write } = nextRequest(plan, random);
      const start = process.hrtime.bigint();
      const status = await send(operation, input);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (!measure) continue;
      if (status !== 200) result.failures++;
      (write ? result.writes : result.reads).push(ms);
      if (operation === 'ListAccountsForParent') result.listAccountsForParent.push(ms);
    }
  };
  const warmupUntil = Date.now() + plan.durationMs / 10;
  await Promise.all(Array.from({ length: plan.concurrency }, () => worker(false, warmupUntil)));
  const start = process.hrtime.bigint();
  const until = Date.now() + plan.durationMs;
  await Promise.all(Array.from({ length: plan.concurrency }, () => worker(true, until)));
  result.seconds = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  return result;
}

/**
 * What the wire adds to an engine call, in process: the handler's DescribeAccount minus the engine's, per
 * call, measured after a first round that lets the JIT compile both paths.
 */
async function wireOverhead(engine: OrganizationsEngine, handler: EndpointHandler, accountIds: string[]): Promise<number> {
  const calls = 5000;
  const ids = Array.from({ length: calls }, (_, i) => accountIds[(i * 7919) % accountIds.length]);
  let overhead = 0;
  for (let round = 0; round < 2; round++) {
    let start = process.hrtime.bigint();
    for (const id of ids) engine.call('DescribeAccount', { AccountId: id }, engine.managementAccountId);
    const engineNs = Number(process.hrtime.bigint() - start);
    start = process.hrtime.bigint();
    for (const id of ids) {
      await handler({
        method: 'POST', path: '/', body: Buffer.from(JSON.stringify({ AccountId: id })),
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${targetPrefix}DescribeAccount` },
      });
    }
    overhead = (Number(process.hrtime.bigint() - start) - engineNs) / calls / 1000;
  }
  return overhead;
}

export async function run(): Promise<Figure[]> {
  const engine = new OrganizationsEngine();
  const generated = generateOrganization({ accounts: 10_000, ous: 200, policies: 20, depth: 5 });
  engine.importState(generated);
  const collections = generated.collections;
  const handler = createEndpointHandler(engine, {});
  const overheadMicroseconds = await wireOverhead(engine, handler, Object.keys(collections.accounts ?? {}));
  const server = await startEndpointServer(handler);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'endpoint-bench-'));
  const planFile = path.join(folder, 'plan.json');
  const plan: LoadPlan = {
    url: server.url,
    accountIds: Object.keys(collections.accounts ?? {}),
    organizationalUnitIds: Object.keys(collections.organizationalUnits ?? {}),
    durationMs: 10_000,
    concurrency: 8,
  };
  fs.writeFileSync(planFile, JSON.stringify(plan));
  try {
    const child = spawn(process.execPath, [__filename, planFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`the load process exited with ${code}`);
    const result = JSON.parse(output) as LoadResult;
    if (result.failures) throw new Error(`${result.failures} requests of the mix failed`);
    const all = [...result.reads, ...result.writes];
    const round = (value: number) => Math.round(value * 1000) / 1000;
    return [
      { name: 'endpoint.accounts', value: plan.accountIds.length, unit: 'accounts' },
      { name: 'endpoint.requests', value: all.length, unit: 'requests' },
      { name: 'endpoint.requests_per_second', value: Math.round(all.length / result.seconds), unit: 'req/s' },
      { name: 'endpoint.latency_p50', value: round(percentile(all, 50)), unit: 'ms' },
      { name: 'endpoint.latency_p99', value: round(percentile(all, 99)), unit: 'ms' },
      { name: 'endpoint.read_latency_p50', value: round(percentile(result.reads, 50)), unit: 'ms' },
      { name: 'endpoint.read_latency_p99', value: round(percentile(result.reads, 99)), unit: 'ms' },
      { name: 'endpoint.write_latency_p50', value: round(percentile(result.writes, 50)), unit: 'ms' },
      { name: 'endpoint.write_latency_p99', value: round(percentile(result.writes, 99)), unit: 'ms' },
      { name: 'endpoint.list_accounts_for_parent_p50', value: round(percentile(result.listAccountsForParent, 50)), unit: 'ms' },
      { name: 'endpoint.wire_overhead_per_call', value: round(overheadMicroseconds), unit: 'µs' },
    ];
  } finally {
    await server.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

// Run as `node endpoint.bench.js <plan.json>`, this module is the load process.
if (require.main === module) {
  const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as LoadPlan;
  generateLoad(plan).then(
    (result) => process.stdout.write(JSON.stringify(result)),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
