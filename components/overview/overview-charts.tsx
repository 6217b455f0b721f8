'use client';
// The overview's charts (recharts). Each takes plain numbers; the cards around them carry the
// titles and the accessible tables.
import { Bar, BarChart, CartesianGrid, Cell, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDay, formatHour, formatHourShort, WEEKDAYS } from '@/lib/client/overview-format';
import { cx } from '../ui/cx';

const AXIS = { fontSize: 12, fill: '#64748b' };
const GRID = '#e2e8f0';

export interface DailyPoint {
  day: string;
  value: number;
}

/** One metric per local day (bars), the x axis labelled sparsely enough to stay legible on a phone. */
export function DailyChart({ points, format, label, color = '#4f46e5' }: { points: DailyPoint[]; format(v: number): string; label: string; color?: string }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={points} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID} />
        <XAxis dataKey="day" tickFormatter={(d: string) => formatDay(d)} tick={AXIS} tickLine={false} axisLine={{ stroke: GRID }} minTickGap={24} />
        <YAxis tickFormatter={(v: number) => format(v)} tick={AXIS} tickLine={false} axisLine={false} width={64} allowDecimals={false} />
        <Tooltip
          cursor={{ fill: '#eef2ff' }}
          formatter={(v) => [format(Number(v)), label]}
          labelFormatter={(d) => formatDay(String(d), 'long')}
          contentStyle={{ borderRadius: 8, borderColor: GRID, fontSize: 13 }}
        />
        <Bar dataKey="value" fill={color} radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export interface Slice {
  label: string;
  value: number;
  color: string;
}

/** Horizontal bars, largest first (the caller orders them), labels left of the bars. */
export function BarList({ items, format, label }: { items: Slice[]; format(v: number): string; label: string }) {
  const height = Math.max(72, items.length * 30 + 16);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={items} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }}>
        <XAxis type="number" hide />
        <YAxis
          type="category"
          dataKey="label"
          tick={AXIS}
          tickLine={false}
          axisLine={false}
          width={150}
          tickFormatter={(v: string) => (v.length > 20 ? `${v.slice(0, 19)}…` : v)}
        />
        <Tooltip cursor={{ fill: '#f1f5f9' }} formatter={(v) => [format(Number(v)), label]} contentStyle={{ borderRadius: 8, borderColor: GRID, fontSize: 13 }} />
        <Bar dataKey="value" radius={[0, 3, 3, 0]} maxBarSize={20} isAnimationActive={false} label={{ position: 'right', fontSize: 12, fill: '#334155', formatter: (v: unknown) => format(Number(v)) }}>
          {items.map((s) => (
            <Cell key={s.label} fill={s.color} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

/** A donut with its legend beside it (under it on a phone). */
export function Donut({ items, format }: { items: Slice[]; format(v: number): string }) {
  const total = items.reduce((s, i) => s + i.value, 0);
  return (
    <div className="flex flex-col items-center gap-4 sm:flex-row">
      <div className="size-40 shrink-0">
        <ResponsiveContainer width="100%" height="100%">
          <PieChart>
            <Pie data={items} dataKey="value" nameKey="label" innerRadius="58%" outerRadius="100%" paddingAngle={1} isAnimationActive={false} stroke="#fff">
              {items.map((s) => (
                <Cell key={s.label} fill={s.color} />
              ))}
            </Pie>
            <Tooltip formatter={(v, name) => [format(Number(v)), String(name)]} contentStyle={{ borderRadius: 8, borderColor: GRID, fontSize: 13 }} />
          </PieChart>
        </ResponsiveContainer>
      </div>
      <ul className="w-full space-y-1.5 text-sm">
        {items.map((s) => (
          <li key={s.label} className="flex items-center gap-2">
            <span className="size-2.5 shrink-0 rounded-sm" style={{ backgroundColor: s.color }} />
            <span className="min-w-0 flex-1 truncate text-slate-700">{s.label}</span>
            <span className="text-slate-900 tabular-nums">{format(s.value)}</span>
            <span className="w-11 text-right text-xs text-slate-500 tabular-nums">{total > 0 ? `${Math.round((s.value / total) * 100)}%` : ''}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const LEVELS = ['bg-slate-100', 'bg-indigo-100', 'bg-indigo-200', 'bg-indigo-400', 'bg-indigo-600', 'bg-indigo-800'];

/** Calls by local weekday (rows) and hour (columns); darker is busier. */
export function HoursHeatmap({ cells }: { cells: { weekday: number; hour: number; calls: number }[] }) {
  const grid = new Map(cells.map((c) => [`${c.weekday}:${c.hour}`, c.calls]));
  const max = Math.max(1, ...cells.map((c) => c.calls));
  const level = (n: number) => (n === 0 ? 0 : Math.min(LEVELS.length - 1, 1 + Math.floor(((n - 1) / max) * (LEVELS.length - 1))));
  return (
    <div className="overflow-x-auto">
      <div className="grid min-w-[19rem] grid-cols-[2.25rem_repeat(24,minmax(0,1fr))] gap-[2px] text-[10px] text-slate-500">
        <span />
        {Array.from({ length: 24 }, (_, h) => (
          <span key={h} className="text-center">
            {h % 6 === 0 ? formatHourShort(h) : ''}
          </span>
        ))}
        {WEEKDAYS.map((name, i) => (
          <div key={name} className="contents">
            <span className="pr-1 text-right leading-4">{name.slice(0, 3)}</span>
            {Array.from({ length: 24 }, (_, h) => {
              const n = grid.get(`${i + 1}:${h}`) ?? 0;
              return <span key={h} title={`${name} ${formatHour(h)}: ${n} calls`} className={cx('h-4 rounded-[2px]', LEVELS[level(n)])} />;
            })}
          </div>
        ))}
      </div>
      <div className="mt-2 flex items-center justify-end gap-1 text-[10px] text-slate-500">
        <span>Fewer</span>
        {LEVELS.map((l) => (
          <span key={l} className={cx('size-3 rounded-[2px]', l)} />
        ))}
        <span>More</span>
      </div>
    </div>
  );
}
