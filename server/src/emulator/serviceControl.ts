/**
 * Service control policies applied to the embedded organization's own APIs (Organizations, and every
 * account's IAM and STS): a member account's calls are refused when the SCPs on its path (root, each OU, the
 * account) don't allow the action (`organizations:<Operation>`, `iam:<Operation>`, `sts:<Operation>`) at every
 * level, or deny it at any (an SCP such as DenyLeaveOrganization). The management account is never affected.
 * The engine knows the calling account but not the principal, Region or any other request context, so a
 * statement with a Condition, or with a Resource other than `*`, is taken not to apply.
 */
import type { Context } from './context';
import { wildcard } from './delegationPolicy';
import type { PolicyRecord } from './state';

interface ScpStatement {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  Condition?: unknown;
}

function list(value: unknown): string[] {
  return (value === undefined ? [] : Array.isArray(value) ? value : [value]).map(String);
}

/** Whether a statement applies to the action in a request the engine can describe. */
function applies(statement: ScpStatement, action: string): boolean {
  if (statement.Condition !== undefined) return false;
  if (statement.Resource !== undefined && !list(statement.Resource).includes('*')) return false;
  if (statement.NotAction !== undefined) return !list(statement.NotAction).some((pattern) => wildcard(pattern).test(action));
  return list(statement.Action).some((pattern) => wildcard(pattern).test(action));
}

/** Parsed statements per policy record (records are replaced, never changed, so this stays right). */
const parsed = new WeakMap<PolicyRecord, ScpStatement[]>();

function statementsOf(policy: PolicyRecord): ScpStatement[] {
  let statements = parsed.get(policy);
  if (!statements) {
    try {
      const document = JSON.parse(policy.Content) as { Statement?: unknown };
      statements = (Array.isArray(document.Statement) ? document.Statement : [document.Statement]).filter((item): item is ScpStatement => !!item && typeof item === 'object');
    } catch {
      statements = [];
    }
    parsed.set(policy, statements);
  }
  return statements;
}

/** Whether the SCPs on a member account's path keep it from performing an action (`organizations:LeaveOrganization`, `iam:CreateRole`). */
export function deniedByServiceControlPolicies(ctx: Context, accountId: string, action: string): boolean {
  if (ctx.isManagementAccount(accountId) || !ctx.isPolicyTypeEnabled('SERVICE_CONTROL_POLICY')) return false;
  for (const targetId of [...ctx.ancestors(accountId), accountId]) {
    const statements = ctx.attachments(targetId)
      .map((id) => ctx.policy(id))
      .filter((policy) => policy?.Type === 'SERVICE_CONTROL_POLICY')
      .flatMap((policy) => statementsOf(policy!))
      .filter((statement) => applies(statement, action));
    if (statements.some((statement) => statement.Effect === 'Deny')) return true;
    if (!statements.some((statement) => statement.Effect === 'Allow')) return true;
  }
  return false;
}
