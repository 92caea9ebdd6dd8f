import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { maxNestingDepth, maxParsedLength, objectProperties, parsePolicyDocument, pathInStatement, statements, stringValues } from '../../../server/src/policies/document';

test('one parse gives the tree, syntax errors, comments, trailing commas and duplicate keys with offsets', () => {
  const text = '{ /* c */ "Statement": { "Effect": "Deny", "Effect": "Allow", }, "Version": "2012-10-17" ';
  const document = parsePolicyDocument(text, { knownKind: 'SERVICE_CONTROL_POLICY' });
  assert.deepEqual(document.comments.map((span) => text.substr(span.offset, span.length)), ['/* c */']);
  assert.deepEqual(document.trailingCommas.map((span) => span.offset), [text.indexOf(', }')]);
  assert.deepEqual(document.duplicateKeys.map((key) => key.offset), [text.lastIndexOf('"Effect"')]);
  assert.deepEqual(document.syntaxErrors.map((error) => error.error), ['CloseBraceExpected']);
  assert.equal(statements(document).length, 1, 'the tolerant parse still finds the statement');
});

test('helpers: properties in order, string values of a string or an array, paths inside statements', () => {
  const document = parsePolicyDocument('{ "Statement": [ { "Action": ["a:B", 1, "c:D"], "Resource": "*" } ] }');
  const [statement] = statements(document);
  assert.deepEqual(objectProperties(statement).map(({ name }) => name), ['Action', 'Resource']);
  assert.deepEqual(stringValues(objectProperties(statement)[0].value).map((node) => node.value), ['a:B', 'c:D']);
  assert.deepEqual(pathInStatement(['Statement', 0, 'Condition', 'Bool']), ['Condition', 'Bool']);
  assert.deepEqual(pathInStatement(['Statement', 'Action']), ['Action']);
  assert.equal(pathInStatement(['Version']), undefined);
});

test('a text over 1,000,000 characters is declined unparsed; its kind comes from its name alone', () => {
  const text = `{ "Version": "2012-10-17", "Statement": [], "Id": "${'x'.repeat(maxParsedLength)}" }`;
  const document = parsePolicyDocument(text, { path: '/w/large.scp.json' });
  assert.deepEqual(document.declined, { reason: 'tooLarge' });
  assert.equal(document.root, undefined);
  assert.equal(document.kind, 'SERVICE_CONTROL_POLICY');
  assert.equal(parsePolicyDocument(text, { path: '/w/large.json' }).kind, undefined, 'the content does not decide the kind of a declined text');
});

test('nesting over 100 levels is declined at the first bracket too deep, with the depth reached; 100 levels are parsed', () => {
  const deep = '{"a":'.repeat(5) + '['.repeat(200) + ']'.repeat(200) + '}'.repeat(5);
  assert.deepEqual(parsePolicyDocument(deep).declined, { reason: 'tooDeep', depth: 205, offset: deep.indexOf('[') + maxNestingDepth - 5 });
  // Closing brackets lower the depth again: many shallow arrays are not deep.
  const wide = '['.repeat(maxNestingDepth) + ']'.repeat(maxNestingDepth);
  const document = parsePolicyDocument(`[${wide.slice(1, -1)},${wide.slice(1, -1)}]`);
  assert.equal(document.declined, undefined);
  assert.ok(document.root);
});
