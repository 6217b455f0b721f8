'use client';
// A card around one chart. The chart is drawn for the eye (aria-hidden); its numbers are always in a
// table too: read by screen readers while the chart shows, and on screen after "Table".
import { useId, useState } from 'react';
import { cx } from '../ui/cx';

export interface TableSpec {
  caption: string;
  columns: { label: string; numeric?: boolean }[];
  rows: (string | number)[][];
}

export function DataTable({ table, className }: { table: TableSpec; className?: string }) {
  return (
    <table className={cx('w-full text-sm', className)}>
      <caption className="sr-only">{table.caption}</caption>
      <thead>
        <tr className="border-b border-slate-200 text-left text-xs font-medium text-slate-500">
          {table.columns.map((c) => (
            <th key={c.label} scope="col" className={cx('px-2 py-1.5 font-medium', c.numeric && 'text-right')}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {table.rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) =>
              j === 0 ? (
                <th key={j} scope="row" className="px-2 py-1.5 text-left font-normal text-slate-700">
                  {cell}
                </th>
              ) : (
                <td key={j} className={cx('px-2 py-1.5 text-slate-700', table.columns[j]?.numeric && 'text-right tabular-nums')}>
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ChartCard({
  title,
  description,
  table,
  actions,
  children,
  className,
  testId,
}: {
  title: string;
  description?: React.ReactNode;
  table: TableSpec;
  actions?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
  testId?: string;
}) {
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={cx('min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-xs', className)} data-testid={testId}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={headingId} className="text-sm font-semibold text-slate-900">
            {title}
          </h2>
          {description && <p className="mt-0.5 text-xs text-slate-500">{description}</p>}
        </div>
        <div className="flex items-center gap-2">
          {actions}
          <button
            type="button"
            onClick={() => setAsTable(!asTable)}
            aria-pressed={asTable}
            className="rounded-md px-2 py-1 text-xs font-medium text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            {asTable ? 'Chart' : 'Table'}
          </button>
        </div>
      </div>
      <div className="mt-3">
        {asTable ? (
          <div className="max-h-80 overflow-auto">
            <DataTable table={table} />
          </div>
        ) : (
          <>
            <div aria-hidden="true">{children}</div>
            <div className="sr-only">
              <DataTable table={table} />
            </div>
          </>
        )}
      </div>
    </section>
  );
}
