/**
 * The embedded organization's cost ledger: what each account costs per month and AWS service, the data behind
 * Cost Explorer's `GetCostAndUsage`. A seeded organization has deterministic synthetic usage, a function of the
 * account, the month and the service (so 10,000 accounts cost nothing to store); charges recorded for tests and
 * demos are kept in the `charges` collection and added to it. Amounts are whole cents, so sums are exact.
 */
import { addMonths, monthOf, monthStart } from '../aws/months';
import { OrganizationsError } from './errors';
import { SINGLE, type AccountRecord, type ChargeRecord, type CostLedgerRecord, type Transaction } from './state';

/** Cost Explorer's SERVICE dimension values the synthetic usage spreads over, with their share of a typical bill. */
export const ledgerServices: readonly { service: string; weight: number; everyAccount: boolean }[] = [
  { service: 'Amazon Elastic Compute Cloud - Compute', weight: 30, everyAccount: true },
  { service: 'Amazon Relational Database Service', weight: 18, everyAccount: false },
  { service: 'Amazon Simple Storage Service', weight: 12, everyAccount: true },
  { service: 'EC2 - Other', weight: 10, everyAccount: true },
  { service: 'Amazon Virtual Private Cloud', weight: 6, everyAccount: false },
  { service: 'AWS Lambda', weight: 5, everyAccount: false },
  { service: 'AmazonCloudWatch', weight: 5, everyAccount: true },
  { service: 'Amazon DynamoDB', weight: 5, everyAccount: false },
  { service: 'Amazon GuardDuty', weight: 3, everyAccount: true },
  { service: 'AWS Key Management Service', weight: 2, everyAccount: true },
  { service: 'AWS CloudTrail', weight: 2, everyAccount: true },
  { service: 'AWS Config', weight: 2, everyAccount: true },
];

/** How many months of history a seed gives (the current month included): Cost Explorer keeps 13 past months. */
export const SYNTHETIC_MONTHS = 12;

/** The ledger record of a seed run at `now`: synthetic usage for the twelve months up to the current one. */
export function syntheticLedger(now: Date): CostLedgerRecord {
  return { SyntheticUsageSince: addMonths(monthOf(now), 1 - SYNTHETIC_MONTHS), SeededTimestamp: now.toISOString() };
}

/** FNV-1a's offset basis. */
const FNV_BASIS = 0x811c9dc5;

