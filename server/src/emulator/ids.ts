/**
 * IDs in AWS's formats (`o-`, `r-`, `ou-<root>-`, `p-`, `h-`, `car-`, `rp-`, 12-digit accounts, and the
 * base-32 part of IAM's unique IDs after their `AROA`/`AIDA`/`AGPA`/`ANPA` prefix), never
 * reused: each kind has a counter in the state, and a bijective scramble (multiply by a prime, add a salt,
 * modulo the ID space) turns consecutive counters into distinct, random-looking IDs.
 */
import { createHash, randomInt } from 'node:crypto';
import { IAM_ID_ALPHABET } from '../aws/iamIds';
import type { Transaction } from './state';

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
/** A prime, hence coprime with every ID space (powers of 36 and 10), which makes the scramble bijective. */
const PRIME = 2654435761n;

/** The ID kinds and the shape of the random part of each (digits of base 36 unless an alphabet is given). */
const kinds: Record<string, { radix: number; length: number; alphabet?: string }> = {
  organization: { radix: 36, length: 10 },
  root: { radix: 36, length: 4 },
  organizationalUnit: { radix: 36, length: 8 },
  account: { radix: 10, length: 12 },
  policy: { radix: 36, length: 8 },
  handshake: { radix: 36, length: 10 },
  createAccountRequest: { radix: 36, length: 10 },
  resourcePolicy: { radix: 36, length: 8 },
  /** One sequence for every IAM entity: unique IDs are unique across kinds. */
  iam: { radix: 32, length: 17, alphabet: IAM_ID_ALPHABET },
} satisfies Record<string, { radix: number; length: number; alphabet?: string }>;
export type IdKind = 'organization' | 'root' | 'organizationalUnit' | 'account' | 'policy' | 'handshake' | 'createAccountRequest' | 'resourcePolicy' | 'iam';

/** A fresh salt for a new state. */
export function newSalt(): number {
  return randomInt(1, 2 ** 47);
}

/** The `counter`-th ID part of a kind for a salt. */
export function scrambled(kind: IdKind, counter: number, salt: number): string {
  const { radix, length, alphabet = BASE36 } = kinds[kind];
  const space = BigInt(radix) ** BigInt(length);
  // Each kind gets its own offset, so the first organization, root and handshake IDs don't share digits.
  const offset = BigInt('0x' + createHash('sha256').update(`${salt}:${kind}`).digest('hex').slice(0, 16));
  let value = (BigInt(counter) * PRIME + offset) % space;
  let text = '';
  for (let i = 0; i < length; i++) {
    text = alphabet[Number(value % BigInt(radix))] + text;
    value /= BigInt(radix);
  }
  return text;
}

/** Draws the next ID part of a kind from the transaction's sequence record. */
export function nextIdPart(tx: Transaction, kind: IdKind): string {
  const sequence = tx.get('sequence', 'sequence') ?? { salt: newSalt(), counters: {} };
  const counter = sequence.counters[kind] ?? 0;
  tx.put('sequence', 'sequence', { salt: sequence.salt, counters: { ...sequence.counters, [kind]: counter + 1 } });
  return scrambled(kind, counter, sequence.salt);
}
