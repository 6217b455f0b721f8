'use client';
import { useRef } from 'react';
import type { DirectionFilter } from '@/lib/client/calls-url-state';
import { cx } from '../ui/cx';

const TABS: { value: DirectionFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'inbound', label: 'Inbound' },
  { value: 'outbound', label: 'Outbound' },
];

export const CALLS_PANEL_ID = 'calls-panel';
export const tabId = (value: DirectionFilter) => `calls-tab-${value}`;

/** WAI-ARIA tabs: one tab stop, arrow keys / Home / End move and select. */
export function DirectionTabs({ value, onChange }: { value: DirectionFilter; onChange(value: DirectionFilter): void }) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);

  const onKeyDown = (event: React.KeyboardEvent, index: number) => {
    let next = index;
    if (event.key === 'ArrowRight') next = (index + 1) % TABS.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + TABS.length) % TABS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = TABS.length - 1;
    else return;
    event.preventDefault();
    refs.current[next]?.focus();
    onChange(TABS[next].value);
  };

  return (
    <div role="tablist" aria-label="Call direction" className="flex gap-1 border-b border-slate-200">
      {TABS.map((tab, index) => {
        const selected = tab.value === value;
        return (
          <button
            key={tab.value}
            ref={(el) => {
              refs.current[index] = el;
            }}
            id={tabId(tab.value)}
            type="button"
            role="tab"
            aria-selected={selected}
            aria-controls={CALLS_PANEL_ID}
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(tab.value)}
            onKeyDown={(e) => onKeyDown(e, index)}
            data-testid={`tab-${tab.value}`}
            className={cx(
              '-mb-px border-b-2 px-3 pt-1 pb-2.5 text-sm font-medium transition-colors',
              'rounded-t-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600',
              selected ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800',
            )}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}
