import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

/** Sessions last a working day; a new login is needed after that. */
export const SESSION_LIFETIME_SECONDS = 8 * 60 * 60;
const ISSUER = 'schoolmix';

export interface SessionClaims {
  userId: string;
  /** The user's token version when the token was made: raised on deactivation or role change. */
  tokenVersion: number;
}

/**
 * Signs and checks session tokens (JWT, HS256, via jose). Stateless, so any instance can check
 * any token. Without SESSION_SECRET (development and tests only; production refuses to start)
 * a random secret per process is used: tokens then die with the process.
 */
export class SessionSigner {
  private readonly key: Uint8Array;

  constructor(secret: string | null) {
    this.key = secret ? new TextEncoder().encode(secret) : randomBytes(32);
  }

  async sign(claims: SessionClaims, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = new Date((issuedAt + SESSION_LIFETIME_SECONDS) * 1000);
    const token = await new SignJWT({ tv: claims.tokenVersion })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setIssuedAt(issuedAt)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The claims of a valid token, or the reason it is not valid. */
  async verify(token: string, now: Date): Promise<SessionClaims | 'expired' | 'invalid'> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'], currentDate: now });
      if (typeof payload.sub !== 'string' || typeof payload.tv !== 'number') return 'invalid';
      return { userId: payload.sub, tokenVersion: payload.tv };
    } catch (error) {
      return error instanceof errors.JWTExpired ? 'expired' : 'invalid';
    }
  }
}
