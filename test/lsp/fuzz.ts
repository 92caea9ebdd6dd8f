/**
 * Bad input for the language server, shared by the robustness and fuzz tests and the fuzz benchmark:
 * policies from the fixtures mutated at random (seeded), large generated SCPs, one case run over LSP
 * (open, diagnostics, hover, completion and symbols at random positions, close), and the checks every
 * answer must pass.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as jsonc from 'jsonc-parser';
import {
  CodeActionRequest, CodeLensRequest, CompletionRequest, Diagnostic, DidCloseTextDocumentNotification, DocumentSymbolRequest, HoverRequest, Position, Range,
} from 'vscode-languageserver-protocol';
import { fixture } from '../support/paths';
import type { LspSession } from '../support/languageServer';

/** A policy to mutate: its text and a file name that gives its kind. */
export interface FuzzSeed {
  name: string;
  text: string;
}

/** The corpus's SCPs and the workspace fixture's policies of every kind. */
export function fuzzSeeds(): FuzzSeed[] {
  const seeds: FuzzSeed[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const file = path.join(folder, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.json')) seeds.push({ name: folder.includes('corpus') ? name.replace(/\.json$/, '.scp.json') : name, text: readFileSync(file, 'utf8') });
    }
  };
  walk(fixture('corpus'));
  walk(fixture('workspace'));
  return seeds.filter((seed) => seed.name !== 'settings.json');
}

/** Characters a mutation writes: JSON's own, policy punctuation, U+FFFD (what a client shows for invalid UTF-8), lone surrogates, controls. */
const alphabet = ['{', '}', '[', ']', '"', ':', ',', '\\', '*', '?', '$', '/', ' ', '\n', '\r', '\t', '0', '-', 'a', 'Z', '\uFFFD', '\uD800', '\uDC00', '\u0000', '\u001F', '\u2028', '😀'];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const index = (random: () => number, length: number) => Math.floor(random() * (length + 1));

/** The spans of the text's JSON tokens, for swapping two of them. */
function tokens(text: string): { offset: number; length: number }[] {
  const scanner = jsonc.createScanner(text, false);
  const found: { offset: number; length: number }[] = [];
  for (let token = scanner.scan(); token !== jsonc.SyntaxKind.EOF; token = scanner.scan()) {
    if (token !== jsonc.SyntaxKind.Trivia && token !== jsonc.SyntaxKind.LineBreakTrivia) found.push({ offset: scanner.getTokenOffset(), length: scanner.getTokenLength() });
  }
  return found;
}

const mutations: ((text: string, random: () => number) => string)[] = [
  // Replace, insert or delete single characters.
  (text, random) => {
    let result = text;
    for (let count = 1 + Math.floor(random() * 8); count > 0; count--) {
      const at = index(random, result.length);
      const choice = random();
      if (choice < 0.4) result = result.slice(0, at) + pick(random, alphabet) + result.slice(at + 1);
      else if (choice < 0.8) result = result.slice(0, at) + pick(random, alphabet) + result.slice(at);
      else result = result.slice(0, at) + result.slice(at + 1);
    }
    return result;
  },
  // Delete a span.
  (text, random) => {
    const start = index(random, text.length);
    return text.slice(0, start) + text.slice(Math.min(text.length, start + Math.floor(random() * 200)));
  },
  // Duplicate a span in place or elsewhere.
  (text, random) => {
    const start = index(random, text.length);
    const span = text.slice(start, start + Math.floor(random() * 300));
    const at = index(random, text.length);
    return text.slice(0, at) + span.repeat(1 + Math.floor(random() * 3)) + text.slice(at);
  },
  // Swap two tokens.
  (text, random) => {
    const found = tokens(text);
    if (found.length < 2) return text;
    const [first, second] = [pick(random, found), pick(random, found)].sort((a, b) => a.offset - b.offset);
    if (first.offset + first.length > second.offset) return text;
    const slice = (span: { offset: number; length: number }) => text.slice(span.offset, span.offset + span.length);
    return text.slice(0, first.offset) + slice(second) + text.slice(first.offset + first.length, second.offset) + slice(first) + text.slice(second.offset + second.length);
  },
  // Truncate.
  (text, random) => text.slice(0, index(random, text.length)),
];

