/**
 * Handshakes: invitations (by account ID or email), the enable-all-features flow (ENABLE_ALL_FEATURES to every
 * invited member, then APPROVE_ALL_FEATURES to the management account), accept, decline, cancel, describe and
 * list, with AWS's who-may-act rules. Expiry and the 30-day listing of finished handshakes follow the clock
 * (lifecycle.ts).
 */
import type {
  AcceptHandshakeResponse,
  ActionType,
  CancelHandshakeResponse,
  DeclineHandshakeResponse,
  DescribeHandshakeResponse,
  EnableAllFeaturesResponse,
  HandshakeParty,
  HandshakeState,
  InviteAccountToOrganizationResponse,
  ListHandshakesForAccountResponse,
  ListHandshakesForOrganizationResponse,
} from '@aws-sdk/client-organizations';
import type { Context } from '../context';
import { accessDenied, constraintViolation, handshakeConstraintViolation, invalidInput, notFound, OrganizationsError } from '../errors';
import { patterns, rules } from '../../aws/inputRules';
import { type Input } from '../input';
import { operation } from '../operation';
import { page } from '../paging';
import type { AccountRecord, HandshakeRecord } from '../state';
import { joinOrganization } from '../iam/automatic';
import { SINGLE } from '../state';
import { accountsCounted } from './accounts';
import { checkNewTags } from './tags';

const DAY_MS = 24 * 3600 * 1000;
/** Invitations expire after 15 days, enable-all-features requests after 90 (quota page). */
export const INVITE_EXPIRY_MS = 15 * DAY_MS;
export const ENABLE_ALL_FEATURES_EXPIRY_MS = 90 * DAY_MS;
/** Organizations with more accounts must use the assisted migration to all features. */
const ALL_FEATURES_MIGRATION_LIMIT = 5000;

const actionTypes: readonly ActionType[] = ['INVITE', 'ENABLE_ALL_FEATURES', 'APPROVE_ALL_FEATURES', 'ADD_ORGANIZATIONS_SERVICE_LINKED_ROLE', 'TRANSFER_RESPONSIBILITY'];

function requireHandshake(ctx: Context, input: Input): HandshakeRecord {
  const id = input.string('HandshakeId', rules.handshakeId);
  const handshake = ctx.tx.get('handshakes', id);
  const visible = handshake && (handshake.RecipientAccountId === ctx.caller || handshake.SenderAccountId === ctx.caller);
  if (!visible) throw notFound('HandshakeNotFoundException');
  return handshake;
}

/** Moves a handshake to a final state, or answers as AWS does when it is already final. */
function finish(ctx: Context, handshake: HandshakeRecord, state: HandshakeState): HandshakeRecord {
  if (handshake.State === state) {
    throw new OrganizationsError('HandshakeAlreadyInStateException', `The handshake is already ${state}.`);
  }
  if (handshake.State !== 'OPEN' && handshake.State !== 'REQUESTED') {
    throw new OrganizationsError('InvalidHandshakeTransitionException', `You can't change a handshake that is ${handshake.State}.`);
  }
  const finished = { ...handshake, State: state, FinishedTimestamp: ctx.nowIso };
  ctx.tx.put('handshakes', handshake.Id, finished);
  return finished;
}

function newHandshake(ctx: Context, fields: Omit<HandshakeRecord, 'Id' | 'RequestedTimestamp' | 'ExpirationTimestamp'>, expiryMs: number): HandshakeRecord {
  const handshake: HandshakeRecord = {
    Id: ctx.newId('handshake'),
    RequestedTimestamp: ctx.nowIso,
    ExpirationTimestamp: new Date(ctx.now.getTime() + expiryMs).toISOString(),
    ...fields,
  };
  ctx.tx.put('handshakes', handshake.Id, handshake);
  return handshake;
}

