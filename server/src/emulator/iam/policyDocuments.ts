/**
 * IAM policy documents as IAM checks them when they are stored: JSON objects with a `Statement`, each with
 * an `Effect` and an `Action`; identity policies name resources and no principal, trust policies name a
 * principal and no resource (`MalformedPolicyDocument` otherwise, with IAM's messages), within IAM's size
 * quotas counted without whitespace. Documents go back URL-encoded, as IAM returns them (RFC 3986).
 */
import { iamError } from './errors';

export type DocumentKind = 'identity' | 'trust';

const versions = new Set(['2012-10-17', '2008-10-17']);

function malformed(message: string): Error {
  return iamError('MalformedPolicyDocumentException', message);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** The document's length as IAM counts it: every character but whitespace outside strings. */
export function policySize(document: string): number {
  let size = 0;
  let inString = false;
  for (let index = 0; index < document.length; index++) {
    const character = document[index];
    if (inString) {
      size++;
      if (character === '\\') {
        size++;
        index++;
      } else if (character === '"') {
        inString = false;
      }
    } else if (character === '"') {
      inString = true;
      size++;
    } else if (!/\s/.test(character)) {
      size++;
    }
  }
  return size;
}

/** Checks a document IAM is asked to store; returns its parsed form. */
export function checkPolicyDocument(document: string, kind: DocumentKind): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformed('This policy contains invalid Json');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw malformed('This policy contains invalid Json');
  const policy = parsed as Record<string, unknown>;
  if (policy.Version !== undefined && !versions.has(policy.Version as string)) throw malformed('The policy failed legacy parsing');
  if (policy.Statement === undefined) throw malformed('Syntax errors in policy.');
  for (const item of list(policy.Statement)) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw malformed('Syntax errors in policy.');
    const statement = item as Record<string, unknown>;
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') throw malformed('Syntax errors in policy.');
    if (statement.Action === undefined && statement.NotAction === undefined) throw malformed('Policy statement must contain actions.');
    if (kind === 'identity') {
      if (statement.Principal !== undefined || statement.NotPrincipal !== undefined) throw malformed('Policy document should not specify a principal.');
      if (statement.Resource === undefined && statement.NotResource === undefined) throw malformed('Policy statement must contain resources.');
    } else {
      if (statement.Resource !== undefined || statement.NotResource !== undefined) throw malformed('Has prohibited field Resource');
      if (statement.Principal === undefined && statement.NotPrincipal === undefined) throw malformed('AssumeRolepolicy contained an invalid principal: missing Principal.');
    }
  }
  return policy;
}

/** A document as IAM returns it: URL-encoded (RFC 3986: everything but unreserved characters). */
export function encodePolicyDocument(document: string): string {
  return encodeURIComponent(document).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}
