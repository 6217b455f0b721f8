'use client';
import { useState } from 'react';
import { SENTIMENTS, type BooleanFilter, type CallFilters, type Sentiment } from '@/lib/client/calls-url-state';

const selectClasses =
  'h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 sm:w-auto';
const inputClasses =
  'h-9 w-full rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-900 tabular-nums placeholder:text-slate-400 focus-visible:outline-2 focus-visible:outline-indigo-600 sm:w-24';

type Patch = Partial<CallFilters>;

/**
 * Outcome and range filters (issue 15): sentiment, success, has recording, duration and cost.
 * Selects apply at once; a range bound reaches the URL on Enter or when its field loses focus.
 */
export function MoreFilters({ state, onChange }: { state: CallFilters; onChange(patch: Patch): void }) {
  // Several sentiments can come from a URL; the select shows one, the chips show all.
  const sentiment = state.sentiments.length === 1 ? state.sentiments[0] : '';
  return (
    <>
      <label className="sr-only" htmlFor="filter-sentiment">Sentiment</label>
      <select id="filter-sentiment" data-testid="filter-sentiment" className={selectClasses} value={sentiment}
        onChange={(e) => onChange({ sentiments: e.target.value ? [e.target.value as Sentiment] : [] })}>
        <option value="">Any sentiment</option>
        {SENTIMENTS.map((s) => (
          <option key={s} value={s}>{s[0].toUpperCase() + s.slice(1)}</option>
        ))}
      </select>
      <YesNo id="filter-success" label="Success" any="Any outcome" yes="Successful" no="Not successful" value={state.success} onChange={(success) => onChange({ success })} />
      <YesNo id="filter-has-recording" label="Recording" any="Recording or not" yes="With recording" no="Without recording" value={state.hasRecording} onChange={(hasRecording) => onChange({ hasRecording })} />
      <Bound id="filter-min-duration" label="Shortest duration, seconds" placeholder="Min s" value={state.minDuration} inputMode="numeric" onCommit={(minDuration) => onChange({ minDuration })} />
      <Bound id="filter-max-duration" label="Longest duration, seconds" placeholder="Max s" value={state.maxDuration} inputMode="numeric" onCommit={(maxDuration) => onChange({ maxDuration })} />
      <Bound id="filter-min-cost" label="Lowest cost, USD" placeholder="Min $" value={state.minCost} inputMode="decimal" onCommit={(minCost) => onChange({ minCost })} />
      <Bound id="filter-max-cost" label="Highest cost, USD" placeholder="Max $" value={state.maxCost} inputMode="decimal" onCommit={(maxCost) => onChange({ maxCost })} />
    </>
  );
}

function YesNo(props: { id: string; label: string; any: string; yes: string; no: string; value: BooleanFilter | ''; onChange(v: BooleanFilter | ''): void }) {
  return (
    <>
      <label className="sr-only" htmlFor={props.id}>{props.label}</label>
      <select id={props.id} data-testid={props.id} className={selectClasses} value={props.value}
        onChange={(e) => props.onChange(e.target.value as BooleanFilter | '')}>
        <option value="">{props.any}</option>
        <option value="true">{props.yes}</option>
        <option value="false">{props.no}</option>
      </select>
    </>
  );
}

function Bound(props: { id: string; label: string; placeholder: string; value: string; inputMode: 'numeric' | 'decimal'; onCommit(v: string): void }) {
  const [draft, setDraft] = useState(props.value);
  const [seen, setSeen] = useState(props.value);
  // The URL changed from outside (back/forward, clear filters, a removed chip).
  if (seen !== props.value) {
    setSeen(props.value);
    setDraft(props.value);
  }
  const commit = () => {
    if (draft.trim() !== props.value) props.onCommit(draft.trim());
  };
  return (
    <form className="min-w-0" onSubmit={(e) => { e.preventDefault(); commit(); }}>
      <label htmlFor={props.id} className="sr-only">{props.label}</label>
      <input id={props.id} data-testid={props.id} type="text" inputMode={props.inputMode} value={draft} placeholder={props.placeholder}
        maxLength={12} onChange={(e) => setDraft(e.target.value)} onBlur={commit} className={inputClasses} />
    </form>
  );
}
