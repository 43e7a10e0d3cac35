import { randomBytes, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

/** Sessions last a working day; a new login is needed after that. */
export const SESSION_LIFETIME_SECONDS = 8 * 60 * 60;
const ISSUER = 'schoolmix';

export interface SessionClaims {
  userId: string;
  /** The user's token version when the token was made: raised on deactivation or role change. */
  tokenVersion: number;
}

/** A valid token's claims, with the session's own id (`jti`, what `logout` revokes) and its end. */
export interface VerifiedSession extends SessionClaims {
  sessionId: string;
  expiresAt: Date;
}

/** How many verified session tokens a process remembers (about 0.5 kB each). */
const VERIFIED_CACHE_SIZE = 5_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Signs and checks session tokens (JWT, HS256, via jose). Stateless, so any instance can check
 * any token. Without SESSION_SECRET (development and tests only; production refuses to start)
 * a random secret per process is used: tokens then die with the process.
 */
export class SessionSigner {
  private readonly key: Uint8Array;
  /**
   * Tokens whose signature this process has checked, newest last (at most VERIFIED_CACHE_SIZE): a
   * busy client sends the same token on every request, and the HMAC check was 3–4 % of the CPU of a
   * small list (docs/PERFORMANCE.md). Keyed by the whole token, so only the exact bytes verified
   * before are trusted; expiry is still checked against `now` on every use, and the database
   * checks (revoked, deactivated, token version) run on every request as before.
   */
  private readonly verified = new Map<string, VerifiedSession>();

  constructor(secret: string | null) {
    this.key = secret ? new TextEncoder().encode(secret) : randomBytes(32);
  }

  /** A token for a new session, with an id of its own so that `logout` can end just this one. */
  async sign(claims: SessionClaims, now: Date): Promise<{ token: string; expiresAt: Date; sessionId: string }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = new Date((issuedAt + SESSION_LIFETIME_SECONDS) * 1000);
    const sessionId = randomUUID();
    const token = await new SignJWT({ tv: claims.tokenVersion })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setJti(sessionId)
      .setIssuer(ISSUER)
      .setIssuedAt(issuedAt)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt, sessionId };
  }

  /**
   * The claims of a valid token, or the reason it is not valid. A token without a session id
   * (made before logout existed) is not valid: it could not be logged out.
   */
  async verify(token: string, now: Date): Promise<VerifiedSession | 'expired' | 'invalid'> {
    const known = this.verified.get(token);
    if (known) {
      // jose's rule: expired once now >= exp (no clock tolerance).
      if (now.getTime() < known.expiresAt.getTime()) return known;
      this.verified.delete(token);
      return 'expired';
    }
    const result = await this.check(token, now);
    if (typeof result === 'object') {
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, result);
    }
    return result;
  }

  private async check(token: string, now: Date): Promise<VerifiedSession | 'expired' | 'invalid'> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'], currentDate: now });
      const { sub, tv, jti, exp } = payload;
      if (typeof sub !== 'string' || !UUID.test(sub) || typeof tv !== 'number' || typeof jti !== 'string' || !UUID.test(jti) || typeof exp !== 'number') return 'invalid';
      return { userId: sub, tokenVersion: tv, sessionId: jti, expiresAt: new Date(exp * 1000) };
    } catch (error) {
      return error instanceof errors.JWTExpired ? 'expired' : 'invalid';
    }
  }
}
