import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Sealing of calendar-feed credentials at rest: AES-256-GCM with a random 96-bit IV per value, the
 * person's id as associated data (a sealed value copied to another person's row does not open).
 * Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url). The 32-byte key is HKDF-SHA256 of the configured
 * key material (config.calendarCredentialsKey).
 */
export class CredentialSealer {
  private readonly key: Buffer;

  constructor(keyMaterial: string) {
    this.key = Buffer.from(hkdfSync('sha256', keyMaterial, 'kohtaamo', 'calendar-feed credentials v1', 32));
  }

  seal(plain: string, personId: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(Buffer.from(personId));
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  /** The plain text, or throws when the value was altered, moved or sealed under another key. */
  open(sealed: string, personId: string): string {
    const [v, iv, tag, ct] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a sealed credential');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    d.setAAD(Buffer.from(personId));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }
}
