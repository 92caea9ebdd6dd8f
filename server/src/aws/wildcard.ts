/**
 * IAM wildcard matching: `*` matches any run of characters (including none), `?` exactly one.
 * Patterns are compiled once and cached; matching never backtracks exponentially, whatever the pattern.
 */

/** A piece of a pattern: text whose `*` and `?` are wildcards, or a literal (a resolved policy variable, `${*}`). */
export type WildcardPiece = string | { literal: string };

export interface WildcardOptions {
  /** Compare case-insensitively (IAM actions); ARNs and most condition values are case-sensitive. */
  caseInsensitive?: boolean;
}

/**
 * The text between two `*`: its characters, with `?` positions marked in `single`.
 * Matching a segment at a position compares every character except those marked.
 */
interface Segment {
  text: string;
  single: readonly boolean[] | undefined;
}

/** A compiled pattern: `segments[0] * segments[1] * ... * segments[n]`, or one segment when there is no `*`. */
export interface WildcardPattern {
  readonly caseInsensitive: boolean;
  readonly segments: readonly Segment[];
  /** True when the pattern contains at least one `*`. */
  readonly hasStar: boolean;
  /** True when the pattern has no wildcard at all (a plain string). */
  readonly literal: boolean;
  /** The fixed text before the first wildcard (lower-cased when case-insensitive), for quick pre-filters. */
  readonly prefix: string;
}

const cacheLimit = 20_000;
const cache = new Map<string, WildcardPattern>();

/** True when `value` matches the IAM wildcard `pattern`. */
export function matchesWildcard(pattern: string, value: string, options?: WildcardOptions): boolean {
  return testWildcard(wildcardPattern(pattern, options), value);
}

/** The compiled (cached) form of a pattern string. */
export function wildcardPattern(pattern: string, options?: WildcardOptions): WildcardPattern {
  const caseInsensitive = options?.caseInsensitive === true;
  const key = (caseInsensitive ? 'i' : 's') + pattern;
  let compiled = cache.get(key);
  if (!compiled) {
    // A bounded cache: when full, start afresh rather than grow with every pattern a user ever typed.
    if (cache.size >= cacheLimit) cache.clear();
    compiled = compileWildcard([pattern], options);
    cache.set(key, compiled);
  }
  return compiled;
}

/** Compiles pieces into one pattern; literal pieces match their characters exactly, `*` and `?` included. */
export function compileWildcard(pieces: readonly WildcardPiece[], options?: WildcardOptions): WildcardPattern {
  const caseInsensitive = options?.caseInsensitive === true;
  const segments: Segment[] = [];
  let text = '';
  let single: boolean[] = [];
  let hasSingle = false;
  let hasStar = false;
  let prefix: string | undefined;
  const closeSegment = () => {
    segments.push({ text, single: hasSingle ? single : undefined });
    text = '';
    single = [];
    hasSingle = false;
  };
  for (const piece of pieces) {
    const isLiteral = typeof piece !== 'string';
    const raw = isLiteral ? piece.literal : piece;
    const chars = caseInsensitive ? raw.toLowerCase() : raw;
    for (const char of chars) {
      if (!isLiteral && char === '*') {
        prefix ??= text;
        hasStar = true;
        closeSegment();
      } else if (!isLiteral && char === '?') {
        prefix ??= text;
        single[text.length] = true;
        hasSingle = true;
        text += '?';
      } else {
        single[text.length] = false;
        text += char;
      }
    }
  }
  const literal = prefix === undefined;
  prefix ??= text;
  closeSegment();
  return { caseInsensitive, segments, hasStar, literal, prefix };
}

/** True when `value` matches a compiled pattern. */
export function testWildcard(pattern: WildcardPattern, input: string): boolean {
  const value = pattern.caseInsensitive ? lowerCase(input) : input;
  const segments = pattern.segments;
  const first = segments[0];
  if (!pattern.hasStar) return first.text.length === value.length && segmentAt(first, value, 0);
  const last = segments[segments.length - 1];
  if (first.text.length + last.text.length > value.length) return false;
  if (!segmentAt(first, value, 0)) return false;
  const end = value.length - last.text.length;
  if (!segmentAt(last, value, end)) return false;
  // Middle segments: taking each at its leftmost occurrence is optimal, because every `*` between them
  // can absorb whatever lies in between. So one left-to-right pass decides, with no backtracking.
  let position = first.text.length;
  for (let index = 1; index < segments.length - 1; index++) {
    const found = findSegment(segments[index], value, position, end);
    if (found < 0) return false;
    position = found + segments[index].text.length;
  }
  return true;
}

// The same value (an action) is usually tested against many patterns in a row: lower-case it once.
let lastInput = '';
let lastLower = '';
function lowerCase(input: string): string {
  if (input !== lastInput) {
    lastInput = input;
    lastLower = input.toLowerCase();
  }
  return lastLower;
}

/** True when the segment matches `value` starting at `position`. */
function segmentAt(segment: Segment, value: string, position: number): boolean {
  const { text, single } = segment;
  if (!single) return value.startsWith(text, position);
  for (let index = 0; index < text.length; index++) {
    if (!single[index] && value.charCodeAt(position + index) !== text.charCodeAt(index)) return false;
  }
  return true;
}

/** The first position in [from, end - length] where the segment matches, or -1. */
function findSegment(segment: Segment, value: string, from: number, end: number): number {
  if (!segment.single) {
    const found = value.indexOf(segment.text, from);
    return found >= 0 && found + segment.text.length <= end ? found : -1;
  }
  for (let position = from; position + segment.text.length <= end; position++) {
    if (segmentAt(segment, value, position)) return position;
  }
  return -1;
}
