'use client';
// Admin actions on one call's data: the legal hold (retention and deletion skip a held call; each
// change is in the access log) and "delete now" (the recording, its provider links, the transcript,
// summary and analysis are erased at once; the call record stays, marked erased, with a receipt).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { isApiError } from '@/lib/client/api-error';
import type { CallDetail } from '@/lib/client/api-types';
import { formatDateTime } from '@/lib/client/format';
import { eraseCallNow, setLegalHold } from '@/lib/client/queries';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';

export function RetentionCard({ call, orgId }: { call: CallDetail; orgId: string }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  // Detail, list and receipts of this org change together.
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['org', orgId] });
  const hold = useMutation({ mutationFn: (held: boolean) => setLegalHold(call.id, held), onSuccess: refresh });
  const erase = useMutation({
    mutationFn: () => eraseCallNow(call.id),
    onSuccess: () => {
      setConfirming(false);
      return refresh();
    },
  });
  const held = call.legalHoldSince !== null;
  const erased = call.contentErasedAt !== null && call.recordingErasedAt !== null;
  const error = hold.error ?? erase.error;

  return (
    <div className="space-y-3 px-4 py-3 text-sm text-slate-700" data-testid="call-retention">
      <div className="flex flex-wrap items-center gap-2">
        {held ? (
          <Badge tone="warning" data-testid="legal-hold-badge">
            On legal hold since {formatDateTime(call.legalHoldSince!)}
          </Badge>
        ) : (
          <span className="text-slate-500">No legal hold. Retention applies.</span>
        )}
      </div>
      {erased && (
        <p data-testid="call-erased-notice">
          Recording and transcript erased {formatDateTime(call.contentErasedAt!)}. The receipt is on the{' '}
          <Link href="/calls/access-log" className="text-indigo-700 hover:underline">
            access log
          </Link>
          .
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button size="sm" onClick={() => hold.mutate(!held)} disabled={hold.isPending} data-testid="legal-hold-toggle">
          {held ? 'Release legal hold' : 'Place legal hold'}
        </Button>
        {!erased &&
          (confirming ? (
            <>
              <Button size="sm" variant="danger" onClick={() => erase.mutate()} disabled={erase.isPending} data-testid="erase-confirm">
                {erase.isPending ? 'Deleting…' : 'Delete for good'}
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </>
          ) : (
            <Button size="sm" onClick={() => setConfirming(true)} disabled={held} title={held ? 'Release the legal hold first' : undefined} data-testid="erase-call">
              Delete recording and transcript
            </Button>
          ))}
      </div>
      {confirming && !erased && (
        <p className="text-xs text-slate-500">The recording, its provider links, the transcript, summary and analysis are erased now and cannot be restored.</p>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {isApiError(error) ? error.message : 'That did not work. Please try again.'}
        </p>
      )}
    </div>
  );
}
