/**
 * IAM figures: operations per second on the endpoint (a read/write mix of IAM Query requests over HTTP with
 * keep-alive, against 1,000 accounts of 20 roles), `GetAccountAuthorizationDetails` of an account with 500
 * roles read whole through the SDK, page by page, and 10,000 accounts of 20 roles each: the engine's memory,
 * and the state file's size and load time.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { IAMClient, paginateGetAccountAuthorizationDetails } from '@aws-sdk/client-iam';
import { OrganizationsEngine } from '../../server/src/emulator/engine';
import { FileStore } from '../../server/src/emulator/fileStore';
import { generateOrganization } from '../../server/src/emulator/seeds';
import { createEndpointHandler } from '../../server/src/endpoint/handler';
import { startEndpointServer } from '../../server/src/endpoint/server';
import { elapsedMs, heapUsed, percentile, type Figure } from './support';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const inline = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 'dynamodb:Query'], Resource: '*' }] });

/** Requests per second of an 80/20 read/write mix of IAM requests, over 8 keep-alive connections for `durationMs`. */
async function endpointOpsPerSecond(url: string, accounts: string[], durationMs: number): Promise<{ perSecond: number; p99: number; failures: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const send = (account: string, parameters: Record<string, string>) => new Promise<number>((resolve, reject) => {
    const body = new URLSearchParams({ Version: '2010-05-08', ...parameters }).toString();
    const request = http.request(url, {
      method: 'POST', agent,
      headers: {
        'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body),
        authorization: `AWS4-HMAC-SHA256 Credential=${account}/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0`,
      },
    }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(body);
  });
  const latencies: number[] = [];
  let failures = 0;
  let created = 0;
  const until = Date.now() + durationMs;
  const worker = async () => {
    while (Date.now() < until) {
      const account = accounts[Math.floor(random() * accounts.length)];
      const roll = random();
      const parameters: Record<string, string> = roll < 0.3 ? { Action: 'GetRole', RoleName: 'OrganizationAccountAccessRole' }
        : roll < 0.5 ? { Action: 'ListRoles', MaxItems: '20' }
        : roll < 0.65 ? { Action: 'ListRolePolicies', RoleName: 'OrganizationAccountAccessRole' }
        : roll < 0.8 ? { Action: 'GetRolePolicy', RoleName: 'OrganizationAccountAccessRole', PolicyName: 'AdministratorAccess' }
        : roll < 0.9 ? { Action: 'TagRole', RoleName: 'OrganizationAccountAccessRole', 'Tags.member.1.Key': 'bench', 'Tags.member.1.Value': String(created) }
        : { Action: 'CreateRole', RoleName: `bench-${++created}`, AssumeRolePolicyDocument: trust };
      const start = process.hrtime.bigint();
      const status = await send(account, parameters);
      latencies.push(elapsedMs(start));
      if (status !== 200) failures++;
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: 8 }, worker));
  agent.destroy();
  return { perSecond: Math.round(latencies.length / (elapsedMs(start) / 1000)), p99: percentile(latencies, 99), failures };
}

/** The median time to read an account's whole authorization details through the SDK, all pages. */
async function authorizationDetails(url: string, account: string): Promise<{ ms: number; pages: number }> {
  const client = new IAMClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: account, secretAccessKey: 'local' }, maxAttempts: 1 });
  const runs: number[] = [];
  let pages = 0;
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    pages = 0;
    for await (const page of paginateGetAccountAuthorizationDetails({ client }, {})) if (page) pages++;
    runs.push(elapsedMs(start));
  }
  client.destroy();
  return { ms: percentile(runs, 50), pages };
}

export async function run(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const engine = new OrganizationsEngine();
  engine.importState(generateOrganization({ accounts: 1000, ous: 50, policies: 10, depth: 3, rolesPerAccount: 20 }));
  const accounts = (engine.exportState().collections.accounts ? Object.keys(engine.exportState().collections.accounts) : []);
  const large = accounts[1];
  for (let index = 0; index < 500; index++) {
    engine.call('CreateRole', { RoleName: `service-${index}`, AssumeRolePolicyDocument: trust, Tags: [{ Key: 'index', Value: String(index) }] }, large, { service: 'iam' });
    engine.call('PutRolePolicy', { RoleName: `service-${index}`, PolicyName: 'access', PolicyDocument: inline }, large, { service: 'iam' });
    engine.call('AttachRolePolicy', { RoleName: `service-${index}`, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, large, { service: 'iam' });
  }
  const server = await startEndpointServer(createEndpointHandler(engine, {}));
  try {
    const load = await endpointOpsPerSecond(server.url, accounts, 8000);
    if (load.failures) throw new Error(`${load.failures} IAM requests of the mix failed`);
    figures.push({ name: 'iam.endpoint_ops_per_s', value: load.perSecond, unit: 'req/s' });
    figures.push({ name: 'iam.endpoint_latency_p99', value: Math.round(load.p99 * 1000) / 1000, unit: 'ms' });
    const details = await authorizationDetails(server.url, large);
    figures.push({ name: 'iam.authorization_details_500_roles_ms', value: Math.round(details.ms), unit: 'ms' });
    figures.push({ name: 'iam.authorization_details_500_roles_pages', value: details.pages, unit: 'pages' });
  } finally {
    await server.close();
  }

  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-bench-'));
  try {
    const before = heapUsed();
    const file = path.join(folder, 'organization.state');
    const big = new OrganizationsEngine({ store: FileStore.open(file) });
    big.importState(generateOrganization({ accounts: 10_000, ous: 200, policies: 20, depth: 4, rolesPerAccount: 20 }));
    const megabytes = (heapUsed() - before) / 2 ** 20;
    figures.push({ name: 'iam.engine_10k_accounts_20_roles_mb', value: Math.round(megabytes), unit: 'MB' });
    (big as unknown as { store: FileStore }).store.close();
    figures.push({ name: 'iam.state_file_mb', value: Math.round((fs.statSync(file).size / 2 ** 20) * 10) / 10, unit: 'MB' });
    const loads: number[] = [];
    for (let run = 0; run < 3; run++) {
      const start = process.hrtime.bigint();
      const store = FileStore.open(file);
      const loaded = new OrganizationsEngine({ store });
      if (!(loaded.call('ListRoles', { MaxItems: 1 }, accounts[0] ?? '111111111111', { service: 'iam' }) as { Roles: unknown[] }).Roles) throw new Error('no roles');
      loads.push(elapsedMs(start));
      store.close();
    }
    figures.push({ name: 'iam.state_load_ms', value: Math.round(percentile(loads, 50)), unit: 'ms' });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  return figures;
}
