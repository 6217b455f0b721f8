// Which recording URLs a job may fetch (SSRF guard).
import { describe, expect, it } from 'vitest';
import { assertAllowedRecordingUrl, isPrivateAddress } from '../../lib/recordings/url-policy.ts';

const prod = { allowPrivateNetworks: false, allowedRecordingHosts: [] };
const resolveTo = (...addresses: string[]) => async () => addresses;

describe('recording URL policy', () => {
  it('classifies private and public addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '100.64.0.1']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:808:808']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('sees through every IPv6 spelling of a private IPv4 address', async () => {
    // The URL parser turns [::ffff:169.254.169.254] into ::ffff:a9fe:a9fe.
    for (const a of ['::ffff:7f00:1', '::ffff:a9fe:a9fe', '::7f00:1', '64:ff9b::7f00:1', '2002:7f00:1::', 'fec0::1']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    await expect(assertAllowedRecordingUrl('https://[::ffff:169.254.169.254]/latest', prod)).rejects.toThrow(/not a public/);
    await expect(assertAllowedRecordingUrl('https://[::ffff:7f00:1]:8080/x', prod)).rejects.toThrow(/not a public/);
  });

  it('in production: https to public hosts only', async () => {
    await expect(assertAllowedRecordingUrl('https://rec.example/a.wav', prod, resolveTo('93.184.216.34'))).resolves.toBeInstanceOf(URL);
    await expect(assertAllowedRecordingUrl('http://rec.example/a.wav', prod, resolveTo('93.184.216.34'))).rejects.toThrow(/scheme/);
    await expect(assertAllowedRecordingUrl('https://rec.example/a.wav', prod, resolveTo('93.184.216.34', '10.0.0.1'))).rejects.toThrow(/not a public/);
    await expect(assertAllowedRecordingUrl('https://169.254.169.254/latest', prod)).rejects.toThrow(/not a public/);
    await expect(assertAllowedRecordingUrl('https://u:p@rec.example/a.wav', prod, resolveTo('93.184.216.34'))).rejects.toThrow(/credentials/);
    await expect(assertAllowedRecordingUrl('ftp://rec.example/a.wav', prod)).rejects.toThrow(/scheme/);
  });

  it('honours the host allowlist', async () => {
    const policy = { ...prod, allowedRecordingHosts: ['.recordings.example'] };
    await expect(assertAllowedRecordingUrl('https://eu.recordings.example/a', policy, resolveTo('93.184.216.34'))).resolves.toBeTruthy();
    await expect(assertAllowedRecordingUrl('https://evil.example/a', policy, resolveTo('93.184.216.34'))).rejects.toThrow(/allowlist/);
  });

  it('allows loopback http in dev and tests', async () => {
    await expect(assertAllowedRecordingUrl('http://127.0.0.1:1234/a', { allowPrivateNetworks: true, allowedRecordingHosts: [] })).resolves.toBeTruthy();
  });
});
