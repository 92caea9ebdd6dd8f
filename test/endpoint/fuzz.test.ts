/**
 * Fuzzing the endpoint over HTTP: thousands of random and mutated requests (bodies, headers, targets,
 * methods, paths, raw bytes on the socket). None may crash the server, leave it unresponsive, answer a
 * caller's mistake with a 500, or change the organization when the request is rejected.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { after, before, describe, test } from 'node:test';
import * as sdk from '@aws-sdk/client-organizations';
import { OrganizationsEngine } from '../../server/src/emulator/engine';
import type { Change, StateStore } from '../../server/src/emulator/store';
import { targetPrefix } from '../../server/src/endpoint/handler';
import { organizationsClient, startTestEndpoint, type TestEndpoint } from './support';
import { seededRandom } from '../support/random';

/** A store that counts the commits reaching it, so a rejected request can be shown to have written nothing. */
class CountingStore implements StateStore {
  commits = 0;
  load(): undefined {
    return undefined;
  }
  commit(changes: Change[]): void {
    if (changes.length) this.commits++;
  }
  close(): void {}
}

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

function send(url: string, agent: http.Agent, request: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(`${url}${request.path}`, { method: request.method, headers: request.headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({
        status: response.statusCode ?? 0,
        contentType: String(response.headers['content-type'] ?? ''),
        text: Buffer.concat(chunks).toString('utf8'),
      }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

describe('fuzzing the endpoint', () => {
  const seed = Number(process.env.ENDPOINT_FUZZ_SEED ?? 20261128);
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const store = new CountingStore();
  let endpoint: TestEndpoint;
  let validBodies: { operation: string; body: string }[] = [];

  before(async () => {
    endpoint = await startTestEndpoint({ store });
    endpoint.engine.reset('sample');
    const client = organizationsClient(endpoint.url);
    const { Roots } = await client.send(new sdk.ListRootsCommand({}));
    const { Accounts } = await client.send(new sdk.ListAccountsCommand({}));
    const { OrganizationalUnits } = await client.send(new sdk.ListOrganizationalUnitsForParentCommand({ ParentId: Roots![0].Id }));
    const rootId = Roots![0].Id!;
    const accountId = Accounts![Accounts!.length - 1].Id!;
    const unitId = OrganizationalUnits?.[0]?.Id ?? rootId;
    // Requests that succeed as sent: their mutations reach deep into the engine instead of stopping at the wire.
    validBodies = [
      { operation: 'DescribeAccount', body: JSON.stringify({ AccountId: accountId }) },
      { operation: 'ListChildren', body: JSON.stringify({ ParentId: rootId, ChildType: 'ACCOUNT', MaxResults: 5 }) },
      { operation: 'CreateOrganizationalUnit', body: JSON.stringify({ ParentId: unitId, Name: 'Fuzzed', Tags: [{ Key: 'k', Value: 'v' }] }) },
      { operation: 'TagResource', body: JSON.stringify({ ResourceId: accountId, Tags: [{ Key: 'fuzz', Value: '1' }] }) },
      { operation: 'MoveAccount', body: JSON.stringify({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: unitId }) },
      { operation: 'CreatePolicy', body: JSON.stringify({ Name: 'P', Description: 'd', Type: 'SERVICE_CONTROL_POLICY', Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}' }) },
      { operation: 'InviteAccountToOrganization', body: JSON.stringify({ Target: { Id: '987654321098', Type: 'ACCOUNT' }, Notes: 'n' }) },
      { operation: 'ListPoliciesForTarget', body: JSON.stringify({ TargetId: accountId, Filter: 'SERVICE_CONTROL_POLICY' }) },
      { operation: 'DescribeEffectivePolicy', body: JSON.stringify({ PolicyType: 'TAG_POLICY', TargetId: accountId }) },
      { operation: 'UpdateOrganizationalUnit', body: JSON.stringify({ OrganizationalUnitId: unitId, Name: 'Renamed' }) },
      { operation: 'EnableAWSServiceAccess', body: JSON.stringify({ ServicePrincipal: 'config.amazonaws.com' }) },
      { operation: 'ListHandshakesForOrganization', body: JSON.stringify({ Filter: { ActionType: 'INVITE' } }) },
    ];
  });
  after(() => endpoint.close());

  const junkValues = [null, true, false, 0, -1, 1e308, 3.5, '', ' ', 'x'.repeat(2000), '\u0000', '😀', [], {}, [1, 'a'], { nested: { deep: [] } },
    'r-0000', 'ou-0000-00000000', 'p-FullAWSAccess', '111111111111', '000000000000', 'h-0000000000', '../../etc/passwd', '<script>', '__proto__'];

  function mutateJson(text: string): string {
    const value = JSON.parse(text) as Record<string, unknown>;
    const keys = Object.keys(value);
    switch (Math.floor(random() * 6)) {
      case 0: value[pick(keys)] = pick(junkValues); break;
      case 1: delete value[pick(keys)]; break;
      case 2: value[pick(['__proto__', 'constructor', 'Extra', 'NextToken', 'MaxResults'])] = pick(junkValues); break;
      case 3: for (const key of keys) if (random() < 0.5) value[key] = pick(junkValues); break;
      case 4: return JSON.stringify(pick(junkValues));
      default: return `{"__proto__": {"polluted": true}, ${text.slice(1)}`;
    }
    return JSON.stringify(value);
  }

  /** Deletes, inserts or truncates; `header` keeps to the printable ASCII an HTTP header may carry. */
  function mutateBytes(text: string, header = false): string {
    const characters = [...text];
    const edits = 1 + Math.floor(random() * 4);
    for (let i = 0; i < edits && characters.length; i++) {
      const at = Math.floor(random() * characters.length);
      switch (Math.floor(random() * 3)) {
        case 0: characters.splice(at, 1); break;
        case 1: characters.splice(at, 0, String.fromCharCode(header ? 32 + Math.floor(random() * 95) : Math.floor(random() * 128))); break;
        default: characters.length = at; break;
      }
    }
    return characters.join('');
  }

  function randomBytes(): Buffer {
    return Buffer.from(Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256)));
  }

  function fuzzRequest(): FuzzRequest {
    const valid = pick(validBodies);
    const operation = random() < 0.8 ? valid.operation : pick([...OrganizationsEngine.operations, 'Nope', 'describeaccount', '', 'constructor', 'toString']);
    const target = pick([`${targetPrefix}${operation}`, `${targetPrefix}${operation}`, `${targetPrefix}${operation}`,
      `AWSOrganizationsV20161129.${operation}`, operation, `${targetPrefix}${mutateBytes(operation, true)}`, '']);
    const bodyKind = random();
    const body = bodyKind < 0.45 ? Buffer.from(mutateJson(valid.body))
      : bodyKind < 0.8 ? Buffer.from(mutateBytes(valid.body))
      : bodyKind < 0.9 ? randomBytes()
      : Buffer.from('['.repeat(5000) + ']'.repeat(5000));
    const headers: Record<string, string> = {
      'content-type': pick(['application/x-amz-json-1.1', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', '']),
    };
    if (random() < 0.95) headers['x-amz-target'] = target;
    if (random() < 0.5) {
      headers.authorization = pick([
        'AWS4-HMAC-SHA256 Credential=222222222222/20260101/us-east-1/organizations/aws4_request, SignedHeaders=host, Signature=00',
        'AWS4-HMAC-SHA256 Credential=/////, SignedHeaders=, Signature=',
        'AWS4-HMAC-SHA256',
        'Basic dXNlcjpwYXNz',
        mutateBytes('AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/organizations/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc', true),
      ]);
    }
    if (random() < 0.2) headers['x-amz-date'] = pick(['20260101T000000Z', 'yesterday', '99999999T999999Z']);
    const method = random() < 0.9 ? 'POST' : pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
    const path = random() < 0.9 ? '/' : pick(['/x', '/_emulator', '/_emulator/health?x=1', '/%ff', '/?Action=GetCallerIdentity']);
    return { method, path, headers, body };
  }

  test(`thousands of random and mutated requests (seed ${seed}) never crash, 500 or change state when rejected`, async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const statuses = new Map<number, number>();
    try {
      for (let i = 0; i < 3000; i++) {
        const request = fuzzRequest();
        const commitsBefore = store.commits;
        const stateBefore = endpoint.engine.exportState();
        const answer = await send(endpoint.url, agent, request);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const replay = `request ${i}: ${request.method} ${request.path} ${JSON.stringify(request.headers)} ${request.body.toString('utf8').slice(0, 300)}`;
        assert.notEqual(answer.status, 500, `${replay}\n→ ${answer.text}`);
        assert.ok([200, 400].includes(answer.status), `${replay}\n→ ${answer.status}`);
        if (answer.contentType === 'application/x-amz-json-1.1' && answer.status !== 200) {
          const body = JSON.parse(answer.text) as { __type?: unknown; Message?: unknown };
          assert.equal(typeof body.__type, 'string', replay);
          assert.equal(typeof body.Message, 'string', replay);
          assert.doesNotMatch(answer.text, /\bat \S+ \(|node:internal|\.js:\d+/, replay);
        }
        if (answer.status !== 200) {
          assert.equal(store.commits, commitsBefore, `${replay}\nwas rejected but committed`);
          assert.deepEqual(endpoint.engine.exportState(), stateBefore, `${replay}\nwas rejected but changed the state`);
        }
      }
    } finally {
      agent.destroy();
    }
    assert.ok((statuses.get(400) ?? 0) > 1000, `mostly rejected: ${JSON.stringify([...statuses])}`);
    assert.ok((statuses.get(200) ?? 0) > 10, `some accepted: ${JSON.stringify([...statuses])}`);
    const health = await fetch(`${endpoint.url}/_emulator/health`);
    assert.equal(health.status, 200);
  });

  test('malformed HTTP on raw sockets is answered or dropped, and the server stays responsive', async () => {
    const { port } = endpoint.server;
    for (let i = 0; i < 200; i++) {
      const payload = i % 2 === 0
        ? randomBytes()
        : Buffer.from(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${pick(['-1', 'abc', '99999999999', '5'])}\r\n${pick(['', 'Transfer-Encoding: chunked\r\n'])}\r\n${mutateBytes('{"a":1}')}`);
      await new Promise<void>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.end(payload));
        socket.on('data', () => {});
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
        socket.setTimeout(5000, () => socket.destroy());
      });
    }
    const answer = await organizationsClient(endpoint.url).send(new sdk.DescribeOrganizationCommand({}));
    assert.ok(answer.Organization?.Id);
  });
});
