import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parsePolicyDocument } from '../../../server/src/policies/document';
import { expansionListLimit, policyHover } from '../../../server/src/policies/hover';
import { caret } from '../../support/caret';

async function hoverAt(textWithCaret: string, kind: 'SERVICE_CONTROL_POLICY' | 'TAG_POLICY' = 'SERVICE_CONTROL_POLICY') {
  const { text, offset } = caret(textWithCaret);
  return policyHover(parsePolicyDocument(text, { knownKind: kind }), offset);
}

test('an action: description, access level, resource types, condition keys and the catalog version', async () => {
  const hover = await hoverAt('{ "Statement": [ { "Action": "s3:GetOb|ject" } ] }');
  assert.match(hover!.markdown, /\*\*s3:GetObject\*\* · Read/);
  assert.match(hover!.markdown, /Grants permission to retrieve objects/);
  assert.match(hover!.markdown, /Resource types: `accesspointobject`, `object`/);
  assert.match(hover!.markdown, /s3:ExistingObjectTag/);
  assert.match(hover!.markdown, /IAM catalog 0\.21\.\d+/);
});

test('a wildcard: how many actions it matches, with a capped list', async () => {
  const hover = await hoverAt('{ "Statement": [ { "Action": ["ec2:Describe|*"] } ] }');
  const count = Number(/matches (\d+) actions/.exec(hover!.markdown)?.[1]);
  assert.ok(count > expansionListLimit);
  assert.equal(hover!.markdown.match(/^- `ec2:Describe/gm)?.length, expansionListLimit);
  assert.match(hover!.markdown, new RegExp(`and ${count - expansionListLimit} more`));
  const none = await hoverAt('{ "Statement": [ { "Action": "s3:Frob|*" } ] }');
  assert.match(none!.markdown, /matches 0 actions/);
});

test('condition operators and keys', async () => {
  const operator = await hoverAt('{ "Statement": [ { "Condition": { "ForAllValues:StringLi|keIfExists": { "aws:TagKeys": "a" } } } ] }');
  assert.match(operator!.markdown, /any characters[\s\S]*IfExists[\s\S]*ForAllValues/);
  const key = await hoverAt('{ "Statement": [ { "Condition": { "StringEquals": { "aws:PrincipalOr|gID": "o-a" } } } ] }');
  assert.match(key!.markdown, /\*\*aws:PrincipalOrgID\*\* \(global condition key\) · String/);
});

test('elements, ARNs and management operators', async () => {
  assert.match((await hoverAt('{ "Ver|sion": "2012-10-17" }'))!.markdown, /2012-10-17/);
  assert.match((await hoverAt('{ "Statement": [ { "Resource": "arn:aws:s3:::bucket/ob|ject" } ] }'))!.markdown, /`object`: `arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}`/);
  assert.match((await hoverAt('{ "tags": { "a": { "tag_value": { "@@app|end": ["x"] } } } }', 'TAG_POLICY'))!.markdown, /Adds values to the inherited array/);
  assert.equal(await hoverAt('{ "Statement": [ { "Effect": "De|ny" } ] }'), undefined);
});
