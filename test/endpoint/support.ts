/** What the endpoint tests share: a real engine served over HTTP, and SDK clients acting as given accounts. */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { OrganizationsClient, type OrganizationsClientConfig } from '@aws-sdk/client-organizations';
import { OrganizationsEngine, type EngineOptions } from '../../server/src/emulator/engine';
import { createEndpointHandler, type EndpointHandler, type EndpointOptions } from '../../server/src/endpoint/handler';
import { startEndpointServer, type EndpointServer } from '../../server/src/endpoint/server';
import { repoRoot } from '../support/paths';
import { poll } from '../support/poll';

export const managementAccountId = '111111111111';

/** A served engine. */
export interface TestEndpoint {
  engine: OrganizationsEngine;
  handler: EndpointHandler;
  server: EndpointServer;
  url: string;
  close(): Promise<void>;
}

export interface TestEndpointOptions extends EndpointOptions, Pick<EngineOptions, 'store' | 'clock' | 'timings'> {}

/** A fresh engine (no organization) behind the handler, served on a free port of 127.0.0.1. */
export async function startTestEndpoint(options: TestEndpointOptions = {}): Promise<TestEndpoint> {
  const engine = new OrganizationsEngine({ store: options.store, clock: options.clock, managementAccountId, timings: options.timings });
  const handler = createEndpointHandler(engine, options);
  const server = await startEndpointServer(handler);
  return { engine, handler, server, url: server.url, close: () => server.close() };
}

/** An SDK client signing as `accessKeyId` (a 12-digit key acts as that account). */
export function organizationsClient(
  url: string,
  accessKeyId = managementAccountId,
  secretAccessKey = 'local',
  config: Partial<OrganizationsClientConfig> = {},
): OrganizationsClient {
  return new OrganizationsClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
    ...config,
  });
}

/** A raw AWS JSON 1.1 call, for what the SDK never sends (malformed bodies, unknown targets). */
export async function rawCall(
  url: string,
  target: string | undefined,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      ...(target === undefined ? {} : { 'x-amz-target': target }),
      ...headers,
    },
    body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The error a call rejects with (failing when it succeeds); AWS errors carry their metadata and Reason. */
export async function rejection(call: Promise<unknown>): Promise<Error & { Reason?: string; $metadata: { httpStatusCode?: number; requestId?: string } }> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof Error, `not an Error: ${String(error)}`);
    return error as Error & { Reason?: string; $metadata: { httpStatusCode?: number; requestId?: string } };
  }
  assert.fail('the call succeeded');
}

/** The `aws-organizations-local` command as tsc compiles it. */
export const commandPath = path.join(repoRoot, 'out', 'server', 'src', 'endpoint', 'cli.js');

/** Runs the command as its own process; `lines` resolves with its output once it printed the environment. */
export function startCommand(args: string[]): { child: ChildProcess; lines: Promise<string[]> } {
  const child = spawn(process.execPath, [commandPath, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const lines = poll('the command to print its environment', async () => {
    if (child.exitCode !== null) throw new Error(`the command exited with ${child.exitCode}: ${errors}`);
    const printed = output.split('\n');
    return printed.some((line) => line.startsWith('export AWS_REGION=')) ? printed : undefined;
  }, 15_000, 50);
  return { child, lines };
}

/** Signals the command and resolves with its exit code. */
export async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  return exited;
}

/** The credentials the AWS CLI signs with: an account's 12-digit key, or a role session's temporary keys. */
export type CliCredentials = string | { accessKeyId: string; secretAccessKey: string; sessionToken: string };

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs Debian's AWS CLI v2 (`/usr/bin/aws`) against an endpoint, with an isolated HOME and config, the
 * endpoint URL (`--endpoint-url`: CLI 2.9 ignores AWS_ENDPOINT_URL) and JSON output.
 */
export function awsCliRunner(home: string, url: () => string) {
  function aws(args: string[], credentials: CliCredentials = managementAccountId, region = 'us-east-1'): CliResult {
    const keys = typeof credentials === 'string' ? { accessKeyId: credentials, secretAccessKey: 'local' } : credentials;
    const result = spawnSync('/usr/bin/aws', [...args, '--endpoint-url', url(), '--output', 'json'], {
      encoding: 'utf8',
      env: {
        PATH: '/usr/bin:/bin',
        HOME: home,
        AWS_CONFIG_FILE: path.join(home, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
        AWS_ACCESS_KEY_ID: keys.accessKeyId,
        AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
        ...('sessionToken' in keys ? { AWS_SESSION_TOKEN: keys.sessionToken } : {}),
        AWS_REGION: region,
        AWS_ENDPOINT_URL: url(),
        AWS_PAGER: '',
        AWS_MAX_ATTEMPTS: '1',
      },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Runs a command that must succeed and returns its JSON output ({} when it prints nothing). */
  function ok<T = Record<string, unknown>>(args: string[], credentials?: CliCredentials, region?: string): T {
    const result = aws(args, credentials, region);
    assert.equal(result.status, 0, `aws ${args.join(' ')} failed: ${result.stderr}`);
    return (result.stdout.trim() ? JSON.parse(result.stdout) : {}) as T;
  }

  /** Runs a command that AWS refuses and checks the CLI's error line. */
  function refused(args: string[], exception: string, operation: string, credentials?: CliCredentials): string {
    const result = aws(args, credentials);
    assert.equal(result.status, 254, `aws ${args.join(' ')} should have failed: ${result.stdout}`);
    assert.match(result.stderr, new RegExp(`An error occurred \\(${exception}\\) when calling the ${operation} operation( \\(reached max retries: 0\\))?: `));
    return result.stderr;
  }

  return { aws, ok, refused };
}
