// Contract tests of the local Storage service, driven through the official supabase-js client
// (plus plain fetch for signed/public URLs, as a browser would use them). Each run creates its own
// two orgs and users with random ids, so nothing depends on demo data.
//
// The contract runs on a bucket of its own whose read policy is the classic "admins of the org named
// by the first path segment" (call-recordings itself has no user policy at all any more: the app
// signs recordings with the service role after the ledger; its own block at the end proves that).
//
// Sections: owner (service role, org A admin) / stranger (org A staff, org B admin) / anonymous /
// malformed input / call-recordings. A final block sends raw HTTP, because supabase-js (WHATWG URL) resolves `..`,
// `.`, `\` and leading `/` before a request leaves the process; the server must refuse them anyway.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateKeys, signJwt } from '../../supabase/local/keys.ts';
import { anonClient, clientWithToken, serviceClient, signIn, stackEnv } from '../helpers/clients.ts';

const BUCKET = 'contract-recordings';
const READ_POLICY = 'contract_recordings_select_admin';
const PASSWORD = 'storage-contract-password-1';

type Client = ReturnType<typeof serviceClient>;

let db: pg.Pool;
let orgA: string;
let orgB: string;
let adminA: Client;
let staffA: Client;
let adminB: Client;
let pathA: string;
let bytesA: Buffer;

/** A WAV-shaped payload whose bytes differ per call, so byte comparisons mean something. */
function fakeWav(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  bytes.write('RIFF', 0);
  for (let i = 4; i < size; i++) bytes[i] = (i * 31 + seed) % 256;
  return bytes;
}

async function createOrg(name: string): Promise<string> {
  const id = randomUUID();
  const { error } = await serviceClient().from('organizations').insert({ id, name });
  if (error) throw new Error(`creating org failed: ${error.message}`);
  return id;
}

async function createUser(orgId: string, orgRole: 'admin' | 'staff'): Promise<Client> {
  const email = `storage-${orgRole}-${randomUUID().slice(0, 8)}@example.test`;
  const { error } = await serviceClient().auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
    app_metadata: { org_id: orgId, org_role: orgRole },
  });
  if (error) throw new Error(`creating user failed: ${error.message}`);
  return (await signIn(email, PASSWORD)).client;
}

async function objectRow(name: string) {
  const { rows } = await db.query('select id, version, metadata from storage.objects where bucket_id = $1 and name = $2', [BUCKET, name]);
  return rows[0] as { id: string; version: string; metadata: Record<string, unknown> } | undefined;
}

function blobFile(version: string): string {
  return join(stackEnv().dataDir, 'storage', BUCKET, version);
}

