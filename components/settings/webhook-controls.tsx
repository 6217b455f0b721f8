'use client';
// Small pieces shared by the Webhooks settings page's secret and provider-credential panels.
import { useState } from 'react';
import { Button } from '../ui/button';
import { Check } from '../ui/icons';

export const OVERLAPS = [
  { hours: 0, label: 'Retire the old one now' },
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '24 hours' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '7 days' },
];

export const card = 'rounded-xl border border-slate-200 bg-white shadow-xs';
export const sectionTitle = 'text-sm font-semibold text-slate-900';
const field = 'h-9 rounded-md border-0 bg-white px-2.5 text-sm ring-1 ring-slate-300 ring-inset focus-visible:outline-2 focus-visible:outline-indigo-600';

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size="sm"
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(() => setCopied(true));
      }}
      aria-label={label}
    >
      {copied ? <Check className="size-4" /> : null}
      {copied ? 'Copied' : 'Copy'}
    </Button>
  );
}

export function OverlapSelect({ value, onChange, testId, label }: { value: number; onChange(hours: number): void; testId: string; label: string }) {
  return (
    <label className="text-sm text-slate-700">
      <span className="mb-1 block text-xs font-medium text-slate-500">{label}</span>
      <select data-testid={testId} value={value} onChange={(e) => onChange(Number(e.target.value))} className={field}>
        {OVERLAPS.map((o) => (
          <option key={o.hours} value={o.hours}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export const inputClasses = field;
