// npm run bench:sign-in [-- --n 40]
// Does response time tell which accounts exist? Signs in with a wrong password N times for known
// emails and N times for unknown ones, interleaved, against a fresh local stack, and prints the p50
// (and p90) of each. Not a test: timing on a shared machine is noise; the structural fact (an
// unknown email pays the same bcrypt check) is asserted in tests/integration/auth-contract.test.ts.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient } from '@supabase/supabase-js';
import { nodeClientOptions } from '../lib/supabase/node-options.ts';
import { startStack } from '../supabase/local/stack.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '40' } } });
const n = Number(values.n);
// The rate limits would answer 429 (cheap) after a few failures; this measures the password check.
process.env.AUTH_RATE_LIMIT_PER_ACCOUNT = '1000000';
process.env.AUTH_RATE_LIMIT_PER_IP = '1000000';

const dataDir = mkdtempSync(join(tmpdir(), 'sign-in-timing-'));
const stack = await startStack({ dataDir, apiPort: 0, dbPort: 0, ephemeral: true });
try {
  const opts = nodeClientOptions;
  const admin = createClient(stack.url, stack.secretKey, opts).auth.admin;
  const known: string[] = [];
  for (let i = 0; i < 5; i++) {
    const email = `timing-${randomUUID()}@example.test`;
    const { error } = await admin.createUser({ email, password: 'the-right-password', email_confirm: true });
    if (error) throw error;
    known.push(email);
  }
  const anon = createClient(stack.url, stack.publishableKey, opts);
  const once = async (email: string) => {
    const t0 = performance.now();
    const { error } = await anon.auth.signInWithPassword({ email, password: 'a-wrong-password' });
    const ms = performance.now() - t0;
    if (error?.code !== 'invalid_credentials') throw new Error(`expected invalid_credentials, got ${error?.code}`);
    return ms;
  };
  // Warm-up (connections, the dummy hash), then interleave so drift hits both sides alike.
  for (let i = 0; i < 3; i++) await once(known[0]), await once(`warm-${i}@example.test`);
  const knownMs: number[] = [];
  const unknownMs: number[] = [];
  for (let i = 0; i < n; i++) {
    knownMs.push(await once(known[i % known.length]));
    unknownMs.push(await once(`nobody-${randomUUID()}@example.test`));
  }
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  const row = (label: string, xs: number[]) => `${label.padEnd(14)} p50 ${q(xs, 0.5).toFixed(1).padStart(6)} ms   p90 ${q(xs, 0.9).toFixed(1).padStart(6)} ms`;
  console.log(`wrong-password sign-ins, ${n} each, interleaved:`);
  console.log(row('known email', knownMs));
  console.log(row('unknown email', unknownMs));
  console.log(`p50 difference (unknown - known): ${(q(unknownMs, 0.5) - q(knownMs, 0.5)).toFixed(1)} ms; ratio ${(q(unknownMs, 0.5) / q(knownMs, 0.5)).toFixed(2)}`);
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