function tempFiles(): string[] {
  const dir = join(stackEnv().dataDir, 'storage', '.tmp');
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function signedUrl(client: Client, path: string, expiresIn = 60): Promise<string> {
  const { data, error } = await client.storage.from(BUCKET).createSignedUrl(path, expiresIn);
  if (error) throw error;
  return data.signedUrl;
}

beforeAll(async () => {
  db = new pg.Pool({ connectionString: stackEnv().dbUrl, max: 2 });
  const created = await serviceClient().storage.createBucket(BUCKET, { public: false });
  if (created.error) throw created.error;
  await db.query(`create policy ${READ_POLICY} on storage.objects for select to authenticated using (
    bucket_id = '${BUCKET}'
    and (storage.foldername(name))[1] = (select public.auth_org_id())::text
    and (select public.auth_org_role()) = 'admin')`);
  [orgA, orgB] = await Promise.all([createOrg('Storage contract A'), createOrg('Storage contract B')]);
  [adminA, staffA, adminB] = await Promise.all([createUser(orgA, 'admin'), createUser(orgA, 'staff'), createUser(orgB, 'admin')]);
  pathA = `${orgA}/${randomUUID()}.wav`;
  bytesA = fakeWav(4096, 1);
});

afterAll(async () => {
  await db?.query(`drop policy if exists ${READ_POLICY} on storage.objects`);
  await db?.end();
});

describe('owner: service role writes, org admin reads', () => {
  it('service role uploads a recording and gets {id, path, fullPath}', async () => {
    const { data, error } = await serviceClient().storage.from(BUCKET).upload(pathA, bytesA, { contentType: 'audio/wav' });
    expect(error).toBeNull();
    expect(data).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), path: pathA, fullPath: `${BUCKET}/${pathA}` });

    const row = await objectRow(pathA);
    expect(row?.metadata).toMatchObject({
      mimetype: 'audio/wav',
      size: 4096,
      contentLength: 4096,
      cacheControl: 'max-age=3600',
      httpStatusCode: 200,
      eTag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
      lastModified: expect.any(String),
    });
    expect(existsSync(blobFile(row!.version))).toBe(true);
  });

  it('a second upload without upsert is a duplicate (409) and changes nothing', async () => {
    const before = await objectRow(pathA);
    const { error } = await serviceClient().storage.from(BUCKET).upload(pathA, fakeWav(10, 9), { contentType: 'audio/wav' });
    expect(error).toMatchObject({ status: 400, statusCode: '409' });
    expect(await objectRow(pathA)).toEqual(before);
    expect(tempFiles()).toEqual([]);
  });

  it('upsert replaces the bytes and deletes the replaced file', async () => {
    const before = await objectRow(pathA);
    bytesA = fakeWav(5000, 2);
    const { error } = await serviceClient().storage.from(BUCKET).upload(pathA, bytesA, { contentType: 'audio/wav', upsert: true });
    expect(error).toBeNull();
    const after = await objectRow(pathA);
    expect(after!.id).toBe(before!.id);
    expect(after!.metadata.size).toBe(5000);
    expect(existsSync(blobFile(after!.version))).toBe(true);
    expect(existsSync(blobFile(before!.version))).toBe(false);
  });

  it('the org admin downloads the bytes with the stored content type', async () => {
    const { data, error } = await adminA.storage.from(BUCKET).download(pathA);
    expect(error).toBeNull();
    expect(data!.type).toBe('audio/wav');
    expect(Buffer.from(await data!.arrayBuffer()).equals(bytesA)).toBe(true);
  });

  it('the org admin lists its folder, and the root shows only its own org folder', async () => {
    const { data, error } = await adminA.storage.from(BUCKET).list(orgA);
    expect(error).toBeNull();
    expect(data).toEqual([
      expect.objectContaining({ name: pathA.split('/')[1], id: expect.any(String), metadata: expect.objectContaining({ size: 5000, mimetype: 'audio/wav' }) }),
    ]);
    const root = await adminA.storage.from(BUCKET).list();
    expect(root.data).toEqual([expect.objectContaining({ name: orgA, id: null, metadata: null })]);
  });

  it('list honours search, limit and offset', async () => {
    const extra = `${orgA}/zz-${randomUUID()}.wav`;
    await serviceClient().storage.from(BUCKET).upload(extra, fakeWav(10, 3), { contentType: 'audio/wav' });
    const all = await adminA.storage.from(BUCKET).list(orgA, { sortBy: { column: 'name', order: 'desc' } });
    expect(all.data!.map((o) => o.name)).toEqual([extra.split('/')[1], pathA.split('/')[1]]);
    const searched = await adminA.storage.from(BUCKET).list(orgA, { search: 'zz-' });
    expect(searched.data!.map((o) => o.name)).toEqual([extra.split('/')[1]]);
    const paged = await adminA.storage.from(BUCKET).list(orgA, { limit: 1, offset: 1 });
    expect(paged.data).toHaveLength(1);
    await serviceClient().storage.from(BUCKET).remove([extra]);
  });

  it('the org admin creates a signed URL that serves the bytes to plain fetch', async () => {
    const res = await fetch(await signedUrl(adminA, pathA));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytesA)).toBe(true);
  });

  it('signed URLs answer range requests with 206 (an <audio> element seeks this way)', async () => {
    const url = await signedUrl(adminA, pathA);
    const mid = await fetch(url, { headers: { Range: 'bytes=100-199' } });
    expect(mid.status).toBe(206);
    expect(mid.headers.get('content-range')).toBe('bytes 100-199/5000');
    expect(mid.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await mid.arrayBuffer()).equals(bytesA.subarray(100, 200))).toBe(true);

    const open = await fetch(url, { headers: { Range: 'bytes=4990-' } });
    expect(open.status).toBe(206);
    expect(open.headers.get('content-range')).toBe('bytes 4990-4999/5000');
    expect(Buffer.from(await open.arrayBuffer()).equals(bytesA.subarray(4990))).toBe(true);

    const suffix = await fetch(url, { headers: { Range: 'bytes=-10' } });
    expect(suffix.headers.get('content-range')).toBe('bytes 4990-4999/5000');
    await suffix.arrayBuffer();

    const beyond = await fetch(url, { headers: { Range: 'bytes=6000-' } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */5000');
  });

  it('authenticated downloads answer range requests too', async () => {
    const { data } = await adminA.auth.getSession();
    const res = await fetch(`${stackEnv().url}/storage/v1/object/authenticated/${BUCKET}/${pathA}`, {
      headers: { Authorization: `Bearer ${data.session!.access_token}`, apikey: stackEnv().anonKey, Range: 'bytes=0-3' },
    });
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('RIFF');

    const head = await fetch(`${stackEnv().url}/storage/v1/object/authenticated/${BUCKET}/${pathA}`, {
      method: 'HEAD',
      headers: { Authorization: `Bearer ${data.session!.access_token}`, apikey: stackEnv().anonKey },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('5000');
  });

  it('createSignedUrls signs what the caller can read and reports the rest', async () => {
    const foreign = `${orgB}/${randomUUID()}.wav`;
    await serviceClient().storage.from(BUCKET).upload(foreign, fakeWav(10, 4), { contentType: 'audio/wav' });
    const { data, error } = await adminA.storage.from(BUCKET).createSignedUrls([pathA, foreign], 60);
    expect(error).toBeNull();
    expect(data![0]).toMatchObject({ path: pathA, error: null, signedUrl: expect.stringContaining('token=') });
    expect(data![1]).toMatchObject({ path: foreign, signedUrl: null, error: expect.any(String) });
    await serviceClient().storage.from(BUCKET).remove([foreign]);
  });

  it('an expired signed URL is refused', async () => {
    const url = await signedUrl(adminA, pathA, 1);
    await new Promise((r) => setTimeout(r, 2100));
    const res = await fetch(url);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ statusCode: '400', code: 'InvalidJWT', message: 'jwt expired' });
  });

  it('a tampered signed URL is refused, and a token never opens another path', async () => {
    const url = new URL(await signedUrl(adminA, pathA));
    const token = url.searchParams.get('token')!;
    const [header, payload, signature] = token.split('.');

    // Same signature, payload rewritten to point at org B.
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), url: `${BUCKET}/${orgB}/x.wav` })).toString('base64url');
    const withForgedPayload = new URL(url);
    withForgedPayload.pathname = `/storage/v1/object/sign/${BUCKET}/${orgB}/x.wav`;
    withForgedPayload.searchParams.set('token', `${header}.${forged}.${signature}`);
    const forgedRes = await fetch(withForgedPayload);
    expect(forgedRes.status).toBe(400);
    expect(await forgedRes.json()).toMatchObject({ code: 'InvalidJWT', message: 'invalid signature' });

    const flipped = new URL(url);
    flipped.searchParams.set('token', `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`);
    expect((await fetch(flipped)).status).toBe(400);

    // A valid token replayed on another object's URL.
    const otherPath = new URL(url);
    otherPath.pathname = `/storage/v1/object/sign/${BUCKET}/${orgB}/x.wav`;
    const replay = await fetch(otherPath);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ code: 'InvalidSignature' });

    // alg:none with the right claims.
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    const noneUrl = new URL(url);
    noneUrl.searchParams.set('token', none);
    expect((await fetch(noneUrl)).status).toBe(400);
  });

  it('the object info endpoint (exists) sees what the caller can read', async () => {
    expect((await adminA.storage.from(BUCKET).exists(pathA)).data).toBe(true);
    expect((await adminB.storage.from(BUCKET).exists(pathA)).data).toBe(false);
  });

  it('the public URL of the private bucket never serves bytes', async () => {
    const { data } = serviceClient().storage.from(BUCKET).getPublicUrl(pathA);
    const res = await fetch(data.publicUrl);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ statusCode: '404', code: 'NoSuchBucket' });
  });
});

