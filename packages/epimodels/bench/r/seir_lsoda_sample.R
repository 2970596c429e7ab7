## deSolve::lsoda on the first K parameter sets of workload d (../shared/bench), exactly as
## bench_r.R times them (days 0..200, rtol = atol = 1e-10), printed as CSV on stdout so that the
## benchmark runner can measure lsoda's error against a converged solution.
## Usage: Rscript seir_lsoda_sample.R PARAMS_CSV K
suppressMessages(library(deSolve))
args <- commandArgs(TRUE)
P <- read.csv(args[1]); K <- as.integer(args[2]); P <- P[seq_len(min(K, nrow(P))), ]
seir <- function(t, y, p) with(as.list(c(y, p)), { inf <- beta*S*I/N; list(c(-inf, inf - sigma*E, sigma*E - gamma*I, gamma*I)) })
cat("set,time,S,E,I,R\n")
for (i in seq_len(nrow(P))) {
  out <- lsoda(y = c(S = P$S0[i], E = P$E0[i], I = P$I0[i], R = P$R0[i]), times = 0:200, func = seir,
               parms = c(beta = P$beta[i], sigma = P$sigma[i], gamma = P$gamma[i], N = P$N[i]), rtol = 1e-10, atol = 1e-10)
  cat(apply(cbind(i, out), 1, function(r) paste(sprintf("%.17g", r), collapse = ",")), sep = "\n")
}
