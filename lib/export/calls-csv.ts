import 'server-only';
// The calls list as CSV (issue 15): RFC 4180 (csv-stringify quotes fields holding commas, quotes or
// line breaks, and doubles quotes; CRLF between records), UTF-8 with a byte-order mark so
// spreadsheets read it as UTF-8, and formula-safe: a text cell starting with =, +, -, @, a tab or a
// carriage return is prefixed with an apostrophe, so a spreadsheet shows it as text instead of
// running it (OWASP "CSV injection"). Phone numbers in E.164 (+1…) are text cells too and get the
// prefix. Numbers we write ourselves (duration, cost) are never negative and are left as they are.
import { stringify } from 'csv-stringify/sync';
import type { ExportRow } from '@/lib/data/calls';

export const CSV_BOM = '\uFEFF';

export const CSV_HEADER = [
  'call_id', 'direction', 'status', 'started_at', 'ended_at', 'from_number', 'to_number', 'contact_name',
  'agent_name', 'assistant_id', 'ended_reason', 'duration_seconds', 'cost_usd', 'sentiment', 'succeeded', 'has_recording',
] as const;

/** A text cell a spreadsheet would read as a formula, made inert. */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const text = (v: string | null | undefined) => (v == null ? '' : neutralizeFormula(v));
const flag = (v: boolean | null | undefined) => (v == null ? '' : v ? 'true' : 'false');

export function csvRecord(r: ExportRow): string[] {
  return [
    r.id, r.call_type, r.status, r.started_at, r.ended_at ?? '',
    text(r.from_number), text(r.to_number), text(r.contact_name), text(r.agent_name), text(r.assistant_id), text(r.ended_reason),
    String(r.duration_seconds), String(r.cost), r.sentiment ?? '', flag(r.succeeded), flag(r.has_recording),
  ];
}

export function csvLines(records: string[][]): string {
  return stringify(records, { record_delimiter: '\r\n', eof: true });
}

export function csvStart(): string {
  return CSV_BOM + csvLines([[...CSV_HEADER]]);
}
