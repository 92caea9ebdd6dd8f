import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CodeActionRequest, CompletionItem, CompletionRequest, ConfigurationRequest, DocumentSymbol, DocumentSymbolRequest, HoverRequest, MarkupContent, TextEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { policyKindChangedNotification, PolicyKindInfoForDocument, policyKindRequest, setPolicyKindNotification } from '../../server/src/protocol';
import { caret } from '../support/caret';
import { startSession } from '../support/languageServer';

test('hover on an action shows its documentation with the catalog version', async () => {
  const session = await startSession();
  try {
    const { text, offset } = caret('{ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "organizations:Leave|Organization", "Resource": "*" } ] }');
    const uri = 'file:///w/leave.scp.json';
    await session.open(uri, text);
    const hover = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: TextDocument.create(uri, 'json', 1, text).positionAt(offset) });
    assert.match((hover?.contents as MarkupContent).value, /organizations:LeaveOrganization[\s\S]*IAM catalog/);
  } finally {
    await session.close();
  }
});

test('completion over LSP: actions of the typed service, as text edits inside the string', async () => {
  const session = await startSession();
  try {
    const { text, offset } = caret('{ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "organizations:Le|", "Resource": "*" } ] }');
    const uri = 'file:///w/complete.scp.json';
    await session.open(uri, text);
    const document = TextDocument.create(uri, 'json', 1, text);
    const result = await session.client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: document.positionAt(offset) });
    const items = result as CompletionItem[];
    const leave = items.find((item) => item.label === 'organizations:LeaveOrganization');
    assert.ok(leave, 'the action is offered');
    const edited = TextDocument.applyEdits(document, [leave.textEdit as TextEdit]);
    assert.match(edited, /"Action": "organizations:LeaveOrganization"/);
  } finally {
    await session.close();
  }
});

test('quick fixes over LSP: the fixes of the diagnostics in the range', async () => {
  const session = await startSession();
  try {
    const text = '{ "Statement": [ { "Effect": "deny", "Action": "s3:DeleteBucket", "Resource": "*" } ] }';
    const uri = 'file:///w/fix.scp.json';
    await session.open(uri, text);
    const { diagnostics } = await session.diagnostics(uri);
    const document = TextDocument.create(uri, 'json', 1, text);
    const effect = diagnostics.find((diagnostic) => diagnostic.code === 208)!;
    const actions = await session.client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: effect.range, context: { diagnostics: [effect] } });
    const fix = actions?.find((action) => 'edit' in action && action.title === 'Change to "Deny"');
    assert.ok(fix && 'edit' in fix && fix.isPreferred);
    assert.match(TextDocument.applyEdits(document, fix.edit!.changes![uri]), /"Effect": "Deny"/);
    const version = diagnostics.find((diagnostic) => diagnostic.code === 203)!;
    const versionFixes = await session.client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: version.range, context: { diagnostics: [version] } });
    const addVersion = versionFixes?.find((action) => action.title === 'Add "Version": "2012-10-17"');
    assert.ok(addVersion && 'edit' in addVersion);
    assert.equal(JSON.parse(TextDocument.applyEdits(document, addVersion.edit!.changes![uri])).Version, '2012-10-17');
  } finally {
    await session.close();
  }
});

test('document symbols over LSP: statements by Sid', async () => {
  const session = await startSession();
  try {
    const uri = 'file:///w/symbols.scp.json';
    await session.open(uri, '{ "Version": "2012-10-17", "Statement": [ { "Sid": "DenyLeave", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*" } ] }');
    const symbols = await session.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }) as DocumentSymbol[];
    assert.deepEqual(symbols.map((symbol) => [symbol.name, symbol.detail]), [['DenyLeave', 'Deny']]);
  } finally {
    await session.close();
  }
});

test('the client can set a document\'s kind; the server reports kinds as they change', async () => {
  const session = await startSession();
  try {
    const reported: PolicyKindInfoForDocument[] = [];
    session.client.onNotification(policyKindChangedNotification, (info: PolicyKindInfoForDocument) => {
      reported.push(info);
    });
    const uri = 'file:///w/from-org.json';
    await session.open(uri, '{ "Statement": [ { "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*" } ] }');
    assert.deepEqual(await session.client.sendRequest(policyKindRequest, { uri }), { uri, kind: 'RESOURCE_POLICY', source: 'content' });
    await session.client.sendNotification(setPolicyKindNotification, { uri, kind: 'RESOURCE_CONTROL_POLICY' });
    // As an RCP it needs a Version and may not Allow.
    const { diagnostics } = await session.diagnostics(uri, (params) => params.diagnostics.some((diagnostic) => diagnostic.code === 213));
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 203));
    assert.deepEqual(await session.client.sendRequest(policyKindRequest, { uri }), { uri, kind: 'RESOURCE_CONTROL_POLICY', source: 'organization' });
    assert.deepEqual(reported.map((info) => info.kind), ['RESOURCE_POLICY', 'RESOURCE_CONTROL_POLICY']);
  } finally {
    await session.close();
  }
});

test('settings from initializationOptions: globs decide the kind', async () => {
  const session = await startSession({ policies: { globs: { SERVICE_CONTROL_POLICY: ['**/scps/*.json'] } } });
  try {
    const uri = 'file:///w/scps/deny.json';
    await session.open(uri, '{ "Statement": [ { "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*" } ] }');
    const { diagnostics } = await session.diagnostics(uri);
    assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code), [203], 'an SCP requires Version; an IAM policy would only warn (204)');
  } finally {
    await session.close();
  }
});

test('settings from workspace/configuration when the client supports it', async () => {
  const session = await startSession({}, { workspace: { configuration: true } });
  try {
    session.client.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) =>
      item.section === 'awsOrganizations.policies' ? { sizeLimits: { SERVICE_CONTROL_POLICY: 60 } } : null));
    const uri = 'file:///w/small.scp.json';
    await session.open(uri, '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*" } ] }');
    const { diagnostics } = await session.diagnostics(uri, (params) => params.diagnostics.some((diagnostic) => diagnostic.code === 601));
    assert.match(String(diagnostics[0].message), /at most 60/);
  } finally {
    await session.close();
  }
});

test('management policies over LSP: a tag policy by its file name, its diagnostics and key completion', async () => {
  const session = await startSession();
  try {
    const uri = 'file:///w/cost.tag.json';
    const { text, offset } = caret('{ "tags": { "costcenter": { "tag_key": "CostCenter", | } } }');
    await session.open(uri, text);
    const { diagnostics } = await session.diagnostics(uri);
    assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code), [709, 103], 'a bare value, and the comma still trailing while the key is typed');
    const items = await session.client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: TextDocument.create(uri, 'json', 1, text).positionAt(offset) }) as CompletionItem[];
    assert.deepEqual(items.map((item) => item.label), ['tag_value', 'enforced_for', 'report_required_tag_for', '@@operators_allowed_for_child_policies']);
  } finally {
    await session.close();
  }
});
