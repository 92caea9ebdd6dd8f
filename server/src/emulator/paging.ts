/**
 * Paging of List* operations: Organizations' `MaxResults` and `NextToken`, IAM's `MaxItems` and `Marker`, each
 * in AWS's range, the token opaque and bound to the operation and its other parameters, so a token from
 * elsewhere is invalid input (`INVALID_NEXT_TOKEN`).
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

/** How a service names and bounds its paging parameters. */
interface PagingStyle {
  token: 'NextToken' | 'Marker';
  max: 'MaxResults' | 'MaxItems';
  limit: number;
  default: number;
}

const organizationsPaging: PagingStyle = { token: 'NextToken', max: 'MaxResults', limit: MAX_RESULTS, default: MAX_RESULTS };
/** IAM's `MaxItems` is 1 to 1,000, 100 when omitted. */
const iamPaging: PagingStyle = { token: 'Marker', max: 'MaxItems', limit: 1000, default: 100 };

function fingerprint(input: Input, style: PagingStyle): string {
  const { [style.token]: _token, [style.max]: _max, ...rest } = input.raw;
  const canonical = JSON.stringify(rest, Object.keys(rest).sort());
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** One page of `items` for this call, with the token for the next one when more remain. */
export function page<T>(operation: string, input: Input, items: readonly T[]): { items: T[]; NextToken?: string } {
  const { items: pageItems, next } = pageOf(operation, input, items, organizationsPaging);
  return { items: pageItems, NextToken: next };
}

/** One page of an IAM list: `IsTruncated`, and the `Marker` of the next page when it is. */
export function iamPage<T>(operation: string, input: Input, items: readonly T[]): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const { items: pageItems, next } = pageOf(operation, input, items, iamPaging);
  return { items: pageItems, IsTruncated: next !== undefined, ...(next !== undefined ? { Marker: next } : {}) };
}

function pageOf<T>(operation: string, input: Input, items: readonly T[], style: PagingStyle): { items: T[]; next?: string } {
  const max = input.optionalInteger(style.max, 1, style.limit) ?? style.default;
  const token = input.optionalString(style.token, { max: 100_000 });
  let start = 0;
  if (token !== undefined) {
    let decoded: Partial<Token> | undefined;
    try {
      decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Token>;
    } catch {
      decoded = undefined;
    }
    if (!decoded || decoded.o !== operation || decoded.f !== fingerprint(input, style) || !Number.isInteger(decoded.s)
      || decoded.s! < 0 || decoded.s! > items.length) {
      throw invalidInput('INVALID_NEXT_TOKEN');
    }
    start = decoded.s!;
  }
  const end = start + max;
  const next: Token = { o: operation, f: fingerprint(input, style), s: end };
  return {
    items: items.slice(start, end),
    next: end < items.length ? Buffer.from(JSON.stringify(next)).toString('base64url') : undefined,
  };
}
