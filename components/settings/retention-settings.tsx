'use client';
// The org's retention settings: how long recordings, transcripts and call records are kept. The
// retention job erases what is older every night (held calls excepted); each erasure leaves a
// receipt on the access log page. Admins only: the route and the database refuse staff.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState } from 'react';
import { isApiError } from '@/lib/client/api-error';
import type { RetentionLimits, RetentionResponse } from '@/lib/client/api-types';
import { formatDateTime } from '@/lib/client/format';
import { retentionQuery, saveRetention } from '@/lib/client/queries';
import { RETENTION_DEFAULTS, RETENTION_MAX_DAYS } from '@/lib/api/contract';
import { ErrorView } from '../access-views';
import { useMe } from '../me-context';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Skeleton } from '../ui/skeleton';

type Field = keyof RetentionLimits;
type Draft = Record<Field, { keep: boolean; days: string }>;

const FIELDS: { key: Field; label: string; help: string; keepLabel: string }[] = [
  {
    key: 'recordingDays',
    label: 'Recordings',
    help: 'The stored audio (the file and its bytes) and the voice provider\u2019s recording links.',
    keepLabel: 'Keep recordings',
  },
  {
    key: 'transcriptDays',
    label: 'Transcripts and summaries',
    help: 'Transcript, summary and the provider\u2019s analysis; search no longer finds their words.',
    keepLabel: 'Keep transcripts',
  },
  {
    key: 'metadataDays',
    label: 'Call records',
    help: 'The call itself (numbers, times, cost). Deleting it deletes everything above too.',
    keepLabel: 'Keep call records',
  },
];

const toDraft = (l: RetentionLimits): Draft => ({
  recordingDays: { keep: l.recordingDays === null, days: String(l.recordingDays ?? 365) },
  transcriptDays: { keep: l.transcriptDays === null, days: String(l.transcriptDays ?? 365) },
  metadataDays: { keep: l.metadataDays === null, days: String(l.metadataDays ?? 730) },
});

const fromDraft = (d: Draft): RetentionLimits => ({
  recordingDays: d.recordingDays.keep ? null : Number(d.recordingDays.days),
  transcriptDays: d.transcriptDays.keep ? null : Number(d.transcriptDays.days),
  metadataDays: d.metadataDays.keep ? null : Number(d.metadataDays.days),
});

/** The same rules as the route (lib/api/schemas.ts) and the table's checks, said for people. */
export function retentionProblem(l: RetentionLimits): string | null {
  for (const f of FIELDS) {
    const v = l[f.key];
    if (v !== null && !(Number.isInteger(v) && v >= 1 && v <= RETENTION_MAX_DAYS)) return `${f.label}: enter whole days from 1 to ${RETENTION_MAX_DAYS}.`;
  }
  if (l.metadataDays !== null) {
    if (l.recordingDays === null || l.transcriptDays === null) return 'Call records can only be deleted when recordings and transcripts are deleted too.';
    if (l.metadataDays < l.recordingDays || l.metadataDays < l.transcriptDays) return 'Keep call records at least as long as recordings and transcripts.';
  }
  return null;
}

const describe = (days: number | null) => (days === null ? 'kept' : `${days} days`);

function FieldRow({ field, value, onChange }: { field: (typeof FIELDS)[number]; value: Draft[Field]; onChange: (v: Draft[Field]) => void }) {
  const id = useId();
  return (
    <div className="grid gap-2 px-4 py-4 sm:grid-cols-[1fr_auto] sm:items-center sm:gap-6">
      <div>
        <label htmlFor={`${id}-days`} className="text-sm font-medium text-slate-900">
          {field.label}
        </label>
        <p className="text-sm text-slate-500">{field.help}</p>
      </div>
      <div className="flex items-center gap-4">
        <label className="inline-flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            className="size-4 rounded border-slate-300 text-indigo-600"
            checked={value.keep}
            onChange={(e) => onChange({ ...value, keep: e.target.checked })}
            data-testid={`retention-${field.key}-keep`}
          />
          {field.keepLabel}
        </label>
        <span className="inline-flex items-center gap-2 text-sm text-slate-700">
          <span className="text-slate-500">Delete after</span>
          <input
            id={`${id}-days`}
            type="number"
            min={1}
            max={RETENTION_MAX_DAYS}
            step={1}
            inputMode="numeric"
            disabled={value.keep}
            value={value.days}
            onChange={(e) => onChange({ ...value, days: e.target.value })}
            className="h-9 w-24 rounded-md border border-slate-300 px-2 text-right tabular-nums disabled:bg-slate-50 disabled:text-slate-400"
            data-testid={`retention-${field.key}-days`}
          />
          days
        </span>
      </div>
    </div>
  );
}

export function RetentionSettings() {
  const me = useMe();
  const current = useQuery(retentionQuery(me.org.id));
  if (current.isError) return <ErrorView error={current.error} title="Could not load the retention settings" onRetry={() => void current.refetch()} />;
  if (!current.data) {
    return (
      <div className="space-y-3" aria-busy="true">
        <Skeleton className="h-24 w-full rounded-xl" />
        <Skeleton className="h-48 w-full rounded-xl" />
      </div>
    );
  }
  return <RetentionForm orgId={me.org.id} saved={current.data.retention} />;
}

function RetentionForm({ orgId, saved: r }: { orgId: string; saved: RetentionResponse['retention'] }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => toDraft(r));
  const save = useMutation({
    mutationFn: saveRetention,
    onSuccess: (data) => {
      queryClient.setQueryData(retentionQuery(orgId).queryKey, data);
      setDraft(toDraft(data.retention));
    },
  });

  const limits = fromDraft(draft);
  const problem = retentionProblem(limits);

  return (
    <form
      className="space-y-4"
      data-testid="retention-settings"
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem) save.mutate(limits);
      }}
    >
      <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-sm font-semibold text-slate-900">Data retention</h2>
          {r.isDefault ? <Badge tone="info">Defaults</Badge> : r.updatedAt && <span className="text-xs text-slate-500">Saved {formatDateTime(r.updatedAt)}</span>}
        </div>
        <p className="mt-1 text-sm text-slate-600">
          Every night, what is older than these limits is erased for good, counted from the start of the call: now {describe(r.recordingDays)} for
          recordings, {describe(r.transcriptDays)} for transcripts, call records {describe(r.metadataDays)}. Calls on legal hold are skipped. Each erasure
          leaves a receipt on the <Link href="/calls/access-log" className="text-indigo-700 hover:underline">access log</Link>. Defaults:{' '}
          {describe(RETENTION_DEFAULTS.recordingDays)}, {describe(RETENTION_DEFAULTS.transcriptDays)}, call records {describe(RETENTION_DEFAULTS.metadataDays)}.
        </p>
      </section>
      <section className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-xs">
        {FIELDS.map((f) => (
          <FieldRow key={f.key} field={f} value={draft[f.key]} onChange={(v) => setDraft({ ...draft, [f.key]: v })} />
        ))}
      </section>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" disabled={!!problem || save.isPending} data-testid="retention-save">
          {save.isPending ? 'Saving…' : 'Save retention'}
        </Button>
        {problem ? (
          <p role="alert" className="text-sm text-red-700" data-testid="retention-problem">
            {problem}
          </p>
        ) : save.isError ? (
          <p role="alert" className="text-sm text-red-700">
            {isApiError(save.error) ? save.error.message : 'Saving failed. Please try again.'}
          </p>
        ) : save.isSuccess ? (
          <p role="status" className="text-sm text-emerald-700" data-testid="retention-saved">
            Saved.
          </p>
        ) : null}
      </div>
    </form>
  );
}
