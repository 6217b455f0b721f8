// Standard Webhooks signing and verification, without I/O.
import { describe, expect, it } from 'vitest';
import {
  computeSignature,
  findVerifyingSecret,
  generateWebhookSecret,
  parseSignatureHeader,
  signatureHeader,
} from '../../lib/webhooks/signature.ts';

const body = Buffer.from('{"type":"end-of-call-report"}');
// Verification checks the spec's 5-minute tolerance against the clock, so signatures use "now".
const ts = String(Math.floor(Date.now() / 1000));
const ts2 = String(Number(ts) + 1);

describe('webhook signatures', () => {
  const a = generateWebhookSecret();
  const b = generateWebhookSecret();

  it('generates whsec_ secrets with 32 key bytes', () => {
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
  });

  it('signs "id.timestamp.body" (the Standard Webhooks test vector)', () => {
    // From the standard-webhooks spec repository.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const sig = computeSignature(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', '1614265330', '{"test": 2432232314}');
    expect(sig.toString('base64')).toBe('g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies with the right secret and names which one', () => {
    const header = signatureHeader([b], 'id1', ts, body);
    expect(findVerifyingSecret([a, b], 'id1', ts, body, header)).toBe(1);
  });

  it('accepts several space-separated signatures (rotation)', () => {
    const header = `v1,${Buffer.alloc(32).toString('base64')} ${signatureHeader([a], 'id1', ts, body)}`;
    expect(findVerifyingSecret([a], 'id1', ts, body, header)).toBe(0);
  });

  it('rejects a tampered body, id or timestamp, and a wrong secret', () => {
    const header = signatureHeader([a], 'id1', ts, body);
    expect(findVerifyingSecret([a], 'id1', ts, Buffer.from(`${body} `), header)).toBe(-1);
    expect(findVerifyingSecret([a], 'id2', ts, body, header)).toBe(-1);
    expect(findVerifyingSecret([a], 'id1', ts2, body, header)).toBe(-1);
    expect(findVerifyingSecret([b], 'id1', ts, body, header)).toBe(-1);
    expect(findVerifyingSecret([], 'id1', ts, body, header)).toBe(-1);
  });

  it('ignores other versions and malformed entries', () => {
    const good = signatureHeader([a], 'id1', ts, body).slice(3);
    expect(parseSignatureHeader(`v2,${good} v1 v1,!!! v1,${Buffer.alloc(16).toString('base64')}`)).toEqual([]);
    expect(findVerifyingSecret([a], 'id1', ts, body, `v1a,${good}`)).toBe(-1);
  });

  it('refuses a timestamp outside the 5-minute tolerance, even with a valid signature', () => {
    // From the clock now, not the file's load time (a second later, ts + 301 was within tolerance); 10 s
    // past the 5 minutes either way, so a clock tick during the check cannot bring them back in.
    const now = Math.floor(Date.now() / 1000);
    for (const t of [String(now - 310), String(now + 310)]) {
      expect(findVerifyingSecret([a], 'id1', t, body, signatureHeader([a], 'id1', t, body))).toBe(-1);
    }
  });

  it('skips a malformed stored secret without hiding the valid one', () => {
    const header = signatureHeader([a], 'id1', ts, body);
    expect(findVerifyingSecret(['not-a-secret', 'whsec_c2hvcnQ=', a], 'id1', ts, body, header)).toBe(2);
  });

  it('bounds the work a header can cause', () => {
    const many = Array.from({ length: 100 }, () => `v1,${Buffer.alloc(32).toString('base64')}`).join(' ');
    expect(parseSignatureHeader(many)).toHaveLength(8);
  });
});

// The test vectors of the spec's reference implementation (standard-webhooks/standard-webhooks,
// libraries/javascript/src/webhook.test.ts), run through our wrapper.
describe('Standard Webhooks spec vectors', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const msgId = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const payload = Buffer.from('{"test": 2432232314}');
  const nowTs = () => String(Math.floor(Date.now() / 1000));

  it('signs the fixed vector', () => {
    expect(signatureHeader([secret], msgId, '1614265330', payload)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('a valid signature verifies', () => {
    const t = nowTs();
    expect(findVerifyingSecret([secret], msgId, t, payload, signatureHeader([secret], msgId, t, payload))).toBe(0);
  });

  it('invalid and partial signatures fail', () => {
    const t = nowTs();
    const valid = signatureHeader([secret], msgId, t, payload);
    for (const header of ['v1,dawfeoifkpqwoekfpqoekf', valid.slice(0, 8), 'v1,', '']) {
      expect(findVerifyingSecret([secret], msgId, t, payload, header), header).toBe(-1);
    }
  });

  it('old and new timestamps fail (tolerance 5 minutes)', () => {
    for (const offset of [-(5 * 60 + 1), 5 * 60 + 1]) {
      const t = String(Math.floor(Date.now() / 1000) + offset);
      expect(findVerifyingSecret([secret], msgId, t, payload, signatureHeader([secret], msgId, t, payload))).toBe(-1);
    }
  });

  it('a multi-signature header with the valid one among others verifies', () => {
    const t = nowTs();
    const header = [
      'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      signatureHeader([secret], msgId, t, payload),
      'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
    ].join(' ');
    expect(findVerifyingSecret([secret], msgId, t, payload, header)).toBe(0);
  });
});