describe('stranger: other roles and other orgs get nothing', () => {
  it('staff of the same org cannot download, sign or list (admins only)', async () => {
    const download = await staffA.storage.from(BUCKET).download(pathA);
    expect(download.data).toBeNull();
    expect(download.error).toMatchObject({ status: 400, statusCode: '404' });
    const sign = await staffA.storage.from(BUCKET).createSignedUrl(pathA, 60);
    expect(sign.error).toMatchObject({ statusCode: '404' });
    expect((await staffA.storage.from(BUCKET).list(orgA)).data).toEqual([]);
  });

  it("an admin of org B cannot download, sign, list or remove org A's recording", async () => {
    const bucket = adminB.storage.from(BUCKET);
    const download = await bucket.download(pathA);
    expect(download.data).toBeNull();
    expect(download.error).toMatchObject({ status: 400, statusCode: '404' });
    expect((await bucket.createSignedUrl(pathA, 60)).error).toMatchObject({ statusCode: '404' });
    expect((await bucket.list(orgA)).data).toEqual([]);
    expect((await bucket.list()).data).toEqual([]);
    const removed = await bucket.remove([pathA]);
    expect(removed).toEqual({ data: [], error: null });
    expect(await objectRow(pathA)).toBeDefined();
  });

  it("an admin of org B cannot upload into org A's folder, nor overwrite with upsert", async () => {
    const bucket = adminB.storage.from(BUCKET);
    const fresh = await bucket.upload(`${orgA}/${randomUUID()}.wav`, fakeWav(10, 5), { contentType: 'audio/wav' });
    expect(fresh.error).toMatchObject({ status: 400, statusCode: '403' });
    const overwrite = await bucket.upload(pathA, fakeWav(10, 5), { contentType: 'audio/wav', upsert: true });
    expect(overwrite.error).toMatchObject({ status: 400, statusCode: '403' });
    const update = await bucket.update(pathA, fakeWav(10, 5), { contentType: 'audio/wav' });
    expect(update.error).toMatchObject({ status: 400, statusCode: '403' });
    expect((await objectRow(pathA))!.metadata.size).toBe(5000);
  });

  it('no signed-in user can upload without an insert policy, not even into their own folder', async () => {
    const before = readdirSync(join(stackEnv().dataDir, 'storage', BUCKET)).length;
    for (const [client, org] of [[adminA, orgA], [staffA, orgA], [adminB, orgB]] as const) {
      const { error } = await client.storage.from(BUCKET).upload(`${org}/${randomUUID()}.wav`, fakeWav(10, 6), { contentType: 'audio/wav' });
      expect(error).toMatchObject({ status: 400, statusCode: '403' });
    }
    // Refused uploads leave neither a row nor a file nor a temp file behind.
    expect(readdirSync(join(stackEnv().dataDir, 'storage', BUCKET)).length).toBe(before);
    expect(tempFiles()).toEqual([]);
  });

  it('users cannot create buckets and see none', async () => {
    const created = await adminA.storage.createBucket(`user-bucket-${randomUUID().slice(0, 8)}`, { public: true });
    expect(created.error).toMatchObject({ statusCode: '403' });
    expect((await adminA.storage.listBuckets()).data).toEqual([]);
    expect((await adminA.storage.getBucket(BUCKET)).error).toMatchObject({ statusCode: '404' });
  });
});

