// Scenario 10: calls from real providers. A Vapi end-of-call-report and a Retell call_analyzed are
// posted to Acme's seeded endpoints, signed the providers' way; the admin sees the provider fields on
// the call detail, and staff find the Retell call with the assistant and ended-reason filters.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { retellEvent, retellHeaders, vapiEndOfCallReport, vapiHeaders } from '../scripts/lib/provider-fixtures';
import { ORGS, sql } from './support/env';
import { storageStatePath } from './support/roles';

async function acmeEndpoint(provider: 'vapi' | 'retell') {
  const [row] = await sql<{ id: string; secret: string; auth_method: string }>(
    'select id, secret, auth_method from public.provider_webhook_endpoints where org_id = $1 and provider = $2 and disabled_at is null order by created_at desc limit 1',
    [ORGS.acme.id, provider],
  );
  return row;
}

// The seed's recordings host does not resolve: these calls' recordings stay un-stored, which is fine here.
const recordingUrl = (id: string) => `https://recordings.voice-provider.example/${id}.wav`;

test('10a. the admin sees a Vapi call’s success evaluation, structured data, cost breakdown, ended reason and ids', async ({ browser, baseURL }) => {
  const vapi = await acmeEndpoint('vapi');
  const providerCallId = randomUUID();
  const body = JSON.stringify(vapiEndOfCallReport({ callId: providerCallId, recordingUrl: recordingUrl(providerCallId) }));
  const method = vapi.auth_method as 'bearer' | 'hmac' | 'x-vapi-secret';
  const res = await fetch(`${baseURL}/api/webhooks/vapi/${vapi.id}`, { method: 'POST', headers: vapiHeaders({ method, secret: vapi.secret }, body), body });
  expect(res.status).toBe(200);
  const { callId } = (await res.json()) as { callId: string };

  const context = await browser.newContext({ storageState: storageStatePath('a-admin') });
  const admin = await context.newPage();
  await admin.goto(`/calls/${callId}`);
  await expect(admin.getByTestId('call-provider')).toContainText('vapi');
  await expect(admin.getByTestId('call-assistant-id')).toContainText('asst_5b1e2c3d-ava');
  await expect(admin.getByTestId('call-phone-number-id')).toContainText('pn_7c9d4e21-front-desk');
  await expect(admin.getByTestId('call-ended-reason')).toContainText('customer-ended-call');
  await expect(admin.getByTestId('call-success-evaluation')).toContainText('true');
  await expect(admin.getByTestId('call-structured-data')).toContainText('appointmentConfirmed');
  await expect(admin.getByTestId('call-cost-breakdown')).toContainText('llmPromptTokens');
  await context.close();
});

test('10b. staff filter the list by assistant and ended reason; the filters live in the URL', async ({ browser, baseURL }) => {
  const retell = await acmeEndpoint('retell');
  const assistant = `agent_e2e_${randomUUID().slice(0, 8)}`;
  const providerCallId = `call_${randomUUID().replace(/-/g, '')}`;
  const body = JSON.stringify(retellEvent('call_analyzed', { callId: providerCallId, assistantId: assistant, recordingUrl: recordingUrl(providerCallId) }));
  const res = await fetch(`${baseURL}/api/webhooks/retell/${retell.id}`, { method: 'POST', headers: await retellHeaders(retell.secret, body), body });
  expect(res.status).toBe(200);
  const { callId } = (await res.json()) as { callId: string };

  const context = await browser.newContext({ storageState: storageStatePath('a-staff') });
  const staff = await context.newPage();
  await staff.goto('/calls');
  await staff.getByTestId('filter-assistant').fill(assistant);
  await staff.getByTestId('filter-assistant').press('Enter');
  await expect(staff).toHaveURL(new RegExp(`assistant=${assistant}`));
  await expect(staff.getByTestId('call-row')).toHaveCount(1);
  await expect(staff.getByTestId('call-row').first()).toHaveAttribute('data-call-id', callId);

  await staff.getByTestId('filter-ended-reason').fill('agent_hangup');
  await staff.getByTestId('filter-ended-reason').press('Enter');
  await expect(staff).toHaveURL(/ended_reason=agent_hangup/);
  await expect(staff.getByTestId('empty-state')).toBeVisible();

  await staff.getByTestId('filter-ended-reason').fill('user_hangup');
  await staff.getByTestId('filter-ended-reason').press('Enter');
  await expect(staff).toHaveURL(/ended_reason=user_hangup/);
  await expect(staff.getByTestId('call-row')).toHaveCount(1);

  await staff.reload();
  await expect(staff.getByTestId('filter-assistant')).toHaveValue(assistant);
  await expect(staff.getByTestId('call-row')).toHaveCount(1);
  await context.close();
});
