import pg from 'pg';
import { Actor, currentActor } from './actor-context';

/**
 * The three PostgreSQL settings row-level security reads (migration 1764900000000-database-roles):
 * `kohtaamo.actor_kind` ('staff' | 'guest' | 'system' | '' for nobody), `kohtaamo.actor_id` (person or
 * participant id, or ''), `kohtaamo.now` (the API clock's instant rounded up to the whole second, ISO 8601).
 *
 * Why rounded up: a connection keeps its settings until they differ, and an instant that changed every
 * millisecond would cost a round trip before nearly every query. Rounding *up* errs towards less access:
 * a withdrawal or an expiry takes effect at once (up to a second early), never late; only a consent
 * recorded as given less than a second in the future already counts.
 */
export const ACTOR_SETTINGS = ['kohtaamo.actor_kind', 'kohtaamo.actor_id', 'kohtaamo.now'] as const;

const SET_SQL = `SELECT set_config('kohtaamo.actor_kind', $1, false), set_config('kohtaamo.actor_id', $2, false), set_config('kohtaamo.now', $3, false)`;

/** Granularity of `kohtaamo.now`: the instant is rounded up to a multiple of this. */
export const NOW_GRANULARITY_MS = 1000;

/**
 * The values of ACTOR_SETTINGS for an actor at an instant. The system actor carries no instant (''):
 * every policy lets it through before it looks at the time, so its connections — the workers', which
 * run thousands of statements a second — are set once and never again because a second went by.
 */
export function actorSettingValues(actor: Actor | null, now: Date): [kind: string, id: string, now: string] {
  if (actor?.kind === 'system') return ['system', '', ''];
  const at = new Date(Math.ceil(now.getTime() / NOW_GRANULARITY_MS) * NOW_GRANULARITY_MS).toISOString();
  if (!actor) return ['', '', at];
  return [actor.kind, actor.id, at];
}

/** What each pooled connection was last set to (kind, id, now joined), so an unchanged actor costs nothing. */
const applied = new WeakMap<pg.ClientBase, string>();

async function apply(client: pg.ClientBase, values: [string, string, string]): Promise<void> {
  const key = values.join('|');
  if (applied.get(client) === key) return;
  applied.delete(client);
  await client.query(SET_SQL, values);
  applied.set(client, key);
}

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/**
 * The `pg` module as TypeORM should see it (DataSourceOptions.driver): its Pool makes every connection
 * it hands out — for one query or for a whole transaction — carry the settings of the current actor
 * (apps/api/src/database/actor-context.ts) before the caller gets it. The settings are session-level
 * (set_config(…, false)) and re-sent only when the actor or the instant differs from what that
 * connection last carried; a connection used by no store carries '' (nobody), never a stale actor.
 */
export function actorAwarePg(now: () => Date): typeof pg {
  class ActorAwarePool extends pg.Pool {
    override connect(): Promise<pg.PoolClient>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
      // Read the actor here, in the caller's context: pg-pool may hand the connection over later from the
      // context of whoever released it, which is another request's.
      const values = actorSettingValues(currentActor(), now());
      if (!callback) {
        return super.connect().then(async (client) => {
          try {
            await apply(client, values);
          } catch (e) {
            client.release(e as Error);
            throw e;
          }
          return client;
        });
      }
      super.connect((err, client, done) => {
        if (err || !client) return callback(err, client, done);
        apply(client, values).then(
          () => callback(undefined, client, done),
          (e: Error) => {
            done(e);
            callback(e, undefined, () => undefined);
          },
        );
      });
    }
  }
  return Object.assign(Object.create(pg) as typeof pg, { Pool: ActorAwarePool });
}
