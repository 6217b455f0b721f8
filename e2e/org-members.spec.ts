// Scenario 11: org administration, members. An admin invites a new address; the invitee accepts
// through the link and sees the org's calls; the admin demotes them (their detail page stops working
// on the next request) and removes them (their next request is refused and the page says so).
// 11c: the same invitation sent by Supabase Auth's mail (read from the local mailbox), followed,
// a password chosen, and the org's calls seen.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { ORGS, sql } from './support/env';
import { storageStatePath } from './support/roles';

test('11. invite → accept → see calls → demoted → removed', async ({ browser }) => {
  // Three browsers and a dozen steps: more than the 60 s a single-page scenario gets.
  test.setTimeout(180_000);
  const email = `e2e-invitee-${randomUUID().slice(0, 8)}@example.test`;
  const [call] = await sql<{ id: string }>('select id from public.call_logs where org_id = $1 order by started_at desc limit 1', [ORGS.acme.id]);

  const adminContext = await browser.newContext({ storageState: storageStatePath('a-admin') });
  const admin = await adminContext.newPage();
  await admin.goto('/settings/members');
  await expect(admin.getByTestId('member-row').first()).toBeVisible();
  await admin.getByTestId('invite-email').fill(email);
  await admin.getByTestId('invite-role').selectOption('admin');
  await admin.getByTestId('invite-submit').click();
  const link = await admin.getByTestId('invite-link').inputValue();
  expect(link).toMatch(/\/invite\/[0-9a-f]{64}$/);
  await expect(admin.getByTestId('invitation-row').filter({ hasText: email })).toBeVisible();

  // The invitee has no account yet: they choose a password and land on the org's calls.
  const inviteeContext = await browser.newContext();
  const invitee = await inviteeContext.newPage();
  await invitee.goto(new URL(link).pathname);
  await expect(invitee.getByTestId('invite-pending')).toContainText('Acme');
  await invitee.getByTestId('invite-password').fill('invitee-password-1');
  await invitee.getByTestId('invite-password-confirm').fill('invitee-password-1');
  await invitee.getByTestId('invite-accept').click();
  await invitee.waitForURL('**/calls');
  await expect(invitee.getByTestId('header-org-name')).toHaveText(ORGS.acme.name);
  await expect(invitee.getByTestId('header-role')).toHaveText('Admin');
  await expect(invitee.getByTestId('call-row').first()).toBeVisible();
  await invitee.goto(`/calls/${call.id}`);
  await expect(invitee.getByTestId('call-detail')).toBeVisible();

  // The link works once.
  const again = await (await browser.newContext()).newPage();
  await again.goto(new URL(link).pathname);
  await expect(again.getByTestId('invite-unavailable')).toContainText('already used');

  // Demoted to staff: the detail page's next request is refused; the header follows the new role.
  await admin.reload();
  const row = admin.locator(`[data-testid="member-row"][data-email="${email}"]`);
  await row.getByTestId('member-role').selectOption('staff');
  await expect(admin.getByTestId('members-notice')).toContainText('now staff');
  await invitee.reload();
  await expect(invitee.getByTestId('forbidden')).toBeVisible();
  await expect(invitee.getByTestId('header-role')).toHaveText('Staff');

  // Removed: the next request is refused and the page says the account has no organization.
  await row.getByTestId('member-remove').click();
  await row.getByTestId('member-remove-confirm').click();
  await expect(admin.getByTestId('members-notice')).toContainText('removed');
  await invitee.goto('/calls');
  await expect(invitee.getByTestId('no-organization')).toBeVisible();
  await expect(invitee.getByTestId('call-row')).toHaveCount(0);

  // Every change is in the audit trail, newest first.
  await admin.reload();
  const trail = admin.getByTestId('audit-trail');
  await expect(trail).toContainText(`removed ${email}`);
  await expect(trail).toContainText(`changed ${email} from admin to staff`);
  await expect(trail).toContainText(`${email} joined as admin`);
  await expect(trail).toContainText(`invited ${email} as admin`);
  await adminContext.close();
  await inviteeContext.close();
});

test('11b. staff see no settings link, and the settings page says only admins (the routes answer 403: tests/integration/org-members.test.ts)', async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStatePath('a-staff') });
  const page = await context.newPage();
  await page.goto('/calls');
  await expect(page.getByTestId('call-row').first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  await page.goto('/settings/members');
  await expect(page.getByTestId('forbidden')).toContainText('Only admins');
  await expect(page.getByTestId('members-page')).toHaveCount(0);
  await context.close();
});

test('11c. invitation by mail: the invitee follows Supabase Auth’s mail, chooses a password, joins and sees the calls', async ({ browser }) => {
  test.setTimeout(180_000);
  const email = `e2e-mailed-${randomUUID().slice(0, 8)}@example.test`;
  const adminContext = await browser.newContext({ storageState: storageStatePath('a-admin') });
  const admin = await adminContext.newPage();
  await admin.goto('/settings/members');
  await admin.getByTestId('invite-email').fill(email);
  await admin.getByTestId('invite-delivery').selectOption('mail');
  await admin.getByTestId('invite-submit').click();
  await expect(admin.getByTestId('members-notice')).toContainText(`emailed to ${email}`);
  await expect(admin.getByTestId('invite-link')).toHaveCount(0);
  await expect(admin.getByTestId('invitation-row').filter({ hasText: email })).toBeVisible();

  // The local Auth's mailbox stands in for the inbox (hosted: Supabase's mail; CLI: Mailpit).
  const [mail] = await sql<{ link: string; kind: string }>('select link, kind from auth.local_mailbox where recipient = $1 order by id desc limit 1', [email]);
  expect(mail.kind).toBe('invite');
  const inviteeContext = await browser.newContext();
  const invitee = await inviteeContext.newPage();
  await invitee.goto(mail.link);
  // /auth/confirm signed them in as the invited address and sent them to the invitation page.
  await invitee.waitForURL(/\/invite\/[0-9a-f]{64}\?welcome=1$/);
  await expect(invitee.getByTestId('invite-pending')).toContainText(email);
  await invitee.getByTestId('invite-password').fill('mailed-password-1');
  await invitee.getByTestId('invite-password-confirm').fill('mailed-password-1');
  await invitee.getByTestId('invite-accept').click();
  await invitee.waitForURL('**/calls');
  await expect(invitee.getByTestId('header-org-name')).toHaveText(ORGS.acme.name);
  await expect(invitee.getByTestId('header-role')).toHaveText('Staff');
  await expect(invitee.getByTestId('call-row').first()).toBeVisible();

  // The link in the mail worked once; the chosen password signs in from now on.
  const again = await (await browser.newContext()).newPage();
  await again.goto(mail.link);
  await again.waitForURL(/\/login\?/);
  const signIn = await (await browser.newContext()).newPage();
  await signIn.goto('/login');
  await signIn.locator('#email').fill(email);
  await signIn.locator('#password').fill('mailed-password-1');
  await signIn.getByTestId('login-submit').click();
  await signIn.waitForURL('**/calls');
  await adminContext.close();
  await inviteeContext.close();
});
