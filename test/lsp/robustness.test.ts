/**
 * The bundled language server process under bad input: a 5 MB file, JSON nested 100,000 levels deep,
 * random bytes and text a client decoded from invalid UTF-8, more problems than are reported, and a
 * file edited a thousand times a second. Each time the server answers (or declines with a diagnostic
 * that says why), its memory stays bounded, and it is still alive and answering a hover afterwards.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DidChangeTextDocumentNotification, HoverRequest, MarkupContent, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixture } from '../support/paths';
import { seededRandom } from '../support/random';
import { askEverywhere, assertRangesInside, largeScp } from './fuzz';
import { LspProcess, startServerProcess } from '../support/languageServer';

/** Far above what the server needs (under 200 MB); a leak or a blow-up on these inputs would pass it. */
const memoryBound = 1024 ** 3;
/** How long a test waits for diagnostics of a large input. */
const largeInputDeadlineMs = 30_000;

let checks = 0;

/** The process is alive, within the memory bound, and answers a hover on a policy. */
async function assertAnswering(server: LspProcess): Promise<void> {
  assert.ok(server.alive(), `the server exited: ${server.stderr()}`);
  const rss = server.rssBytes();
  assert.ok(rss < memoryBound, `the server holds ${(rss / 1024 ** 2).toFixed(0)} MB`);
  const uri = `file:///robust/check-${++checks}.scp.json`;
  await server.open(uri, '{ "Version": "2012-10-17", "Statement": [] }');
  const hover = await server.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 5 } });
  assert.match((hover?.contents as MarkupContent).value, /2012-10-17/);
}

test('a 5 MB policy is declined with its size and the quota; a 5 MB JSON file that is no policy gets no diagnostics', async () => {
  const server = await startServerProcess();
  try {
    const text = largeScp(5_000_000);
    const uri = 'file:///robust/huge.scp.json';
    await server.open(uri, text);
    const { diagnostics } = await server.diagnostics(uri, undefined, largeInputDeadlineMs);
    assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code), [602]);
    assert.match(String(diagnostics[0].message), /too large to validate \(5\.0 MB, 5,0\d\d,\d\d\d characters; the language server validates files of at most 1,000,000\); a Service control policy \(SCP\) may have at most 5,120 characters/);
    await askEverywhere(server, uri, text, seededRandom(1), 3);

    // An edit of the large file is declined again, for its new version.
    await server.client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: ' ' }],
    });
    const edited = await server.diagnostics(uri, (params) => params.version === 2, largeInputDeadlineMs);
    assert.deepEqual(edited.diagnostics.map((diagnostic) => diagnostic.code), [602]);

    const lockFile = 'file:///robust/package-lock.json';
    await server.open(lockFile, JSON.stringify({ name: 'x', packages: Object.fromEntries(Array.from({ length: 40_000 }, (_, index) => [`node_modules/p${index}`, { version: '1.0.0', resolved: `https://registry.example/p${index}.tgz` }])) }));
    assert.deepEqual((await server.diagnostics(lockFile, undefined, largeInputDeadlineMs)).diagnostics, []);
    await assertAnswering(server);
  } finally {
    await server.close();
  }
});

test('JSON nested 100,000 levels deep, in arrays and in objects, is declined at the first level too deep; every request still answers', async () => {
  const server = await startServerProcess();
  try {
    const depth = 100_000;
    const cases = [
      { uri: 'file:///robust/arrays.scp.json', text: '['.repeat(depth) + ']'.repeat(depth), tooDeepAt: 100 },
      { uri: 'file:///robust/objects.tag.json', text: '{"a":'.repeat(depth) + '1' + '}'.repeat(depth), tooDeepAt: 500 },
      // Unclosed, as a file cut short would be.
      { uri: 'file:///robust/unclosed.rcp.json', text: '{"a":'.repeat(depth), tooDeepAt: 500 },
    ];
    for (const { uri, text, tooDeepAt } of cases) {
      await server.open(uri, text);
      const { diagnostics } = await server.diagnostics(uri, undefined, largeInputDeadlineMs);
      assert.deepEqual(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.character]), [[901, tooDeepAt]], uri);
      assert.match(String(diagnostics[0].message), /nests objects and arrays 100,000 levels deep: it was not validated/);
      await askEverywhere(server, uri, text, seededRandom(2), 3);
    }
    const notPolicy = 'file:///robust/deep.json';
    await server.open(notPolicy, '['.repeat(depth));
    assert.deepEqual((await server.diagnostics(notPolicy, undefined, largeInputDeadlineMs)).diagnostics, []);
    await assertAnswering(server);
  } finally {
    await server.close();
  }
});

