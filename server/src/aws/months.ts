/** Months of billing, written `YYYY-MM`: AWS bills by calendar month in UTC. */

/** `YYYY-MM` of a date, in UTC (AWS bills by UTC month). */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The month `count` months after `month` (before, when negative). */
export function addMonths(month: string, count: number): string {
  const [year, index] = month.split('-').map(Number);
  const total = year * 12 + (index - 1) + count;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** The first instant of a month, as a Date. */
export function monthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00.000Z`);
}
