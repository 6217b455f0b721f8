// Object bytes on disk: <dataDir>/storage/<bucketId>/<version>, where `version` is a UUID the server
// generated for that upload (storage.objects.version). Paths are never built from object names, so
// no name can reach outside the bucket folder, `a` and `a/b` can coexist, and an overwrite writes a
// new file while the old one stays readable until the database commit says which one is current.
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { isUuid } from '../../../lib/uuid.ts';
import { checkBucketId } from './names.ts';

// Versions are made by randomUUID (lower case); any other spelling is not one of ours.
const isVersion = (version: string) => isUuid(version) && version === version.toLowerCase();


export class BlobStore {
  readonly root: string;
  private readonly tmpDir: string;

  constructor(dataDir: string) {
    this.root = resolve(dataDir, 'storage');
    // Bucket ids cannot start with a dot, so `.tmp` never collides with a bucket folder.
    this.tmpDir = join(this.root, '.tmp');
    // Leftovers of uploads interrupted by a crash; nothing references them.
    rmSync(this.tmpDir, { recursive: true, force: true });
    mkdirSync(this.tmpDir, { recursive: true });
  }

  /** Absolute path of one stored version; refuses anything that would resolve outside the bucket. */
  path(bucketId: string, version: string): string {
    if (!isVersion(version)) throw new Error('invalid object version');
    const bucketDir = resolve(this.root, checkBucketId(bucketId));
    const file = resolve(bucketDir, version);
    if (!bucketDir.startsWith(this.root + sep) || !file.startsWith(bucketDir + sep)) throw new Error('path escapes storage root');
    return file;
  }

  /** Step 1 of an upload: bytes land in a temp file on the same filesystem (so rename is atomic). */
  async writeTemp(bytes: Uint8Array): Promise<string> {
    const tmp = join(this.tmpDir, randomUUID());
    await writeFile(tmp, bytes, { flag: 'wx' });
    return tmp;
  }

  /** Step 2, inside the database transaction: the temp file becomes the version's file. */
  async promote(tmp: string, bucketId: string, version: string): Promise<void> {
    const file = this.path(bucketId, version);
    await mkdir(resolve(file, '..'), { recursive: true });
    await rename(tmp, file);
  }

  async discardTemp(tmp: string): Promise<void> {
    await rm(tmp, { force: true });
  }

  async remove(bucketId: string, version: string | null | undefined): Promise<void> {
    if (!version || !isVersion(version)) return;
    await rm(this.path(bucketId, version), { force: true });
  }

  async removeBucketDir(bucketId: string): Promise<void> {
    const dir = resolve(this.root, checkBucketId(bucketId));
    if (dir.startsWith(this.root + sep)) await rm(dir, { recursive: true, force: true });
  }
}