test('random bytes, and text decoded from invalid UTF-8 with lone surrogates: diagnostics inside the document, exact where they point', async () => {
  const server = await startServerProcess();
  try {
    const random = seededRandom(3);
    // What a client shows for a file of random bytes: invalid UTF-8 sequences become U+FFFD.
    const bytes = Buffer.from(Array.from({ length: 256 * 1024 }, () => Math.floor(random() * 256)));
    const randomText = bytes.toString('utf8');
    assert.ok(randomText.includes('\uFFFD'));
    const randomUri = 'file:///robust/random.scp.json';
    await server.open(randomUri, randomText);
    assertRangesInside(randomText, (await server.diagnostics(randomUri, undefined, largeInputDeadlineMs)).diagnostics, randomUri);
    await askEverywhere(server, randomUri, randomText, random, 10);

    const text = '{\n  "Version": "2012-10-17",\n  "\uDC00": 1,\n  "Statement": [{ "Sid": "\uD800x", "Effect": "De\uFFFDny", "Action": "s3:Get\uDC00Object", "Resource": "arn:aws:s3:::b\uD83D/*" }]\n}';
    const uri = 'file:///robust/surrogates.scp.json';
    await server.open(uri, text);
    const { diagnostics } = await server.diagnostics(uri);
    assertRangesInside(text, diagnostics, uri);
    const document = TextDocument.create(uri, 'json', 1, text);
    const at = (code: number) => diagnostics.find((diagnostic) => diagnostic.code === code)?.range;
    const span = (needle: string) => ({ start: document.positionAt(text.indexOf(needle)), end: document.positionAt(text.indexOf(needle) + needle.length) });
    assert.deepEqual(at(201), span('"\uDC00"'), 'the unknown element whose name is a lone surrogate');
    assert.deepEqual(at(212), span('"\uD800x"'), 'the Sid with a lone surrogate');
    assert.deepEqual(at(208), span('"De\uFFFDny"'), 'the Effect with a replacement character');
    assert.deepEqual(at(301), span('"s3:Get\uDC00Object"'), 'the action with a lone surrogate');
    await askEverywhere(server, uri, text, random, 10);
    await assertAnswering(server);
  } finally {
    await server.close();
  }
});

test('a file with more problems than are reported gets the first 1,000 and a note that validation stopped', async () => {
  const server = await startServerProcess();
  try {
    const text = `{ "Version": "2012-10-17", "Statement": [], ${Array.from({ length: 50_000 }, () => '"Statement": []').join(', ')} }`;
    const uri = 'file:///robust/repeated.scp.json';
    await server.open(uri, text);
    const { diagnostics } = await server.diagnostics(uri, undefined, largeInputDeadlineMs);
    assert.equal(diagnostics.length, 1_001);
    assert.equal(diagnostics[0].code, 902);
    assert.match(String(diagnostics[0].message), /Validation stopped after 1,000 problems/);
    assertRangesInside(text, diagnostics, uri);
    await assertAnswering(server);
  } finally {
    await server.close();
  }
});

test('a file edited 1,000 times a second for 3 seconds: the latest version is validated, never an older one after it, and requests answer meanwhile', async () => {
  const server = await startServerProcess();
  try {
    const uri = 'file:///robust/edited.scp.json';
    const original = readFileSync(fixture('workspace', 'protect-security-services.scp.json'), 'utf8');
    let mirror = TextDocument.create(uri, 'json', 1, original);
    await server.open(uri, original);
    await server.diagnostics(uri, (params) => params.version === 1);

    const random = seededRandom(4);
    const edits = 3_000;
    const hovers: Promise<unknown>[] = [];
    const start = Date.now();
    let version = 1;
    while (version - 1 < edits) {
      // Catch up with one edit per millisecond since the start, then let the event loop run.
      for (const due = Math.min(edits, Date.now() - start); version - 1 < due;) {
        const text = mirror.getText();
        const offset = Math.floor(random() * text.length);
        const position = mirror.positionAt(offset);
        const change: TextDocumentContentChangeEvent = random() < 0.6
          ? { range: { start: position, end: position }, text: random() < 0.5 ? '"' : 'x' }
          : { range: { start: position, end: mirror.positionAt(offset + 1) }, text: '' };
        version++;
        mirror = TextDocument.update(mirror, [change], version);
        void server.client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
        if (version % 100 === 0) hovers.push(server.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: mirror.positionAt(Math.floor(random() * mirror.getText().length)) }));
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(hovers);
    const last = await server.diagnostics(uri, (params) => params.version === version, largeInputDeadlineMs);

    const versions = server.published(uri).map((params) => params.version ?? 0);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'no older version is published after a newer one');
    assert.equal(new Set(versions).size, versions.length, 'each version is published once');
    assert.ok(versions.length < edits / 10, `only the latest version is validated, not each edit (${versions.length} publications for ${edits} edits)`);

    // What the last version got is what the same text gets when opened afresh.
    const fresh = 'file:///robust/edited-fresh.scp.json';
    await server.open(fresh, mirror.getText());
    assert.deepEqual(last.diagnostics, (await server.diagnostics(fresh)).diagnostics);
    assertRangesInside(mirror.getText(), last.diagnostics, uri);
    await assertAnswering(server);
  } finally {
    await server.close();
  }
});
