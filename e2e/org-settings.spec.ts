// Scenario 12 (issue 14): org administration, webhooks and pipeline health.
//   12a. Acme's admin rotates the signing secret with a 24 h overlap: the new secret is shown once, a
//        delivery signed with the old secret still lands, and after "Retire now" it is refused; the
//        delivery log shows both; "Send test event" is verified by the real route.
//   12b. A dead letter is re-queued from the page and the queue job (`npm run jobs`) stores its
//        recording.
//   12c. Staff see neither page, and the routes answer them 403.
//   12d. The admin rotates the Vapi secret (shown once) and replaces the Retell API key (pasted,
//        write-only) with a 24 h overlap: deliveries signed with the old credentials still land, and
//        after "Retire now" they are refused; the delivery log names each credential's fingerprint.
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { signedWebhookHeaders } from '../lib/webhooks/sign-request';
import { retellEvent, retellHeaders, vapiEndOfCallReport, vapiHeaders } from '../scripts/lib/provider-fixtures';
import { wavFile } from '../supabase/local/seed/audio';
import { env, ORGS, sql } from './support/env';
import { storageStatePath } from './support/roles';
import { accessTokenOf } from './support/session';

function endOfCallReport() {
  return JSON.stringify({
    type: 'end-of-call-report',
    call: {
      id: `e2e-rotation-${randomUUID()}`,
      direction: 'inbound',
      from: '+12125557001',
      to: '+12125550100',
      status: 'completed',
      startedAt: new Date(Date.now() - 30_000).toISOString(),
      endedAt: new Date().toISOString(),
      endedReason: 'customer-ended-call',
      cost: 0.02,
    },
    artifact: { transcript: [{ role: 'assistant', message: 'Rotation check.', secondsFromStart: 0 }] },
    analysis: { summary: 'Rotation check.', sentiment: 'neutral' },
  });
}

async function deliver(baseURL: string, secret: string) {
  const body = endOfCallReport();
  const res = await fetch(`${baseURL}/api/webhooks/voice?org=${ORGS.acme.id}`, { method: 'POST', headers: signedWebhookHeaders(secret, body), body });
  return res.status;
}

test('12a. rotate the secret: shown once, the old one lands during the overlap and fails after retiring', async ({ browser, baseURL }) => {
  // The sender's copy of the current secret (the provider holds it; the page never shows it).
  const [{ secret: oldSecret }] = await sql<{ secret: string }>(
    'select secret from public.webhook_secrets where org_id = $1 and valid_from <= now() and (expires_at is null or expires_at > now()) order by valid_from desc limit 1',
    [ORGS.acme.id],
  );
  const context = await browser.newContext({ storageState: storageStatePath('a-admin') });
  const page = await context.newPage();
  await page.goto('/settings/webhooks');
  await expect(page.getByTestId('endpoint-url-standard')).toContainText(`/api/webhooks/voice?org=${ORGS.acme.id}`);
  await expect(page.getByTestId('endpoint-url-vapi')).toContainText('/api/webhooks/vapi/');
  await expect(page.getByTestId('secret-row')).toHaveCount(1);
  expect(await page.content()).not.toContain(oldSecret);

  await expect(page.getByTestId('overlap')).toHaveValue('24');
  await page.getByTestId('rotate-secret').click();
  const newSecret = (await page.getByTestId('new-secret').textContent())!.trim();
  expect(newSecret).toMatch(/^whsec_/);
  expect(newSecret).not.toBe(oldSecret);
  await expect(page.getByTestId('secret-row')).toHaveCount(2);
  await expect(page.locator('[data-testid="secret-row"][data-state="retiring"]')).toBeVisible();

  // During the overlap both secrets verify.
  expect(await deliver(baseURL!, oldSecret)).toBe(200);
  expect(await deliver(baseURL!, newSecret)).toBe(200);

  // Shown once: after a reload the page no longer has it.
  await page.reload();
  await expect(page.getByTestId('secret-row')).toHaveCount(2);
  await expect(page.getByTestId('new-secret-panel')).toHaveCount(0);
  expect(await page.content()).not.toContain(newSecret);
  await expect(page.locator('[data-testid="delivery-row"][data-outcome="accepted"]')).toHaveCount(2);

  // Retire the old secret now: its deliveries are refused, the new one's still land.
  await page.getByTestId('retire-secret').click();
  await expect(page.getByTestId('secret-row')).toHaveCount(1);
  expect(await deliver(baseURL!, oldSecret)).toBe(401);
  expect(await deliver(baseURL!, newSecret)).toBe(200);

  await page.getByTestId('send-test-standard').click();
  await expect(page.getByTestId('test-result-standard')).toContainText('Delivered and verified');
  await page.reload();
  await expect(page.locator('[data-testid="delivery-row"][data-outcome="rejected"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="delivery-row"][data-outcome="test"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="delivery-row"][data-outcome="rejected"]')).toContainText('did not verify');
  await context.close();
});

