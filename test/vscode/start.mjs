// @ts-check
/**
 * `npm start`: builds the extension, then serves it in development mode in a real VS Code (code-server on
 * 127.0.0.1) on the demo workspace test/fixtures/workspace, and prints the URL to open in a browser.
 * Ctrl-C (or SIGTERM) stops code-server and everything it started. `npm start -- --port 8080` picks the port
 * (default: a free one).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensure, repoRoot } from '../setup/install.mjs';
import { startCodeServer } from './codeServer.mjs';

const portArgument = process.argv.indexOf('--port');
const port = portArgument >= 0 ? Number(process.argv[portArgument + 1]) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port wants a port number, not ${process.argv[portArgument + 1]}`);
  process.exit(2);
}

const build = spawnSync('node', ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status || 1);
ensure(['vscode']);

const server = await startCodeServer({ workspace: join(repoRoot, 'test', 'fixtures', 'workspace'), port });
let stopping = false;
const stop = async () => {
  stopping = true;
  console.log('\nstopping code-server');
  await server.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
console.log(`\nThe extension runs in development mode (rebuild with \`npm run watch\`, then reload the window). Open:\n\n  ${server.workbenchUrl({ extensionDevelopmentPath: repoRoot })}\n\nCtrl-C stops it.`);
await server.exited;
if (!stopping) {
  console.error('code-server exited by itself');
  await server.stop();
  process.exit(1);
}
