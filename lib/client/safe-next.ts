// Where to go after sign-in. `next` comes from the URL, so it must stay a same-origin relative path:
// "//evil.example", "/\evil.example", "https://…" or "javascript:…" all fall back to the default.

export const DEFAULT_AFTER_LOGIN = '/calls';

export function safeNextPath(next: string | null | undefined, fallback = DEFAULT_AFTER_LOGIN): string {
  if (!next || next.length > 2048) return fallback;
  // Browsers treat a backslash like a slash and ignore tabs/newlines, so "/\x" and "/\t/x" are
  // protocol-relative too. Refuse them before parsing.
  if (!next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f]/.test(next)) return fallback;
  let url: URL;
  try {
    const base = 'http://same-origin.invalid';
    url = new URL(next, base);
    if (url.origin !== base) return fallback;
  } catch {
    return fallback;
  }
  // Normalisation can itself produce a protocol-relative path: "/.//evil.example", "/calls/..//evil.example"
  // and "/%2e//evil.example" all become "//evil.example". Check the result, not only the input.
  if (url.pathname.startsWith('//') || url.pathname.startsWith('/\\')) return fallback;
  // Going "back" to the sign-in page after signing in would loop.
  if (url.pathname === '/login' || url.pathname.startsWith('/login/')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
