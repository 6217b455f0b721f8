// The load run's table (per endpoint: requests, req/s, p50/p95/p99, answers other than 200 by
// status), its JSON (bench/results/load.json) and a chart (bench/results/load.svg): latency per
// endpoint under load, and recovery time per fault.
import { round } from '../stats.ts';
import { ENDPOINTS, type Endpoint } from './checker.ts';
import type { FaultResult } from './faults.ts';

export interface EndpointRow {
  endpoint: Endpoint;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Answers other than 200, by status (403 is the expected answer for staff on admin routes and for a suspended org). */
  other: Record<string, number>;
}

function quantile(sorted: number[], p: number): number {
  return sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))], 1) : NaN;
}

export function endpointRows(samples: Map<Endpoint, number[]>, statuses: Map<Endpoint, Map<number, number>>, seconds: number): EndpointRow[] {
  return ENDPOINTS.filter((e) => samples.has(e)).map((endpoint) => {
    const s = [...samples.get(endpoint)!].sort((a, b) => a - b);
    const other: Record<string, number> = {};
    for (const [status, n] of statuses.get(endpoint) ?? []) if (status !== 200) other[status] = n;
    return { endpoint, requests: s.length, rps: round(s.length / seconds, 1), p50: quantile(s, 0.5), p95: quantile(s, 0.95), p99: quantile(s, 0.99), other };
  });
}

export function markdownTable(rows: EndpointRow[]): string {
  const lines = ['| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | other answers (status × n) |', '|---|---:|---:|---:|---:|---:|---|'];
  for (const r of rows) {
    const other = Object.entries(r.other).map(([s, n]) => `${s} × ${n}`).join(', ') || '–';
    lines.push(`| ${r.endpoint} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${other} |`);
  }
  return lines.join('\n');
}

export function faultTable(faults: FaultResult[]): string {
  const lines = ['| fault | down s | probe answers while down | part restart s | service back after s | expectations |', '|---|---:|---|---:|---:|---|'];
  for (const f of faults) {
    const answers = Object.entries(f.whileDown).map(([s, n]) => `${s} × ${n}`).join(', ');
    const ok = f.expectations.every((e) => e.ok) ? `pass (${f.expectations.length})` : `FAIL: ${f.expectations.filter((e) => !e.ok).map((e) => e.name).join('; ')}`;
    lines.push(`| ${f.fault} | ${f.downSeconds} | ${answers} | ${f.restartSeconds} | ${f.recoverySeconds ?? '–'} | ${ok} |`);
  }
  return lines.join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Two panels of horizontal bars: p50/p95 per endpoint, and recovery seconds per fault (limit marked). */
export function loadChartSvg(rows: EndpointRow[], faults: FaultResult[], title: string): string {
  const W = 900;
  const rowH = 22;
  const left = 130;
  const barW = 300;
  const p1h = rows.length * rowH + 50;
  const stackFaults = faults.filter((f) => f.recoverySeconds !== null);
  const p2h = stackFaults.length ? stackFaults.length * rowH + 50 : 0;
  const H = 40 + p1h + p2h + 20;
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`, `<rect width="${W}" height="${H}" fill="white"/>`, `<text x="10" y="22" font-size="15" font-weight="bold">${esc(title)}</text>`];
  const maxMs = Math.max(...rows.map((r) => r.p95), 1);
  let y = 50;
  out.push(`<text x="10" y="${y}" font-weight="bold">Latency under load, ms (p50 dark, p95 light), and req/s</text>`);
  y += 12;
  for (const r of rows) {
    const w95 = (r.p95 / maxMs) * barW;
    const w50 = (r.p50 / maxMs) * barW;
    out.push(`<text x="${left - 6}" y="${y + 14}" text-anchor="end">${esc(r.endpoint)}</text>`);
    out.push(`<rect x="${left}" y="${y + 3}" width="${w95.toFixed(1)}" height="14" fill="#9ecae1"/>`);
    out.push(`<rect x="${left}" y="${y + 3}" width="${w50.toFixed(1)}" height="14" fill="#3182bd"/>`);
    out.push(`<text x="${left + w95 + 6}" y="${y + 14}">${r.p50} / ${r.p95} ms · ${r.rps} req/s</text>`);
    y += rowH;
  }
  if (stackFaults.length) {
    y += 24;
    out.push(`<text x="10" y="${y}" font-weight="bold">Service back after the part returns, s (limit 5 s, dashed)</text>`);
    y += 12;
    const scale = barW / 6;
    const limitX = left + 5 * scale;
    const top = y;
    for (const f of stackFaults) {
      const w = Math.max((f.recoverySeconds ?? 0) * scale, 1);
      out.push(`<text x="${left - 6}" y="${y + 14}" text-anchor="end">${esc(f.fault)}</text>`);
      out.push(`<rect x="${left}" y="${y + 3}" width="${w.toFixed(1)}" height="14" fill="${(f.recoverySeconds ?? 99) <= 5 ? '#31a354' : '#de2d26'}"/>`);
      out.push(`<text x="${left + w + 6}" y="${y + 14}">${f.recoverySeconds} s (restart ${f.restartSeconds} s)</text>`);
      y += rowH;
    }
    out.push(`<line x1="${limitX}" y1="${top}" x2="${limitX}" y2="${y}" stroke="#555" stroke-dasharray="4 3"/>`);
  }
  out.push('</svg>');
  return out.join('\n');
}
