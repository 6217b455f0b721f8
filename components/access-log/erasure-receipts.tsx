'use client';
// Deletion receipts on the access log page: each erasure (an admin's request or the retention job)
// with who, when, which call, what was erased and the Storage object's version. They outlive the
// call, so a receipt's call may no longer open.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ErasedKind, ErasureReceipt } from '@/lib/client/api-types';
import { formatDateTime } from '@/lib/client/format';
import { erasureReceiptsQuery } from '@/lib/client/queries';
import { ErrorView } from '../access-views';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { cx } from '../ui/cx';
import { Skeleton } from '../ui/skeleton';

const KIND_LABELS: Record<ErasedKind, string> = {
  recording: 'recording',
  provider_urls: 'provider links',
  transcript: 'transcript',
  summary: 'summary',
  analysis: 'analysis',
  call_record: 'call record',
};

const cell = 'px-3 py-2.5 align-top text-sm';

function ReceiptRow({ receipt }: { receipt: ErasureReceipt }) {
  return (
    <tr data-testid="erasure-receipt-row" data-call-id={receipt.callId}>
      <td className={cx(cell, 'pl-4 whitespace-nowrap text-slate-700 tabular-nums')}>
        <time dateTime={receipt.createdAt}>{formatDateTime(receipt.createdAt)}</time>
      </td>
      <td className={cx(cell, 'text-slate-900')}>
        {receipt.source === 'retention' ? <Badge tone="info">Retention</Badge> : (receipt.actorEmail ?? <span className="text-slate-400">Unknown user</span>)}
      </td>
      <td className={cx(cell, 'font-mono text-xs text-slate-700')} title={receipt.callId}>
        {receipt.callId.slice(0, 8)}
      </td>
      <td className={cx(cell, 'text-slate-700')}>{receipt.erased.map((k) => KIND_LABELS[k] ?? k).join(', ')}</td>
      <td className={cx(cell, 'pr-4 text-xs text-slate-500')}>
        {receipt.objectVersion ? (
          <span className="font-mono" title={receipt.objectVersion}>
            v {receipt.objectVersion.slice(0, 8)}
          </span>
        ) : (
          '—'
        )}
        {receipt.storageErasedAt === null && receipt.objectVersion && (
          <Badge tone="warning" className="ml-2">
            file removal pending
          </Badge>
        )}
      </td>
    </tr>
  );
}

export function ErasureReceipts({ orgId }: { orgId: string }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const receipts = useQuery(erasureReceiptsQuery(orgId, cursor));

  return (
    <section className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs" aria-labelledby="receipts-heading" data-testid="erasure-receipts">
      <div className="border-b border-slate-100 px-4 py-2.5">
        <h2 id="receipts-heading" className="text-sm font-semibold text-slate-900">
          Deletion receipts
        </h2>
        <p className="text-xs text-slate-500">Proof of every erasure, by request or by the retention settings, newest first.</p>
      </div>
      {receipts.isError ? (
        <ErrorView error={receipts.error} title="Could not load the deletion receipts" onRetry={() => void receipts.refetch()} />
      ) : receipts.data && receipts.data.receipts.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">Nothing has been erased yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full">
            <caption className="sr-only">Deletion receipts</caption>
            <thead className="border-b border-slate-200 bg-slate-50/80">
              <tr className="text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
                <th scope="col" className="px-3 py-2 pl-4">When</th>
                <th scope="col" className="px-3 py-2">By</th>
                <th scope="col" className="px-3 py-2">Call</th>
                <th scope="col" className="px-3 py-2">Erased</th>
                <th scope="col" className="px-3 py-2 pr-4">Object</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {receipts.data
                ? receipts.data.receipts.map((r) => <ReceiptRow key={r.id} receipt={r} />)
                : Array.from({ length: 3 }, (_, i) => (
                    <tr key={i}>
                      <td className={cx(cell, 'pl-4')} colSpan={5}>
                        <Skeleton className="h-4 w-full" />
                      </td>
                    </tr>
                  ))}
            </tbody>
          </table>
        </div>
      )}
      {receipts.data && (cursors.length > 1 || receipts.data.nextCursor) && (
        <div className="flex justify-end gap-2 border-t border-slate-100 px-4 py-2">
          <Button size="sm" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </Button>
          <Button size="sm" disabled={!receipts.data.nextCursor} onClick={() => receipts.data?.nextCursor && setCursors([...cursors, receipts.data.nextCursor])}>
            Older
          </Button>
        </div>
      )}
    </section>
  );
}
