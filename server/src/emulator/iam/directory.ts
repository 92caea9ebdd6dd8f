/**
 * The IAM records of one account. IAM collections are keyed `<account>/<lower-case name>` across every
 * account (200,000 roles in a 10,000-account organization), so listing one account's would scan them all:
 * an index of keys by account is derived from each committed collection once, patched from its journal as
 * it changes, and merged with the transaction's own writes.
 */
import { changesSince, generationOf, type CollectionName, type Records, type Transaction } from '../state';

export type IamCollection = Extract<CollectionName, 'iamRoles' | 'iamUsers' | 'iamGroups' | 'iamPolicies'>;

interface AccountIndex {
  generation: number;
  byAccount: Map<string, Set<string>>;
}
const indexes = new WeakMap<Map<string, unknown>, AccountIndex>();

/** The key of an IAM record: names are unique in an account without regard to case. */
export function iamKey(accountId: string, name: string): string {
  return `${accountId}/${name.toLowerCase()}`;
}

function accountOf(key: string): string {
  return key.slice(0, key.indexOf('/'));
}

function add(index: AccountIndex, key: string): void {
  const account = accountOf(key);
  let keys = index.byAccount.get(account);
  if (!keys) index.byAccount.set(account, (keys = new Set()));
  keys.add(key);
}

function committedIndex(records: Map<string, unknown>): AccountIndex {
  const generation = generationOf(records);
  let index = indexes.get(records);
  if (index && index.generation !== generation) {
    const changes = changesSince(records, index.generation);
    if (changes) {
      for (const { id, value } of changes) {
        if (value === null) index.byAccount.get(accountOf(id))?.delete(id);
        else add(index, id);
      }
      index.generation = generation;
    } else {
      index = undefined;
    }
  }
  if (!index) {
    index = { generation, byAccount: new Map() };
    for (const key of records.keys()) add(index, key);
    indexes.set(records, index);
  }
  return index;
}

/** The records of one account in an IAM collection, sorted by key (IAM lists by name). */
export function accountRecords<C extends IamCollection>(tx: Transaction, collection: C, accountId: string): Records[C][] {
  const base = tx.base(collection);
  const keys = new Set(base ? committedIndex(base).byAccount.get(accountId) ?? [] : []);
  for (const [key, value] of tx.written(collection) ?? []) {
    if (accountOf(key) !== accountId) continue;
    if (value === null) keys.delete(key);
    else keys.add(key);
  }
  return [...keys].sort().map((key) => tx.get(collection, key)!);
}
