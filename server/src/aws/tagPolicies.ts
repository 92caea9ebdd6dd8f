/**
 * The rules of tag policies that the policy language server and the embedded organization both apply (user guide,
 * "Tag policy syntax"): policy keys match tag keys ignoring case, `tag_key` sets the capitalization, a tag value
 * may hold one `*` wildcard, and `enforced_for` names `service:resourceType`, `service:*` or `service:ALL_SUPPORTED`.
 */

/** The form of an `enforced_for` or `report_required_tag_for` entry; there is no wildcard for all services. */
export const enforcedForPattern = /^[a-z0-9-]+:([A-Za-z0-9-]+(:[A-Za-z0-9-]+)*|\*|ALL_SUPPORTED)$/;

/** Whether an allowed tag value is well formed: at most one `*` wildcard. */
export function isTagValuePattern(value: string): boolean {
  return value.indexOf('*') === value.lastIndexOf('*');
}

/** Whether a tag value is one an allowed value admits (`*` stands for any run of characters; values are case-sensitive). */
export function tagValueMatches(allowed: string, value: string): boolean {
  const star = allowed.indexOf('*');
  if (star < 0) return allowed === value;
  const prefix = allowed.slice(0, star);
  const suffix = allowed.slice(star + 1);
  return value.length >= prefix.length + suffix.length && value.startsWith(prefix) && value.endsWith(suffix);
}

/** Whether an `enforced_for` entry covers a resource type (`ec2:instance` by `ec2:instance`, `ec2:*` or `ec2:ALL_SUPPORTED`). */
export function enforcedForCovers(entry: string, resourceType: string): boolean {
  const service = resourceType.slice(0, resourceType.indexOf(':'));
  return entry === resourceType || entry === `${service}:*` || entry === `${service}:ALL_SUPPORTED`;
}
