/** The edits quick fixes are made of: replace a value, remove or insert a property, minify, and did-you-mean. */
import * as jsonc from 'jsonc-parser';
import type { PolicyFix, TextEdit } from './diagnostics';
import type { Node } from './document';

const formatting: jsonc.FormattingOptions = { insertSpaces: true, tabSize: 2 };

function fromJsonc(edits: jsonc.Edit[]): TextEdit[] {
  return edits.map((edit) => ({ offset: edit.offset, length: edit.length, newText: edit.content }));
}

/** Replaces a node's whole text. */
export function replaceNode(node: Node, newText: string, title: string, preferred = false): PolicyFix {
  return { title, edits: [{ offset: node.offset, length: node.length, newText }], preferred };
}

/** Replaces a string node's value (keeps it a JSON string). */
export function replaceString(node: Node, value: string, title = `Change to "${value}"`, preferred = false): PolicyFix {
  return replaceNode(node, JSON.stringify(value), title, preferred);
}

/** Removes the property at a path, with its comma. */
export function removeProperty(text: string, path: jsonc.JSONPath, title: string): PolicyFix {
  return { title, edits: fromJsonc(jsonc.modify(text, path, undefined, { formattingOptions: formatting })) };
}

/** Inserts (or sets) a property at a path; `first` puts a new property at the top of its object. */
export function setProperty(text: string, path: jsonc.JSONPath, value: unknown, title: string, first = false): PolicyFix {
  const options: jsonc.ModificationOptions = { formattingOptions: formatting, ...(first ? { getInsertionIndex: () => 0 } : {}) };
  return { title, edits: fromJsonc(jsonc.modify(text, path, value, options)), preferred: true };
}

/**
 * The text without whitespace outside strings and without comments: what counts against a size quota
 * once minified. Returns the text unchanged where the scanner meets something it cannot read.
 */
export function minify(text: string): string {
  const scanner = jsonc.createScanner(text, false);
  let result = '';
  for (let token = scanner.scan(); token !== jsonc.SyntaxKind.EOF; token = scanner.scan()) {
    if (token === jsonc.SyntaxKind.Unknown) return text;
    if (token === jsonc.SyntaxKind.Trivia || token === jsonc.SyntaxKind.LineBreakTrivia
      || token === jsonc.SyntaxKind.LineCommentTrivia || token === jsonc.SyntaxKind.BlockCommentTrivia) continue;
    result += text.substr(scanner.getTokenOffset(), scanner.getTokenLength());
  }
  return result;
}

/** The candidates closest to a misspelt word (case-insensitive edit distance), best first. */
export function closestNames(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = word.toLowerCase();
  const threshold = Math.max(2, Math.floor(lower.length / 3));
  const scored: { name: string; distance: number }[] = [];
  for (const name of candidates) {
    const distance = editDistance(lower, name.toLowerCase(), threshold);
    if (distance <= threshold) scored.push({ name, distance });
  }
  return scored.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name)).slice(0, limit).map(({ name }) => name);
}

/** Levenshtein distance, giving up (returning `limit + 1`) once it exceeds the limit. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMinimum = Math.min(rowMinimum, current[j]);
    }
    if (rowMinimum > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}
