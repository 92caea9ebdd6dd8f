/**
 * The parsed form of a policy file, built once per text and shared by every feature: a tolerant
 * `jsonc-parser` tree with offsets, the syntax errors, comments, trailing commas and duplicate keys
 * (all of which AWS rejects), and the document's policy kind. Files far larger or deeper than any
 * policy are declined rather than parsed, so that no feature has to guard against them.
 */
import * as jsonc from 'jsonc-parser';
import { kindFromContent, kindFromFileName, kindFromGlobs, PolicyKind, PolicyKindGlobs, PolicyKindSource } from './kinds';

export type Node = jsonc.Node;

/** A stretch of the text. */
export interface Span {
  offset: number;
  length: number;
}

export interface SyntaxError extends Span {
  /** jsonc-parser's name for the error, e.g. `CommaExpected`. */
  error: string;
}

/**
 * The longest text that is parsed. The largest policies AWS accepts have tens of thousands of characters
 * (an SCP at most 5,120), so a longer file is not a policy to validate; parsing and validating one would
 * only keep the language server busy.
 */
export const maxParsedLength = 1_000_000;

/**
 * The deepest nesting of objects and arrays that is parsed. Policies nest about ten levels; the parser
 * and the rules descend one call per level, so far deeper nesting would overflow the stack.
 */
export const maxNestingDepth = 100;

/** Why a document was not parsed: too long, or nested too deep. */
export type Declined = { reason: 'tooLarge' } | { reason: 'tooDeep'; depth: number; offset: number };

/** At most this many syntax errors are kept: random bytes make one per character, and more are no help. */
export const maxSyntaxErrors = 1_000;

export interface PolicyDocument {
  text: string;
  /** The tree; `undefined` for an empty document, and for one that was declined. */
  root: Node | undefined;
  /** Set when the text was not parsed: it has no tree, and no feature but this finding applies. */
  declined?: Declined;
  syntaxErrors: SyntaxError[];
  comments: Span[];
  /** The commas that stand before a closing brace or bracket. */
  trailingCommas: Span[];
  /** The key nodes of properties whose name already appeared earlier in the same object. */
  duplicateKeys: Node[];
  /** `undefined` when the file is not a policy (a `package.json`, say): no feature applies then. */
  kind: PolicyKind | undefined;
  kindSource: PolicyKindSource | undefined;
}

/** What decides a document's kind besides its content. */
export interface KindHints {
  /** The document's path or URI (forward slashes). */
  path?: string;
  /** The type known from the organization, or the kind the user chose in the status bar. */
  knownKind?: PolicyKind;
  /** The `awsOrganizations.policies.globs` setting. */
  globs?: PolicyKindGlobs;
}

/** Parses the text once and decides its kind; a text too long or too deep is declined, and its kind comes from the hints alone. */
export function parsePolicyDocument(text: string, hints: KindHints = {}): PolicyDocument {
  const document: PolicyDocument = { text, root: undefined, syntaxErrors: [], comments: [], trailingCommas: [], duplicateKeys: [], kind: undefined, kindSource: undefined };
  if (text.length > maxParsedLength) document.declined = { reason: 'tooLarge' };
  else {
    const { comments, trailingCommas, deepest } = scanTrivia(text);
    if (deepest) document.declined = { reason: 'tooDeep', ...deepest };
    else {
      const errors: jsonc.ParseError[] = [];
      const root = jsonc.parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
      Object.assign(document, {
        root,
        syntaxErrors: errors.slice(0, maxSyntaxErrors).map((error) => ({ offset: error.offset, length: error.length, error: jsonc.printParseErrorCode(error.error) })),
        comments,
        trailingCommas,
        duplicateKeys: root ? findDuplicateKeys(root) : [],
      });
    }
  }
  const decided = decideKind(document, hints);
  document.kind = decided?.kind;
  document.kindSource = decided?.source;
  return document;
}

function decideKind(document: PolicyDocument, hints: KindHints): { kind: PolicyKind; source: PolicyKindSource } | undefined {
  if (hints.knownKind) return { kind: hints.knownKind, source: 'organization' };
  const fromName = hints.path ? kindFromFileName(hints.path) : undefined;
  if (fromName) return { kind: fromName, source: 'fileName' };
  const fromGlobs = hints.path && hints.globs ? kindFromGlobs(hints.path, hints.globs) : undefined;
  if (fromGlobs) return { kind: fromGlobs, source: 'glob' };
  const keys = objectProperties(document.root).map(({ name }) => name);
  const hasPrincipal = statements(document).some((statement) => property(statement, 'Principal') || property(statement, 'NotPrincipal'));
  const fromContent = kindFromContent(keys, hasPrincipal);
  return fromContent ? { kind: fromContent, source: 'content' } : undefined;
}

