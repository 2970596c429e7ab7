/**
 * Public entry of the links with neighbouring districts (response layer, docs/neighbours.md): the tables (drift
 * test), the routes, jobs, the delivery run and transport (tests, benchmarks, the demo), and the demo linking.
 */
export * from './neighbours.tables.ts';
export { registerNeighboursRoutes } from './neighbours.routes.ts';
export { registerNeighboursJobs, NEIGHBOURS_DELIVER_JOB } from './neighbours.jobs.ts';
export { deliverOutbox, type DeliveryRun } from './neighbours.outbox.ts';
export { httpTransport, type NeighbourTransport, RECEIVE_PATH } from './neighbours.transport.ts';
export { type Agreements, DEMO_AGREEMENTS } from './neighbours.agreements.ts';
export { approveLinkAs, proposeLinkAs, publicIdentity } from './neighbours.service.ts';
export { ensureIdentity as loadNeighbourIdentity } from './neighbours.keys.ts';
export { fetchIdentity, linkDemoPeer } from './neighbours.demo.ts';
export * from './neighbours.aid-figures.tables.ts';
