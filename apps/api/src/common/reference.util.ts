import { DomainError } from '@kohtaamo/domain';

/**
 * Loads a record that the request body refers to: a missing one is the client's mistake in that field
 * (422 naming it), not a missing resource at the URL (404).
 */
export async function asReference<T>(load: Promise<T>, field: string): Promise<T> {
  try {
    return await load;
  } catch (e) {
    if (e instanceof DomainError && e.code === 'not_found') throw DomainError.field('unprocessable', field, e.message);
    throw e;
  }
}
