/**
 * What the AWS Organizations API reference requires of input fields: the ID formats and other patterns, and
 * the lengths of names, emails and tags. The engine enforces them; the client checks input against them as
 * the user types.
 */
import type { InvalidInputExceptionReason } from '@aws-sdk/client-organizations';

/** Constraints on a string field, from the API reference. */
export interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** The reason a pattern mismatch carries (default `INVALID_PATTERN`). */
  patternReason?: InvalidInputExceptionReason;
}

/** Field patterns of the API reference. */
export const patterns = {
  accountId: /^\d{12}$/,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  ascii: /^[\u0020-\u007E]+$/,
  roleName: /^[\w+=,.@-]{1,64}$/,
  rootId: /^r-[0-9a-z]{4,32}$/,
  organizationalUnitId: /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/,
  parentId: /^(r-[0-9a-z]{4,32})$|^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  childId: /^(\d{12})$|^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  targetId: /^(r-[0-9a-z]{4,32})$|^(\d{12})$|^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  taggableResourceId: /^(r-[0-9a-z]{4,32})$|^(\d{12})$|^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$|^(p-[0-9a-zA-Z_]{8,128})$|^(rp-[0-9a-zA-Z_]{4,128})$/,
  policyId: /^p-[0-9a-zA-Z_]{8,128}$/,
  handshakeId: /^h-[0-9a-z]{8,32}$/,
  createAccountRequestId: /^car-[a-z0-9]{8,32}$/,
  servicePrincipal: /^[\w+=,.@-]*$/,
  responsibilityTransferId: /^rt-[0-9a-z]{8,32}$/,
} as const;

/** The rules most operations share. */
export const rules = {
  accountId: { pattern: patterns.accountId },
  targetId: { pattern: patterns.targetId, patternReason: 'INVALID_PATTERN_TARGET_ID' },
  parentId: { pattern: patterns.parentId },
  rootId: { pattern: patterns.rootId },
  organizationalUnitId: { pattern: patterns.organizationalUnitId },
  policyId: { pattern: patterns.policyId, patternReason: 'INVALID_SYNTAX_POLICY_ID' },
  handshakeId: { pattern: patterns.handshakeId },
  servicePrincipal: { min: 1, max: 128, pattern: patterns.servicePrincipal },
  email: { min: 6, max: 64, pattern: patterns.email },
  accountName: { min: 1, max: 50, pattern: patterns.ascii },
  organizationalUnitName: { min: 1, max: 128 },
  policyName: { min: 1, max: 128, pattern: patterns.ascii },
  policyDescription: { max: 512 },
  policyContent: { min: 1, max: 1_000_000 },
  notes: { max: 1024 },
  tagKey: { min: 1, max: 128 },
  tagValue: { max: 256 },
} satisfies Record<string, StringRule>;
