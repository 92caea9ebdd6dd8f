import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { closestNames, minify, removeProperty, setProperty } from '../../../server/src/policies/fixes';

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
  assert.deepEqual(JSON.parse(apply(text, removeProperty(text, ['Id'], 'Remove').edits)), { Statement: [] });
  const added = apply(text, setProperty(text, ['Version'], '2012-10-17', 'Add', true).edits);
  assert.deepEqual(Object.keys(JSON.parse(added)), ['Version', 'Id', 'Statement']);
});
