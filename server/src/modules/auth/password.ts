import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

const SCHEME = 'scrypt';
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 64;
const SALT_LENGTH = 16;
/** scrypt needs 128 × N × r bytes; leave head room over Node's 32 MiB default. */
const MAX_MEMORY = 64 * 1024 * 1024;

function deriveKey(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * Hashes a password with scrypt (memory-hard, built into Node, so no native dependency) and a
 * random 16-byte salt. The parameters travel with the hash (`scrypt$N$r$p$salt$hash`, base64),
 * so they can be raised later without invalidating stored hashes.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await deriveKey(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAX_MEMORY });
  return [SCHEME, N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * Checks a password against a stored `hashPassword` result. Compares in constant time so the
 * response time leaks nothing about the hash; a malformed stored value is simply "no match".
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== SCHEME) return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![n, r, p].every((v) => Number.isInteger(v) && v > 0) || (n & (n - 1)) !== 0) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length === 0 || expected.length === 0) return false;
  let actual: Buffer;
  try {
    actual = await deriveKey(password, salt, expected.length, { N: n, r, p, maxmem: Math.max(MAX_MEMORY, 256 * n * r) });
  } catch {
    return false;
  }
  return timingSafeEqual(actual, expected);
}
