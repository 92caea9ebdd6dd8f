/** The organization itself: CreateOrganization, DescribeOrganization, DeleteOrganization. */
import type { CreateOrganizationResponse, DescribeOrganizationResponse, OrganizationFeatureSet } from '@aws-sdk/client-organizations';
import { accessDenied, OrganizationsError } from '../errors';
import { joinOrganization, leaveOrganization } from '../iam/automatic';
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
    // The root starts with no policy type enabled. The API reference says SCPs are enabled in the root of an
    // organization with all features, but real AWS does not enable them: the Terraform AWS provider's acceptance
    // test testAccOrganization_basic asserts that the new root has no policy types and enables SCPs itself
    // (EnablePolicyType), and AWS CLI transcripts against AWS show the same. Where the reference and observed
    // behaviour disagree, the behaviour wins.
    ctx.tx.put('roots', rootId, { Id: rootId, Name: 'Root', PolicyTypes: [] });
    joinOrganization(ctx, management, rootId, 'CREATED');
    return { Organization: ctx.organizationView() };
  }),

  DescribeOrganization: operation('member', (ctx): DescribeOrganizationResponse => ({ Organization: ctx.organizationView() })),

  DeleteOrganization: operation('management', (ctx) => {
    const organization = ctx.requireOrganization();
    if (ctx.members().some((account) => account.Id !== organization.MasterAccountId)) {
      throw new OrganizationsError('OrganizationNotEmptyException', 'The organization still contains member accounts. Remove them first.');
    }
    leaveOrganization(ctx, ctx.requireMember(organization.MasterAccountId));
    for (const collection of organizationCollections) {
      for (const id of ctx.tx.ids(collection)) ctx.tx.delete(collection, id);
    }
    return {};
  }),
};