/** A handshake of the enable-all-features flow, sent to one account under the parent request. */
function allFeaturesHandshake(ctx: Context, parent: HandshakeRecord, action: ActionType, recipientAccountId: string): void {
  const organization = ctx.requireOrganization();
  newHandshake(ctx, {
    Action: action,
    State: 'OPEN',
    Parties: [{ Id: organization.Id, Type: 'ORGANIZATION' }, { Id: recipientAccountId, Type: 'ACCOUNT' }],
    Resources: [{ Type: 'ORGANIZATION', Value: organization.Id }, { Type: 'PARENT_HANDSHAKE', Value: parent.Id }],
    RecipientAccountId: recipientAccountId,
    SenderAccountId: organization.MasterAccountId,
    ParentHandshakeId: parent.Id,
  }, Date.parse(parent.ExpirationTimestamp) - ctx.now.getTime());
}

/** Once every invited member approved, the management account gets the final APPROVE_ALL_FEATURES handshake. */
function requestFinalApproval(ctx: Context, parent: HandshakeRecord): void {
  const children = ctx.tx.values('handshakes').filter((handshake) => handshake.ParentHandshakeId === parent.Id && handshake.Action === 'ENABLE_ALL_FEATURES');
  if (!children.every((child) => child.State === 'ACCEPTED')) return;
  ctx.tx.put('handshakes', parent.Id, { ...parent, State: 'OPEN' });
  allFeaturesHandshake(ctx, parent, 'APPROVE_ALL_FEATURES', ctx.requireOrganization().MasterAccountId);
}

function filtered(input: Input, handshakes: readonly HandshakeRecord[]): HandshakeRecord[] {
  const filter = input.optionalObject('Filter');
  const action = filter?.optionalEnum('ActionType', actionTypes);
  const parent = filter?.optionalString('ParentHandshakeId', { pattern: patterns.handshakeId });
  if (action && parent) throw invalidInput('MAX_LIMIT_EXCEEDED_FILTER');
  return handshakes.filter((handshake) => (!action || handshake.Action === action) && (!parent || handshake.ParentHandshakeId === parent));
}

