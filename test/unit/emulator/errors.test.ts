import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MANAGEMENT, organization, rejects } from './engineSupport';

test('not-found exceptions answer AWS\'s fixed sentence, whatever the ID', () => {
  const org = organization();
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['DescribeAccount', { AccountId: '222233334444' }, 'AccountNotFoundException', "You specified an account that doesn't exist."],
    ['DescribeOrganizationalUnit', { OrganizationalUnitId: `ou-${org.rootId.slice(2)}-abcdefgh` }, 'OrganizationalUnitNotFoundException', "We can't find an OU with the OrganizationalUnitId that you specified."],
    ['DescribePolicy', { PolicyId: 'p-abcdefgh' }, 'PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified."],
    ['ListPoliciesForTarget', { TargetId: `ou-${org.rootId.slice(2)}-abcdefgh`, Filter: 'SERVICE_CONTROL_POLICY' }, 'TargetNotFoundException', "We can't find a root, OU, account, or policy with the TargetId that you specified."],
    ['ListChildren', { ParentId: 'r-zzzz', ChildType: 'ACCOUNT' }, 'ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified."],
    ['ListParents', { ChildId: '222233334444' }, 'ChildNotFoundException', "We can't find an organizational unit (OU) or Amazon Web Services account with the ChildId that you specified."],
    ['DescribeHandshake', { HandshakeId: 'h-abcdefgh' }, 'HandshakeNotFoundException', "We can't find a handshake with the HandshakeId that you specified."],
    ['DescribeCreateAccountStatus', { CreateAccountRequestId: 'car-abcdefgh' }, 'CreateAccountStatusNotFoundException', "We can't find an create account request with the CreateAccountRequestId that you specified."],
    ['EnablePolicyType', { RootId: 'r-zzzz', PolicyType: 'TAG_POLICY' }, 'RootNotFoundException', "We can't find a root with the RootId that you specified."],
    ['MoveAccount', { AccountId: MANAGEMENT, SourceParentId: 'r-zzzz', DestinationParentId: org.rootId }, 'SourceParentNotFoundException', "We can't find a source root or OU with the ParentId that you specified."],
    ['MoveAccount', { AccountId: MANAGEMENT, SourceParentId: org.rootId, DestinationParentId: 'r-zzzz' }, 'DestinationParentNotFoundException', "We can't find the destination container (a root or OU) with the ParentId that you specified."],
    ['DescribeResourcePolicy', {}, 'ResourcePolicyNotFoundException', "We can't find a resource policy request with the parameter that you specified."],
    ['DescribeResponsibilityTransfer', { Id: 'rt-abcdefgh' }, 'ResponsibilityTransferNotFoundException', "We can't find a transfer that you specified."],
  ];
  for (const [operation, input, name, message] of cases) {
    assert.equal(rejects(() => org.call(operation, input), name).message, message, operation);
  }
});

test('invalid input answers the reason\'s fixed sentence and never echoes the value or the field', () => {
  const org = organization();
  const marker = 'zz-marker-zz';
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['DescribeAccount', { AccountId: marker }, 'INVALID_PATTERN', 'You provided a value that does not match the required pattern.'],
    ['CreateOrganizationalUnit', { ParentId: org.rootId }, 'INPUT_REQUIRED', 'You must include a value for all required parameters.'],
    ['CreateOrganizationalUnit', { ParentId: org.rootId, Name: marker.repeat(20) }, 'MAX_LENGTH_EXCEEDED', 'You provided a string parameter that is longer than allowed.'],
    ['ListPolicies', { Filter: marker }, 'INVALID_ENUM_POLICY_TYPE', 'You specified an invalid policy type string.'],
    ['ListCreateAccountStatus', { States: [marker] }, 'INVALID_ENUM', 'You specified an invalid value.'],
    ['ListAccounts', { MaxResults: 1000 }, 'MAX_VALUE_EXCEEDED', 'You provided a numeric parameter that has a larger value than allowed.'],
    ['ListAccounts', { NextToken: marker }, 'INVALID_NEXT_TOKEN', 'Get the value for the NextToken parameter from the response to a previous call of the operation.'],
    ['AttachPolicy', { PolicyId: 'p-FullAWSAccess', TargetId: marker }, 'INVALID_PATTERN_TARGET_ID', "You specified a policy target ID that doesn't match the required pattern."],
    ['DescribePolicy', { PolicyId: marker }, 'INVALID_SYNTAX_POLICY_ID', 'You specified an invalid policy ID.'],
    ['TagResource', { ResourceId: MANAGEMENT, Tags: [{ Key: marker, Value: '1' }, { Key: marker, Value: '2' }] }, 'DUPLICATE_TAG_KEY', 'Tag keys must be unique among the tags attached to the same entity.'],
    ['EnableAWSServiceAccess', { ServicePrincipal: `${marker}.amazonaws.com` }, 'UNRECOGNIZED_SERVICE_PRINCIPAL', "You specified a service principal that isn't recognized."],
    ['UpdatePolicy', { PolicyId: 'p-FullAWSAccess', Name: marker }, 'IMMUTABLE_POLICY', "You specified a policy that is managed by Amazon Web Services and can't be modified."],
  ];
  for (const [operation, input, reason, message] of cases) {
    const error = rejects(() => org.call(operation, input), 'InvalidInputException', reason);
    assert.equal(error.message, message, operation);
    assert.ok(!error.message.includes(marker), operation);
  }
});
