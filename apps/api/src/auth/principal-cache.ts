import { Injectable } from '@nestjs/common';
import type { StaffPrincipal } from './principal';

const CACHE_MS = 30_000;
const CACHE_MAX = 10_000;

/**
 * Verified staff principals by token, for a short while: a busy client sends many requests with one
 * token, and each would otherwise cost a signature check and a database round trip. Whatever changes
 * an account's roles (team membership, responsible pairs, the account itself) clears it, so roles are
 * never stale; a token's own expiry still ends its entry.
 */
@Injectable()
export class PrincipalCache {
  private readonly entries = new Map<string, { principal: StaffPrincipal; until: number }>();
  private readonly clearedListeners: Array<() => void> = [];

  get(token: string, now: number): StaffPrincipal | undefined {
    const hit = this.entries.get(token);
    return hit && hit.until > now ? hit.principal : undefined;
  }

  set(token: string, principal: StaffPrincipal, now: number, expiresAt: number): void {
    if (this.entries.size >= CACHE_MAX) this.entries.clear();
    this.entries.set(token, { principal, until: Math.min(now + CACHE_MS, expiresAt) });
  }

  /** Clears this instance's entries and tells the other API instances to clear theirs (scale/principal-invalidation.ts). */
  clear(): void {
    this.entries.clear();
    for (const l of this.clearedListeners) l();
  }

  /** Clears this instance only: a message from another instance that cleared. */
  clearLocal(): void {
    this.entries.clear();
  }

  onCleared(listener: () => void): void {
    this.clearedListeners.push(listener);
  }
}
