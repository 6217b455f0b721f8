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
    const header = signatureHeader([b], 'id1', '100', body);
    expect(findVerifyingSecret([a, b], 'id1', '100', body, header)).toBe(1);
  });

  it('accepts several space-separated signatures (rotation)', () => {
    const header = `v1,${Buffer.alloc(32).toString('base64')} ${signatureHeader([a], 'id1', '100', body)}`;
    expect(findVerifyingSecret([a], 'id1', '100', body, header)).toBe(0);
  });

  it('rejects a tampered body, id or timestamp, and a wrong secret', () => {
    const header = signatureHeader([a], 'id1', '100', body);
    expect(findVerifyingSecret([a], 'id1', '100', Buffer.from(`${body} `), header)).toBe(-1);
    expect(findVerifyingSecret([a], 'id2', '100', body, header)).toBe(-1);
    expect(findVerifyingSecret([a], 'id1', '101', body, header)).toBe(-1);
    expect(findVerifyingSecret([b], 'id1', '100', body, header)).toBe(-1);
    expect(findVerifyingSecret([], 'id1', '100', body, header)).toBe(-1);
  });

  it('ignores other versions and malformed entries', () => {
    const good = signatureHeader([a], 'id1', '100', body).slice(3);
    expect(parseSignatureHeader(`v2,${good} v1 v1,!!! v1,${Buffer.alloc(16).toString('base64')}`)).toEqual([]);
    expect(findVerifyingSecret([a], 'id1', '100', body, `v1a,${good}`)).toBe(-1);
  });

  it('bounds the work a header can cause', () => {
    const many = Array.from({ length: 100 }, () => `v1,${Buffer.alloc(32).toString('base64')}`).join(' ');
    expect(parseSignatureHeader(many)).toHaveLength(8);
  });
});