describe('RLS decides user writes, not the server', () => {
  it('with an insert policy a user uploads into its folder only; upsert also needs an update policy', async () => {
    // A scratch bucket with its own policies, so the contract bucket's rules stay untouched.
    const id = `storage-rls-${randomUUID().slice(0, 8)}`;
    const policy = id.replace(/-/g, '_');
    const own = `bucket_id = '${id}' and (storage.foldername(name))[1] = (select public.auth_org_id())::text`;
    expect((await serviceClient().storage.createBucket(id, { public: false })).error).toBeNull();
    await db.query(`create policy ${policy}_insert on storage.objects for insert to authenticated with check (${own})`);
    await db.query(`create policy ${policy}_select on storage.objects for select to authenticated using (${own})`);
    try {
      const bucket = adminA.storage.from(id);
      const path = `${orgA}/note.wav`;
      expect((await bucket.upload(path, fakeWav(10, 1), { contentType: 'audio/wav' })).error).toBeNull();
      const { data: user } = await adminA.auth.getUser();
      expect((await db.query('select owner_id from storage.objects where bucket_id = $1 and name = $2', [id, path])).rows[0].owner_id).toBe(user.user!.id);
      expect((await bucket.upload(`${orgB}/note.wav`, fakeWav(10, 1), { contentType: 'audio/wav' })).error).toMatchObject({ statusCode: '403' });
      expect((await bucket.upload(path, fakeWav(20, 2), { contentType: 'audio/wav', upsert: true })).error).toMatchObject({ statusCode: '403' });

      await db.query(`create policy ${policy}_update on storage.objects for update to authenticated using (${own}) with check (${own})`);
      expect((await bucket.upload(path, fakeWav(20, 2), { contentType: 'audio/wav', upsert: true })).error).toBeNull();
      const { data } = await bucket.download(path);
      expect(Buffer.from(await data!.arrayBuffer()).equals(fakeWav(20, 2))).toBe(true);
      // No delete policy: the user's remove deletes nothing.
      expect((await bucket.remove([path])).data).toEqual([]);
    } finally {
      for (const cmd of ['insert', 'select', 'update']) await db.query(`drop policy if exists ${policy}_${cmd} on storage.objects`);
      await serviceClient().storage.emptyBucket(id);
      await serviceClient().storage.deleteBucket(id);
    }
  });
});

