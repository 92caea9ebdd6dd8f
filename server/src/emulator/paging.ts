/**
 * Paging of List* operations: `MaxResults` in AWS's range and an opaque `NextToken` bound to the operation and
 * its other parameters, so a token from elsewhere is `InvalidInputException` `INVALID_NEXT_TOKEN`.
 */
import { createHash } from 'node:crypto';
import { invalidInput } from './errors';
import type { Input } from './input';

/** AWS's `MaxResults` range for Organizations' List operations. */
export const MAX_RESULTS = 20;

interface Token {
  o: string;
  f: string;
  s: number;
}

function fingerprint(input: Input): string {
  const { NextToken: _token, MaxResults: _max, ...rest } = input.raw;
  const canonical = JSON.stringify(rest, Object.keys(rest).sort());
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** One page of `items` for this call, with the token for the next one when more remain. */
export function page<T>(operation: string, input: Input, items: readonly T[]): { items: T[]; NextToken?: string } {
  const max = input.optionalInteger('MaxResults', 1, MAX_RESULTS) ?? MAX_RESULTS;
  const token = input.optionalString('NextToken', { max: 100_000 });
  let start = 0;
  // Hashed only when a token is read or written: most lists fit one page.
  let printed: string | undefined;
  const inputFingerprint = () => (printed ??= fingerprint(input));
  if (token !== undefined) {
    let decoded: Partial<Token> | undefined;
    try {
      decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Token>;
    } catch {
      decoded = undefined;
    }
    if (!decoded || decoded.o !== operation || decoded.f !== inputFingerprint() || !Number.isInteger(decoded.s)
      || decoded.s! < 0 || decoded.s! > items.length) {
      throw invalidInput('INVALID_NEXT_TOKEN');
    }
    start = decoded.s!;
  }
  const end = start + max;
  return {
    items: items.slice(start, end),
    NextToken: end < items.length ? Buffer.from(JSON.stringify({ o: operation, f: inputFingerprint(), s: end } satisfies Token)).toString('base64url') : undefined,
  };
}
