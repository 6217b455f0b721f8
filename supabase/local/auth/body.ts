// Request bodies: JSON, validated with zod; anything malformed is upstream's 400 `bad_json`.
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { HttpError, readJson } from '../http.ts';
import { AuthError, badRequest } from './errors.ts';

export const metadata = z.record(z.string(), z.unknown());

export async function readBodyAs<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await readJson<unknown>(req, 256 * 1024);
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) throw new AuthError(413, 'request_too_large', 'Request body too large');
    throw badRequest('bad_json', 'Could not parse request body as JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` (field ${issue.path.join('.')})` : '';
    throw badRequest('bad_json', `Could not parse request body as JSON: ${issue?.message ?? 'invalid body'}${where}`);
  }
  return parsed.data;
}
