'use client';
import type { SortKey, SortOrder } from '@/lib/client/calls-url-state';

const OPTIONS: { value: `${SortKey}:${SortOrder}`; label: string }[] = [
  { value: 'started_at:desc', label: 'Newest first' },
  { value: 'started_at:asc', label: 'Oldest first' },
  { value: 'duration:desc', label: 'Longest first' },
  { value: 'duration:asc', label: 'Shortest first' },
  { value: 'cost:desc', label: 'Highest cost first' },
  { value: 'cost:asc', label: 'Lowest cost first' },
  { value: 'number:asc', label: 'Customer number, ascending' },
  { value: 'number:desc', label: 'Customer number, descending' },
  { value: 'agent:asc', label: 'Agent A–Z' },
  { value: 'agent:desc', label: 'Agent Z–A' },
  { value: 'status:asc', label: 'Status A–Z' },
  { value: 'status:desc', label: 'Status Z–A' },
];

/** Sorting on narrow screens, where the column headers are hidden. */
export function SortSelect({ sort, order, onChange }: { sort: SortKey; order: SortOrder; onChange(sort: SortKey, order: SortOrder): void }) {
  return (
    <div className="flex min-w-0 items-center md:hidden">
      <label htmlFor="calls-sort" className="sr-only">
        Sort calls
      </label>
      <select
        id="calls-sort"
        value={`${sort}:${order}`}
        onChange={(e) => {
          const [s, o] = e.target.value.split(':') as [SortKey, SortOrder];
          onChange(s, o);
        }}
        className="h-9 w-full min-w-0 rounded-md border-0 bg-white px-2.5 text-sm text-slate-800 shadow-xs ring-1 ring-inset ring-slate-300 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        {OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
