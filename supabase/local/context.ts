// What the gateway hands to the local Auth and Storage servers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pool } from './db.ts';
import type { StackKeys } from './keys.ts';

export interface StackContext {
  /** Owner connection pool (bookkeeping only; tenant data is read as the caller's role). */
  pool: Pool;
  keys: StackKeys;
  /** Public base URL of the gateway, e.g. http://127.0.0.1:54321 */
  publicUrl: string;
  /** Data folder of this stack (storage bytes live under it). */
  dataDir: string;
  log: (line: string) => void;
  /** The app's origins (CORS, and where Auth's email links may point). */
  appOrigins?: string[];
}

/** `path` is the request path below the service prefix, e.g. `/token` for `/auth/v1/token`. */
export type ServiceHandler = (req: IncomingMessage, res: ServerResponse, path: string, url: URL) => Promise<void>;
