/** Nest injection tokens of the media layer. */
export const WORKER_POOL = Symbol('WORKER_POOL');
export const ROOMS_OPTIONS = Symbol('ROOMS_OPTIONS');
