/**
 * JSON-level rules: AWS parses a policy as strict JSON, so syntax errors, comments, trailing commas
 * and repeated keys are all reported, though the tolerant parser reads past them. A document nested
 * too deep to parse says so instead.
 */
import { maxNestingDepth } from './document';
import type { ValidationContext } from './rule';

const syntaxMessages: Record<string, string> = {
  InvalidSymbol: 'Unexpected character.',
  InvalidNumberFormat: 'Invalid number.',
  PropertyNameExpected: 'A property name (in double quotes) is expected.',
  ValueExpected: 'A value is expected.',
  ColonExpected: 'A colon is expected.',
  CommaExpected: 'A comma is expected.',
  CloseBraceExpected: 'A closing brace `}` is expected.',
  CloseBracketExpected: 'A closing bracket `]` is expected.',
  EndOfFileExpected: 'The document should end here.',
  InvalidCommentToken: 'Invalid comment.',
  UnexpectedEndOfComment: 'The comment is not closed.',
  UnexpectedEndOfString: 'The string is not closed.',
  UnexpectedEndOfNumber: 'The number is not complete.',
  InvalidUnicode: 'Invalid unicode escape.',
  InvalidEscapeCharacter: 'Invalid escape character.',
  InvalidCharacter: 'Invalid character in a string.',
};

export function checkJson(context: ValidationContext): void {
  const { document, findings } = context;
  if (document.declined?.reason === 'tooDeep') {
    const { depth, offset } = document.declined;
    findings.add('nestingTooDeep', { offset, length: 1 }, `This file nests objects and arrays ${depth.toLocaleString('en-US')} levels deep: it was not validated. The language server validates files nested at most ${maxNestingDepth} levels, far deeper than any policy.`,
      'Remove the extra levels of nesting.');
  }
  for (const error of document.syntaxErrors) {
    findings.add('jsonSyntax', { offset: error.offset, length: Math.max(1, error.length) }, `JSON syntax error: ${syntaxMessages[error.error] ?? error.error}`, 'Fix the JSON syntax: AWS rejects the policy as malformed.');
  }
  for (const comment of document.comments) {
    findings.add('comment', comment, 'Comments are not allowed in policies: AWS rejects the document as malformed JSON.', 'Remove the comment (keep notes in a Sid or outside the policy).', [
      { title: 'Remove the comment', edits: [{ ...comment, newText: '' }], preferred: true },
    ]);
  }
  for (const comma of document.trailingCommas) {
    findings.add('trailingComma', comma, 'Trailing commas are not allowed in policies.', 'Remove the comma.', [
      { title: 'Remove the trailing comma', edits: [{ ...comma, newText: '' }], preferred: true },
    ]);
  }
  for (const key of document.duplicateKeys) {
    findings.add('duplicateKey', key, `The key "${key.value}" appears more than once in this object: no element may repeat.`, 'Merge the values into one element.');
  }
}
