// Which recording URLs a job may fetch (SSRF guard), and how the pipeline is configured for it.
import { describe, expect, it } from 'vitest';
import { PipelineConfigError, defaultPipelineConfig, resolveDownloadConfig } from '../../lib/recordings/config.ts';
import { failureCode, RecordingDownloadError, RecordingStoreError } from '../../lib/recordings/errors.ts';
import { assertAllowedRecordingUrl, isPrivateAddress } from '../../lib/recordings/url-policy.ts';

const prod = { allowPrivateNetworks: false, allowedRecordingHosts: [] };
const kindOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as RecordingDownloadError).kind;
  }
  return 'allowed';
};

describe('recording URL policy', () => {
  it('classifies private and public addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '100.64.0.1']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:808:808']) expect(isPrivateAddress(a), a).toBe(false);
    // Not an address at all (a DNS answer in some odd spelling): refused.
    for (const a of ['2130706433', '0x7f000001', '', 'localhost']) expect(isPrivateAddress(a), a).toBe(true);
  });

  it('sees through every IPv6 spelling of a private IPv4 address', () => {
    // The URL parser turns [::ffff:169.254.169.254] into ::ffff:a9fe:a9fe.
    for (const a of ['::ffff:7f00:1', '::ffff:a9fe:a9fe', '::7f00:1', '64:ff9b::7f00:1', '2002:7f00:1::', 'fec0::1']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    expect(kindOf(() => assertAllowedRecordingUrl('https://[::ffff:169.254.169.254]/latest', prod))).toBe('forbidden_address');
    expect(kindOf(() => assertAllowedRecordingUrl('https://[::ffff:7f00:1]:8080/x', prod))).toBe('forbidden_address');
  });

  it.each([
    'https://2130706433/x', // decimal
    'https://017700000001/x', // octal
    'https://0x7f000001/x', // hex
    'https://0x7f.0.0.1/x',
    'https://0177.0.0.1/x',
    'https://127.1/x',
    'https://[::1]/x',
    'https://[::ffff:127.0.0.1]/x',
    'https://[0:0:0:0:0:ffff:7f00:1]/x',
    'https://0/x',
    'https://169.254.169.254/latest',
  ])('refuses the IP-literal host in %s as a non-public address', (url) => {
    expect(kindOf(() => assertAllowedRecordingUrl(url, prod))).toBe('forbidden_address');
  });

  it('in production: https only, no credentials', () => {
    expect(assertAllowedRecordingUrl('https://rec.example/a.wav', prod)).toBeInstanceOf(URL);
    expect(kindOf(() => assertAllowedRecordingUrl('http://rec.example/a.wav', prod))).toBe('url_refused');
    expect(kindOf(() => assertAllowedRecordingUrl('https://u:p@rec.example/a.wav', prod))).toBe('url_refused');
    expect(kindOf(() => assertAllowedRecordingUrl('ftp://rec.example/a.wav', prod))).toBe('url_refused');
    expect(kindOf(() => assertAllowedRecordingUrl('not a url', prod))).toBe('url_refused');
  });

  it('honours the host allowlist', () => {
    const policy = { ...prod, allowedRecordingHosts: ['.recordings.example'] };
    expect(assertAllowedRecordingUrl('https://eu.recordings.example/a', policy)).toBeTruthy();
    expect(kindOf(() => assertAllowedRecordingUrl('https://evil.example/a', policy))).toBe('url_refused');
    expect(kindOf(() => assertAllowedRecordingUrl('https://recordings.example.evil.test/a', policy))).toBe('url_refused');
  });

  it('allows loopback http only with the private-network opt-in', () => {
    expect(assertAllowedRecordingUrl('http://127.0.0.1:1234/a', { allowPrivateNetworks: true, allowedRecordingHosts: [] })).toBeTruthy();
    expect(kindOf(() => assertAllowedRecordingUrl('http://127.0.0.1:1234/a', { ...prod, allowHttp: true }))).toBe('forbidden_address');
  });
});

describe('pipeline download configuration', () => {
  it('never infers private-network access from NODE_ENV: it is an explicit opt-in', () => {
    for (const NODE_ENV of ['development', 'test', 'production', undefined]) {
      expect(defaultPipelineConfig({ NODE_ENV } as NodeJS.ProcessEnv).allowPrivateNetworks, String(NODE_ENV)).toBe(false);
    }
    expect(defaultPipelineConfig({ RECORDING_ALLOW_PRIVATE_NETWORKS: '1' } as unknown as NodeJS.ProcessEnv).allowPrivateNetworks).toBe(true);
    expect(defaultPipelineConfig({ RECORDING_ALLOW_PRIVATE_NETWORKS: 'false' } as unknown as NodeJS.ProcessEnv).allowPrivateNetworks).toBe(false);
    expect(() => defaultPipelineConfig({ RECORDING_ALLOW_PRIVATE_NETWORKS: 'yes please' } as unknown as NodeJS.ProcessEnv)).toThrow(PipelineConfigError);
  });

  it('refuses to run downloads in production without the provider allow-list', () => {
    const env = { NODE_ENV: 'production' } as NodeJS.ProcessEnv;
    expect(() => resolveDownloadConfig({}, env)).toThrow(PipelineConfigError);
    expect(() => resolveDownloadConfig({}, env)).toThrow(/RECORDING_ALLOWED_HOSTS/);
    const ok = resolveDownloadConfig({}, { NODE_ENV: 'production', RECORDING_ALLOWED_HOSTS: ' .Provider.example , cdn.example ' } as unknown as NodeJS.ProcessEnv);
    expect(ok.allowedRecordingHosts).toEqual(['.provider.example', 'cdn.example']);
    expect(ok.allowPrivateNetworks).toBe(false);
  });

  it('stores coarse codes only', () => {
    expect(failureCode(new RecordingDownloadError('http_status', 'provider answered 500 from 10.0.0.7 text/html'))).toBe('download_http_error');
    expect(failureCode(new RecordingDownloadError('forbidden_address', 'resolves to 10.0.0.7'))).toBe('download_forbidden_address');
    expect(failureCode(new RecordingDownloadError('too_large', 'x'))).toBe('download_too_large');
    expect(failureCode(new RecordingDownloadError('timeout', 'x'))).toBe('download_timeout');
    expect(failureCode(new RecordingStoreError('storage upload failed: bucket x'))).toBe('storage_upload_failed');
    expect(failureCode(new Error('connect ECONNREFUSED 10.0.0.7:80'))).toBe('download_failed');
  });
});
