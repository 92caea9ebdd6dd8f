import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isOrganizationPolicyType, parsePolicyDocumentPath, policyDocumentPath } from '../../server/src/protocol';

test('a policy document\'s path names its type and its name, which round-trips with % and / in it', () => {
  assert.equal(policyDocumentPath({ Type: 'SERVICE_CONTROL_POLICY', Name: 'DenyLeaveOrganization' }), '/SERVICE_CONTROL_POLICY/DenyLeaveOrganization.json');
  for (const Name of ['Deny/Regions', '100% sure', 'a%2Fb', 'Backup (daily).v2']) {
    const path = policyDocumentPath({ Type: 'BACKUP_POLICY', Name });
    assert.equal(path.split('/').length, 3, path);
    assert.deepEqual(parsePolicyDocumentPath(path), { type: 'BACKUP_POLICY', name: Name });
  }
  assert.deepEqual(parsePolicyDocumentPath('/AISERVICES_OPT_OUT_POLICY/OptOut.json'), { type: 'AISERVICES_OPT_OUT_POLICY', name: 'OptOut' });
  assert.deepEqual(parsePolicyDocumentPath('/DECLARATIVE_POLICY_EC2/Ec2.json'), { type: 'DECLARATIVE_POLICY_EC2', name: 'Ec2' }, 'digits in the type');
});

test('a path that names no Organizations policy type, or no .json document, names no policy', () => {
  assert.equal(parsePolicyDocumentPath('/IDENTITY_POLICY/Admin.json'), undefined);
  assert.equal(parsePolicyDocumentPath('/NOT_A_TYPE/Admin.json'), undefined);
  assert.equal(parsePolicyDocumentPath('/SERVICE_CONTROL_POLICY'), undefined);
  assert.equal(parsePolicyDocumentPath('/SERVICE_CONTROL_POLICY/Deny.txt'), undefined);
  assert.equal(parsePolicyDocumentPath('/SERVICE_CONTROL_POLICY/50%.json'), undefined, 'a lone % is no escaped name');
  assert.equal(isOrganizationPolicyType('RESOURCE_CONTROL_POLICY'), true);
  assert.equal(isOrganizationPolicyType('RESOURCE_POLICY'), false);
});