describe('anonymous and forged callers', () => {
  it('anon gets nothing: no download, list, signed URL or upload', async () => {
    const bucket = anonClient().storage.from(BUCKET);
    expect((await bucket.download(pathA)).error).toMatchObject({ statusCode: '404' });
    expect((await bucket.list(orgA)).data).toEqual([]);
    expect((await bucket.createSignedUrl(pathA, 60)).error).toMatchObject({ statusCode: '404' });
    expect((await bucket.upload(`${orgA}/${randomUUID()}.wav`, fakeWav(10, 7))).error).toMatchObject({ statusCode: '403' });
  });

  it('tokens that are expired, signed by another key, or unsigned are refused', async () => {
    const env = stackEnv();
    const keys = await loadOrCreateKeys(join(env.dataDir, 'jwt-keys.json'), `${env.url}/auth/v1`);
    const claims = { sub: randomUUID(), role: 'service_role', app_metadata: { org_id: orgA, org_role: 'admin' } };

    const expired = await signJwt(keys, claims, -60);
    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: keys.kid }).setExpirationTime('1h').sign(privateKey);
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    const wrongRole = await signJwt(keys, { ...claims, role: 'postgres' }, 60);

    for (const token of [expired, foreign, unsigned, wrongRole]) {
      const { data, error } = await clientWithToken(token).storage.from(BUCKET).download(pathA);
      expect(data).toBeNull();
      expect(error).toMatchObject({ status: 400, statusCode: '403', code: 'AccessDenied' });
    }
  });
});

