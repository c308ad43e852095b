export * from './signalling';
export * from './tokens';
