/** Roots and OUs: create, describe, rename, delete, and the List operations that walk the tree. */
import type {
  Child,
  ChildType,
  CreateOrganizationalUnitResponse,
  DescribeOrganizationalUnitResponse,
  ListChildrenResponse,
  ListOrganizationalUnitsForParentResponse,
  ListParentsResponse,
  ListRootsResponse,
  UpdateOrganizationalUnitResponse,
} from '@aws-sdk/client-organizations';
import { constraintViolation, notFound, OrganizationsError } from '../errors';
import { patterns, rules } from '../../aws/inputRules';
import { operation } from '../operation';
import { checkNewTags } from './tags';
import { page } from '../paging';
import type { Context } from '../context';

function duplicateName(ctx: Context, parentId: string, name: string, except?: string): void {
  const taken = ctx.tx.values('organizationalUnits').some((ou) => ou.ParentId === parentId && ou.Name === name && ou.Id !== except);
  if (taken) {
    throw new OrganizationsError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');
  }
}

export const structureOperations = {
  CreateOrganizationalUnit: operation('management', (ctx, input): CreateOrganizationalUnitResponse => {
    const parentId = input.string('ParentId', rules.parentId);
    const name = input.string('Name', rules.organizationalUnitName);
    const tags = input.optionalTags() ?? [];
    ctx.requireParent(parentId);
    if (ctx.depth(parentId) + 1 > ctx.quotas.organizationalUnitDepth) {
      throw constraintViolation('OU_DEPTH_LIMIT_EXCEEDED', 'You attempted to create an OU tree that is too many levels deep.');
    }
    if (ctx.tx.ids('organizationalUnits').length >= ctx.quota('organizationalUnitsPerOrganization')) {
      throw constraintViolation('OU_NUMBER_LIMIT_EXCEEDED', 'You attempted to exceed the number of OUs that you can have in an organization.');
    }
    duplicateName(ctx, parentId, name);
    checkNewTags(ctx, 'ou', tags);
    const id = ctx.newOrganizationalUnitId();
    const ou = { Id: id, Name: name, ParentId: parentId };
    ctx.tx.put('organizationalUnits', id, ou);
    ctx.attachDefaultPolicies(id);
    if (tags.length) ctx.tx.put('tags', id, tags);
    return { OrganizationalUnit: ctx.organizationalUnitView(ou) };
  }),

  DescribeOrganizationalUnit: operation('readers', (ctx, input): DescribeOrganizationalUnitResponse => {
    const id = input.string('OrganizationalUnitId', rules.organizationalUnitId);
    return { OrganizationalUnit: ctx.organizationalUnitView(ctx.requireOrganizationalUnit(id)) };
  }),

  UpdateOrganizationalUnit: operation('management', (ctx, input): UpdateOrganizationalUnitResponse => {
    const id = input.string('OrganizationalUnitId', rules.organizationalUnitId);
    const name = input.optionalString('Name', rules.organizationalUnitName);
    const ou = ctx.requireOrganizationalUnit(id);
    if (name === undefined || name === ou.Name) return { OrganizationalUnit: ctx.organizationalUnitView(ou) };
    duplicateName(ctx, ou.ParentId, name, id);
    const renamed = { ...ou, Name: name };
    ctx.tx.put('organizationalUnits', id, renamed);
    return { OrganizationalUnit: ctx.organizationalUnitView(renamed) };
  }),

  DeleteOrganizationalUnit: operation('management', (ctx, input) => {
    const id = input.string('OrganizationalUnitId', rules.organizationalUnitId);
    ctx.requireOrganizationalUnit(id);
    const occupied = ctx.tx.values('organizationalUnits').some((ou) => ou.ParentId === id)
      || ctx.membersOf(id).length > 0;
    if (occupied) {
      throw new OrganizationsError('OrganizationalUnitNotEmptyException', 'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.');
    }
    ctx.tx.delete('organizationalUnits', id);
    ctx.setAttachments(id, []);
    if (ctx.tx.get('tags', id)) ctx.tx.delete('tags', id);
    return {};
  }),

  ListRoots: operation('readers', (ctx, input): ListRootsResponse => {
    const { items, NextToken } = page('ListRoots', input, ctx.tx.values('roots'));
    return { Roots: items.map((root) => ctx.rootView(root)), NextToken };
  }),

  ListOrganizationalUnitsForParent: operation('readers', (ctx, input): ListOrganizationalUnitsForParentResponse => {
    const parentId = ctx.requireParent(input.string('ParentId', rules.parentId));
    const children = ctx.tx.values('organizationalUnits').filter((ou) => ou.ParentId === parentId);
    const { items, NextToken } = page('ListOrganizationalUnitsForParent', input, children);
    return { OrganizationalUnits: items.map((ou) => ctx.organizationalUnitView(ou)), NextToken };
  }),

  ListChildren: operation('readers', (ctx, input): ListChildrenResponse => {
    const parentId = input.string('ParentId', rules.parentId);
    const childType = input.enum<ChildType>('ChildType', ['ACCOUNT', 'ORGANIZATIONAL_UNIT']);
    ctx.requireParent(parentId);
    const children: Child[] = childType === 'ACCOUNT'
      ? ctx.membersOf(parentId).map((account) => ({ Id: account.Id, Type: 'ACCOUNT' }))
      : ctx.tx.values('organizationalUnits').filter((ou) => ou.ParentId === parentId).map((ou) => ({ Id: ou.Id, Type: 'ORGANIZATIONAL_UNIT' }));
    const { items, NextToken } = page('ListChildren', input, children);
    return { Children: items, NextToken };
  }),

  ListParents: operation('readers', (ctx, input): ListParentsResponse => {
    const childId = input.string('ChildId', { pattern: patterns.childId });
    const parentId = ctx.parentOf(childId);
    if (!parentId) throw notFound('ChildNotFoundException');
    const { items, NextToken } = page('ListParents', input, [parentId]);
    return { Parents: items.map((id) => ({ Id: id, Type: id.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT' })), NextToken };
  }),
};
