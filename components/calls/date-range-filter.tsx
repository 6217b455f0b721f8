'use client';
import { useState } from 'react';
import { parseIsoDate } from '@/lib/client/calls-url-state';

const inputClass =
  'h-9 w-full rounded-md border-0 bg-white px-2.5 text-sm text-slate-800 shadow-xs ring-1 ring-inset ring-slate-300 ' +
  'focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-indigo-600 sm:w-[9.5rem] tabular-nums';

/** Complete dates only: while a year is typed digit by digit ("0002", "0020", …) nothing is applied. */
const committable = (value: string) => value === '' || (parseIsoDate(value) !== null && value >= '1970-01-01');

function DateInput({
  id,
  label,
  value,
  min,
  max,
  onCommit,
}: {
  id: string;
  label: string;
  value: string | null;
  min?: string;
  max?: string;
  onCommit(value: string | null): void;
}) {
  const [draft, setDraft] = useState(value ?? '');
  const [seen, setSeen] = useState(value);
  // The URL changed under us (back/forward, "clear filters"): show what it says.
  if (seen !== value) {
    setSeen(value);
    setDraft(value ?? '');
  }
  return (
    <div className="flex min-w-0 flex-col gap-1 sm:flex-row sm:items-center sm:gap-2">
      <label htmlFor={id} className="shrink-0 text-xs text-slate-600 sm:text-sm">
        {label}
      </label>
      <input
        id={id}
        type="date"
        className={inputClass}
        value={draft}
        min={min}
        max={max}
        data-testid={`${id}`}
        onChange={(e) => {
          const next = e.target.value;
          setDraft(next);
          if (committable(next) && next !== (value ?? '')) onCommit(next || null);
        }}
      />
    </div>
  );
}

export function DateRangeFilter({
  from,
  to,
  onChange,
}: {
  from: string | null;
  to: string | null;
  onChange(range: { from: string | null; to: string | null }): void;
}) {
  return (
    <fieldset className="col-span-2 grid min-w-0 grid-cols-2 gap-2 sm:flex sm:items-center sm:gap-3" aria-describedby="date-range-hint">
      <legend className="sr-only">Date range</legend>
      <DateInput id="date-from" label="From" value={from} max={to ?? undefined} onCommit={(v) => onChange({ from: v, to })} />
      <DateInput id="date-to" label="To" value={to} min={from ?? undefined} onCommit={(v) => onChange({ from, to: v })} />
      <span id="date-range-hint" className="sr-only">
        Dates are inclusive and in UTC.
      </span>
    </fieldset>
  );
}
