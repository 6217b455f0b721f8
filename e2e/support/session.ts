// Reads the Supabase session that @supabase/ssr keeps in cookies, to call the API the way the page
// does (bearer token of the page's own session).
import type { BrowserContext } from '@playwright/test';

export async function accessTokenOf(context: BrowserContext): Promise<string> {
  const cookies = (await context.cookies()).filter((c) => /^sb-.+-auth-token(\.\d+)?$/.test(c.name));
  if (cookies.length === 0) throw new Error('no Supabase session cookie in this context');
  const chunk = (name: string) => Number(/\.(\d+)$/.exec(name)?.[1] ?? -1);
  const raw = cookies.sort((a, b) => chunk(a.name) - chunk(b.name)).map((c) => c.value).join('');
  const json = raw.startsWith('base64-') ? Buffer.from(raw.slice('base64-'.length), 'base64url').toString('utf8') : decodeURIComponent(raw);
  const session = JSON.parse(json) as { access_token: string };
  return session.access_token;
}
