// Bucket ids and object names. Names are parsed from the RAW request path (the gateway's URL object
// has already resolved `..` and turned `\` into `/`, which would hide an attack instead of refusing
// it) and from JSON bodies. Bytes on disk are never addressed by name (see blob-store.ts), so these
// rules keep names sane and unambiguous rather than being the only thing between a name and the disk.
import { errors } from './errors.ts';

// Upstream's key whitelist (storage-api `mustBeValidKey`): ASCII word characters and a few safe
// punctuation marks. No `%` (so nothing double-encoded survives), no `\`, no control characters.
const SEGMENT = /^[A-Za-z0-9_!\-.*'() &$@=;:+,?]+$/;
const MAX_NAME_LENGTH = 1024;

/** Validates an object name (`org/call.wav`) as it appears in JSON bodies and, decoded, in paths. */
export function checkObjectName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) throw errors.invalidKey(String(name));
  for (const segment of name.split('/')) {
    // Catches absolute names (leading `/` → empty first segment), `a//b`, trailing `/`, `.`, `..`.
    if (segment === '' || segment === '.' || segment === '..' || !SEGMENT.test(segment)) throw errors.invalidKey(name);
  }
  return name;
}

/** A list prefix: empty, or a name optionally ending in `/` (a folder). */
export function checkPrefix(prefix: unknown): string {
  if (prefix === undefined || prefix === null || prefix === '') return '';
  if (typeof prefix !== 'string') throw errors.invalidKey(String(prefix));
  checkObjectName(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}

/**
 * Joins raw (still percent-encoded) path segments into an object name. Each segment is decoded on
 * its own, so `%2F` can never become a separator: a decoded `/` (or a `%` left over from `%252F`)
 * is refused, as are `%2e%2e` and friends once decoded.
 */
export function objectNameFromRawSegments(rawSegments: string[]): string {
  const raw = rawSegments.join('/');
  const decoded = rawSegments.map((segment) => {
    let value: string;
    try {
      value = decodeURIComponent(segment);
    } catch {
      throw errors.invalidKey(raw);
    }
    if (value.includes('/')) throw errors.invalidKey(raw);
    return value;
  });
  const name = decoded.join('/');
  checkObjectName(name);
  return name;
}

const BUCKET_ID = /^[A-Za-z0-9_!\-*'() &$@=;:+,?][A-Za-z0-9_!\-.*'() &$@=;:+,?]{0,99}$/;

/** Bucket ids become a folder name on disk: no separators, no leading dot (so never `.` or `..`). */
export function checkBucketId(id: unknown): string {
  if (typeof id !== 'string' || !BUCKET_ID.test(id)) throw errors.invalidBucketName();
  return id;
}

export function bucketIdFromRawSegment(segment: string | undefined): string {
  if (segment === undefined) throw errors.invalidBucketName();
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    throw errors.invalidBucketName();
  }
  return checkBucketId(id);
}
