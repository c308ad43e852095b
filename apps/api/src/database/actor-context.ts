import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is acting, for PostgreSQL's row-level security (migration 1764900000000-database-roles):
 * - `staff`: a signed-in professional, `id` = person id;
 * - `guest`: someone holding an invitation, `id` = their meeting_participant id;
 * - `system`: the service itself — queue workers, the outbox relay, the demo seed, the CLI.
 * No actor (null) means nobody: the database shows no client-identifying rows at all.
 */
export type Actor = { kind: 'staff'; id: string } | { kind: 'guest'; id: string } | { kind: 'system' };

export const SYSTEM_ACTOR: Actor = Object.freeze({ kind: 'system' });

interface ActorStore {
  actor: Actor | null;
  /** facts read once per HTTP request (AccessRepository), so that two layers asking cost one query */
  memo?: Map<string, unknown>;
}

const storage = new AsyncLocalStorage<ActorStore>();

/**
 * Runs `fn` (and everything it awaits or schedules) as `actor`, in a store of its own: an actor set
 * inside (setActor) does not leak out, and the caller's actor is back when `fn` returns.
 */
export function runAs<T>(actor: Actor | null, fn: () => T): T {
  return storage.run({ actor }, fn);
}

/** `runAs(SYSTEM_ACTOR, fn)`: for work no person does (workers, relay, seed, CLI). */
export function asSystem<T>(fn: () => T): T {
  return runAs(SYSTEM_ACTOR, fn);
}

/** A per-request memo (null outside a request's store): lives and dies with the HTTP request. */
export function requestMemo(): Map<string, unknown> | null {
  const store = storage.getStore();
  if (!store) return null;
  store.memo ??= new Map();
  return store.memo;
}

/** The actor of the current async context; null outside any store or before sign-in. */
export function currentActor(): Actor | null {
  return storage.getStore()?.actor ?? null;
}

/**
 * Sets the actor of the current store (the HTTP request's, entered by `actorScopeMiddleware`) — the
 * auth guard calls it once it knows the principal. Outside a store there is nothing to set: that is a
 * programming error (a request that skipped the middleware), so it throws.
 */
export function setActor(actor: { kind: 'staff' | 'guest'; id: string } | Actor): void {
  const store = storage.getStore();
  if (!store) throw new Error('setActor outside an actor scope: every request must pass actorScopeMiddleware');
  store.actor = actor.kind === 'system' ? SYSTEM_ACTOR : { kind: actor.kind, id: (actor as { id: string }).id };
}

/**
 * Express middleware: each HTTP request runs in a store of its own, with no actor until the guard
 * authenticates it. Registered after the body parsers (their stream callbacks would lose the store).
 */
export function actorScopeMiddleware(_req: unknown, _res: unknown, next: () => void): void {
  runAs(null, next);
}
