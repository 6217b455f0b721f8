// What must never reach a log line, even inside an error message: tokens, API keys, webhook
// secrets, bearer credentials, e-mail addresses and phone numbers. Log calls pass ids and numbers
// only; this is the second line of defence for strings that come from elsewhere (error messages,
// PostgREST details). Transcript text cannot be recognised by shape: it is kept out by never
// logging payloads (tests/integration/observability-logs.test.ts proves both).

const PATTERNS: [RegExp, string | ((m: string) => string)][] = [
  [/\bBearer\s+[^\s"',]+/gi, 'Bearer [redacted]'],
  // JWTs (access tokens, legacy API keys): three base64url parts, the first a JSON header.
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, '[jwt]'],
  [/\bsb_(?:secret|publishable)_[A-Za-z0-9_-]+/g, '[api-key]'],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, '[webhook-secret]'],
  // Vapi secrets made on the settings page, and Retell API keys (key_…).
  [/\bvapi_[A-Za-z0-9_-]{16,}/g, '[webhook-secret]'],
  [/\bkey_[A-Za-z0-9]{16,}/g, '[api-key]'],
  [/\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b/g, '[email]'],
  [/postgres(?:ql)?:\/\/[^\s"']+/gi, '[connection-string]'],
  // Query strings of URLs (pre-signed recording URLs carry their credentials there).
  [/(https?:\/\/[^\s?#"']+)\?[^\s"']*/gi, '$1?[redacted]'],
  // Phone numbers: 7+ digits with optional +, spaces, dots, dashes, parentheses; not part of an id
  // (uuid segments, timestamps) and not an IPv4 address.
  [
    /(?<![\w.-])\+?\(?\d[\d\s().-]{5,}\d(?![\w-])/g,
    (m) => (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(m) || m.replace(/\D/g, '').length < 7 ? m : '[phone]'),
  ],
];

export function scrubString(value: string): string {
  let out = value;
  for (const [pattern, replacement] of PATTERNS) {
    out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return out;
}

/** Every string in a log record, scrubbed (objects and arrays copied, depth-limited). */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  if (value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubValue(v, depth + 1);
  return out;
}
