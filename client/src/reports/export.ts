/**
 * A report as a file: Markdown (its blocks, as the server rendered them), CSV (every row of its data, RFC 4180:
 * comma-separated, quoted where needed, CRLF line ends) or JSON (its data as one object per row, with the title and
 * the assumptions it was computed with). Pure: no VS Code API, so it is tested in Node.
 */
import type { Report } from '../../../server/src/protocol';

export type ExportFormat = 'markdown' | 'csv' | 'json';

export const exportFormats: Record<ExportFormat, { extension: string; filter: string }> = {
  markdown: { extension: 'md', filter: 'Markdown' },
  csv: { extension: 'csv', filter: 'CSV' },
  json: { extension: 'json', filter: 'JSON' },
};

/** A CSV field, quoted when it holds a comma, a quote or a line end. */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportCsv(report: Report): string {
  return [report.data.columns, ...report.data.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function reportJson(report: Report): string {
  const { columns, rows } = report.data;
  return JSON.stringify({
    title: report.title,
    assumed: report.assumptions.filter((assumption) => assumption.applied).map((assumption) => assumption.label.replace(/`/g, '')),
    rows: rows.map((row) => Object.fromEntries(columns.map((column, index) => [column, row[index]]))),
  }, null, 2) + '\n';
}

export function reportFile(report: Report, format: ExportFormat): string {
  return format === 'markdown' ? report.markdown : format === 'csv' ? reportCsv(report) : reportJson(report);
}

/** A file name for the report: its title in lower case, words joined by hyphens. */
export function reportFileName(report: Report, format: ExportFormat): string {
  const slug = report.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'report';
  return `${slug}.${exportFormats[format].extension}`;
}
