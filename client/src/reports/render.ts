/**
 * The report view's page, generated from a report: its blocks as HTML (inline code, strong and emphasis from the
 * report's text, everything else escaped), the assumptions it offers as check boxes, and the export buttons. Long
 * tables show their first rows and say how many more the export holds. Colors are VS Code's theme variables, so the
 * page follows the theme; nothing loads from anywhere. Pure: no VS Code API, so it is tested in Node.
 */
import type { Report, ReportBlock, ReportText } from '../../../server/src/protocol';

/** What the page needs besides the report: the CSP's nonce, and whether an answer with other assumptions is on its way. */
export interface RenderOptions {
  nonce: string;
  busy?: boolean;
}

/** How many rows of a table the page shows. */
export const shownRows = 200;

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[character]};`);
}

/** A report's text as HTML: `` `code` ``, `**strong**` and `_emphasis_` (at word boundaries); everything else escaped. */
export function inlineHtml(text: ReportText): string {
  let html = '';
  let strong = false;
  let emphasis = false;
  const word = (character: string | undefined) => character !== undefined && /[\p{L}\p{N}]/u.test(character);
  for (let index = 0; index < text.length;) {
    if (text[index] === '`') {
      const fence = text.startsWith('``', index) ? '``' : '`';
      const end = text.indexOf(fence, index + fence.length);
      if (end >= 0) {
        const content = text.slice(index + fence.length, end);
        html += `<code>${escape(fence.length > 1 ? content.trim() : content)}</code>`;
        index = end + fence.length;
        continue;
      }
    }
    if (text.startsWith('**', index)) {
      html += strong ? '</strong>' : '<strong>';
      strong = !strong;
      index += 2;
      continue;
    }
    if (text[index] === '_' && (emphasis ? !word(text[index + 1]) : !word(text[index - 1]) && text.indexOf('_', index + 1) > index + 1)) {
      html += emphasis ? '</em>' : '<em>';
      emphasis = !emphasis;
      index++;
      continue;
    }
    html += escape(text[index]);
    index++;
  }
  return html + (emphasis ? '</em>' : '') + (strong ? '</strong>' : '');
}

function blockHtml(block: ReportBlock): string {
  switch (block.kind) {
    case 'heading': return `<h${block.level}>${inlineHtml(block.text)}</h${block.level}>`;
    case 'paragraph': return `<p>${inlineHtml(block.text)}</p>`;
    case 'list': return `<ul>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</ul>`;
    case 'table': {
      const align = (index: number) => (block.columns[index]?.numeric ? ' class="number"' : '');
      const head = block.columns.map((column, index) => `<th scope="col"${align(index)}>${escape(column.title)}</th>`).join('');
      const rows = block.rows.slice(0, shownRows).map((row) => `<tr>${row.map((cell, index) => `<td${align(index)}>${inlineHtml(cell)}</td>`).join('')}</tr>`).join('');
      const more = block.rows.length > shownRows
        ? `<p class="note">${(block.rows.length - shownRows).toLocaleString('en-US')} more rows are not shown here: the exports hold every row.</p>`
        : '';
      return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>${more}`;
    }
  }
}

const styles = `
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 20px 20px; }
h1 { font-size: 1.5em; font-weight: 600; margin: 16px 0 8px; }
h2 { font-size: 1.2em; font-weight: 600; margin: 24px 0 8px; }
h3 { font-size: 1.05em; font-weight: 600; margin: 16px 0 6px; }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 3px; border-radius: 3px; }
.toolbar { position: sticky; top: 0; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 8px 0; background: var(--vscode-editor-background); border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); }
button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 4px 10px; font: inherit; cursor: pointer; border-radius: 2px; }
button:hover { background: var(--vscode-button-secondaryHoverBackground); }
button:focus-visible, input:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
fieldset { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); border-radius: 4px; margin: 12px 0; padding: 8px 12px; }
legend { color: var(--vscode-descriptionForeground); padding: 0 4px; }
fieldset label { display: block; margin: 4px 0; }
table { border-collapse: collapse; margin: 4px 0; }
th, td { text-align: left; vertical-align: top; padding: 3px 10px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); }
.number { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
.note, .busy { color: var(--vscode-descriptionForeground); }
.busy::before { content: ''; display: inline-block; width: 8px; height: 8px; margin-right: 6px; border-radius: 50%; background: var(--vscode-progressBar-background); }
`;

/** The script: the buttons and check boxes post the user's choice; the extension answers with a new page. */
const script = `
const vscode = acquireVsCodeApi();
for (const button of document.querySelectorAll('button[data-export]')) {
  button.addEventListener('click', () => vscode.postMessage({ type: 'export', format: button.dataset.export }));
}
for (const box of document.querySelectorAll('input[data-assumption]')) {
  box.addEventListener('change', () => vscode.postMessage({
    type: 'assume',
    assumptions: [...document.querySelectorAll('input[data-assumption]:checked')].map((checked) => checked.dataset.assumption),
  }));
}
`;

function page(title: string, body: string, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escape(title)}</title>
<style nonce="${nonce}">${styles}</style>
</head>
<body>
${body}
<script nonce="${nonce}">${script}</script>
</body>
</html>`;
}

/** The page of a report. */
export function renderReport(report: Report, options: RenderOptions): string {
  const toolbar = `<div class="toolbar" role="toolbar" aria-label="Export">`
    + ['Markdown', 'CSV', 'JSON'].map((format) => `<button type="button" data-export="${format.toLowerCase()}">Export ${format}</button>`).join('')
    + (options.busy ? '<span class="busy" role="status">Evaluating again…</span>' : '')
    + '</div>';
  const assumptions = report.assumptions.length
    ? `<fieldset><legend>Assume common values for what the answers wait for</legend>${report.assumptions.map((assumption) =>
      `<label><input type="checkbox" data-assumption="${escape(assumption.id)}"${assumption.applied ? ' checked' : ''}${options.busy ? ' disabled' : ''}> ${inlineHtml(assumption.label)}</label>`).join('')}</fieldset>`
    : '';
  return page(report.title, `${toolbar}${assumptions}<main>${report.blocks.map(blockHtml).join('\n')}</main>`, options.nonce);
}

/** The page while the first answer is computed. */
export function renderLoading(question: string, nonce: string): string {
  return page(question, `<main><h1>${escape(question)}</h1><p class="busy" role="status">Evaluating the organization's policies…</p></main>`, nonce);
}

/** The page when the question could not be answered: the reason, and nothing that runs or loads. */
export function renderFailure(question: string, reason: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="default-src 'none';"><title>${escape(question)}</title></head>`
    + `<body><h1>${escape(question)}</h1><p>The answer is not available: ${escape(reason)}</p></body></html>`;
}
