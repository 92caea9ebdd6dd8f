/**
 * Actions that need no permission: AWS authorizes them for every authenticated caller, and no policy, not even
 * an explicit Deny in an SCP, can refuse them. From the STS API Reference, GetCallerIdentity: "No permissions
 * are required to perform this operation. If an administrator attaches a policy to your identity that
 * explicitly denies access to the sts:GetCallerIdentity action, you can still perform this operation."
 */

const actions = new Set(['sts:getcalleridentity']);

/** Whether an action (`service:Action`, any case) needs no permission at all. */
export function needsNoPermission(action: string): boolean {
  return actions.has(action.toLowerCase());
}
