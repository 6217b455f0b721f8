// Settings of the local Auth server, read once from the environment (names mirror GOTRUE_* ones).
export interface AuthConfig {
  /** Access-token lifetime in seconds (GOTRUE_JWT_EXP). */
  jwtExpiry: number;
  /**
   * Seconds during which the immediate parent of a session's active refresh token may be replayed
   * and answered with that active token (GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL). Covers
   * concurrent refreshes from several tabs or server renders, as upstream does. 0 = never.
   */
  refreshTokenReuseInterval: number;
  /** Minimum password length (GOTRUE_PASSWORD_MIN_LENGTH). */
  passwordMinLength: number;
  /**
   * Where email links point (GOTRUE_SITE_URL): the app's origin. A `redirect_to` is honoured only
   * when its origin is the site URL's or one of `redirectOrigins` (GOTRUE_URI_ALLOW_LIST); anything
   * else falls back to the site URL, as upstream does.
   */
  siteUrl: string;
  redirectOrigins: string[];
  /** Lifetime of an email link's one-time token in seconds (GOTRUE_MAILER_OTP_EXP). */
  otpExpiry: number;
  /** Seconds between two /otp mails to one address (GOTRUE_SMTP_MAX_FREQUENCY); 429 before. */
  otpMaxFrequency: number;
  rateLimit: {
    /** Failed password sign-ins per account per window before 429. */
    perAccount: number;
    /** Failed password sign-ins per client IP per window before 429. */
    perIp: number;
    windowSeconds: number;
    /**
     * Header holding the client IP (GOTRUE_RATE_LIMIT_HEADER), for when a trusted proxy sits in
     * front. Unset: the TCP peer address, which a client cannot forge.
     */
    ipHeader: string | null;
  };
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env, appOrigins: string[] = []): AuthConfig {
  const origins = (env.AUTH_REDIRECT_ORIGINS?.split(',') ?? appOrigins).map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean);
  return {
    siteUrl: (env.AUTH_SITE_URL?.trim() || origins[0] || 'http://localhost:3000').replace(/\/+$/, ''),
    redirectOrigins: origins,
    otpExpiry: int(env, 'AUTH_OTP_EXPIRY', 3600, 60),
    otpMaxFrequency: int(env, 'AUTH_OTP_MAX_FREQUENCY', 60, 0),
    jwtExpiry: int(env, 'AUTH_JWT_EXPIRY', 3600, 30),
    refreshTokenReuseInterval: int(env, 'AUTH_REFRESH_TOKEN_REUSE_INTERVAL', 10, 0),
    passwordMinLength: int(env, 'AUTH_PASSWORD_MIN_LENGTH', 6, 1),
    rateLimit: {
      perAccount: int(env, 'AUTH_RATE_LIMIT_PER_ACCOUNT', 10, 1),
      perIp: int(env, 'AUTH_RATE_LIMIT_PER_IP', 30, 1),
      windowSeconds: int(env, 'AUTH_RATE_LIMIT_WINDOW', 300, 1),
      ipHeader: env.AUTH_RATE_LIMIT_HEADER?.trim().toLowerCase() || null,
    },
  };
}