/**
 * One scan of the tokens: comments, commas followed (past trivia) by `}` or `]`, and the first bracket
 * that opens a level deeper than `maxNestingDepth` (with the depth the text reaches), if any.
 */
function scanTrivia(text: string): { comments: Span[]; trailingCommas: Span[]; deepest?: { depth: number; offset: number } } {
  const scanner = jsonc.createScanner(text, false);
  const comments: Span[] = [];
  const trailingCommas: Span[] = [];
  let lastComma: Span | undefined;
  let depth = 0;
  let deepest: { depth: number; offset: number } | undefined;
  for (let token = scanner.scan(); token !== jsonc.SyntaxKind.EOF; token = scanner.scan()) {
    switch (token) {
      case jsonc.SyntaxKind.OpenBraceToken:
      case jsonc.SyntaxKind.OpenBracketToken:
        depth++;
        if (depth > maxNestingDepth) {
          deepest ??= { depth, offset: scanner.getTokenOffset() };
          deepest.depth = Math.max(deepest.depth, depth);
        }
        lastComma = undefined;
        break;
      case jsonc.SyntaxKind.LineCommentTrivia:
      case jsonc.SyntaxKind.BlockCommentTrivia:
        comments.push({ offset: scanner.getTokenOffset(), length: scanner.getTokenLength() });
        break;
      case jsonc.SyntaxKind.Trivia:
      case jsonc.SyntaxKind.LineBreakTrivia:
        break;
      case jsonc.SyntaxKind.CloseBraceToken:
      case jsonc.SyntaxKind.CloseBracketToken:
        if (lastComma) trailingCommas.push(lastComma);
        lastComma = undefined;
        depth = Math.max(0, depth - 1);
        break;
      case jsonc.SyntaxKind.CommaToken:
        lastComma = { offset: scanner.getTokenOffset(), length: 1 };
        break;
      default:
        lastComma = undefined;
    }
  }
  return { comments, trailingCommas, ...(deepest ? { deepest } : {}) };
}

function findDuplicateKeys(root: Node): Node[] {
  const duplicates: Node[] = [];
  const walk = (node: Node): void => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const { key } of objectProperties(node)) {
        if (seen.has(key.value)) duplicates.push(key);
        seen.add(key.value);
      }
    }
    node.children?.forEach(walk);
  };
  walk(root);
  return duplicates;
}

/** A property of an object node: its name, key node and value node (absent while being typed). */
export interface Property {
  name: string;
  key: Node;
  value: Node | undefined;
  /** The `property` node itself. */
  node: Node;
}

/** The properties of an object node, in document order; none for anything else. */
export function objectProperties(node: Node | undefined): Property[] {
  if (node?.type !== 'object') return [];
  // Every rule asks for the same objects' properties: list them once per node (a tree is never changed).
  let properties = propertiesOfNode.get(node);
  if (!properties) {
    properties = (node.children ?? [])
      .filter((child) => child.type === 'property' && child.children?.[0])
      .map((child) => ({ name: child.children![0].value as string, key: child.children![0], value: child.children![1], node: child }));
    propertiesOfNode.set(node, properties);
  }
  return properties;
}

const propertiesOfNode = new WeakMap<Node, Property[]>();

/** The value node of an object's property of that exact name (the first, if repeated). */
export function property(node: Node | undefined, name: string): Node | undefined {
  return objectProperties(node).find((candidate) => candidate.name === name)?.value;
}

/** The statement objects of an IAM-language document (`Statement` may be one object or an array). */
export function statements(document: PolicyDocument): Node[] {
  const statement = property(document.root, 'Statement');
  if (statement?.type === 'object') return [statement];
  if (statement?.type === 'array') return (statement.children ?? []).filter((child) => child.type === 'object');
  return [];
}

/** The string nodes of a value that may be one string or an array of strings. */
export function stringValues(node: Node | undefined): Node[] {
  if (node?.type === 'string') return [node];
  if (node?.type === 'array') return (node.children ?? []).filter((child) => child.type === 'string');
  return [];
}

/** Whether a node is the key of a property. */
export function isPropertyKey(node: Node): boolean {
  return node.parent?.type === 'property' && node.parent.children?.[0] === node;
}

/** The innermost node at an offset (the key or value string under the caret, say). */
export function nodeAt(document: PolicyDocument, offset: number): Node | undefined {
  return document.root ? jsonc.findNodeAtOffset(document.root, offset, true) : undefined;
}

/** The property names from the root down to a node (array items appear as their index). */
export function pathOf(node: Node): (string | number)[] {
  return jsonc.getNodePath(node);
}

/** The part of a path inside a statement (`['Condition', 'StringEquals']`), or undefined outside statements. */
export function pathInStatement(path: (string | number)[]): (string | number)[] | undefined {
  if (path[0] !== 'Statement') return undefined;
  return typeof path[1] === 'number' ? path.slice(2) : path.slice(1);
}