export const handshakeOperations = {
  InviteAccountToOrganization: operation('management', (ctx, input): InviteAccountToOrganizationResponse => {
    const target = input.object('Target');
    const type = target.enum<HandshakeParty['Type'] & string>('Type', ['ACCOUNT', 'EMAIL', 'ORGANIZATION']);
    if (type === 'ORGANIZATION') throw invalidInput('INVALID_PARTY_TYPE_TARGET');
    const id = type === 'ACCOUNT'
      ? target.string('Id', rules.accountId)
      : target.string('Id', { ...rules.email, patternReason: 'INVALID_EMAIL_ADDRESS_TARGET' });
    const notes = input.optionalString('Notes', rules.notes);
    const tags = input.optionalTags() ?? [];
    const organization = ctx.requireOrganization();
    checkNewTags(ctx, 'account', tags);
    if (organization.AllFeaturesHandshakeId) {
      throw handshakeConstraintViolation('INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES', "You can't invite an account while the organization is enabling all features.");
    }
    // An invitation by email reaches the standalone account with that email; a new one if nobody has it.
    const account: AccountRecord = type === 'ACCOUNT'
      ? ctx.standaloneAccount(id)
      : ctx.tx.values('accounts').find((candidate) => candidate.Email.toLowerCase() === id.toLowerCase())
        ?? ctx.standaloneAccount(ctx.newAccountId(), { Name: id.split('@')[0], Email: id });
    if (account.ParentId) {
      throw handshakeConstraintViolation('ALREADY_IN_AN_ORGANIZATION', 'The account is already a member of an organization.');
    }
    const open = ctx.tx.values('handshakes').filter((handshake) => handshake.Action === 'INVITE');
    if (open.some((handshake) => handshake.State === 'OPEN' && handshake.RecipientAccountId === account.Id)) {
      throw new OrganizationsError('DuplicateHandshakeException', 'A handshake with the same action and target already exists.');
    }
    if (accountsCounted(ctx) >= ctx.quota('accountsPerOrganization')) {
      throw handshakeConstraintViolation('ACCOUNT_NUMBER_LIMIT_EXCEEDED', 'The invitation would exceed the limit on the number of accounts in the organization.');
    }
    // Invitations per 24 hours: the higher of 20 or the account quota.
    const sentToday = open.filter((handshake) => ctx.now.getTime() - Date.parse(handshake.RequestedTimestamp) < DAY_MS).length;
    if (sentToday >= Math.max(20, ctx.quota('accountsPerOrganization'))) {
      throw handshakeConstraintViolation('HANDSHAKE_RATE_LIMIT_EXCEEDED', 'You attempted to exceed the number of handshakes that you can send in one day.');
    }
    const management = ctx.requireMember(organization.MasterAccountId);
    const handshake = newHandshake(ctx, {
      Action: 'INVITE',
      State: 'OPEN',
      Parties: [{ Id: organization.Id, Type: 'ORGANIZATION' }, { Id: id, Type: type }],
      Resources: [
        {
          Type: 'ORGANIZATION',
          Value: organization.Id,
          Resources: [
            { Type: 'MASTER_EMAIL', Value: management.Email },
            { Type: 'MASTER_NAME', Value: management.Name },
            { Type: 'ORGANIZATION_FEATURE_SET', Value: organization.FeatureSet === 'ALL' ? 'FULL' : 'CONSOLIDATED_BILLING' },
          ],
        },
        { Type: type, Value: id },
        ...(notes ? [{ Type: 'NOTES' as const, Value: notes }] : []),
      ],
      RecipientAccountId: account.Id,
      SenderAccountId: organization.MasterAccountId,
      Tags: tags,
    }, INVITE_EXPIRY_MS);
    return { Handshake: ctx.handshakeView(handshake) };
  }),

  EnableAllFeatures: operation('management', (ctx): EnableAllFeaturesResponse => {
    const organization = ctx.requireOrganization();
    if (organization.FeatureSet === 'ALL') {
      throw handshakeConstraintViolation('ORGANIZATION_ALREADY_HAS_ALL_FEATURES', 'The organization already has all features enabled.');
    }
    if (organization.AllFeaturesHandshakeId) {
      throw handshakeConstraintViolation('ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION', 'The organization is already enabling all features.');
    }
    const members = ctx.members();
    if (members.length > ALL_FEATURES_MIGRATION_LIMIT) {
      throw constraintViolation('ALL_FEATURES_MIGRATION_ORGANIZATION_SIZE_LIMIT_EXCEEDED', 'Your organization has more than 5000 accounts; use the assisted migration process.');
    }
    const parent = newHandshake(ctx, {
      Action: 'ENABLE_ALL_FEATURES',
      State: 'REQUESTED',
      Parties: [{ Id: organization.Id, Type: 'ORGANIZATION' }],
      Resources: [{ Type: 'ORGANIZATION', Value: organization.Id }],
      RecipientAccountId: organization.MasterAccountId,
      SenderAccountId: organization.MasterAccountId,
    }, ENABLE_ALL_FEATURES_EXPIRY_MS);
    ctx.tx.put('organization', SINGLE, { ...organization, AllFeaturesHandshakeId: parent.Id });
    // Every invited member approves; accounts the organization created need no approval.
    for (const member of members.filter((account) => account.JoinedMethod === 'INVITED' && account.Id !== organization.MasterAccountId)) {
      allFeaturesHandshake(ctx, parent, 'ENABLE_ALL_FEATURES', member.Id);
    }
    requestFinalApproval(ctx, ctx.tx.get('handshakes', parent.Id)!);
    return { Handshake: ctx.handshakeView(parent) };
  }),

  AcceptHandshake: operation('anyAccount', (ctx, input): AcceptHandshakeResponse => {
    const handshake = requireHandshake(ctx, input);
    if (handshake.RecipientAccountId !== ctx.caller || handshake.ParentHandshakeId === undefined && handshake.Action === 'ENABLE_ALL_FEATURES') {
      throw accessDenied('Only the account the handshake was sent to can accept it.');
    }
    const accepted = finish(ctx, handshake, 'ACCEPTED');
    const organization = ctx.requireOrganization();
    if (handshake.Action === 'INVITE') {
      const account = ctx.account(ctx.caller)!;
      if (account.ParentId) throw handshakeConstraintViolation('ALREADY_IN_AN_ORGANIZATION', 'The account is already a member of an organization.');
      joinOrganization(ctx, account, ctx.root().Id, 'INVITED');
      if (handshake.Tags?.length) ctx.tx.put('tags', account.Id, handshake.Tags);
    } else if (handshake.Action === 'ENABLE_ALL_FEATURES') {
      requestFinalApproval(ctx, ctx.tx.get('handshakes', handshake.ParentHandshakeId!)!);
    } else if (handshake.Action === 'APPROVE_ALL_FEATURES') {
      const parent = ctx.tx.get('handshakes', handshake.ParentHandshakeId!)!;
      ctx.tx.put('handshakes', parent.Id, { ...parent, State: 'ACCEPTED', FinishedTimestamp: ctx.nowIso });
      const { AllFeaturesHandshakeId: _done, ...rest } = organization;
      ctx.tx.put('organization', SINGLE, { ...rest, FeatureSet: 'ALL' });
    }
    return { Handshake: ctx.handshakeView(accepted) };
  }),

  DeclineHandshake: operation('anyAccount', (ctx, input): DeclineHandshakeResponse => {
    const handshake = requireHandshake(ctx, input);
    if (handshake.RecipientAccountId !== ctx.caller) throw accessDenied('Only the account the handshake was sent to can decline it.');
    return { Handshake: ctx.handshakeView(finish(ctx, handshake, 'DECLINED')) };
  }),

  CancelHandshake: operation('anyAccount', (ctx, input): CancelHandshakeResponse => {
    const handshake = requireHandshake(ctx, input);
    if (handshake.SenderAccountId !== ctx.caller) throw accessDenied('Only the account that sent the handshake can cancel it.');
    const canceled = finish(ctx, handshake, 'CANCELED');
    // Canceling the enable-all-features request cancels its open children and ends the migration.
    const organization = ctx.organization();
    if (organization?.AllFeaturesHandshakeId === handshake.Id) {
      for (const child of ctx.tx.values('handshakes')) {
        if (child.ParentHandshakeId === handshake.Id && (child.State === 'OPEN' || child.State === 'REQUESTED')) {
          ctx.tx.put('handshakes', child.Id, { ...child, State: 'CANCELED', FinishedTimestamp: ctx.nowIso });
        }
      }
      const { AllFeaturesHandshakeId: _canceled, ...rest } = organization;
      ctx.tx.put('organization', SINGLE, rest);
    }
    return { Handshake: ctx.handshakeView(canceled) };
  }),

  DescribeHandshake: operation('anyAccount', (ctx, input): DescribeHandshakeResponse => (
    { Handshake: ctx.handshakeView(requireHandshake(ctx, input)) }
  )),

  ListHandshakesForAccount: operation('anyAccount', (ctx, input): ListHandshakesForAccountResponse => {
    const mine = ctx.tx.values('handshakes').filter((handshake) => handshake.RecipientAccountId === ctx.caller);
    const { items, NextToken } = page('ListHandshakesForAccount', input, filtered(input, mine));
    return { Handshakes: items.map((handshake) => ctx.handshakeView(handshake)), NextToken };
  }),

  ListHandshakesForOrganization: operation('readers', (ctx, input): ListHandshakesForOrganizationResponse => {
    const { items, NextToken } = page('ListHandshakesForOrganization', input, filtered(input, ctx.tx.values('handshakes')));
    return { Handshakes: items.map((handshake) => ctx.handshakeView(handshake)), NextToken };
  }),
};
