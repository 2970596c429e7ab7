/** Test support for every feature: databases on both engines, factories, and an HTTP client with a session. */
export * from './test-db.ts';
export * from './factories.ts';
export * from './http.ts';
