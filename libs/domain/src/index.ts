export * from './errors';
export * from './team';
export * from './request';
export * from './meeting';
export * from './consent';
export * from './identifiers';
export * from './join-token';
export * from './access';
