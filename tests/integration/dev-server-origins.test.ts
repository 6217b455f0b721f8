// `npm run dev` serves the app on loopback only, and a page opened at http://127.0.0.1:<port> (the
// address family the local stack prints) hydrates as one opened at http://localhost:<port> does.
// Next 16 refuses its dev resources to origins other than localhost unless allowedDevOrigins lists
// them; the page then never hydrated and a sign-in submitted before hydration went nowhere (issue 12).
// This runs the real `next dev`, with the arguments scripts/dev.ts uses, on a copy of the app.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackEnv } from '../helpers/clients.ts';
import { listeners, LOOPBACK_V4_HEX } from '../helpers/sockets.ts';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/support/chromium.ts';
import { appSnapshot, checkoutFolderName, writeAppSnapshot } from '../../scripts/lib/app-snapshot.ts';
import { nextDevArgs } from '../../scripts/lib/next-dev.ts';
import { freePort } from '../../supabase/local/ports.ts';

let server: ChildProcess;
let port: number;
let output = '';
let browser: Browser;

async function waitForReady(deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`next dev exited:\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next dev did not answer within ${deadlineMs / 1000} s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  const dir = join(tmpdir(), checkoutFolderName('dev-origins'));
  const nextBin = writeAppSnapshot(dir, appSnapshot().files);
  port = await freePort();
  const env = stackEnv();
  server = spawn(process.execPath, [nextBin, ...nextDevArgs(port)], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      NEXT_TELEMETRY_DISABLED: '1',
      NEXT_PUBLIC_SUPABASE_URL: env.url,
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: env.publishableKey,
      SUPABASE_SECRET_KEY: env.serviceRoleKey,
    },
  });
  server.stdout?.on('data', (d) => (output = (output + String(d)).slice(-6000)));
  server.stderr?.on('data', (d) => (output = (output + String(d)).slice(-6000)));
  await waitForReady(180_000);
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    process.kill(-server.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (server.exitCode === null) process.kill(-server.pid, 'SIGKILL');
  }
});

describe('next dev as npm run dev runs it', () => {
  it('listens on 127.0.0.1 only', () => {
    const addrs = listeners(port);
    expect(addrs.length).toBeGreaterThan(0);
    expect(addrs).toEqual(addrs.map(() => LOOPBACK_V4_HEX));
  });

  it('gives its dev resources to localhost and 127.0.0.1 pages, and refuses other origins', async () => {
    // node:http, not fetch: fetch sets the Sec-Fetch-* headers itself.
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/_next/static/chunks/no-such-chunk.js', headers }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    // A script tag on another site (no-cors, cross-site, Referer names the page) and a fetch/WebSocket
    // with an Origin: Next answers 403 before looking for the file.
    expect(await status({ 'sec-fetch-mode': 'no-cors', 'sec-fetch-site': 'cross-site', referer: 'http://evil.example/' })).toBe(403);
    expect(await status({ origin: 'http://evil.example' })).toBe(403);
    for (const host of ['127.0.0.1', 'localhost']) {
      expect(await status({ origin: `http://${host}:${port}` }), host).toBe(404);
      expect(await status({ 'sec-fetch-mode': 'no-cors', 'sec-fetch-site': 'cross-site', referer: `http://${host}:${port}/login` }), host).toBe(404);
    }
  });

  for (const host of ['127.0.0.1', 'localhost']) {
    it(`the sign-in page opened at http://${host}:<port> hydrates`, { timeout: 240_000 }, async () => {
      const page = await browser.newPage();
      const blocked: string[] = [];
      page.on('response', (res) => {
        if (res.status() === 403 && new URL(res.url()).pathname.startsWith('/_next')) blocked.push(res.url());
      });
      await page.goto(`http://${host}:${port}/login`, { timeout: 200_000 });
      // Hydrated: React has attached its handlers to the form.
      await page.waitForFunction(() => Object.keys(document.querySelector('form') ?? {}).some((k) => k.startsWith('__react')), null, { timeout: 200_000 });
      expect(blocked).toEqual([]);
      await page.close();
    });
  }
});
