// @ts-check
/**
 * `npm start`: builds the extension, then serves it in development mode in a real VS Code (code-server on
 * 127.0.0.1) on the demo workspace test/fixtures/workspace, and prints one line: the URL to open in a browser. What
 * the build and code-server print goes to npm-start.log.
 * Ctrl-C (or SIGTERM) stops code-server and everything it started. `npm start -- --port 8080` picks the port
 * (default: a free one).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { codeServerEntry, ensure, repoRoot } from '../setup/install.mjs';
import { startCodeServer } from './codeServer.mjs';

const portArgument = process.argv.indexOf('--port');
const port = portArgument >= 0 ? Number(process.argv[portArgument + 1]) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port wants a port number, not ${process.argv[portArgument + 1]}`);
  process.exit(2);
}

// The build's and code-server's output go to a log file; the terminal gets one line: the URL to open.
const logFile = join(repoRoot, 'npm-start.log');
writeFileSync(logFile, `npm start, ${new Date().toISOString()}\n`);
const logFd = openSync(logFile, 'a');
const toLog = (/** @type {unknown[]} */ ...args) => appendFileSync(logFile, `${format(...args)}\n`);

const build = spawnSync('node', ['esbuild.mjs'], { cwd: repoRoot, stdio: ['ignore', logFd, logFd] });
if (build.status !== 0) {
  console.error(`The build failed; its output is in ${logFile}.`);
  process.exit(build.status || 1);
}
if (!existsSync(codeServerEntry)) console.log('Installing VS Code (code-server) into .code-server/ the first time: about 2 minutes...');
const print = console.log;
console.log = toLog;
try {
  ensure(['vscode']);
} finally {
  console.log = print;
}

const server = await startCodeServer({ workspace: join(repoRoot, 'test', 'fixtures', 'workspace'), port, log: toLog });
let stopping = false;
const stop = async () => {
  stopping = true;
  console.log('\nStopping VS Code (code-server)...');
  await server.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
console.log(`Open ${server.workbenchUrl({ extensionDevelopmentPath: repoRoot })} (Ctrl-C stops it; logs in npm-start.log)`);
await server.exited;
if (!stopping) {
  console.error(`code-server exited by itself; see ${logFile}`);
  await server.stop();
  process.exit(1);
}
