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
 * answer with the old roles until that message reaches it. An entry lives at most 30 s and never past
 * its token's expiry; the least recently used go first when 10,000 tokens are held.
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
