// Retention (issue 16) in the browser, against the production build: an admin saves the org's
// retention settings, places a legal hold, and deletes one call's recording and transcript; the
// call then reads as erased and the receipt is on the access log page. Staff get neither the page
// nor the routes.
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { expect, test } from '@playwright/test';
import { nodeClientOptions } from '../lib/supabase/node-options';
import { env, ORGS, sql } from './support/env';
import { storageStatePath } from './support/roles';
import { accessTokenOf } from './support/session';

test.describe.configure({ mode: 'serial' });

/** An Acme call with a transcript, a summary and a stored recording (its own, so no other spec sees it change). */
async function seedAcmeCall(name: string): Promise<string> {
  const id = randomUUID();
  const path = `${ORGS.acme.id}/${id}.wav`;
  await sql(
    `insert into public.call_logs (id, org_id, call_type, status, from_number, to_number, contact_name, agent_name, started_at, duration_seconds, summary, transcript, provider_call_id)
     values ($1, $2, 'inbound', 'completed', '+15550147000', '+15550100001', $3, 'Ava (Acme front desk)', now() - interval '400 days', 42,
             'Asked to delete their data.', '[{"speaker":"agent","text":"Hello, Acme.","start":0,"end":1},{"speaker":"customer","text":"Please delete my data.","start":1,"end":3}]', $4)`,
    [id, ORGS.acme.id, name, `e2e-retention-${id}`],
  );
  const storage = createClient(env.supabaseUrl, env.secretKey, nodeClientOptions).storage.from('call-recordings');
  const { error } = await storage.upload(path, Buffer.from(`RIFF-e2e-${id}`), { contentType: 'audio/wav' });
  if (error) throw error;
  await sql('update public.call_logs set recording_storage_path = $1 where id = $2', [path, id]);
  return id;
}

test.describe('as admin@acme.test', () => {
  test.use({ storageState: storageStatePath('a-admin') });

  test('retention settings: defaults shown, a bad combination is refused in the form, a good one is saved', async ({ page }) => {
    await page.goto('/settings/retention');
    await expect(page.getByRole('link', { name: 'Retention' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('retention-settings')).toBeVisible();
    await page.getByTestId('retention-recordingDays-days').fill('30');
    await page.getByTestId('retention-transcriptDays-days').fill('90');
    await page.getByTestId('retention-metadataDays-keep').uncheck();
    await page.getByTestId('retention-metadataDays-days').fill('60');
    await expect(page.getByTestId('retention-problem')).toContainText('at least as long');
    await expect(page.getByTestId('retention-save')).toBeDisabled();
    await page.getByTestId('retention-metadataDays-keep').check();
    await page.getByTestId('retention-save').click();
    await expect(page.getByTestId('retention-saved')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('retention-recordingDays-days')).toHaveValue('30');
    await expect(page.getByTestId('retention-transcriptDays-days')).toHaveValue('90');
    await expect(page.getByTestId('retention-metadataDays-keep')).toBeChecked();
    const rows = await sql<{ recording_days: number; transcript_days: number; metadata_days: number | null }>(
      'select recording_days, transcript_days, metadata_days from public.retention_policies where org_id = $1',
      [ORGS.acme.id],
    );
    expect(rows).toEqual([{ recording_days: 30, transcript_days: 90, metadata_days: null }]);
    await page.screenshot({ path: 'test-results/screenshots/retention-settings.png', fullPage: true });
  });

  test('delete one call now: it reads as erased in detail and list, and the receipt is on the access log', async ({ page }) => {
    const callId = await seedAcmeCall('Erin Erasure');
    await page.goto(`/calls/${callId}`);
    await expect(page.getByTestId('call-summary')).toContainText('Asked to delete their data.');
    await page.getByTestId('erase-call').click();
    await page.getByTestId('erase-confirm').click();
    await expect(page.getByTestId('call-erased-notice')).toBeVisible();
    await expect(page.getByTestId('recording-erased')).toBeVisible();
    await expect(page.getByTestId('transcript-erased')).toBeVisible();
    await expect(page.getByTestId('call-summary')).toContainText('The summary was erased.');
    await page.screenshot({ path: 'test-results/screenshots/erased-call.png', fullPage: true });
    expect(await sql('select 1 from storage.objects where name = $1', [`${ORGS.acme.id}/${callId}.wav`])).toEqual([]);

    await page.goto('/calls/access-log');
    const receipt = page.locator(`[data-testid="erasure-receipt-row"][data-call-id="${callId}"]`);
    await expect(receipt).toContainText('admin@acme.test');
    await expect(receipt).toContainText('recording, transcript, summary');
    await page.getByTestId('erasure-receipts').screenshot({ path: 'test-results/screenshots/erasure-receipts.png' });
  });

  test('a legal hold blocks deletion and is in the access log', async ({ page }) => {
    const callId = await seedAcmeCall('Hal Hold');
    await page.goto(`/calls/${callId}`);
    await page.getByTestId('legal-hold-toggle').click();
    await expect(page.getByTestId('legal-hold-badge')).toBeVisible();
    await expect(page.getByTestId('erase-call')).toBeDisabled();
    await page.goto('/calls/access-log');
    await expect(page.getByTestId('access-log-row').filter({ hasText: 'Legal hold placed' }).first()).toBeVisible();
  });
});

test.describe('as staff@acme.test', () => {
  test.use({ storageState: storageStatePath('a-staff') });

  test('no retention page, and the routes answer 403', async ({ page, context, request }) => {
    await page.goto('/settings/retention');
    await expect(page.getByTestId('forbidden')).toBeVisible();
    const token = await accessTokenOf(context);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const put = await request.put('/api/retention', { headers, data: { recordingDays: 1, transcriptDays: 1, metadataDays: 1 } });
    expect(put.status()).toBe(403);
    const [call] = await sql<{ id: string }>('select id from public.call_logs where org_id = $1 limit 1', [ORGS.acme.id]);
    expect((await request.delete(`/api/calls-dashboard/${call.id}`, { headers })).status()).toBe(403);
  });
});
