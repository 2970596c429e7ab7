/**
 * @outbreak/epimodels — epidemic models for the district: Rt (Cori et al. 2013, as EpiEstim),
 * SEIR ODE models on a generic Dormand–Prince 5(4) solver, the metapopulation SEIR (deterministic and
 * stochastic), calibration, demand forecasts and scenario comparison. Pure functions, no I/O; the
 * worker-thread ensemble runner is in the Node-only entry `@outbreak/epimodels/metapop-node`.
 */
export * from './ode/dopri5.ts';
export * from './rt/discr-si.ts';
export * from './rt/estimate-r.ts';
export * from './rt/incidence.ts';
export * from './seir/seir.ts';
export * from './metapop/model.ts';
export * from './metapop/deterministic.ts';
export * from './metapop/stochastic.ts';
export * from './metapop/ensemble.ts';
export * from './demand/demand.ts';
export * from './calibration/optim.ts';
export * from './calibration/calibrate.ts';
export * from './scenarios/scenarios.ts';
export * from './scenarios/scenario-file.ts';
export * from './scenarios/district.ts';
