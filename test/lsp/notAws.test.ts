/**
 * A remote that is not AWS: the real language server connected to a stub endpoint that serves an organization but
 * answers one operation with HTTP 500 and an HTML page, as a misconfigured proxy or another server would. The
 * failure reads in the user's terms, is not retried, and the rest of the organization stays usable.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { LogMessageNotification, ResponseError } from 'vscode-languageserver-protocol/node';
import { OrganizationsEngine } from '../../server/src/emulator/engine';
import { createEndpointHandler } from '../../server/src/endpoint/handler';
import {
  childrenRequest, connectRequest, handshakesRequest, policiesRequest, rootsRequest, unreadableAnswerErrorName, type OrganizationsErrorData,
} from '../../server/src/protocol';
import { startSession, type LspSession } from '../support/languageServer';

/** The operation the stub answers with an HTML error page, and how often it was asked. */
const brokenTarget = 'AWSOrganizationsV20161128.ListOrganizationalUnitsForParent';
let brokenHits = 0;
let stub: http.Server;
let url = '';
let session: LspSession;
/** What the server logged: the calls layer logs every retry. */
const logged: string[] = [];

before(async () => {
  const engine = new OrganizationsEngine();
  engine.reset('sample');
  const handler = createEndpointHandler(engine, {});
  stub = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.headers['x-amz-target'] === brokenTarget) {
        brokenHits++;
        response.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!doctype html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>');
        return;
      }
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      void handler({ method: request.method!, path: request.url!, headers, body: Buffer.concat(chunks) }).then((answer) => {
        response.writeHead(answer.statusCode, answer.headers);
        response.end(answer.body);
      });
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(stub.address() as { port: number }).port}`;
  session = await startSession();
  session.client.onNotification(LogMessageNotification.type, ({ message }) => {
    logged.push(message);
  });
});

after(async () => {
  await session.close();
  await new Promise((resolve) => stub.close(resolve));
});

test('an HTML 500 is reported in the user\'s terms, once, and the rest of the organization stays usable', async () => {
  const info = await session.client.sendRequest(connectRequest, { kind: 'endpoint', url, accessKeyId: '111111111111', secretAccessKey: 'stub' });
  assert.equal(info.state, 'connected');
  const [root] = await session.client.sendRequest(rootsRequest);

  await assert.rejects(session.client.sendRequest(childrenRequest, { parentId: root.Id!, pageSize: 100 }), (error: ResponseError<OrganizationsErrorData>) => {
    assert.equal(error.data?.name, unreadableAnswerErrorName);
    assert.equal(error.data?.message, error.message);
    assert.equal(error.message, `Could not load the OUs and accounts in ${root.Id}: the endpoint answered ListOrganizationalUnitsForParent with HTTP 500 `
      + 'and an HTML page, not in AWS\'s protocol. The endpoint may not be an AWS Organizations endpoint, or a proxy answered for it; '
      + 'the rest of the organization stays usable.');
    assert.doesNotMatch(error.message, /Unexpected token|\$response|Deserialization/);
    return true;
  });
  // Each request asked once: the calls layer logs no retry (the tree's effective permissions load the hierarchy too).
  assert.ok(brokenHits >= 1);
  assert.deepEqual(logged.filter((message) => /retrying/.test(message)), [], 'an answer that will not change is not asked again');

  // Everything else still answers.
  const policies = await session.client.sendRequest(policiesRequest, { type: 'SERVICE_CONTROL_POLICY' });
  assert.ok(policies.some((policy) => policy.Name === 'DenyLeaveOrganization'));
  assert.ok((await session.client.sendRequest(handshakesRequest)).some((handshake) => handshake.State === 'OPEN'));
});
