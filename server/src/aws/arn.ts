/** ARNs: `arn:partition:service:region:account-id:resource`, in AWS's six parts. */

/** Splits an ARN into its six parts; the resource part keeps any further colons. */
export function arnParts(arn: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let count = 0; count < 5; count++) {
    const colon = arn.indexOf(':', start);
    if (colon < 0) return undefined;
    parts.push(arn.slice(start, colon));
    start = colon + 1;
  }
  parts.push(arn.slice(start));
  return parts;
}
