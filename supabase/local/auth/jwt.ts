// Access tokens: minted exactly like hosted Supabase's (ES256, kid, the same claims) and verified
// against the stack's own key only, so a token signed by anyone else, or `alg: none`, is refused.
import { errors as joseErrors, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import type { StackKeys } from '../keys.ts';
import { forbidden } from './errors.ts';
import { appMetadata, type UserRow } from './users.ts';

export interface AccessTokenClaims extends JWTPayload {
  role?: string;
  session_id?: string;
  is_anonymous?: boolean;
}

export interface AmrEntry {
  method: string;
  timestamp: number;
}

export function createJwtTools(keys: StackKeys, issuer: string) {
  // Imported once; a public key so verification can never mint.
  let publicKey: Promise<CryptoKey> | undefined;
  const verificationKey = () => (publicKey ??= importJWK(keys.publicJwk, 'ES256') as Promise<CryptoKey>);

  /** Upstream parseJWTClaims: any failure is 403 `bad_jwt`. */
  async function verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify<AccessTokenClaims>(
        token,
        async (header) => {
          if (header.kid !== keys.kid) throw new Error(`unrecognized JWT kid ${header.kid} for algorithm ${header.alg}`);
          return verificationKey();
        },
        { algorithms: ['ES256'] },
      );
      return payload;
    } catch (error) {
      throw forbidden('bad_jwt', `invalid JWT: unable to parse or verify signature, ${reason(error)}`);
    }
  }

  /** Upstream GenerateAccessToken: claims come from the user row as it is now. */
  async function mint(user: UserRow, sessionId: string, amr: AmrEntry[], expiresIn: number) {
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + expiresIn;
    const claims = {
      iss: issuer,
      sub: user.id,
      aud: user.aud || 'authenticated',
      exp,
      iat,
      email: user.email ?? '',
      phone: user.phone ?? '',
      app_metadata: appMetadata(user),
      user_metadata: user.raw_user_meta_data ?? {},
      role: user.role || 'authenticated',
      aal: 'aal1',
      amr,
      session_id: sessionId,
      is_anonymous: user.is_anonymous,
    };
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: keys.kid, typ: 'JWT' }).sign(keys.privateKey);
    return { token, exp };
  }

  return { verify, mint };
}

export type JwtTools = ReturnType<typeof createJwtTools>;

function reason(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token has invalid claims: token is expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature is invalid: signature is invalid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'token signature is invalid: signing method not allowed';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `token has invalid claims: ${error.message}`;
  if (error instanceof joseErrors.JOSEError) return 'token is malformed';
  return error instanceof Error ? error.message : 'token is malformed';
}