/** A stand-in for the provider's recording host on 127.0.0.1 (the job opts into private networks). */
async function recordingHost(): Promise<{ server: Server; url: (name: string) => string }> {
  const wav = wavFile(Buffer.alloc(1024, 1));
  const server = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.length }).end(wav));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, url: (name) => `http://127.0.0.1:${port}/${name}.wav` };
}

function runQueueJob(orgId: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/jobs.ts', 'queue', '--org', orgId], {
      env: { ...process.env, NEXT_PUBLIC_SUPABASE_URL: env.supabaseUrl, SUPABASE_SECRET_KEY: env.secretKey, RECORDING_ALLOW_PRIVATE_NETWORKS: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('12b. a dead letter is re-queued from the page and its recording is stored by the queue job', async ({ browser }) => {
  const host = await recordingHost();
  try {
    // A recording that gave up after its retries (the jobs' own path to a dead letter is in
    // tests/integration/pipeline-health.test.ts); its host answers again now.
    const callId = randomUUID();
    const url = host.url(callId);
    await sql(
      `insert into public.call_logs (id, org_id, call_type, status, from_number, to_number, started_at, provider_call_id, recording_url)
       values ($1, $2, 'inbound', 'completed', '+12125557002', '+12125550100', now() - interval '1 hour', $4, $3)`,
      [callId, ORGS.acme.id, url, `e2e-dead-${callId}`],
    );
    await sql(`insert into public.recording_upload_queue (org_id, call_id, recording_url, status, attempts, last_error) values ($1, $2, $3, 'failed', 4, 'download_http_error')`, [ORGS.acme.id, callId, url]);
    await sql(
      `insert into public.failed_recording_uploads (org_id, call_id, error, retry_count, dead_lettered_at) values ($1, $2, 'download_http_error', 3, now())`,
      [ORGS.acme.id, callId],
    );

    const context = await browser.newContext({ storageState: storageStatePath('a-admin') });
    const page = await context.newPage();
    await page.goto('/settings/pipeline');
    const row = page.locator(`[data-testid="dead-letter-row"][data-call-id="${callId}"]`);
    await expect(row).toContainText('the provider answered with an error');
    const stored = Number(await page.getByTestId('count-stored').textContent());
    const pending = Number(await page.getByTestId('count-pending').textContent());

    await row.getByTestId('requeue-one').click();
    await expect(row).toHaveCount(0);
    await expect(page.getByTestId('count-pending')).toHaveText(String(pending + 1));

    const job = await runQueueJob(ORGS.acme.id);
    expect(job.code, job.stderr).toBe(0);
    const [call] = await sql<{ recording_storage_path: string | null }>('select recording_storage_path from public.call_logs where id = $1', [callId]);
    expect(call.recording_storage_path).toBe(`${ORGS.acme.id}/${callId}.wav`);

    await page.reload();
    await expect(page.getByTestId('count-stored')).toHaveText(String(stored + 1));
    await expect(row).toHaveCount(0);
    await context.close();
  } finally {
    await new Promise((resolve) => host.server.close(resolve));
  }
});

test('12c. staff see neither settings page, and the routes answer them 403', async ({ browser, request }) => {
  const context = await browser.newContext({ storageState: storageStatePath('a-staff') });
  const page = await context.newPage();
  for (const path of ['/settings/webhooks', '/settings/pipeline']) {
    await page.goto(path);
    await expect(page.getByTestId('forbidden')).toBeVisible();
    await expect(page.getByTestId('webhooks-page')).toHaveCount(0);
    await expect(page.getByTestId('pipeline-page')).toHaveCount(0);
  }
  // The staff member's own session token, as a script in their browser could send it: the database refuses.
  const token = await accessTokenOf(context);
  for (const path of ['/api/settings/webhooks', '/api/settings/pipeline']) {
    const res = await request.get(path, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status()).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
  }
  const requeue = await request.post('/api/settings/pipeline/requeue', { headers: { authorization: `Bearer ${token}` }, data: {} });
  expect(requeue.status()).toBe(403);
  await context.close();
});

async function acmeEndpoint(provider: 'vapi' | 'retell') {
  const [row] = await sql<{ id: string; secret: string; auth_method: 'bearer' | 'hmac' | 'x-vapi-secret' }>(
    'select id, secret, auth_method from public.provider_webhook_endpoints where org_id = $1 and provider = $2 and disabled_at is null order by created_at desc limit 1',
    [ORGS.acme.id, provider],
  );
  return row;
}

async function deliverVapi(baseURL: string, endpoint: { id: string; auth_method: 'bearer' | 'hmac' | 'x-vapi-secret' }, secret: string) {
  const body = JSON.stringify(vapiEndOfCallReport({ callId: `e2e-vapi-rotation-${randomUUID()}` }));
  const res = await fetch(`${baseURL}/api/webhooks/vapi/${endpoint.id}`, { method: 'POST', headers: vapiHeaders({ method: endpoint.auth_method, secret }, body), body });
  return res.status;
}

async function deliverRetell(baseURL: string, endpointId: string, apiKey: string) {
  const body = JSON.stringify(retellEvent('call_ended', { callId: `e2e-retell-rotation-${randomUUID()}` }));
  const res = await fetch(`${baseURL}/api/webhooks/retell/${endpointId}`, { method: 'POST', headers: await retellHeaders(apiKey, body), body });
  return res.status;
}

const fingerprint = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 12);

test('12d. Vapi secret and Retell key from the page: the old credential lands during the overlap and is refused after retiring', async ({ browser, baseURL }) => {
  // Two providers' rotations, two page loads and a phone-sized screenshot: three times the default budget.
  test.slow();
  // The providers' copies of the current credentials (Vapi and Retell hold them; the page never shows them).
  const vapi = await acmeEndpoint('vapi');
  const retell = await acmeEndpoint('retell');
  const context = await browser.newContext({ storageState: storageStatePath('a-admin') });
  const page = await context.newPage();
  await page.goto('/settings/webhooks');
  await expect(page.getByTestId('credentials-vapi')).toContainText(fingerprint(vapi.secret));
  await expect(page.getByTestId('credentials-retell')).toContainText(`…${retell.secret.slice(-4)}`);
  expect(await page.content()).not.toContain(vapi.secret);
  expect(await page.content()).not.toContain(retell.secret);

  // Vapi: rotate with the default 24 h overlap; the new secret is shown once.
  await expect(page.getByTestId('overlap-vapi')).toHaveValue('24');
  await page.getByTestId('rotate-vapi-secret').click();
  const newVapi = (await page.getByTestId('new-vapi-secret').textContent())!.trim();
  expect(newVapi).toMatch(/^vapi_/);
  await expect(page.locator('[data-testid="credential-vapi"][data-state="retiring"]')).toContainText(fingerprint(vapi.secret));
  expect(await deliverVapi(baseURL!, vapi, vapi.secret)).toBe(200);
  expect(await deliverVapi(baseURL!, vapi, newVapi)).toBe(200);

  // Retell: paste a new key (write-only), keep the old one for 24 h.
  const newKey = `key_${randomUUID().replace(/-/g, '')}`;
  await page.getByTestId('retell-key-input').fill(newKey);
  await page.getByTestId('save-retell-key').click();
  await expect(page.getByTestId('retell-key-result')).toContainText(`ending …${newKey.slice(-4)}`);
  await expect(page.getByTestId('retell-key-input')).toHaveValue('');
  await expect(page.locator('[data-testid="credential-retell"][data-state="current"]')).toContainText(fingerprint(newKey));
  expect(await deliverRetell(baseURL!, retell.id, retell.secret)).toBe(200);
  expect(await deliverRetell(baseURL!, retell.id, newKey)).toBe(200);

  // After a reload neither new credential is anywhere on the page; the log says which credential verified.
  await page.reload();
  await expect(page.getByTestId('new-vapi-secret-panel')).toHaveCount(0);
  expect(await page.content()).not.toContain(newVapi);
  expect(await page.content()).not.toContain(newKey);
  await expect(page.getByTestId('credential-vapi')).toHaveCount(2);
  await expect(page.getByTestId('credential-retell')).toHaveCount(2);
  const credentials = page.getByTestId('delivery-credential');
  for (const s of [vapi.secret, newVapi, retell.secret, newKey]) await expect(credentials.filter({ hasText: fingerprint(s) })).toHaveCount(1);
  await page.screenshot({ path: 'test-results/screenshots/settings-webhooks-providers.png', fullPage: true });
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto('/settings/webhooks');
  await expect(phone.getByTestId('credential-vapi')).toHaveCount(2);
  await phone.screenshot({ path: 'test-results/screenshots/settings-webhooks-providers-phone.png', fullPage: true });
  await phone.close();

  // Retire both old credentials now: their deliveries are refused, the new ones still land.
  await page.getByTestId('retire-credential-vapi').click();
  await page.getByTestId('retire-credential-retell').click();
  await expect(page.getByTestId('credential-vapi')).toHaveCount(1);
  await expect(page.getByTestId('credential-retell')).toHaveCount(1);
  expect(await deliverVapi(baseURL!, vapi, vapi.secret)).toBe(401);
  expect(await deliverVapi(baseURL!, vapi, newVapi)).toBe(200);
  expect(await deliverRetell(baseURL!, retell.id, retell.secret)).toBe(401);
  expect(await deliverRetell(baseURL!, retell.id, newKey)).toBe(200);
  await page.getByTestId('send-test-retell').click();
  await expect(page.getByTestId('test-result-retell')).toContainText('Delivered and verified');
  await context.close();
});
