/** The organization itself: CreateOrganization, DescribeOrganization, DeleteOrganization. */
import type { CreateOrganizationResponse, DescribeOrganizationResponse, OrganizationFeatureSet } from '@aws-sdk/client-organizations';
import { accessDenied, OrganizationsError } from '../errors';
import { operation } from '../operation';
import { SINGLE, type CollectionName } from '../state';

const featureSets: readonly OrganizationFeatureSet[] = ['ALL', 'CONSOLIDATED_BILLING'];

/** Everything that belongs to an organization (accounts, their IAM and the ID sequence belong to the world). */
const organizationCollections: readonly CollectionName[] = [
  'organization', 'roots', 'organizationalUnits', 'policies', 'attachments', 'tags', 'handshakes', 'createAccountStatuses',
  'serviceAccess', 'delegatedAdministrators', 'resourcePolicy', 'quotaIncreases',
];

export const organizationOperations = {
  CreateOrganization: operation('anyone', (ctx, input): CreateOrganizationResponse => {
    const featureSet = input.optionalEnum('FeatureSet', featureSets) ?? 'ALL';
    const existing = ctx.organization();
    if (existing) {
      if (ctx.member(ctx.caller)) {
        throw new OrganizationsError('AlreadyInOrganizationException', 'This account is already a member of an organization.');
      }
      // The embedded endpoint hosts a single organization; a second one has no place to live.
      throw accessDenied('The embedded AWS Organizations endpoint hosts one organization, and it already exists.');
    }
    const management = ctx.standaloneAccount(ctx.caller);
    const organizationId = ctx.newId('organization');
    ctx.tx.put('organization', SINGLE, {
      Id: organizationId,
      FeatureSet: featureSet,
      MasterAccountId: ctx.caller,
      CreatedTimestamp: ctx.nowIso,
    });
    const rootId = ctx.newId('root');
    // With all features, AWS enables service control policies on the root (its own example shows it).
    ctx.tx.put('roots', rootId, {
      Id: rootId,
      Name: 'Root',
      PolicyTypes: featureSet === 'ALL' ? [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] : [],
    });
    ctx.attachDefaultPolicies(rootId);
    ctx.join(management, rootId, 'CREATED');
    return { Organization: ctx.organizationView() };
  }),

  DescribeOrganization: operation('member', (ctx): DescribeOrganizationResponse => ({ Organization: ctx.organizationView() })),

  DeleteOrganization: operation('management', (ctx) => {
    const organization = ctx.requireOrganization();
    if (ctx.members().some((account) => account.Id !== organization.MasterAccountId)) {
      throw new OrganizationsError('OrganizationNotEmptyException', 'The organization still contains member accounts. Remove them first.');
    }
    ctx.leave(ctx.requireMember(organization.MasterAccountId));
    for (const collection of organizationCollections) {
      for (const id of ctx.tx.ids(collection)) ctx.tx.delete(collection, id);
    }
    return {};
  }),
};
