import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { StaffPrincipal } from './principal';

const CACHE_MS = 30_000;
const CACHE_MAX = 10_000;

/**
 * Verified staff principals by token, for a short while: a busy client sends many requests with one
 * token, and each would otherwise cost a signature check and a database round trip. Whatever changes
 * an account's roles (team membership, responsible pairs, the account itself) clears it here and, through
 * Redis, on the other API instances (scale/principal-invalidation.service.ts): another instance may
 * answer with the old roles until that message reaches it. A role that changes with the date alone (a
 * responsible pair's term beginning or ending) clears nothing, so roles can be up to 30 s old. An entry
 * is served at most 30 s (on the machine's clock, as the token verifier reads it) and never past its
 * token's expiry — checked here on each read; lru-cache itself has no TTL here, it only drops the least
 * recently used when 10,000 tokens are held.
 */
@Injectable()
export class PrincipalCache {
  private readonly entries = new LRUCache<string, { principal: StaffPrincipal; until: number }>({ max: CACHE_MAX });
  private readonly clearedListeners: Array<() => void> = [];

  /** `now`: the caller's instant (ms) — an entry is valid until min(set + 30 s, token expiry). */
  get(token: string, now: number): StaffPrincipal | undefined {
    const hit = this.entries.get(token);
    if (hit && hit.until > now) return hit.principal;
    if (hit) this.entries.delete(token);
    return undefined;
  }

  set(token: string, principal: StaffPrincipal, now: number, expiresAt: number): void {
    this.entries.set(token, { principal, until: Math.min(now + CACHE_MS, expiresAt) });
  }

  /** Clears this instance's entries and tells the other API instances to clear theirs (scale/principal-invalidation.service.ts). */
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
