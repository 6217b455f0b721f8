'use client';
import { useEffect, useId, useRef, useState } from 'react';
import type { CallStatus } from '@/lib/client/api-types';
import { CALL_STATUSES } from '@/lib/client/calls-url-state';
import { statusLabel } from '@/lib/client/format';
import { buttonClasses } from '../ui/button';
import { cx } from '../ui/cx';
import { ChevronDown, Filter } from '../ui/icons';

/** A "Status" button opening a list of checkboxes; every change applies at once. */
export function StatusFilter({ value, onChange }: { value: CallStatus[]; onChange(value: CallStatus[]): void }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const toggle = (status: CallStatus, checked: boolean) => {
    const set = new Set(value);
    if (checked) set.add(status);
    else set.delete(status);
    onChange(CALL_STATUSES.filter((s) => set.has(s)));
  };

  return (
    <div
      ref={rootRef}
      className="relative"
      onBlur={(event) => {
        // Tabbing out of the panel closes it.
        if (open && !rootRef.current?.contains(event.relatedTarget as Node | null) && event.relatedTarget) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        data-testid="status-filter"
        className={buttonClasses('secondary', 'md', cx('w-full sm:w-auto', value.length > 0 && 'ring-indigo-300 bg-indigo-50/60 text-indigo-800'))}
      >
        <Filter className="size-4 text-slate-400" />
        Status
        {value.length > 0 && (
          <span className="rounded-full bg-indigo-600 px-1.5 text-xs leading-5 font-semibold text-white tabular-nums">
            <span className="sr-only">, </span>
            {value.length}
            <span className="sr-only"> selected</span>
          </span>
        )}
        <ChevronDown className={cx('size-4 text-slate-400 transition-transform', open && 'rotate-180')} />
      </button>
      {open && (
        // Opens to the right under the button: the button leads its filter row at every width (a
        // right-aligned panel ran off the left edge of the screen once the row wrapped).
        <div
          id={panelId}
          className="absolute left-0 z-20 mt-1.5 w-56 rounded-lg border border-slate-200 bg-white p-1.5 shadow-lg ring-1 ring-black/5"
        >
          <fieldset>
            <legend className="sr-only">Filter by status</legend>
            {CALL_STATUSES.map((status) => {
              const checked = value.includes(status);
              return (
                <label
                  key={status}
                  className="flex cursor-pointer items-center gap-2.5 rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-50 has-[:focus-visible]:bg-slate-50"
                >
                  <input
                    type="checkbox"
                    className="size-4 rounded border-slate-300 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                    checked={checked}
                    onChange={(e) => toggle(status, e.target.checked)}
                    data-testid={`status-option-${status}`}
                  />
                  {statusLabel(status)}
                </label>
              );
            })}
          </fieldset>
          {value.length > 0 && (
            <div className="mt-1 border-t border-slate-100 pt-1">
              <button
                type="button"
                onClick={() => onChange([])}
                className="w-full rounded-md px-2 py-1.5 text-left text-sm text-slate-600 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                Clear status filter
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