describe('malformed object names', () => {
  it('names carried in bodies (list, remove, createSignedUrls) are refused with 400 InvalidKey', async () => {
    const service = serviceClient().storage.from(BUCKET);
    for (const name of [`${orgA}/../${orgB}/x.wav`, '/abs.wav', 'a/./b', 'a//b', 'a\\b', 'a\u0000b', 'a%2Fb.wav']) {
      const removed = await service.remove([name]);
      expect(removed.error, name).toMatchObject({ status: 400, statusCode: '400', code: 'InvalidKey' });
      const signed = await service.createSignedUrls([name], 60);
      expect(signed.error, name).toMatchObject({ status: 400, code: 'InvalidKey' });
    }
    expect((await service.list(`${orgA}/..`)).error).toMatchObject({ code: 'InvalidKey' });
  });

  it('an encoded slash in a URL path is refused (single and double encoded)', async () => {
    const service = serviceClient().storage.from(BUCKET);
    for (const name of [`${orgA}%2F${orgB}.wav`, 'a%2fb.wav', 'a%252Fb.wav']) {
      const { error } = await service.upload(name, fakeWav(10, 8), { contentType: 'audio/wav' });
      expect(error, name).toMatchObject({ status: 400, code: 'InvalidKey' });
      expect((await service.download(name)).error, name).toMatchObject({ code: 'InvalidKey' });
    }
  });

  it('supabase-js resolves dot segments before sending: the request names the resolved path', async () => {
    // Documented, not defended here: `A/../B/x` leaves supabase-js as `B/x`, so app code must
    // build object paths from validated ids. RLS still decides: org B's admin cannot reach A this way.
    const viaDots = await adminB.storage.from(BUCKET).download(`${orgB}/../${pathA}`);
    expect(viaDots.error).toMatchObject({ statusCode: '404' });
  });

  it('a bucket file_size_limit answers 413 and allowed_mime_types 415; both leave nothing behind', async () => {
    const service = serviceClient().storage;
    const id = `storage-contract-${randomUUID().slice(0, 8)}`;
    expect((await service.createBucket(id, { public: false, fileSizeLimit: 1024, allowedMimeTypes: ['audio/*'] })).error).toBeNull();
    expect((await service.getBucket(id)).data).toMatchObject({ id, public: false, file_size_limit: 1024, allowed_mime_types: ['audio/*'] });
    const tooBig = await service.from(id).upload('big.wav', fakeWav(2048, 1), { contentType: 'audio/wav' });
    expect(tooBig.error).toMatchObject({ status: 413, statusCode: '413' });
    const wrongType = await service.from(id).upload('note.txt', 'hello', { contentType: 'text/plain' });
    expect(wrongType.error).toMatchObject({ statusCode: '415' });
    expect((await service.from(id).upload('ok.wav', fakeWav(100, 1), { contentType: 'audio/wav' })).error).toBeNull();
    expect((await service.deleteBucket(id)).error).toMatchObject({ statusCode: '409' });
    expect((await service.emptyBucket(id)).error).toBeNull();
    expect((await service.deleteBucket(id)).error).toBeNull();
    expect(existsSync(join(stackEnv().dataDir, 'storage', id))).toBe(false);
  });

  it('an upload over the global 50 MB cap answers 413 and leaves nothing behind', async () => {
    const path = `${orgA}/${randomUUID()}.wav`;
    const { error } = await serviceClient().storage.from(BUCKET).upload(path, Buffer.alloc(50 * 1024 * 1024 + 1), { contentType: 'audio/wav' });
    expect(error).toMatchObject({ status: 413, statusCode: '413', code: 'EntityTooLarge' });
    expect(await objectRow(path)).toBeUndefined();
    expect(tempFiles()).toEqual([]);
  });

  it('concurrent upserts of one name leave one row and exactly one file', async () => {
    const path = `${orgA}/${randomUUID()}.wav`;
    const dir = join(stackEnv().dataDir, 'storage', BUCKET);
    const before = new Set(readdirSync(dir));
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        serviceClient().storage.from(BUCKET).upload(path, fakeWav(100 + i, i), { contentType: 'audio/wav', upsert: true }),
      ),
    );
    expect(results.map((r) => r.error)).toEqual(Array(6).fill(null));
    const added = readdirSync(dir).filter((f) => !before.has(f));
    expect(added).toEqual([(await objectRow(path))!.version]);
    await serviceClient().storage.from(BUCKET).remove([path]);
  });

  it('a Blob upload (multipart) keeps the blob type and the cache control', async () => {
    const path = `${orgA}/${randomUUID()}.wav`;
    const blob = new Blob([new Uint8Array(fakeWav(64, 3))], { type: 'audio/wav' });
    expect((await serviceClient().storage.from(BUCKET).upload(path, blob, { cacheControl: '60' })).error).toBeNull();
    expect((await objectRow(path))!.metadata).toMatchObject({ mimetype: 'audio/wav', size: 64, cacheControl: 'max-age=60' });
    await serviceClient().storage.from(BUCKET).remove([path]);
  });

  it('unknown routes answer 404 JSON', async () => {
    const res = await fetch(`${stackEnv().url}/storage/v1/nothing/here`, { headers: { apikey: stackEnv().anonKey } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ statusCode: '404' });
  });
});

describe('removal', () => {
  it('the service role removes the object: gone from the table, the disk and for the admin', async () => {
    const row = await objectRow(pathA);
    const { data, error } = await serviceClient().storage.from(BUCKET).remove([pathA]);
    expect(error).toBeNull();
    expect(data).toEqual([expect.objectContaining({ name: pathA, bucket_id: BUCKET })]);
    expect(await objectRow(pathA)).toBeUndefined();
    expect(existsSync(blobFile(row!.version))).toBe(false);
    expect((await adminA.storage.from(BUCKET).download(pathA)).error).toMatchObject({ statusCode: '404' });
  });
});

