// Scenarios 7 and 8: sign-out ends the session everywhere; a suspended org's user sees no calls.
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { expect, test } from '@playwright/test';
import { nodeClientOptions } from '../lib/supabase/node-options';
import { env, ORGS } from './support/env';
import { accessTokenOf } from './support/session';

async function signInViaPage(page: import('@playwright/test').Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByTestId('login-submit').click();
}

test('7. after signing out, /calls redirects to /login and the API refuses the old session', async ({ browser }) => {
  // A user of its own: sign-out revokes every session of the user, and other specs share the demo users' states.
  const email = `e2e-signout-${randomUUID()}@example.test`;
  const admin = createClient(env.supabaseUrl, env.secretKey, nodeClientOptions);
  const created = await admin.auth.admin.createUser({ email, password: 'demo-password-123', email_confirm: true, app_metadata: { org_id: ORGS.acme.id, org_role: 'staff' } });
  expect(created.error).toBeNull();

  const context = await browser.newContext();
  const page = await context.newPage();
  await signInViaPage(page, email, 'demo-password-123');
  await expect(page).toHaveURL(/\/calls/);
  await expect(page.getByTestId('call-row').first()).toBeVisible();
  const oldCookies = await context.cookies();
  const oldToken = await accessTokenOf(context);

  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/calls');
  await expect(page).toHaveURL(/\/login/);

  // Replay the old session's cookies and token.
  const replay = await browser.newContext();
  await replay.addCookies(oldCookies);
  const res = await replay.request.get('/api/calls-dashboard', { headers: { authorization: `Bearer ${oldToken}` } });
  expect(res.status()).toBe(401);
  const replayPage = await replay.newPage();
  await replayPage.goto('/calls');
  await expect(replayPage).toHaveURL(/\/login/);
  await replay.close();
  await context.close();
});

test('8. a user of the suspended org sees the "organization suspended" page and no calls', async ({ page }) => {
  await signInViaPage(page, 'staff@initech.test', 'demo-password-123');
  await expect(page.getByTestId('suspended')).toBeVisible();
  await expect(page.getByTestId('call-row')).toHaveCount(0);
  await expect(page.locator('main')).not.toContainText('TPS');
});
