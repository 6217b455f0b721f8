// Reads a request body up to a byte cap, without ever buffering more than the cap: a declared
// Content-Length over the cap is refused before reading, a chunked body is cut off as it streams.
// Over the cap is a 413 payload_too_large wherever the caller's errors go through toErrorResponse.
import { ApiError } from '@/lib/api/errors';

export class PayloadTooLargeError extends ApiError {
  constructor(readonly limit: number) {
    super('payload_too_large', `The request body is larger than ${limit} bytes.`);
  }
}

export async function readBodyWithLimit(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new PayloadTooLargeError(limit);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
