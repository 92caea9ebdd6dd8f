/**
 * Responsibility (billing) transfers between organizations. The embedded world holds a single organization,
 * so there is no other organization to transfer to or from: requests are validated, then answered with AWS's
 * own errors for a target that can't take part and for transfers that don't exist.
 */
import type {
  HandshakeParty,
  ListInboundResponsibilityTransfersResponse,
  ListOutboundResponsibilityTransfersResponse,
  ResponsibilityTransferType,
} from '@aws-sdk/client-organizations';
import { handshakeConstraintViolation, invalidInput, notFound } from '../errors';
import { patterns, rules } from '../../aws/inputRules';
import { type Input } from '../input';
import { operation } from '../operation';
import { page } from '../paging';

const transferTypes: readonly ResponsibilityTransferType[] = ['BILLING'];

function readId(input: Input, name = 'Id'): string {
  return input.string(name, { pattern: patterns.responsibilityTransferId });
}

export const transferOperations = {
  InviteOrganizationToTransferResponsibility: operation('management', (ctx, input) => {
    input.enum('Type', transferTypes);
    const target = input.object('Target');
    const type = target.enum<HandshakeParty['Type'] & string>('Type', ['ACCOUNT', 'EMAIL', 'ORGANIZATION']);
    const id = type === 'EMAIL'
      ? target.string('Id', { ...rules.email, patternReason: 'INVALID_EMAIL_ADDRESS_TARGET' })
      : target.string('Id', type === 'ACCOUNT' ? rules.accountId : { pattern: /^o-[a-z0-9]{10,32}$/ });
    input.optionalString('Notes', rules.notes);
    const start = input.optionalTimestamp('StartTimestamp');
    if (!start) throw invalidInput('INPUT_REQUIRED');
    input.string('SourceName', { min: 1 });
    input.optionalTags();
    const organization = ctx.requireOrganization();
    const management = ctx.requireMember(organization.MasterAccountId);
    if (id === organization.Id || id === organization.MasterAccountId || id.toLowerCase() === management.Email.toLowerCase()) {
      throw handshakeConstraintViolation('SOURCE_AND_TARGET_CANNOT_MATCH', 'The source and target of a responsibility transfer cannot be the same organization.');
    }
    // The only organization in the embedded world is the caller's: no target can accept a transfer.
    throw handshakeConstraintViolation('TARGET_ACCOUNT_VALIDATION_FAILURE', 'The target is not the management account of another organization.');
  }),

  DescribeResponsibilityTransfer: operation('management', (_ctx, input) => {
    readId(input);
    throw notFound('ResponsibilityTransferNotFoundException');
  }),

  UpdateResponsibilityTransfer: operation('management', (_ctx, input) => {
    readId(input);
    input.string('Name', { min: 1 });
    throw notFound('ResponsibilityTransferNotFoundException');
  }),

  TerminateResponsibilityTransfer: operation('management', (_ctx, input) => {
    readId(input);
    input.optionalTimestamp('EndTimestamp');
    throw notFound('ResponsibilityTransferNotFoundException');
  }),

  ListInboundResponsibilityTransfers: operation('management', (_ctx, input): ListInboundResponsibilityTransfersResponse => {
    input.enum('Type', transferTypes);
    if (input.has('Id')) {
      readId(input);
      throw notFound('ResponsibilityTransferNotFoundException');
    }
    const { items, NextToken } = page('ListInboundResponsibilityTransfers', input, [] as never[]);
    return { ResponsibilityTransfers: items, NextToken };
  }),

  ListOutboundResponsibilityTransfers: operation('management', (_ctx, input): ListOutboundResponsibilityTransfersResponse => {
    input.enum('Type', transferTypes);
    const { items, NextToken } = page('ListOutboundResponsibilityTransfers', input, [] as never[]);
    return { ResponsibilityTransfers: items, NextToken };
  }),
};