/** Raw HTTP: node:http sends the path exactly as written, unlike fetch. */
function rawRequest(method: string, path: string, body?: Buffer): Promise<{ status: number; json: Record<string, unknown> }> {
  const env = stackEnv();
  const url = new URL(env.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { apikey: env.serviceRoleKey, authorization: `Bearer ${env.serviceRoleKey}`, 'content-type': 'audio/wav' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('server-side name checks (raw HTTP, as a non-JS client could send)', () => {
  const bad = (org: string) => [
    `${org}/../other/x.wav`,
    `..%2F..%2Fescape.wav`,
    `%2e%2e/escape.wav`,
    `${org}/./x.wav`,
    `/abs.wav`,
    `${org}//x.wav`,
    `${org}\\x.wav`,
    `${org}%5Cx.wav`,
    `${org}%00x.wav`,
    `${org}%0Ax.wav`,
    `${org}%2Fx.wav`,
    `${org}%252Fx.wav`,
  ];

  it('upload, download and sign refuse traversal and malformed names with 400 InvalidKey, writing nothing', async () => {
    const before = await db.query('select count(*)::int as n from storage.objects where bucket_id = $1', [BUCKET]);
    for (const name of bad(orgA)) {
      for (const [method, prefix] of [['POST', 'object'], ['PUT', 'object'], ['GET', 'object'], ['POST', 'object/sign']] as const) {
        const { status, json } = await rawRequest(method, `/storage/v1/${prefix}/${BUCKET}/${name}`, method === 'GET' ? undefined : fakeWav(10, 1));
        expect({ name, method, prefix, status, code: json.code }).toEqual({ name, method, prefix, status: 400, code: 'InvalidKey' });
      }
    }
    const after = await db.query('select count(*)::int as n from storage.objects where bucket_id = $1', [BUCKET]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
    expect(tempFiles()).toEqual([]);
  });

  it('bucket ids that could name a folder outside storage are refused', async () => {
    for (const bucket of ['..', '.', '%2e%2e', '.hidden']) {
      const { status, json } = await rawRequest('POST', `/storage/v1/object/${bucket}/x.wav`, fakeWav(10, 1));
      expect({ bucket, status, code: json.code }).toEqual({ bucket, status: 400, code: expect.stringMatching(/InvalidBucketName|InvalidKey/) });
    }
  });
});

describe('call-recordings: no signed-in user reaches a recording at Storage', () => {
  it('not even the org\'s admin can download, sign, list or upload; the service role signs', async () => {
    const path = `${orgA}/${randomUUID()}.wav`;
    const bytes = fakeWav(2048, 7);
    expect((await serviceClient().storage.from('call-recordings').upload(path, bytes, { contentType: 'audio/wav' })).error).toBeNull();
    for (const client of [adminA, staffA, adminB]) {
      const bucket = client.storage.from('call-recordings');
      expect((await bucket.download(path)).error).toMatchObject({ status: 400, statusCode: '404' });
      expect((await bucket.createSignedUrl(path, 60)).error).toMatchObject({ statusCode: '404' });
      expect((await bucket.createSignedUrl(path, 10 * 365 * 24 * 3600)).error).toMatchObject({ statusCode: '404' });
      expect((await bucket.list(orgA)).data).toEqual([]);
      expect((await bucket.upload(`${orgA}/${randomUUID()}.wav`, bytes, { contentType: 'audio/wav' })).error).toMatchObject({ statusCode: '403' });
    }
    // The bucket is private: no public URL serves it.
    const publicUrl = serviceClient().storage.from('call-recordings').getPublicUrl(path).data.publicUrl;
    expect((await fetch(publicUrl)).status).toBe(400);
    // What the app does after open_recording(): the service role signs the exact path.
    const signed = await serviceClient().storage.from('call-recordings').createSignedUrl(path, 300);
    expect(signed.error).toBeNull();
    expect(Buffer.from(await (await fetch(signed.data!.signedUrl)).arrayBuffer()).equals(bytes)).toBe(true);
  });
});
