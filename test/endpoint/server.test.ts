/**
 * The HTTP server and the `aws-organizations-local` command: the emulator routes, the bound address,
 * keep-alive, the body limit, a clean close, and the command's output, state file and signals.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as sdk from '@aws-sdk/client-organizations';
import { targetPrefix } from '../../server/src/endpoint/handler';
import { startEndpointServer } from '../../server/src/endpoint/server';
import { commandPath, organizationsClient, rawCall, rejection, startCommand, startTestEndpoint, stop, type TestEndpoint } from './support';

describe('the HTTP server', () => {
  let endpoint: TestEndpoint;
  before(async () => {
    endpoint = await startTestEndpoint();
  });
  after(() => endpoint.close());

  test('binds 127.0.0.1 by default on a free port', () => {
    assert.equal(endpoint.server.host, '127.0.0.1');
    assert.ok(endpoint.server.port > 0);
    assert.equal(endpoint.url, `http://127.0.0.1:${endpoint.server.port}`);
  });

  test('GET /_emulator/health answers 200 with a small JSON status', async () => {
    const response = await fetch(`${endpoint.url}/_emulator/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', service: 'organizations', managementAccountId: '111111111111', strict: false });
  });

  test('POST /_emulator/reset seeds the sample organization or empties the state', async () => {
    const sample = await fetch(`${endpoint.url}/_emulator/reset`, { method: 'POST', body: '{"seed":"sample"}' });
    assert.equal(sample.status, 200);
    const described = await rawCall(endpoint.url, `${targetPrefix}DescribeOrganization`, '{}');
    assert.equal(described.status, 200);
    const empty = await fetch(`${endpoint.url}/_emulator/reset`, { method: 'POST' });
    assert.equal(empty.status, 200);
    const gone = await rawCall(endpoint.url, `${targetPrefix}DescribeOrganization`, '{}');
    assert.equal((JSON.parse(gone.text) as { __type: string }).__type, 'AWSOrganizationsNotInUseException');
    const wrong = await fetch(`${endpoint.url}/_emulator/reset`, { method: 'POST', body: '{"seed":"everything"}' });
    assert.equal(wrong.status, 400);
  });

  test('keeps connections alive across requests', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    try {
      for (let i = 0; i < 3; i++) {
        await new Promise<void>((resolve, reject) => {
          const request = http.request(`${endpoint.url}/_emulator/health`, { agent }, (response) => {
            sockets.add(response.socket);
            response.resume();
            response.on('end', resolve);
          });
          request.on('error', reject);
          request.end();
        });
      }
    } finally {
      agent.destroy();
    }
    assert.equal(sockets.size, 1);
  });

  test('refuses a body over the limit with 413 and stays responsive', async () => {
    const limited = await startEndpointServer(endpoint.handler, { maxBodyBytes: 1024 });
    try {
      const answer = await rawCall(limited.url, `${targetPrefix}CreatePolicy`, JSON.stringify({ Content: 'x'.repeat(4096) }));
      assert.equal(answer.status, 413);
      const health = await fetch(`${limited.url}/_emulator/health`);
      assert.equal(health.status, 200);
    } finally {
      await limited.close();
    }
  });

  test('closes with an idle keep-alive connection open', async () => {
    const closing = await startEndpointServer(endpoint.handler);
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http.get(`${closing.url}/_emulator/health`, { agent }, (response) => {
        response.resume();
        response.on('end', resolve);
      }).on('error', reject);
    });
    await closing.close();
    agent.destroy();
    await assert.rejects(fetch(`${closing.url}/_emulator/health`));
  });
});

describe('the aws-organizations-local command', () => {
  test('prints where it listens and the environment, serves, and stops cleanly on SIGTERM', async () => {
    const { child, lines } = startCommand(['--port', '0', '--management-account', '123456789012']);
    try {
      const printed = await lines;
      const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(printed[0])?.[1];
      assert.ok(url, printed[0]);
      assert.ok(printed.includes(`export AWS_ENDPOINT_URL_ORGANIZATIONS=${url}`));
      assert.ok(printed.includes(`export AWS_ENDPOINT_URL_STS=${url}`));
      assert.ok(printed.includes('export AWS_ACCESS_KEY_ID=123456789012'));
      assert.ok(printed.includes('export AWS_REGION=us-east-1'));
      const health = (await (await fetch(`${url}/_emulator/health`)).json()) as { managementAccountId: string };
      assert.equal(health.managementAccountId, '123456789012');
    } finally {
      assert.equal(await stop(child, 'SIGTERM'), 0);
    }
  });

  test('keeps the organization in a --state file across runs and stops cleanly on SIGINT', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'endpoint-state-'));
    const state = path.join(folder, 'organization.json');
    try {
      const first = startCommand(['--state', state, '--seed', 'sample']);
      let organizationId: string;
      try {
        const url = (await first.lines)[0].replace('listening on ', '');
        const described = await rawCall(url, `${targetPrefix}DescribeOrganization`, '{}');
        organizationId = (JSON.parse(described.text) as { Organization: { Id: string } }).Organization.Id;
      } finally {
        assert.equal(await stop(first.child, 'SIGINT'), 0);
      }
      // The seed only shapes a new state: the second run serves the file as it is.
      const second = startCommand(['--state', state, '--seed', 'empty']);
      try {
        const url = (await second.lines)[0].replace('listening on ', '');
        const described = await rawCall(url, `${targetPrefix}DescribeOrganization`, '{}');
        assert.equal((JSON.parse(described.text) as { Organization: { Id: string } }).Organization.Id, organizationId);
      } finally {
        assert.equal(await stop(second.child, 'SIGTERM'), 0);
      }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('--strict prints a generated key that is accepted, and refuses any other', async () => {
    const { child, lines } = startCommand(['--strict']);
    try {
      const printed = await lines;
      const url = printed[0].replace('listening on ', '');
      const value = (name: string) => printed.find((line) => line.startsWith(`export ${name}=`))!.slice(`export ${name}=`.length);
      const accessKeyId = value('AWS_ACCESS_KEY_ID');
      assert.match(accessKeyId, /^AKIA[A-Z2-7]{16}$/);
      const client = organizationsClient(url, accessKeyId, value('AWS_SECRET_ACCESS_KEY'));
      const { Organization } = await client.send(new sdk.CreateOrganizationCommand({}));
      assert.equal(Organization?.MasterAccountId, '111111111111');
      const other = await rejection(organizationsClient(url, '111111111111').send(new sdk.DescribeOrganizationCommand({})));
      assert.equal(other.name, 'UnrecognizedClientException');
    } finally {
      assert.equal(await stop(child, 'SIGTERM'), 0);
    }
  });

  test('refuses bad options with a usage message', async () => {
    const child = spawn(process.execPath, [commandPath, '--management-account', '12'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
    assert.match(errors, /--management-account must be 12 digits/);
  });
});
