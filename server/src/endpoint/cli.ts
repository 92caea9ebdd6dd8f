/**
 * `aws-organizations-local`: the embedded organization as a local AWS endpoint, without VS Code. Prints
 * `listening on http://<host>:<port>` once ready, then the environment a shell needs, and stops cleanly
 * on SIGINT or SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { OrganizationsEngine } from '../emulator/engine';
import { FileStore } from '../emulator/fileStore';
import { StateLockedError } from '../emulator/stateLock';
import { MemoryStore, type StateStore } from '../emulator/store';
import { endpointEnvironment, shellExports } from './environment';
import { createEndpointHandler } from './handler';
import type { EndpointCredential } from './identity';
import { startEndpointServer } from './server';

const usage = `Usage: aws-organizations-local [options]

Serves an AWS Organizations organization on a local port, for the AWS CLI, SDKs and Terraform.

Options:
  --port <n>                    port to listen on (default 0: a free port)
  --host <address>              address to bind (default 127.0.0.1; another address only when you mean it)
  --state <file>                keep the organization in this file (default: in memory)
  --seed sample|empty           start a new state empty (no organization) or with a sample organization (default empty)
  --management-account <id>     the management account's 12-digit ID (default 111111111111)
  --strict                      verify SigV4 signatures; only the printed access key is accepted
  --help                        show this help

Identity: without --strict, an access key ID of 12 digits acts as that account, any other key as the
management account. Reset: POST /_emulator/reset {"seed":"empty"|"sample"}. Health: GET /_emulator/health.`;

/** The command's options, checked. */
interface CommandOptions {
  port: number;
  host: string;
  state?: string;
  seed: 'empty' | 'sample';
  managementAccountId: string;
  strict: boolean;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): CommandOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      state: { type: 'string' },
      seed: { type: 'string' },
      'management-account': { type: 'string' },
      strict: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return undefined;
  const port = Number(values.port ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, not ${values.port}.`);
  const seed = values.seed ?? 'empty';
  if (seed !== 'empty' && seed !== 'sample') throw new UsageError(`--seed must be sample or empty, not ${seed}.`);
  const managementAccountId = values['management-account'] ?? '111111111111';
  if (!/^\d{12}$/.test(managementAccountId)) throw new UsageError(`--management-account must be 12 digits, not ${managementAccountId}.`);
  return { port, host: values.host ?? '127.0.0.1', state: values.state, seed, managementAccountId, strict: values.strict === true };
}

/** An access key in AWS's format (AKIA + 16 characters) with a 40-character secret. */
function generateCredential(accountId: string): EndpointCredential {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const accessKeyId = `AKIA${Array.from(randomBytes(16), (byte) => alphabet[byte % 32]).join('')}`;
  return { accessKeyId, secretAccessKey: randomBytes(30).toString('base64'), accountId };
}

async function main(argv: string[]): Promise<number> {
  let options: CommandOptions | undefined;
  try {
    options = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (!options) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }

  let store: StateStore;
  try {
    store = options.state ? FileStore.open(options.state) : new MemoryStore();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return error instanceof StateLockedError ? 3 : 1;
  }
  const status = store instanceof FileStore ? store.getStatus() : undefined;
  const isNew = !status || (status.snapshotBytes === 0 && status.journalRecords === 0);
  const engine = new OrganizationsEngine({ store, managementAccountId: options.managementAccountId });
  // A seed only shapes a new state: an existing state file is served as it is.
  if (isNew && options.seed === 'sample') engine.reset('sample');

  const credential = options.strict
    ? generateCredential(options.managementAccountId)
    : { accessKeyId: options.managementAccountId, secretAccessKey: 'local', accountId: options.managementAccountId };
  const handler = createEndpointHandler(engine, {
    credentials: [credential],
    strict: options.strict,
    onInternalError: (error, target) => process.stderr.write(`internal error in ${target}: ${(error as Error)?.stack ?? String(error)}\n`),
  });
  const server = await startEndpointServer(handler, { host: options.host, port: options.port });
  if (store instanceof FileStore) store.setEndpoint(server.url);

  process.stdout.write(`listening on ${server.url}\n${shellExports(endpointEnvironment(server.url, credential))}\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  store.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
