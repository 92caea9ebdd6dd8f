/** Positions in inline fixtures: a caret marker `|` where the test hovers or completes. */

/** Splits an inline fixture at its caret marker `|`: the text without it and the caret's offset. */
export function caret(textWithCaret: string): { text: string; offset: number } {
  const offset = textWithCaret.indexOf('|');
  if (offset < 0) throw new Error('fixture has no caret marker |');
  return { text: textWithCaret.slice(0, offset) + textWithCaret.slice(offset + 1), offset };
}
