// Scenario 5: Acme's and Globex's admins side by side; each sees only its own calls and totals, and
// a call created for Globex through a signed webhook during the test appears for Globex, never Acme.
import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { signedWebhookHeaders } from '../lib/webhooks/sign-request';
import { ORGS, sql } from './support/env';
import { storageStatePath } from './support/roles';

async function orgOfRows(page: Page) {
  await expect(page.getByTestId('call-row').first()).toBeVisible();
  const ids = await page.getByTestId('call-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-call-id')!));
  const owners = await sql<{ org_id: string }>('select distinct org_id from public.call_logs where id = any($1)', [ids]);
  return owners.map((o) => o.org_id);
}

const totalOf = async (org: string) =>
  Number((await sql<{ n: number }>('select count(*)::int as n from public.call_logs where org_id = $1', [org]))[0].n);

test('5. two orgs at once: own calls and totals only; a webhook call for Globex never reaches Acme', async ({ browser, baseURL }) => {
  const acme = await browser.newContext({ storageState: storageStatePath('a-admin') });
  const globex = await browser.newContext({ storageState: storageStatePath('b-admin') });
  const [a, b] = [await acme.newPage(), await globex.newPage()];
  await Promise.all([a.goto('/calls'), b.goto('/calls')]);

  expect(await orgOfRows(a)).toEqual([ORGS.acme.id]);
  expect(await orgOfRows(b)).toEqual([ORGS.globex.id]);
  const acmeTotal = await totalOf(ORGS.acme.id);
  await expect(a.getByTestId('total-count')).toContainText(acmeTotal.toLocaleString('en-US'));
  await expect(b.getByTestId('total-count')).toContainText((await totalOf(ORGS.globex.id)).toLocaleString('en-US'));

  // The provider reports a new call to Globex's webhook, signed with Globex's secret.
  // Exchange 556: the demo seed draws every number from 555, so the search below can match this call only.
  const caller = `+1212556${String(Math.floor(1000 + Math.random() * 8999))}`;
  const body = JSON.stringify({
    type: 'end-of-call-report',
    call: {
      id: `e2e-${randomUUID()}`,
      direction: 'inbound',
      from: caller,
      to: '+12125550100',
      status: 'completed',
      startedAt: new Date(Date.now() - 45_000).toISOString(),
      endedAt: new Date().toISOString(),
      endedReason: 'customer-ended-call',
      cost: 0.04,
      customer: { name: 'Webhook Newcaller' },
      agent: { name: 'Max (Globex leasing)' },
      // A hostile or confused payload naming Acme must not matter: the secret decides the org.
      metadata: {},
      org_id: ORGS.acme.id,
    },
    artifact: { transcript: [{ role: 'assistant', message: 'Globex Realty, Max speaking.', secondsFromStart: 0 }] },
    analysis: { summary: 'Asked about the Elm Street listing.', sentiment: 'neutral' },
  });
  const [{ secret }] = await sql<{ secret: string }>(
    'select secret from public.webhook_secrets where org_id = $1 and valid_from <= now() and (expires_at is null or expires_at > now()) order by valid_from desc limit 1',
    [ORGS.globex.id],
  );
  const res = await fetch(`${baseURL}/api/webhooks/voice?org=${ORGS.globex.id}`, { method: 'POST', headers: signedWebhookHeaders(secret, body), body });
  expect(res.status).toBeLessThan(300);

  await b.reload();
  await expect(b.getByText('Webhook Newcaller').first()).toBeVisible();
  await b.getByTestId('calls-search').fill(caller);
  await expect(b.getByTestId('call-row')).toHaveCount(1);

  await a.reload();
  await expect(a.getByTestId('call-row').first()).toBeVisible();
  await expect(a.getByText('Webhook Newcaller')).toHaveCount(0);
  await expect(a.getByTestId('total-count')).toContainText(acmeTotal.toLocaleString('en-US'));
  await a.getByTestId('calls-search').fill(caller);
  await expect(a.getByTestId('empty-state')).toBeVisible();

  await acme.close();
  await globex.close();
});
