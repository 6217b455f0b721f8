'use client';
import { useState } from 'react';
import { authedBackendFetch } from '@/lib/client/authed-backend-fetch';
import { isApiError } from '@/lib/client/api-error';
import { toExportSearchParams, type CallFilters } from '@/lib/client/calls-url-state';
import { Button } from '../ui/button';

/**
 * Admins: download every call of the current filter as CSV. The server streams it page by page and
 * writes the export to the access log; the browser collects it and saves it under the server's name.
 */
export function ExportButton({ filters }: { filters: CallFilters }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const blob = await authedBackendFetch<Blob>(`/api/calls-dashboard/export?${toExportSearchParams(filters)}`);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `calls-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (e) {
      setError(isApiError(e) ? e.message : 'The export failed. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <Button onClick={() => void download()} disabled={busy} data-testid="export-csv" aria-describedby={error ? 'export-error' : undefined}>
        {busy ? 'Preparing CSV…' : 'Export CSV'}
      </Button>
      {error && (
        <span id="export-error" role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