/** The text after one to four random mutations. */
export function mutate(text: string, random: () => number): string {
  let result = text;
  for (let count = 1 + Math.floor(random() * 4); count > 0; count--) result = pick(random, mutations)(result, random);
  return result;
}

/** An SCP of about `size` characters: many statements, as a generated file might hold. */
export function largeScp(size: number): string {
  const statement = (index: number) => JSON.stringify({ Sid: `Deny${index}`, Effect: 'Deny', Action: ['s3:DeleteBucket', 'ec2:Terminate*'], Resource: '*' }, null, 2);
  const statements: string[] = [];
  for (let length = 0, index = 0; length < size; index++) {
    statements.push(statement(index));
    length += statements[statements.length - 1].length + 2;
  }
  return `{\n"Version": "2012-10-17",\n"Statement": [\n${statements.join(',\n')}\n]\n}\n`;
}

/** The lengths of the text's lines, split as LSP splits them (`\r\n`, `\r` or `\n`), in UTF-16 code units. */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

/** Asserts that every diagnostic's range lies inside the text and starts before it ends. */
export function assertRangesInside(text: string, diagnostics: Diagnostic[], what: string): void {
  const lines = lineLengths(text);
  for (const { range, code } of diagnostics) assertRangeInside(lines, range, `${what}: diagnostic ${code}`);
}

function assertRangeInside(lines: number[], range: Range, what: string): void {
  for (const position of [range.start, range.end]) {
    assert.ok(position.line >= 0 && position.line < lines.length && position.character >= 0 && position.character <= lines[position.line],
      `${what} at ${JSON.stringify(range)} lies outside the document (${lines.length} lines)`);
  }
  const { start, end } = range;
  assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${what} ends before it starts: ${JSON.stringify(range)}`);
}

/** A position inside the text, at random. */
export function randomPosition(text: string, random: () => number): Position {
  const lines = lineLengths(text);
  const line = Math.floor(random() * lines.length);
  return { line, character: index(random, lines[line]) };
}

/**
 * Asks hover, completion, quick fixes, document symbols and code lenses at random positions of an open
 * document; each must answer (a failed request rejects), and every quick fix must edit inside the text.
 */
export async function askEverywhere(session: LspSession, uri: string, text: string, random: () => number, count = 1): Promise<void> {
  const textDocument = { uri };
  const lines = lineLengths(text);
  for (let asked = 0; asked < count; asked++) {
    const [start, end] = [randomPosition(text, random), randomPosition(text, random)].sort((a, b) => a.line - b.line || a.character - b.character);
    const [, , actions] = await Promise.all([
      session.client.sendRequest(HoverRequest.type, { textDocument, position: randomPosition(text, random) }),
      session.client.sendRequest(CompletionRequest.type, { textDocument, position: randomPosition(text, random) }),
      session.client.sendRequest(CodeActionRequest.type, { textDocument, range: { start, end }, context: { diagnostics: [] } }),
      session.client.sendRequest(DocumentSymbolRequest.type, { textDocument }),
      session.client.sendRequest(CodeLensRequest.type, { textDocument }),
    ]);
    for (const action of actions ?? []) {
      for (const edit of ('edit' in action ? action.edit?.changes?.[uri] : undefined) ?? []) assertRangeInside(lines, edit.range, `${uri}: quick fix "${action.title}"`);
    }
  }
}

/** One fuzz case: opens the text, waits for its diagnostics and checks their ranges, asks at random positions, closes it. Returns the time to diagnostics. */
export async function runFuzzCase(session: LspSession, uri: string, text: string, random: () => number): Promise<number> {
  const start = process.hrtime.bigint();
  await session.open(uri, text);
  const { diagnostics } = await session.diagnostics(uri);
  const validationMs = Number(process.hrtime.bigint() - start) / 1e6;
  assertRangesInside(text, diagnostics, uri);
  await askEverywhere(session, uri, text, random);
  await session.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  return validationMs;
}
