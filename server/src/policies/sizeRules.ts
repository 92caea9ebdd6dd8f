/**
 * Size quotas per kind: Organizations counts every character of a policy, whitespace included
 * (the CLI and SDK store exactly what is sent); IAM identity policies do not count whitespace.
 * A file too large to parse is declined with its size and the kind's quota.
 */
import { maxParsedLength } from './document';
import { minify } from './fixes';
import { policyKindInfo } from './kinds';
import type { ValidationContext } from './rule';

/** The size of the document as the kind's quota counts it. */
export function policySize(text: string, kind: ValidationContext['kind']): number {
  return kind === 'IDENTITY_POLICY' ? minify(text).length : text.length;
}

export function checkSize(context: ValidationContext): void {
  const { document, findings, kind, options } = context;
  const limit = options.sizeLimits?.[kind] ?? policyKindInfo(kind).sizeLimit;
  if (document.declined?.reason === 'tooLarge') {
    const megabytes = (Buffer.byteLength(document.text) / 1_000_000).toFixed(1);
    const quota = limit === undefined ? '' : `; a ${policyKindInfo(kind).label} may have at most ${limit.toLocaleString('en-US')} characters`;
    findings.add('documentTooLarge', { offset: 0, length: 1 },
      `This file is too large to validate (${megabytes} MB, ${document.text.length.toLocaleString('en-US')} characters; the language server validates files of at most ${maxParsedLength.toLocaleString('en-US')})${quota}.`,
      'Split the file into policies within the quota.');
    return;
  }
  if (limit === undefined || !document.root) return;
  const size = policySize(document.text, kind);
  if (size <= limit) return;
  const minified = minify(document.text);
  const whitespace = kind === 'IDENTITY_POLICY' ? ' (whitespace not counted)' : ' (whitespace counts)';
  const fixes = minified.length <= limit && minified !== document.text
    ? [{ title: `Minify to fit the size quota (${minified.length.toLocaleString('en-US')} characters)`, edits: [{ offset: 0, length: document.text.length, newText: minified }], preferred: true }]
    : [];
  findings.add('sizeExceeded', { offset: document.root.offset, length: 1 },
    `The policy is ${size.toLocaleString('en-US')} characters${whitespace}; a ${policyKindInfo(kind).label} may have at most ${limit.toLocaleString('en-US')}.`,
    fixes.length ? 'Minify the policy: whitespace outside strings counts against the quota.' : 'Split the policy in two, or combine actions with wildcards.', fixes);
}
