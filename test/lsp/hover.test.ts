import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { HoverRequest, MarkupContent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { caret } from '../support/caret';
import { startSession } from '../support/languageServer';

test('hover on a policy element answers with its documentation over LSP', async () => {
  const session = await startSession();
  try {
    const { text, offset } = caret('{ "Ver|sion": "2012-10-17", "Statement": [] }');
    const uri = 'file:///policy.scp.json';
    await session.open(uri, text);
    const position = TextDocument.create(uri, 'json', 1, text).positionAt(offset);
    const hover = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    assert.ok(hover, 'the server answers a hover');
    assert.match((hover.contents as MarkupContent).value, /2012-10-17/);
    assert.deepEqual(hover.range, { start: { line: 0, character: 2 }, end: { line: 0, character: 11 } });
  } finally {
    await session.close();
  }
});
