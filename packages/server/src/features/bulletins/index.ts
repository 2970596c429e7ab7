/**
 * The bulletins feature's public entry (information disclosure, docs/disclosure.md): routes for the composition,
 * tables for the drift test, the job and the demo.
 */
export * from './bulletins.tables.ts';
export { registerBulletinsRoutes } from './bulletins.routes.ts';
export { answerFromCache, registerPublicRoutes } from './public.routes.ts';
export { leanPublicAnswer } from './public.answer.ts';
export { publishDueBulletins } from './bulletins.service.ts';
export { freshPublicEntry, invalidatePublicCache, publicCacheKey, publicCacheKeyOf } from './public.cache.ts';
export { suppressTable, suppressList, DEFAULT_K } from './suppression.ts';
export { seedBulletinsDemo } from './bulletins.demo.ts';
