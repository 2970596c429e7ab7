# Reference run for src/metapop/parity.test.ts: the 3-patch metapopulation SEIR with five kinds of
# intervention, written out by hand from the equations of docs/epimodels.md §6 (independently of the
# TypeScript compiler of the model) and integrated with deSolve::lsoda at rtol = atol = 1e-10,
# restarting at every schedule change (as the TypeScript solver does with breakpoints).
# Run: Rscript metapop_3patch.R > metapop_3patch.json   (R 4.2.2, deSolve 1.34; base R otherwise)
suppressMessages(library(deSolve))

N <- c(port = 50000, town = 20000, village = 8000)
beta <- 0.5; sigma <- 1 / 4; gamma <- 1 / 5
w_school <- 0.14                                   # POLYMOD share of school contacts (default shares)

# Time shares c[i, j]: town -> port 3000 commuters x 1/3 day; village -> town 800 x 1/2; port -> town
# 1000 by ship x 1/4 day.
base_c <- matrix(0, 3, 3)
base_c[2, 1] <- 3000 / 3 / N[2]
base_c[3, 2] <- 800 * 0.5 / N[3]
base_c[1, 2] <- 1000 * 0.25 / N[1]

coefficients <- function(t) {
  cm <- base_c
  if (t >= 30) cm[1, 2] <- cm[1, 2] * (1 - 0.8)      # shipping restricted by 80 % from day 30
  diag(cm) <- 1 - rowSums(cm)
  m <- c(1, 1, 1)
  if (t >= 20 && t < 50) m[2] <- 1 - w_school       # schools closed in the town, days 20-49
  iota <- if (t >= 25) rep(1 - 0.4 * exp(-gamma * 2), 3) else rep(1, 3)  # 40 % isolated after 2 days
  eps <- c(0, 0, 0)
  if (t < 10) eps[1] <- 2 / N[1]                    # 2 imported infections a day into the port
  v <- if (t >= 40) rep(300 * 0.8 / sum(N), 3) else rep(0, 3)  # 300 doses a day, efficacy 0.8
  list(cm = cm, m = m, iota = iota, eps = eps, v = v)
}

rhs <- function(t, y, k) {
  S <- y[1:3]; E <- y[4:6]; I <- y[7:9]
  present <- as.vector(t(k$cm) %*% N)              # N*_j
  Istar <- as.vector(t(k$cm) %*% (k$iota * I))      # I*_j
  lambda_loc <- beta * k$m * Istar / present
  Lambda <- as.vector(k$cm %*% lambda_loc)
  inf <- (Lambda + k$eps) * S
  vac <- k$v * S
  list(c(-inf - vac, inf - sigma * E, sigma * E - gamma * I, gamma * I + vac, inf))
}

y <- c(N - c(10, 0, 0), 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0)
stops <- c(0, 10, 20, 25, 30, 40, 50, 120)
out <- matrix(y, nrow = 1)
for (s in seq_len(length(stops) - 1)) {
  k <- coefficients(stops[s])
  times <- seq(stops[s], stops[s + 1], by = 1)
  sol <- lsoda(y, times, function(t, y, p) rhs(t, y, k), NULL, rtol = 1e-10, atol = 1e-10)
  out <- rbind(out, sol[-1, -1, drop = FALSE])
  y <- sol[nrow(sol), -1]
}
vec <- function(x) paste0("[", paste(sprintf("%.17g", x), collapse = ","), "]")
cat("{\n  \"generator\": \"metapop_3patch.R, R ", R.version$major, ".", R.version$minor, ", deSolve ", as.character(packageVersion("deSolve")), " lsoda rtol = atol = 1e-10\",\n", sep = "")
names <- c("S", "E", "I", "R", "C")
cat("  \"days\": 120,\n  \"patches\": [\"port\", \"town\", \"village\"],\n")
for (k in 1:5) {
  cols <- (k - 1) * 3 + 1:3
  rows <- sapply(1:3, function(i) vec(out[, cols[i]]))
  cat(sprintf("  \"%s\": [%s]%s\n", names[k], paste(rows, collapse = ","), if (k < 5) "," else ""))
}
cat("}\n")
