/**
 * STS `AssumeRole` on the embedded organization: a caller whose account the role's trust policy names gets
 * temporary credentials (`ASIA...`) that the endpoint then recognises as that role session in the role's
 * account. Sessions are records of the state, so they outlive a restart of the process that owns it and
 * end at their expiration, as AWS's do.
 */
import { randomBytes } from 'node:crypto';
import type { AssumeRoleResponse } from '@aws-sdk/client-sts';
import { accountRootArn, assumedRoleArn, parseIamArn } from '../aws/iamArns';
import { IAM_ID_ALPHABET, iamIdPrefixes } from '../aws/iamIds';
import { AccountIam, iamRules } from './iam/accountIam';
import { IamError } from './iam/errors';
import { wildcard } from './delegationPolicy';
import type { OperationDefinition } from './operation';
import type { StsSessionRecord } from './state';

/** An STS error, by its Query code (STS models no exception shapes for these). */
function stsError(code: 'AccessDenied' | 'ValidationError', message: string): IamError {
  return new IamError(code, message, { statusCode: code === 'AccessDenied' ? 403 : 400 });
}

function randomKey(length: number): string {
  return [...randomBytes(length)].map((byte) => IAM_ID_ALPHABET[byte % IAM_ID_ALPHABET.length]).join('');
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Whether a trust policy's `Principal` names the calling account (its root, its ID, or anyone). */
function principalMatches(principal: unknown, callerAccountId: string, partition: string): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  return list((principal as Record<string, unknown>).AWS).some((entry) => entry === '*' || entry === callerAccountId || entry === accountRootArn(partition, callerAccountId));
}

/** Whether a role's trust policy lets the calling account assume it (an explicit Deny wins). */
export function trustAllows(document: string, callerAccountId: string, partition = 'aws'): boolean {
  let allowed = false;
  for (const item of list((JSON.parse(document) as { Statement?: unknown }).Statement)) {
    const statement = item as Record<string, unknown>;
    if (statement.Condition !== undefined) continue;
    const actions = list(statement.Action).filter((action): action is string => typeof action === 'string');
    if (!actions.some((action) => wildcard(action).test('sts:AssumeRole'))) continue;
    if (!principalMatches(statement.Principal, callerAccountId, partition)) continue;
    if (statement.Effect === 'Deny') return false;
    if (statement.Effect === 'Allow') allowed = true;
  }
  return allowed;
}

export const stsOperations: Record<string, OperationDefinition> = {
  AssumeRole: {
    access: 'anyAccount',
    run: (ctx, input): AssumeRoleResponse => {
      const roleArn = input.string('RoleArn', iamRules.arn);
      const sessionName = input.string('RoleSessionName', { min: 2, max: 64, pattern: /^[\w+=,.@-]*$/ });
      const duration = input.optionalInteger('DurationSeconds', 900, 43200) ?? 3600;
      const parts = parseIamArn(roleArn);
      const denied = stsError('AccessDenied', `User: ${accountRootArn(ctx.partition, ctx.caller)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
      if (!parts || parts.type !== 'role' || parts.account === 'aws') throw denied;
      const iam = new AccountIam(ctx, parts.account, parts.partition);
      const role = iam.principal('role', parts.name);
      if (!role || role.Path !== parts.path || role.ServicePrincipal || !trustAllows(role.AssumeRolePolicyDocument, ctx.caller, parts.partition)) throw denied;
      if (duration > role.MaxSessionDuration) {
        throw stsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      }
      // Sessions that have ended are dropped as new ones begin.
      for (const session of ctx.tx.values('stsSessions')) if (Date.parse(session.Expiration) <= ctx.now.getTime()) ctx.tx.delete('stsSessions', session.AccessKeyId);
      const session: StsSessionRecord = {
        AccessKeyId: iamIdPrefixes.temporaryAccessKey + randomKey(16),
        SecretAccessKey: randomBytes(30).toString('base64'),
        SessionToken: randomBytes(96).toString('base64'),
        AccountId: parts.account,
        RoleName: role.Name,
        RoleId: role.Id,
        RoleSessionName: sessionName,
        SourceAccountId: ctx.caller,
        Expiration: new Date(ctx.now.getTime() + duration * 1000).toISOString(),
      };
      ctx.tx.put('stsSessions', session.AccessKeyId, session);
      iam.putPrincipal('role', { ...role, LastUsedDate: ctx.nowIso });
      return {
        Credentials: { AccessKeyId: session.AccessKeyId, SecretAccessKey: session.SecretAccessKey, SessionToken: session.SessionToken, Expiration: new Date(session.Expiration) },
        AssumedRoleUser: { AssumedRoleId: `${role.Id}:${sessionName}`, Arn: assumedRoleArn(parts.partition, parts.account, role.Name, sessionName) },
      };
    },
  },
};
