// One SVG with two panels, written by hand (no chart dependency): page-1 latency vs org size at each
// layer (with the exact count for contrast), and the top org's latency vs page depth, keyset vs offset.
import type { BenchResults } from './report.ts';

interface Series {
  name: string;
  color: string;
  dash?: string;
  points: [number, number][];
}

const COLORS = { sql: '#1f77b4', pgrst: '#2ca02c', route: '#d62728', bad: '#ff7f0e', worse: '#9467bd' };

function logTicks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) out.push(10 ** e);
  return out;
}

const label = (v: number) => (v >= 1000 ? `${v / 1000}k` : v >= 1 ? String(v) : String(Number(v.toPrecision(1))));

function panel(x0: number, y0: number, w: number, h: number, title: string, xTitle: string, series: Series[], xTicks?: [number, string][]): string {
  const all = series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const xt = xTicks ?? logTicks(Math.min(...xs), Math.max(...xs)).map((v) => [v, label(v)] as [number, string]);
  const xMin = Math.min(...xt.map((t) => t[0]));
  const xMax = Math.max(...xt.map((t) => t[0]));
  const yt = logTicks(Math.min(...ys), Math.max(...ys));
  const yMin = yt[0];
  const yMax = yt[yt.length - 1];
  const px = (x: number) => x0 + ((Math.log10(x) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * w;
  const py = (y: number) => y0 + h - ((Math.log10(y) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * h;
  const parts: string[] = [];
  parts.push(`<text x="${x0 + w / 2}" y="${y0 - 14}" text-anchor="middle" font-weight="bold">${title}</text>`);
  parts.push(`<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
  for (const y of yt) {
    parts.push(`<line x1="${x0}" x2="${x0 + w}" y1="${py(y)}" y2="${py(y)}" stroke="#eee"/>`);
    parts.push(`<text x="${x0 - 6}" y="${py(y) + 4}" text-anchor="end">${label(y)}</text>`);
  }
  for (const [x, t] of xt) {
    parts.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${y0}" y2="${y0 + h}" stroke="#eee"/>`);
    parts.push(`<text x="${px(x)}" y="${y0 + h + 16}" text-anchor="middle">${t}</text>`);
  }
  parts.push(`<text x="${x0 + w / 2}" y="${y0 + h + 36}" text-anchor="middle">${xTitle}</text>`);
  parts.push(`<text transform="translate(${x0 - 44} ${y0 + h / 2}) rotate(-90)" text-anchor="middle">ms (p50, log scale)</text>`);
  series.forEach((s, i) => {
    const pts = s.points.filter(([x, y]) => x > 0 && y > 0);
    if (pts.length === 0) return;
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''} points="${pts.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')}"/>`);
    for (const [x, y] of pts) parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${s.color}"/>`);
    const ly = y0 + 12 + i * 16;
    parts.push(`<line x1="${x0 + 8}" x2="${x0 + 28}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''}/>`);
    parts.push(`<text x="${x0 + 32}" y="${ly}">${s.name}</text>`);
  });
  return parts.join('\n');
}

export function chartSvg(r: BenchResults): string {
  const probes = [...r.dataset.probes].sort((a, b) => a.rows - b.rows);
  const bySize = (get: (label: string) => number | undefined): [number, number][] =>
    probes.map((p) => [p.rows, get(p.label) ?? NaN] as [number, number]).filter(([, y]) => Number.isFinite(y));
  const left: Series[] = [
    { name: 'route handler, page 1', color: COLORS.route, points: bySize((l) => r.route?.[l]?.page1?.p50) },
    { name: 'PostgREST, listCalls page 1', color: COLORS.pgrst, points: bySize((l) => r.postgrest[l]?.app_page1?.p50) },
    { name: 'SQL, page 1 (RLS + .eq)', color: COLORS.sql, points: bySize((l) => r.sql.perOrg[l]?.page1_rls_eq?.p50) },
    { name: 'SQL, count(*) exact (not used)', color: COLORS.bad, dash: '5,4', points: bySize((l) => r.sql.perOrg[l]?.count_exact_rls_eq?.p50) },
    { name: 'SQL, count shown (≤1,001 + estimate)', color: COLORS.sql, dash: '2,3', points: bySize((l) => r.sql.perOrg[l]?.count_estimated?.p50) },
  ];
  // Depth axis: page 1 drawn at depth 100 so a log axis can hold it.
  const depths: [number, string][] = [[100, 'page 1'], [1000, '1k'], [10000, '10k'], [100000, '100k']];
  const top = r.sql.perOrg.top ?? {};
  const pg = r.postgrest.top ?? {};
  const rt = r.route?.top ?? {};
  const byDepth = (first: number | undefined, get: (d: number) => number | undefined): [number, number][] =>
    [[100, first] as [number, number | undefined], ...depths.slice(1).map(([d]) => [d, get(d)] as [number, number | undefined])]
      .filter((p): p is [number, number] => p[1] !== undefined && Number.isFinite(p[1]));
  const right: Series[] = [
    { name: 'route handler, keyset', color: COLORS.route, points: byDepth(rt.page1?.p50, (d) => rt[`keyset_${d}`]?.p50) },
    { name: 'PostgREST, keyset', color: COLORS.pgrst, points: byDepth(pg.page1_nocount?.p50, (d) => pg[`keyset_${d}`]?.p50) },
    { name: 'PostgREST, offset', color: COLORS.pgrst, dash: '5,4', points: byDepth(pg.page1_nocount?.p50, (d) => pg[`offset_${d}`]?.p50) },
    { name: 'SQL, keyset (.or + bound)', color: COLORS.sql, points: byDepth(top.page1_rls_eq?.p50, (d) => top[`keyset_${d}`]?.p50) },
    { name: 'SQL, offset', color: COLORS.bad, dash: '5,4', points: byDepth(top.page1_rls_eq?.p50, (d) => top[`offset_${d}`]?.p50) },
    { name: 'SQL, .or() without bound', color: COLORS.worse, dash: '2,3', points: byDepth(top.page1_rls_eq?.p50, (d) => top[`keyset_or_only_${d}`]?.p50) },
  ];
  const W = 1100;
  const H = 470;
  const topOrg = r.dataset.probes.find((p) => p.label === 'top');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">
<rect width="${W}" height="${H}" fill="white"/>
<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">Call list latency, dataset ${r.meta.size} (${r.dataset.spec.rows.toLocaleString('en-US')} calls, ${r.dataset.spec.orgs} orgs)</text>
${panel(80, 70, 420, 320, 'Page 1 vs org size (probe orgs)', 'calls in the org (log scale)', left)}
${panel(640, 70, 420, 320, `Top org (${topOrg?.rows.toLocaleString('en-US')} calls): latency vs depth`, 'rows skipped', right, depths)}
</svg>
`;
}
