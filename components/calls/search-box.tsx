'use client';
import { useEffect, useRef, useState } from 'react';
import { MAX_QUERY_LENGTH, normalizeQuery } from '@/lib/client/calls-url-state';
import { Search, X } from '../ui/icons';

export const SEARCH_DEBOUNCE_MS = 350;

/** Type to search; the query reaches the URL after a short pause, or at once on Enter. */
export function SearchBox({ value, onCommit }: { value: string; onCommit(q: string): void }) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // The URL changed from outside (back/forward, clear filters). Our own commits land here too;
  // only overwrite the box when it means something else, or typing "a b" would lose the space.
  if (seen !== value) {
    setSeen(value);
    if (normalizeQuery(draft) !== value) setDraft(value);
  }

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const commit = (next: string, delay: number) => {
    if (timer.current) clearTimeout(timer.current);
    const run = () => {
      if (normalizeQuery(next) !== value) onCommit(next);
    };
    if (delay === 0) run();
    else timer.current = setTimeout(run, delay);
  };

  return (
    <form
      role="search"
      className="relative min-w-0 flex-1"
      onSubmit={(e) => {
        e.preventDefault();
        commit(draft, 0);
      }}
    >
      <label htmlFor="calls-search" className="sr-only">
        Search calls
      </label>
      <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" />
      <input
        id="calls-search"
        type="search"
        inputMode="search"
        autoComplete="off"
        spellCheck={false}
        maxLength={MAX_QUERY_LENGTH}
        placeholder="Search number, name or agent"
        value={draft}
        data-testid="calls-search"
        onChange={(e) => {
          setDraft(e.target.value);
          commit(e.target.value, SEARCH_DEBOUNCE_MS);
        }}
        className="h-9 w-full rounded-md border-0 bg-white pr-8 pl-8 text-sm text-slate-800 shadow-xs ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-indigo-600 [&::-webkit-search-cancel-button]:hidden"
      />
      {draft && (
        <button
          type="button"
          aria-label="Clear search"
          onClick={() => {
            setDraft('');
            commit('', 0);
          }}
          className="absolute top-1/2 right-1.5 flex size-6 -translate-y-1/2 items-center justify-center rounded text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          <X className="size-3.5" />
        </button>
      )}
    </form>
  );
}
