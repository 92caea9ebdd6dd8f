/** The edits quick fixes are made of: replace a value, remove or insert a property, minify, and did-you-mean. */
import * as jsonc from 'jsonc-parser';
import type { PolicyFix, TextEdit } from './diagnostics';
import type { Node } from './document';

/** Replaces a node's whole text. */
export function replaceNode(node: Node, newText: string, title: string, preferred = false): PolicyFix {
  return { title, edits: [{ offset: node.offset, length: node.length, newText }], preferred };
}

/** Replaces a string node's value (keeps it a JSON string). */
export function replaceString(node: Node, value: string, title = `Change to "${value}"`, preferred = false): PolicyFix {
  return replaceNode(node, JSON.stringify(value), title, preferred);
}

/**
 * Removes a property (its `property` node) with the comma that parts it from a neighbour, from the tree
 * alone: reading the text again for each of many findings would cost a pass over the whole file.
 */
export function removeProperty(property: Node, title: string): PolicyFix {
  const object = property.parent!;
  const siblings = object.children ?? [property];
  const index = siblings.indexOf(property);
  const end = property.offset + property.length;
  let edit: TextEdit;
  if (index > 0) {
    // From the end of the previous property: its comma goes, the layout before it stays.
    const previous = siblings[index - 1];
    edit = { offset: previous.offset + previous.length, length: end - previous.offset - previous.length, newText: '' };
  } else if (siblings.length > 1) {
    edit = { offset: property.offset, length: siblings[1].offset - property.offset, newText: '' };
  } else {
    edit = { offset: object.offset + 1, length: object.length - 2, newText: '' };
  }
  return { title, edits: [edit] };
}

/**
 * Inserts a property first in an object, laid out as the object's first property is (on its own line,
 * or on the brace's line), from the tree alone: the formatter would pass over a one-line file once per
 * property it holds.
 */
export function insertFirstProperty(text: string, object: Node, name: string, value: unknown, title: string): PolicyFix {
  const property = `${JSON.stringify(name)}: ${JSON.stringify(value)}`;
  const first = object.children?.[0];
  if (!first) return { title, edits: [{ offset: object.offset + 1, length: 0, newText: property }], preferred: true };
  const layout = text.slice(object.offset + 1, first.offset);
  return { title, edits: [{ offset: first.offset, length: 0, newText: `${property},${layout.slice(layout.trimEnd().length) || ' '}` }], preferred: true };
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
