/**
 * The AWS SDK warns, through Node's process warnings, that a coming version needs a newer Node than VS Code's: the
 * language server (the bundled dist/server.js in its own process) neither prints it to stderr, which the editor
 * shows as errors, nor logs it, however often it connects.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LogMessageNotification } from 'vscode-languageserver-protocol/node';
import { OrganizationsEngine } from '../../server/src/emulator/engine';
import { createEndpointHandler } from '../../server/src/endpoint/handler';
import { startEndpointServer } from '../../server/src/endpoint/server';
import { connectionRequest, connectRequest, rootsRequest } from '../../server/src/protocol';
import { startServerProcess } from '../support/languageServer';

test('the SDK\'s Node version warning reaches neither stderr nor the log, on every connect', async () => {
  const engine = new OrganizationsEngine();
  engine.reset('sample');
  const remote = await startEndpointServer(createEndpointHandler(engine, {}));
  const server = await startServerProcess();
  try {
    const logged: string[] = [];
    server.client.onNotification(LogMessageNotification.type, ({ message }) => {
      logged.push(message);
    });
    assert.equal((await server.client.sendRequest(connectionRequest)).state, 'connected');
    for (let connect = 0; connect < 2; connect++) {
      const info = await server.client.sendRequest(connectRequest, { kind: 'endpoint', url: remote.url, accessKeyId: '111111111111', secretAccessKey: 'local' });
      assert.equal(info.state, 'connected');
      assert.equal((await server.client.sendRequest(rootsRequest)).length, 1);
      await server.client.sendRequest(connectRequest, { kind: 'embedded' });
    }
    assert.doesNotMatch(server.stderr(), /NodeVersionSupportWarning|Warning:/);
    assert.deepEqual(logged.filter((message) => /NodeVersionSupportWarning|require node/.test(message)), []);
  } finally {
    await server.close();
    await remote.close();
  }
});
