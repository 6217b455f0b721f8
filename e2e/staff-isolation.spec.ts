// Scenarios 1 and 2: Acme staff see only Acme calls, cannot open details, and the API agrees.
import { expect, test, type Page } from '@playwright/test';
import { NUMBERS } from '../supabase/local/seed/demo-constants';
import { ORGS, recordedCallId, sql } from './support/env';
import { storageStatePath } from './support/roles';
import { accessTokenOf } from './support/session';

test.use({ storageState: storageStatePath('a-staff') });

async function shownRows(page: Page) {
  const rows = page.getByTestId('call-row');
  await expect(rows.first()).toBeVisible();
  return rows.evaluateAll((els) =>
    els.map((el) => ({ id: el.getAttribute('data-call-id')!, phone: el.querySelector('[data-phone]')!.getAttribute('data-phone')! })),
  );
}

async function assertAllAcme(rows: { id: string; phone: string }[]) {
  expect(rows.length).toBeGreaterThan(0);
  const owners = await sql<{ id: string; org_id: string; from_number: string; to_number: string }>(
    'select id, org_id, from_number, to_number from public.call_logs where id = any($1)',
    [rows.map((r) => r.id)],
  );
  expect(owners).toHaveLength(rows.length);
  for (const row of rows) {
    const owner = owners.find((o) => o.id === row.id)!;
    expect(owner.org_id).toBe(ORGS.acme.id);
    expect([owner.from_number, owner.to_number]).toContain(row.phone);
  }
  // Every number shown is a number of Acme's calls, never only of Globex's.
  const phones = [...new Set(rows.map((r) => r.phone))];
  const globexOnly = await sql(
    `select 1 from public.call_logs g where g.org_id = $2 and (g.from_number = any($1) or g.to_number = any($1))
       and not exists (select 1 from public.call_logs a where a.org_id = $3 and (a.from_number = any($1) or a.to_number = any($1)))`,
    [phones, ORGS.globex.id, ORGS.acme.id],
  );
  expect(globexOnly).toEqual([]);
}

test('1. the inbound and outbound tabs list only Acme calls; a Globex caller never appears', async ({ page }) => {
  for (const tab of ['inbound', 'outbound'] as const) {
    await page.goto(`/calls?direction=${tab}`);
    await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
    const first = await shownRows(page);
    await assertAllAcme(first);
    await expect(page.locator('body')).not.toContainText(NUMBERS.globexOnlyCaller.slice(2));
    // and the next page too
    await page.getByTestId('pager-next').click();
    await expect(page).toHaveURL(/cursor=/);
    const second = await shownRows(page);
    expect(second.map((r) => r.id)).not.toEqual(first.map((r) => r.id));
    await assertAllAcme(second);
  }

  await page.goto('/calls');
  await page.getByTestId('calls-search').fill(NUMBERS.globexOnlyCaller);
  await expect(page).toHaveURL(/q=/);
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await expect(page.getByTestId('call-row')).toHaveCount(0);
  await expect(page.locator('main')).not.toContainText('555-0199');
});

test('2. staff rows do not open a detail; the detail URL shows the forbidden page; the API answers 403', async ({ page, context, request }) => {
  await page.goto('/calls');
  await expect(page.getByTestId('call-row').first()).toBeVisible();
  await expect(page.getByTestId('call-row-link')).toHaveCount(0);
  const url = page.url();
  await page.getByTestId('call-row').first().click();
  expect(page.url()).toBe(url);

  const acmeCall = await recordedCallId('acme');
  await page.goto(`/calls/${acmeCall}`);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await expect(page.getByTestId('call-detail')).toHaveCount(0);

  const token = await accessTokenOf(context);
  const res = await request.get(`/api/calls-dashboard/${acmeCall}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe('forbidden');
});
