// Where /auth/confirm sends someone after a mailed link signed them in. `next` comes from the link,
// and a link can be crafted (a valid token for the crafter's own account, any `next`), so this is an
// open-redirect surface like /login's `next`: only a path of this site, checked after normalisation
// by the same rule (safeNextPath), else the start page.
import { safeNextPath } from '@/lib/client/safe-next';

/**
 * The same-site path for `next`: a path, or a URL of this site (the request's origin, the Host it was
 * sent to, or APP_URL's origin: a server bound to 127.0.0.1 may see its own URL as localhost).
 */
export function confirmTarget(next: string | null, here: URL, host: string | null, appUrl = process.env.APP_URL): URL {
  let path: string | null = null;
  if (next) {
    try {
      const target = new URL(next, here);
      const allowed = [here.origin, host ? `${here.protocol}//${host}` : null, appUrl ? new URL(appUrl).origin : null];
      // An absolute URL of this site becomes its path; a relative one is checked as given.
      path = allowed.includes(target.origin) ? (/^[a-z][a-z0-9+.-]*:/i.test(next) ? `${target.pathname}${target.search}` : next) : null;
    } catch {
      // not a URL
    }
  }
  return new URL(safeNextPath(path), here);
}
