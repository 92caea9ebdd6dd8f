/**
 * The cost ledger read directly, as the tests' reference: every account's total in cents per month, summed from
 * `CostLedger.forEachCost` without Cost Explorer, the endpoint or the roll-up in between.
 */
import { CostLedger } from '../../server/src/emulator/costLedger';
import type { Transaction } from '../../server/src/emulator/state';

/** Account ID → cents by index of `months`, for the accounts given (every account when absent). */
export function ledgerTotals(tx: Transaction, now: Date, months: readonly string[], accountIds?: ReadonlySet<string>): Map<string, number[]> {
  const totals = new Map<string, number[]>();
  new CostLedger(tx, now).forEachCost(months, (accountId, index, _service, cents) => {
    let row = totals.get(accountId);
    if (!row) totals.set(accountId, (row = new Array<number>(months.length).fill(0)));
    row[index] += cents;
  }, accountIds);
  return totals;
}
