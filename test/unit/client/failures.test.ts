import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeFailure, errorMessage, Refusal, untrustedRefusal } from '../../../client/src/failures';

/** A failed request as the language client rejects it: the server's AWS error in `data`. */
function failedRequest(data: object): Error & { data: object } {
  return Object.assign(new Error('Request awsOrganizations/mutation/CreateOrganizationalUnit failed.'), { data });
}

test('describeFailure gives AWS\'s exception, reason and message, and what a known reason means', () => {
  const depth = failedRequest({ name: 'ConstraintViolationException', reason: 'OU_DEPTH_LIMIT_EXCEEDED', message: 'You have reached the maximum depth of OUs.' });
  assert.equal(describeFailure(depth), 'ConstraintViolationException (OU_DEPTH_LIMIT_EXCEEDED): You have reached the maximum depth of OUs. AWS allows five levels of OUs under a root.');
  const inUse = failedRequest({ name: 'PolicyInUseException', message: 'The policy is attached.' });
  assert.equal(describeFailure(inUse), 'PolicyInUseException: The policy is attached. Detach the policy from every root, OU and account first.');
  assert.equal(describeFailure(failedRequest({ name: 'TooManyRequestsException', message: 'Slow down.' })), 'TooManyRequestsException: Slow down.');
});

test('describeFailure words a refusal checked before the call as AWS would, and anything else by its message', () => {
  assert.equal(describeFailure(new Refusal('InvalidInputException', 'An account ID is exactly 12 digits.')), 'InvalidInputException: An account ID is exactly 12 digits.');
  assert.equal(describeFailure(new Refusal('ConstraintViolationException', 'Too many tags.', 'MAX_TAG_LIMIT_EXCEEDED')), 'ConstraintViolationException (MAX_TAG_LIMIT_EXCEEDED): Too many tags.');
  assert.equal(describeFailure(new Error('socket hang up')), 'socket hang up');
  assert.equal(describeFailure('plain text'), 'plain text');
  assert.equal(describeFailure(failedRequest({ code: -32603 })), 'Request awsOrganizations/mutation/CreateOrganizationalUnit failed.');
});

test('errorMessage gives the exception and message, without the explanation', () => {
  assert.equal(errorMessage(failedRequest({ name: 'AccessDeniedException', message: 'No.' })), 'AccessDeniedException: No.');
  assert.equal(errorMessage(new Error('timeout')), 'timeout');
  assert.equal(errorMessage(undefined), 'undefined');
});

test('an untrusted workspace changes only the embedded organization', () => {
  assert.equal(untrustedRefusal(true, 'profile'), undefined);
  assert.equal(untrustedRefusal(false, 'embedded'), undefined);
  assert.equal(untrustedRefusal(false, 'endpoint'), 'This workspace is not trusted: changes to a remote organization are disabled. Trust the workspace, or connect to the embedded organization.');
  assert.match(untrustedRefusal(false, undefined, 'saving to a remote organization is disabled') ?? '', /^This workspace is not trusted: saving to a remote organization is disabled\./);
});