/** FNV-1a, continued from `state` (a stable 32-bit hash, so the same account and month always cost the same). */
function hash(text: string, state = FNV_BASIS): number {
  let value = state;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/** A share in [0, 1) derived from a text, continuing the hash `state` of a prefix. */
function share(text: string, state = FNV_BASIS): number {
  return hash(text, state) / 0x1_0000_0000;
}

/** How much an account of this name tends to spend, relative to a typical workload account. */
function scaleOf(name: string): number {
  if (/\bprod/i.test(name)) return 3;
  if (/network|shared|infra|ci\/cd|dns|identity/i.test(name)) return 1.4;
  if (/security|log|audit/i.test(name)) return 1.1;
  if (/sandbox|research/i.test(name)) return 0.25;
  if (/\bdev|test|stag/i.test(name)) return 0.7;
  if (/management/i.test(name)) return 0.5;
  return 1;
}

/** One account's synthetic profile: its monthly dollars, trend, and each service's share in cents per dollar. */
interface Profile {
  base: number;
  trend: number;
  shares: Float64Array;
  /** The hash state of the account's key, which the month's noise continues. */
  state: number;
}

function profileOf(account: AccountRecord): Profile {
  // The email is stable across resets of the sample, where IDs are scrambled anew.
  const state = hash(`${account.Email || account.Id}|`);
  const weights = ledgerServices.map(({ service, weight, everyAccount }) =>
    (everyAccount || share(`uses|${service}`, state) < 0.6 ? weight * (0.5 + share(service, state)) : 0));
  const sum = weights.reduce((total, weight) => total + weight, 0);
  return {
    base: (120 + (state / 0x1_0000_0000) * 1400) * scaleOf(account.Name),
    // Between -3% and +6% a month.
    trend: share('trend', state) * 0.09 - 0.03,
    shares: Float64Array.from(weights, (weight) => weight / sum),
    state,
  };
}

/** A month's position in time, for ages in months. */
function monthNumber(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
}

/** The fraction of a month that has happened by `now`: 1 for past months, 0 for future ones. */
function elapsed(month: string, now: Date): number {
  const start = monthStart(month).getTime();
  const end = monthStart(addMonths(month, 1)).getTime();
  return Math.min(1, Math.max(0, (now.getTime() - start) / (end - start)));
}

/** Visits one cost: an account's cents for a service in the `index`th month asked for. */
export type CostVisitor = (accountId: string, monthIndex: number, service: string, cents: number) => void;

/** Reads the ledger as of `now` in a transaction of the engine. */
export class CostLedger {
  constructor(private readonly tx: Transaction, private readonly now: Date) {}

  /**
   * Visits every non-zero cost of the given accounts (all accounts the engine knows when absent) in the given
   * months: synthetic usage first, then recorded charges.
   */
  forEachCost(months: readonly string[], visit: CostVisitor, accountIds?: ReadonlySet<string>): void {
    const monthIndexes = new Map(months.map((month, index) => [month, index]));
    const ledger = this.tx.get('costLedger', SINGLE);
    if (ledger) {
      const fractions = months.map((month) => elapsed(month, this.now));
      const numbers = months.map(monthNumber);
      const since = monthNumber(ledger.SyntheticUsageSince);
      for (const account of this.tx.values('accounts')) {
        if (!account.ParentId || (accountIds && !accountIds.has(account.Id))) continue;
        // Most accounts joined before the seed: their timestamps need no parsing.
        const first = account.JoinedTimestamp && account.JoinedTimestamp > ledger.SeededTimestamp ? monthNumber(account.JoinedTimestamp) : since;
        const last = account.ClosureRequestedTimestamp ? monthNumber(account.ClosureRequestedTimestamp) : Infinity;
        let profile: Profile | undefined;
        for (let index = 0; index < months.length; index++) {
          if (numbers[index] < first || numbers[index] > last || fractions[index] === 0) continue;
          profile ??= profileOf(account);
          const dollars = profile.base * (1 + profile.trend * (numbers[index] - first)) * (0.9 + 0.2 * share(months[index], profile.state)) * fractions[index];
          for (let service = 0; service < ledgerServices.length; service++) {
            const cents = Math.round(dollars * profile.shares[service] * 100);
            if (cents > 0) visit(account.Id, index, ledgerServices[service].service, cents);
          }
        }
      }
    }
    for (const charge of this.tx.values('charges')) {
      const index = monthIndexes.get(charge.Month);
      if (index !== undefined && (!accountIds || accountIds.has(charge.AccountId)) && charge.Cents !== 0) {
        visit(charge.AccountId, index, charge.Service, charge.Cents);
      }
    }
  }
}

/** What `recordCharge` takes: an account's charge in US dollars for a service, in a month (default: the current one). */
export interface ChargeInput {
  AccountId: unknown;
  Service: unknown;
  Amount: unknown;
  Month?: unknown;
}

/** Records a charge on a known account; returns the account's running charge for that month and service. */
export function recordCharge(tx: Transaction, now: Date, input: ChargeInput): ChargeRecord {
  const invalid = (message: string) => new OrganizationsError('InvalidInputException', message, { reason: 'INVALID_INPUT' });
  const { AccountId, Service, Amount } = input;
  const Month = input.Month ?? monthOf(now);
  if (typeof AccountId !== 'string' || !tx.get('accounts', AccountId)) throw invalid('AccountId must be an account the organization knows.');
  if (typeof Service !== 'string' || !Service.trim() || Service.length > 256) throw invalid('Service must be a service name of 1 to 256 characters.');
  if (typeof Amount !== 'number' || !Number.isFinite(Amount) || Math.abs(Amount) > 1e9) throw invalid('Amount must be a number of US dollars (a credit when negative).');
  if (typeof Month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(Month) || Month > monthOf(now)) throw invalid('Month must be a month (YYYY-MM) that has begun.');
  const id = `${AccountId}/${Month}/${Service}`;
  const charge: ChargeRecord = { AccountId, Month, Service, Cents: (tx.get('charges', id)?.Cents ?? 0) + Math.round(Amount * 100) };
  tx.put('charges', id, charge);
  return charge;
}
