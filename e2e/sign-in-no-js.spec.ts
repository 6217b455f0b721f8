// Sign-in works without JavaScript and before hydration (a server action), and the password never reaches a URL
// (browser history, a request line, a redirect) or the server log. The form used to have no method:
// a submit before hydration was a native GET to /login?email=…&password=….
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createClient } from '@supabase/supabase-js';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { nodeClientOptions } from '../lib/supabase/node-options';
import { env, ORGS } from './support/env';
import { accessTokenOf } from './support/session';

async function userWithUniquePassword() {
  const email = `e2e-nojs-${randomUUID()}@example.test`;
  // Unique, so finding it anywhere can only mean this test's password leaked.
  const password = `pw-${randomUUID()}`;
  const admin = createClient(env.supabaseUrl, env.secretKey, nodeClientOptions);
  const created = await admin.auth.admin.createUser({ email, password, email_confirm: true, app_metadata: { org_id: ORGS.acme.id, org_role: 'staff' } });
  expect(created.error).toBeNull();
  return { email, password };
}

/** Every URL the page requested or was redirected to, and every Location header it got. */
function recordUrls(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (req) => {
    seen.push(req.url());
    const redirected = req.redirectedFrom();
    if (redirected) seen.push(redirected.url());
  });
  page.on('response', (res) => {
    const location = res.headers()['location'];
    if (location) seen.push(location);
  });
  page.on('framenavigated', (frame) => seen.push(frame.url()));
  return seen;
}

function serverLog(): string {
  const path = process.env.E2E_SERVER_LOG;
  if (!path || !existsSync(path)) throw new Error('E2E_SERVER_LOG is not set: run the e2e suite with `npm run test:e2e`');
  return readFileSync(path, 'utf8');
}

async function expectNoLeak(context: BrowserContext, urls: string[], password: string) {
  expect(urls.length).toBeGreaterThan(0);
  for (const url of urls) {
    expect(url).not.toContain(password);
    expect(decodeURIComponent(url)).not.toContain(password);
  }
  expect(serverLog()).not.toContain(password);
  // Signed in for real: the @supabase/ssr session cookie holds a token.
  expect(await accessTokenOf(context)).toMatch(/^ey/);
}

async function submit(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const post = page.waitForRequest((req) => req.method() === 'POST' && new URL(req.url()).pathname === '/login');
  await page.getByTestId('login-submit').click();
  const request = await post;
  // The credential travels in the body of a POST, nowhere else.
  expect(request.postData() ?? '').toContain(password);
  expect(request.url()).not.toContain(password);
}

test('signs in with JavaScript disabled; the password reaches no URL or log', async ({ browser }) => {
  const { email, password } = await userWithUniquePassword();
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const urls = recordUrls(page);
  await page.goto('/login?next=%2Fcalls%3Fdirection%3Dinbound');

  // A wrong password first: the error is rendered by the server, the email kept, the URL clean.
  await submit(page, email, `${password}-wrong`);
  await expect(page.getByTestId('login-error')).toHaveText('Wrong email or password.');
  await expect(page.getByLabel('Email')).toHaveValue(email);
  expect(new URL(page.url()).pathname).toBe('/login');

  await submit(page, email, password);
  // proxy.ts sends a visitor without a session back to /login, so staying on /calls proves the session.
  await expect(page).toHaveURL(/\/calls\?direction=inbound$/);
  await expectNoLeak(context, urls, password);
  await context.close();
});

test('a submit before hydration signs in (no page script has run)', async ({ browser }) => {
  const { email, password } = await userWithUniquePassword();
  const context = await browser.newContext();
  const page = await context.newPage();
  const urls = recordUrls(page);
  // Hold every page script back: the form is on screen, React has not hydrated it.
  await page.route('**/_next/static/**/*.js', (route) => route.abort());
  await page.goto('/login');
  await submit(page, email, password);
  await expect(page).toHaveURL(/\/calls$/);
  await expectNoLeak(context, urls, password);

  // And with scripts back, the signed-in page works as usual.
  await page.unroute('**/_next/static/**/*.js');
  await page.reload();
  await expect(page.getByTestId('header-user-email')).toHaveText(email);
  await context.close();
});

test('once hydrated, the browser signs in with Supabase Auth itself, not through the server action', async ({ page, context }) => {
  const { email, password } = await userWithUniquePassword();
  const urls = recordUrls(page);
  const actionPosts: string[] = [];
  page.on('request', (req) => {
    if (req.method() === 'POST' && new URL(req.url()).pathname === '/login') actionPosts.push(req.url());
  });
  await page.goto('/login');
  // Hydrated: React has attached its handlers to the form.
  await page.waitForFunction(() => Object.keys(document.querySelector('form') ?? {}).some((k) => k.startsWith('__react')));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  // Auth's per-IP sign-in limits then count the user's own address, not the app server's.
  const token = page.waitForRequest((req) => req.method() === 'POST' && new URL(req.url()).pathname === '/auth/v1/token');
  await page.getByTestId('login-submit').click();
  expect((await token).postData() ?? '').toContain(password);
  await expect(page).toHaveURL(/\/calls$/);
  expect(actionPosts).toEqual([]);
  await expectNoLeak(context, urls, password);
});
