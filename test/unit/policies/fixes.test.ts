import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { objectProperties, parsePolicyDocument } from '../../../server/src/policies/document';
import { closestNames, insertFirstProperty, minify, removeProperty } from '../../../server/src/policies/fixes';

const apply = (text: string, edits: { offset: number; length: number; newText: string }[]) =>
  [...edits].sort((a, b) => b.offset - a.offset).reduce((result, edit) => result.slice(0, edit.offset) + edit.newText + result.slice(edit.offset + edit.length), text);

test('minify drops whitespace and comments outside strings, and nothing inside them', () => {
  assert.equal(minify('{\n  "Sid": "Keep  these spaces", // note\n  "Effect" : "Deny" /* x */\n}'), '{"Sid":"Keep  these spaces","Effect":"Deny"}');
});

test('closestNames ranks by edit distance, case-insensitively, and gives up when too far', () => {
  assert.deepEqual(closestNames('StringEqual', ['StringEquals', 'StringLike', 'NumericEquals']), ['StringEquals']);
  assert.deepEqual(closestNames('effect', ['Effect', 'Action']), ['Effect']);
  assert.deepEqual(closestNames('Frobnicate', ['Effect', 'Action']), []);
});

test('properties are removed with their comma and inserted first when asked', () => {
  const text = '{ "Id": "x", "Statement": [] }';
  const removed = (source: string, name: string) => apply(source, removeProperty(objectProperties(parsePolicyDocument(source).root).find((candidate) => candidate.name === name)!.node, 'Remove').edits);
  assert.equal(removed(text, 'Id'), '{ "Statement": [] }');
  assert.equal(removed(text, 'Statement'), '{ "Id": "x" }');
  assert.equal(removed('{\n  "Version": "2012-10-17",\n  "Id": "x",\n  "Statement": []\n}', 'Id'), '{\n  "Version": "2012-10-17",\n  "Statement": []\n}');
  assert.equal(removed('{ "Id": "x" }', 'Id'), '{}');
  const inserted = (source: string) => apply(source, insertFirstProperty(source, parsePolicyDocument(source).root!, 'Version', '2012-10-17', 'Add').edits);
  assert.equal(inserted(text), '{ "Version": "2012-10-17", "Id": "x", "Statement": [] }');
  assert.equal(inserted('{\n  "Statement": []\n}'), '{\n  "Version": "2012-10-17",\n  "Statement": []\n}');
  assert.equal(inserted('{}'), '{"Version": "2012-10-17"}');
});
