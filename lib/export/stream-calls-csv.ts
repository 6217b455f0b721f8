import 'server-only';
// A streamed CSV of every call of a filter. Memory stays constant: one page (1,000 rows) is read
// only when the client has taken the previous one (a pull stream with no read-ahead beyond one
// page), and nothing accumulates. The first bytes (BOM and header) go out as soon as the ledger row
// exists. The ledger row (begin_call_export) is written before any call is read; its row count is
// set when the last page has been sent, so an export that was cancelled or failed stays visible
// in the access log as "not finished".
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';
import { exportCallPages, type ListCallsInput } from '@/lib/data/calls';
import { log } from '@/lib/observability/log';
import { csvLines, csvRecord, csvStart } from './calls-csv';

type Client = SupabaseClient<Database>;

export async function callsCsvResponse(client: Client, orgId: string, input: ListCallsInput, now = new Date()): Promise<Response> {
  // The filter as the ledger keeps it: the parsed parameters, no paging state.
  const { cursor: _cursor, limit: _limit, ...filter } = input;
  const { data: entryId, error } = await client.rpc('begin_call_export', { p_filter: JSON.parse(JSON.stringify(filter)) });
  if (error) throw error;

  const encoder = new TextEncoder();
  const pages = exportCallPages(client, orgId, input);
  let rows = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(csvStart()));
      },
      async pull(controller) {
        try {
          const next = await pages.next();
          if (next.done) {
            const done = await client.rpc('finish_call_export', { p_entry_id: entryId, p_row_count: rows });
            if (done.error) throw done.error;
            controller.close();
            return;
          }
          rows += next.value.length;
          controller.enqueue(encoder.encode(csvLines(next.value.map(csvRecord))));
        } catch (err) {
          log.error({ err, orgId, rows }, 'call export failed');
          controller.error(new Error('export failed'));
        }
      },
      async cancel() {
        await pages.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="calls-${now.toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
