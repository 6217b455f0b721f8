'use client';
// The org's time zone: the overview's days and hours are counted in it (daylight saving included).
// Admins only: the route and the database refuse staff. The zone names offered are the browser's
// IANA list; the database decides which it accepts and says why not.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useMemo, useState } from 'react';
import { isApiError } from '@/lib/client/api-error';
import { saveTimeZone, timeZoneQuery } from '@/lib/client/queries';
import { ErrorView } from '../access-views';
import { useMe } from '../me-context';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Skeleton } from '../ui/skeleton';

function zoneNames(): string[] {
  const names = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return names.includes('UTC') ? names : ['UTC', ...names];
}

/** "Mon 10:42 AM" in a zone, or null for a name the browser does not know. */
function nowIn(timeZone: string, now = new Date()): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(now);
  } catch {
    return null;
  }
}

export function OrganizationSettings() {
  const me = useMe();
  const current = useQuery(timeZoneQuery(me.org.id));
  if (current.isError) return <ErrorView error={current.error} title="Could not load the time zone" onRetry={() => void current.refetch()} />;
  if (!current.data) {
    return (
      <div className="space-y-3" aria-busy="true">
        <Skeleton className="h-40 w-full rounded-xl" />
      </div>
    );
  }
  return <TimeZoneForm orgId={me.org.id} saved={current.data.timeZone} rollupsReady={current.data.rollupsReady} />;
}

function TimeZoneForm({ orgId, saved, rollupsReady }: { orgId: string; saved: string; rollupsReady: boolean }) {
  const queryClient = useQueryClient();
  const id = useId();
  const zones = useMemo(() => zoneNames(), []);
  const [draft, setDraft] = useState(saved);
  const save = useMutation({
    mutationFn: saveTimeZone,
    onSuccess: (data) => {
      queryClient.setQueryData(timeZoneQuery(orgId).queryKey, data);
      // Every overview of the org is in days of the old zone.
      void queryClient.invalidateQueries({ queryKey: ['org', orgId, 'overview'] });
      setDraft(data.timeZone);
    },
  });
  const value = draft.trim();
  // Any IANA region name the browser knows (its list has one spelling per zone, e.g. Asia/Calcutta,
  // but aliases such as Asia/Kolkata are just as valid); the database has the last word.
  const known = (value === 'UTC' || value.includes('/')) && nowIn(value) !== null;
  const problem = !value ? 'Choose a time zone.' : !known ? 'Choose a time zone from the list (for example Europe/Berlin or America/New_York).' : null;
  const preview = known ? nowIn(value) : null;

  return (
    <form
      className="space-y-4"
      data-testid="time-zone-settings"
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem && value !== saved) save.mutate(value);
      }}
    >
      <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-sm font-semibold text-slate-900">Time zone</h2>
          {!rollupsReady && <Badge tone="warning">Recounting the overview</Badge>}
        </div>
        <p className="mt-1 text-sm text-slate-600">
          The <Link href="/overview" className="text-indigo-700 hover:underline">overview</Link> counts each call on the day and hour it started in this time zone,
          daylight saving included. Now: <span className="font-medium text-slate-800" data-testid="time-zone-current">{saved}</span>
          {nowIn(saved) ? ` (${nowIn(saved)})` : ''}.
        </p>
        <div className="mt-4 flex flex-wrap items-end gap-3">
          <label htmlFor={id} className="block text-sm font-medium text-slate-700">
            Time zone
            <input
              id={id}
              list={`${id}-zones`}
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="mt-1 block h-9 w-72 max-w-full rounded-md border border-slate-300 px-2 text-sm font-normal"
              aria-describedby={`${id}-hint`}
              data-testid="time-zone-input"
            />
            <datalist id={`${id}-zones`}>
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </label>
          <Button type="submit" variant="primary" disabled={!!problem || value === saved || save.isPending} data-testid="time-zone-save">
            {save.isPending ? 'Saving…' : 'Save time zone'}
          </Button>
        </div>
        <p id={`${id}-hint`} className="mt-1.5 text-xs text-slate-500">
          {preview ? `It is ${preview} there now.` : 'Type a city or region to search.'}
        </p>
      </section>
      {problem && value !== '' && value !== saved ? (
        <p role="alert" className="text-sm text-red-700" data-testid="time-zone-problem">
          {problem}
        </p>
      ) : save.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {isApiError(save.error) ? save.error.message : 'Saving failed. Please try again.'}
        </p>
      ) : save.isSuccess ? (
        <p role="status" className="text-sm text-emerald-700" data-testid="time-zone-saved">
          Saved. The overview now counts days in {saved}.
        </p>
      ) : null}
    </form>
  );
}
