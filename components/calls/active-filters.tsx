'use client';
import type { CallsListState } from '@/lib/client/calls-url-state';
import { statusLabel } from '@/lib/client/format';
import { X } from '../ui/icons';

function Chip({ label, onRemove }: { label: string; onRemove(): void }) {
  return (
    <span className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-2.5 text-xs font-medium text-slate-700">
      {label}
      <button
        type="button"
        onClick={onRemove}
        aria-label={`Remove filter: ${label}`}
        className="flex size-4 items-center justify-center rounded-full text-slate-500 hover:bg-slate-200 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <X className="size-3" />
      </button>
    </span>
  );
}

const shortDate = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

/** The filters in force, each removable, plus "Clear all". */
export function ActiveFilters({
  state,
  onChange,
  onClear,
}: {
  state: CallsListState;
  onChange(patch: Partial<CallsListState>): void;
  onClear(): void;
}) {
  const chips: { key: string; label: string; remove(): void }[] = [];
  for (const s of state.statuses) {
    chips.push({ key: `s-${s}`, label: statusLabel(s), remove: () => onChange({ statuses: state.statuses.filter((x) => x !== s) }) });
  }
  if (state.from) chips.push({ key: 'from', label: `From ${shortDate(state.from)}`, remove: () => onChange({ from: null }) });
  if (state.to) chips.push({ key: 'to', label: `To ${shortDate(state.to)}`, remove: () => onChange({ to: null }) });
  if (state.q) chips.push({ key: 'q', label: `“${state.q.length > 32 ? `${state.q.slice(0, 31)}…` : state.q}”`, remove: () => onChange({ q: '' }) });
  if (state.assistant) chips.push({ key: 'assistant', label: `Assistant ${state.assistant}`, remove: () => onChange({ assistant: '' }) });
  if (state.endedReason) chips.push({ key: 'ended', label: `Ended: ${state.endedReason}`, remove: () => onChange({ endedReason: '' }) });
  for (const x of state.sentiments) {
    chips.push({ key: `sent-${x}`, label: `Sentiment: ${x}`, remove: () => onChange({ sentiments: state.sentiments.filter((y) => y !== x) }) });
  }
  if (state.success) chips.push({ key: 'success', label: state.success === 'true' ? 'Successful' : 'Not successful', remove: () => onChange({ success: '' }) });
  if (state.hasRecording) chips.push({ key: 'rec', label: state.hasRecording === 'true' ? 'With recording' : 'Without recording', remove: () => onChange({ hasRecording: '' }) });
  if (state.minDuration) chips.push({ key: 'mind', label: `≥ ${state.minDuration} s`, remove: () => onChange({ minDuration: '' }) });
  if (state.maxDuration) chips.push({ key: 'maxd', label: `≤ ${state.maxDuration} s`, remove: () => onChange({ maxDuration: '' }) });
  if (state.minCost) chips.push({ key: 'minc', label: `≥ $${state.minCost}`, remove: () => onChange({ minCost: '' }) });
  if (state.maxCost) chips.push({ key: 'maxc', label: `≤ $${state.maxCost}`, remove: () => onChange({ maxCost: '' }) });
  if (chips.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-1.5 border-t border-slate-100 px-4 py-2" data-testid="active-filters">
      <span className="mr-1 text-xs text-slate-500">Filtered by</span>
      {chips.map((c) => (
        <Chip key={c.key} label={c.label} onRemove={c.remove} />
      ))}
      <button
        type="button"
        onClick={onClear}
        className="ml-1 rounded px-1.5 py-0.5 text-xs font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
        data-testid="clear-filters-inline"
      >
        Clear all
      </button>
    </div>
  );
}
