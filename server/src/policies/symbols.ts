/**
 * Document symbols: the statements of an IAM-language policy by Sid (with their effect), or the
 * top-level entries of a management policy (tag policy keys, backup plans, opted-out services).
 */
import { Node, objectProperties, PolicyDocument, property, statements } from './document';
import { policyKindInfo } from './kinds';

export interface PolicySymbol {
  name: string;
  detail?: string;
  kind: 'statement' | 'entry';
  /** The whole symbol. */
  offset: number;
  length: number;
  /** The part to reveal and select: the Sid or the key. */
  selection: { offset: number; length: number };
  children: PolicySymbol[];
}

export function policySymbols(document: PolicyDocument): PolicySymbol[] {
  if (!document.kind || !document.root) return [];
  if (policyKindInfo(document.kind).language === 'iam') {
    return statements(document).map((statement, index) => {
      const sid = property(statement, 'Sid');
      const effect = property(statement, 'Effect')?.value;
      const name = typeof sid?.value === 'string' && sid.value ? sid.value : `Statement ${index + 1}`;
      return symbol(name, 'statement', statement, sid ?? statement, typeof effect === 'string' ? effect : undefined, []);
    });
  }
  return objectProperties(document.root).map(({ name, key, node, value }) =>
    symbol(name, 'entry', node, key, undefined, objectProperties(value).map((child) => symbol(child.name, 'entry', child.node, child.key, undefined, []))));
}

function symbol(name: string, kind: PolicySymbol['kind'], whole: Node, selection: Node, detail: string | undefined, children: PolicySymbol[]): PolicySymbol {
  return { name, kind, offset: whole.offset, length: whole.length, selection: { offset: selection.offset, length: selection.length }, children, ...(detail ? { detail } : {}) };
}
