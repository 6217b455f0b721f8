'use client';
import { useState } from 'react';
import { MAX_EXACT_FILTER_LENGTH, normalizeExact } from '@/lib/client/calls-url-state';

/**
 * An exact-match filter (assistant id, ended reason): the value reaches the URL on Enter or when the
 * field loses focus. Values are the provider's own (e.g. `asst_…`, `customer-ended-call`), shown on
 * the call detail.
 */
export function ExactFilter({
  id,
  label,
  placeholder,
  value,
  onCommit,
}: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onCommit(value: string): void;
}) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  // The URL changed from outside (back/forward, clear filters, a removed chip).
  if (seen !== value) {
    setSeen(value);
    setDraft(value);
  }
  const commit = () => {
    const next = normalizeExact(draft);
    if (next !== value) onCommit(next);
  };
  return (
    <form
      className="min-w-0"
      onSubmit={(e) => {
        e.preventDefault();
        commit();
      }}
    >
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        type="text"
        value={draft}
        maxLength={MAX_EXACT_FILTER_LENGTH}
        placeholder={placeholder}
        aria-label={label}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        data-testid={id}
        className="h-9 w-full rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-900 placeholder:text-slate-400 focus-visible:outline-2 focus-visible:outline-indigo-600 sm:w-44"
      />
    </form>
  );
}
