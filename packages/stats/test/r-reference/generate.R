# Generates r-reference.json: R 4.2.2 values for the @outbreak/stats tests.
# Run from this folder:  Rscript generate.R   (base R only; the tests never need R)
# Each case is [function, args..., lower.tail, log.p, expected] for p*/q*,
# [function, args..., log, expected] for d*, [function, args..., expected] otherwise.
num <- function(v) {
  if (is.na(v) && !is.nan(v)) return('"NA"')
  if (is.nan(v)) return('"NaN"')
  if (v == Inf) return('"Inf"')
  if (v == -Inf) return('"-Inf"')
  sprintf("%.17g", v)
}
lgl <- function(b) if (b) "true" else "false"
cases <- character(0)
add <- function(fn, args, flags, value) {
  if (is.null(value)) return(invisible())
  parts <- c(sprintf('"%s"', fn), vapply(args, num, ""), vapply(flags, lgl, ""), num(value))
  cases[[length(cases) + 1L]] <<- paste0("[", paste(parts, collapse = ","), "]")
}
tails <- list(c(TRUE, FALSE), c(FALSE, FALSE), c(TRUE, TRUE), c(FALSE, TRUE))
pgrid <- c(1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8,
           0.9, 0.95, 0.975, 0.99, 0.999, 1 - 1e-5, 1 - 1e-10)
pfor <- function(p, lt, lg) { if (!lt) p <- p; if (lg) log(p) else p }

# ---- special functions
for (x in c(1e-300, 1e-20, 1e-10, 1e-5, 0.1, 0.5, 0.9, 0.9999, 1, 1.0001, 1.2, 1.5, 1.9999, 2, 2.0001, 2.5,
            3.7, 5, 9.99, 10, 10.5, 12.25, 15.3, 20.5, 33.3, 100, 171.5, 1e3, 1e5, 4.9e6, 5e6, 1e7, 1e10,
            1e15, 1e17, 1e18, 1e100, 1e300, -0.5, -1.5, -2.3, -9.9, -10.5, -11.2, -100.3, -1e5 - 0.5))
  add("lgamma", list(x), list(), lgamma(x))
for (x in c(1e-10, 0.1, 0.5, 1, 1.5, 2.5, 3.7, 5, 9.99, 10.5, 20.5, 33.3, 100.1, 170.2, -0.5, -1.5, -2.3, -9.9, -10.5, -20.2, -150.7))
  add("gamma", list(x), list(), gamma(x))
for (x in c(1e-8, 0.1, 0.5, 1, 1.4616321449683622, 1.5, 2, 3.7, 9.5, 10, 25.3, 1e3, 1e6, 1e10, -0.5, -1.7, -10.3))
  add("digamma", list(x), list(), digamma(x))
for (x in c(1e-8, 0.1, 0.5, 1, 1.5, 2, 3.7, 9.5, 10, 25.3, 1e3, 1e6, 1e10, -0.5, -1.7, -10.3))
  add("trigamma", list(x), list(), trigamma(x))
for (ab in list(c(0.5, 0.5), c(1, 1), c(2.5, 3.5), c(0.01, 100), c(1e-5, 1e5), c(12, 20), c(3, 1e4), c(100, 1e6), c(1e8, 1e8), c(7, 9.99)))
  add("lbeta", list(ab[1], ab[2]), list(), lbeta(ab[1], ab[2]))
for (nk in list(c(10, 3), c(100, 50), c(1e6, 123), c(5.5, 2), c(-3, 4), c(-2.5, 3), c(1e15, 3), c(20, 20), c(4, 7)))
  add("lchoose", list(nk[1], nk[2]), list(), lchoose(nk[1], nk[2]))
for (x in c(-0.79, -0.5, -0.1, -1e-3, -1e-8, 1e-8, 1e-3, 0.1, 0.5, 0.99, 2, 10))
  # R's log1pmx() is internal: reference from the alternating series sum_{k>=2} (-1)^(k+1) x^k / k
  # (no cancellation for |x| < 0.5), log1p(x) - x otherwise
  add("log1pmx", list(x), list(), if (abs(x) < 0.5) { k <- 60:2; sum((-1)^(k + 1) * x^k / k) } else log1p(x) - x)

# ---- normal
for (x in c(-40, -38.5, -37, -20, -8.3, -5.7, -5, -2, -0.7, -0.5, -1e-10, 0, 1e-10, 0.3, 0.66, 0.67, 1, 1.96, 3, 5.65, 5.66, 8.29, 8.3, 10, 20, 37.5, 38))
  for (t in tails) add("pnorm", list(x, 0, 1), list(t[1], t[2]), pnorm(x, lower.tail = t[1], log.p = t[2]))
for (ms in list(c(3.2, 0.7), c(-100, 25)))
  for (x in c(-150, -3, 0, 2.5, 4.1))
    add("pnorm", list(x, ms[1], ms[2]), list(TRUE, FALSE), pnorm(x, ms[1], ms[2]))
for (p in pgrid) for (t in tails) {
  pp <- if (t[2]) log(p) else p
  add("qnorm", list(pp, 0, 1), list(t[1], t[2]), qnorm(pp, lower.tail = t[1], log.p = t[2]))
}
for (lp in c(-1e5, -1000, -700, -100)) add("qnorm", list(lp, 0, 1), list(TRUE, TRUE), qnorm(lp, log.p = TRUE))
for (x in c(-40, -10, -5.5, -1, 0, 0.5, 4.9, 5.1, 30, 38.6)) for (lg in c(FALSE, TRUE))
  add("dnorm", list(x, 0, 1), list(lg), dnorm(x, log = lg))

# ---- Poisson
lams <- c(1e-5, 0.1, 1, 3.7, 10, 55.5, 100, 1000, 12345.6, 1e7)
for (lam in lams) {
  xs <- unique(pmax(0, round(c(0, 1, 2, lam / 2, lam - sqrt(lam), lam, lam + 2 * sqrt(lam), lam + 6 * sqrt(lam) + 5, 3 * lam + 20))))
  for (x in xs) {
    for (lg in c(FALSE, TRUE)) add("dpois", list(x, lam), list(lg), dpois(x, lam, log = lg))
    for (t in tails) add("ppois", list(x, lam), list(t[1], t[2]), ppois(x, lam, lower.tail = t[1], log.p = t[2]))
  }
  for (p in pgrid) for (t in tails) {
    pp <- if (t[2]) log(p) else p
    add("qpois", list(pp, lam), list(t[1], t[2]), qpois(pp, lam, lower.tail = t[1], log.p = t[2]))
  }
}

# ---- negative binomial, (size, mu) and (size, prob)
sizes <- c(1e-3, 0.1, 0.5, 1, 2.7, 10, 100, 1e4, 1e8)
mus <- c(0.01, 0.5, 1, 5.5, 20, 100, 1e4, 1e6)
for (size in sizes) for (mu in mus) {
  sdv <- sqrt(mu + mu^2 / size)
  xs <- unique(pmax(0, round(c(0, 1, mu / 2, mu, mu + sdv, mu + 4 * sdv + 3))))
  for (x in xs) {
    add("dnbinom_mu", list(x, size, mu), list(FALSE), dnbinom(x, size, mu = mu))
    add("dnbinom_mu", list(x, size, mu), list(TRUE), dnbinom(x, size, mu = mu, log = TRUE))
    for (t in tails) add("pnbinom_mu", list(x, size, mu), list(t[1], t[2]), pnbinom(x, size, mu = mu, lower.tail = t[1], log.p = t[2]))
  }
  for (p in pgrid[pgrid >= 1e-10]) for (t in tails) {
    pp <- if (t[2]) log(p) else p
    add("qnbinom_mu", list(pp, size, mu), list(t[1], t[2]), qnbinom(pp, size, mu = mu, lower.tail = t[1], log.p = t[2]))
  }
}
for (size in c(0.5, 1, 3, 25.5, 1000)) for (prob in c(0.001, 0.1, 0.5, 0.9, 0.999)) {
  mu <- size * (1 - prob) / prob
  xs <- unique(pmax(0, round(c(0, 1, mu, mu + 3 * sqrt(mu / prob) + 2))))
  for (x in xs) {
    add("dnbinom_prob", list(x, size, prob), list(FALSE), dnbinom(x, size, prob))
    for (t in tails) add("pnbinom_prob", list(x, size, prob), list(t[1], t[2]), pnbinom(x, size, prob, lower.tail = t[1], log.p = t[2]))
  }
  for (p in c(0.001, 0.05, 0.5, 0.8, 0.95, 0.999)) for (t in tails[1:2])
    add("qnbinom_prob", list(p, size, prob), list(t[1], t[2]), qnbinom(p, size, prob, lower.tail = t[1]))
}

# ---- gamma and chi-squared
shapes <- c(1e-3, 0.1, 0.5, 1, 2.5, 10, 100, 1e4, 1e6)
for (a in shapes) for (rate in c(1, 0.25)) {
  m <- a / rate
  xs <- c(m * 1e-3, m * 0.5, m * 0.9, m, m * 1.1, m * 2, m * 5 + 10 / rate)
  for (x in xs) {
    add("dgamma", list(x, a, rate), list(FALSE), dgamma(x, a, rate))
    add("dgamma", list(x, a, rate), list(TRUE), dgamma(x, a, rate, log = TRUE))
    for (t in tails) add("pgamma", list(x, a, rate), list(t[1], t[2]), pgamma(x, a, rate, lower.tail = t[1], log.p = t[2]))
  }
  for (p in pgrid[pgrid >= 1e-20]) for (t in tails) {
    pp <- if (t[2]) log(p) else p
    add("qgamma", list(pp, a, rate), list(t[1], t[2]), qgamma(pp, a, rate, lower.tail = t[1], log.p = t[2]))
  }
}
for (df in c(0.5, 1, 3, 10, 57.3)) {
  for (x in c(0.01, 0.5, df, 3 * df + 5)) for (t in tails[1:2])
    add("pchisq", list(x, df), list(t[1], t[2]), pchisq(x, df, lower.tail = t[1]))
  for (p in c(1e-10, 0.01, 0.05, 0.5, 0.95, 0.99, 0.999)) for (t in tails[1:2])
    add("qchisq", list(p, df), list(t[1], t[2]), qchisq(p, df, lower.tail = t[1]))
}

# ---- binomial
for (n in c(1, 10, 57, 1000, 1e6)) for (pr in c(1e-4, 0.01, 0.3, 0.5, 0.9)) {
  m <- n * pr; s <- sqrt(n * pr * (1 - pr))
  xs <- unique(pmin(n, pmax(0, round(c(0, 1, m - 2 * s, m, m + 2 * s, m + 5 * s + 1, n - 1)))))
  for (x in xs) {
    add("dbinom", list(x, n, pr), list(FALSE), dbinom(x, n, pr))
    for (t in tails) add("pbinom", list(x, n, pr), list(t[1], t[2]), pbinom(x, n, pr, lower.tail = t[1], log.p = t[2]))
  }
  for (p in pgrid[pgrid >= 1e-10]) for (t in tails) {
    pp <- if (t[2]) log(p) else p
    add("qbinom", list(pp, n, pr), list(t[1], t[2]), qbinom(pp, n, pr, lower.tail = t[1], log.p = t[2]))
  }
}

# ---- t
for (df in c(0.5, 1, 2, 3, 5.5, 10, 30, 100, 1e4, 1e7)) {
  for (x in c(-1e10, -50, -5, -2, -0.5, 0, 0.1, 1, 2.5, 8, 1e3)) {
    add("dt", list(x, df), list(FALSE), dt(x, df))
    for (t in tails) add("pt", list(x, df), list(t[1], t[2]), pt(x, df, lower.tail = t[1], log.p = t[2]))
  }
  for (p in c(1e-12, 1e-6, 0.001, 0.025, 0.05, 0.1, 0.3, 0.5, 0.6, 0.9, 0.95, 0.975, 0.999, 1 - 1e-9))
    for (t in tails[1:2]) add("qt", list(p, df), list(t[1], t[2]), qt(p, df, lower.tail = t[1]))
}

# ---- beta
for (ab in list(c(0.5, 0.5), c(1, 1), c(2, 5), c(0.1, 3), c(30, 0.7), c(50, 60), c(1e3, 2e3), c(1e5, 3), c(0.01, 0.02))) {
  a <- ab[1]; b <- ab[2]
  for (x in c(1e-10, 1e-3, 0.1, 0.3, a / (a + b), 0.7, 0.99, 1 - 1e-9)) {
    add("dbeta", list(x, a, b), list(FALSE), dbeta(x, a, b))
    for (t in tails) add("pbeta", list(x, a, b), list(t[1], t[2]), pbeta(x, a, b, lower.tail = t[1], log.p = t[2]))
  }
  for (p in c(1e-10, 0.001, 0.05, 0.3, 0.5, 0.8, 0.95, 0.999)) for (t in tails[1:2])
    add("qbeta", list(p, a, b), list(t[1], t[2]), qbeta(p, a, b, lower.tail = t[1]))
}

# ---- random parameters in the ranges surveillance uses (Farrington, Noufaily, Bayes thresholds):
# exact-integer checks of qnbinom/qpois far from the hand-picked grid above
set.seed(42)
for (k in 1:3000) {
  size <- exp(runif(1, log(0.05), log(2000))); mu <- exp(runif(1, log(0.01), log(2e4)))
  p <- if (k %% 2 == 0) sample(c(0.9, 0.95, 0.975, 0.99, 0.995, 0.999), 1) else runif(1)
  add("qnbinom_mu", list(p, size, mu), list(TRUE, FALSE), qnbinom(p, size, mu = mu))
  prob <- runif(1, 0.001, 0.999)
  add("qnbinom_prob", list(p, size, prob), list(TRUE, FALSE), qnbinom(p, size, prob))
  add("qpois", list(p, mu), list(TRUE, FALSE), qpois(p, mu))
}

# ---- edge cases: 0, ±Inf, negative and boundary arguments and parameters, both tails (NaN where R gives NaN;
# R warnings suppressed; calls R cannot finish within 2 s are left out)
safe <- function(expr) { setTimeLimit(elapsed = 2, transient = TRUE); on.exit(setTimeLimit(elapsed = Inf)); tryCatch(expr, error = function(e) NULL) }
xs <- c(-1, 0, 0.5, 1, 3, Inf, -Inf)
ps <- c(0, 1e-300, 0.3, 1, 4, Inf, -1)
probs <- c(0, 1e-300, 0.3, 1, 1.5, -0.1)
qs <- c(-0.1, 0, 0.3, 1, 1.2)
suppressWarnings({
for (x in xs) for (a in ps) {
  add("dpois", list(x, a), list(FALSE), safe(dpois(x, a)))
  for (lt in c(TRUE, FALSE)) add("ppois", list(x, a), list(lt, FALSE), safe(ppois(x, a, lower.tail = lt)))
  for (b in ps) {
    add("dnbinom_mu", list(x, a, b), list(FALSE), safe(dnbinom(x, a, mu = b)))
    for (lt in c(TRUE, FALSE)) add("pnbinom_mu", list(x, a, b), list(lt, FALSE), safe(pnbinom(x, a, mu = b, lower.tail = lt)))
    add("dgamma", list(x, a, b), list(FALSE), safe(dgamma(x, a, b)))
    for (lt in c(TRUE, FALSE)) add("pgamma", list(x, a, b), list(lt, FALSE), safe(pgamma(x, a, b, lower.tail = lt)))
    add("dbeta", list(x, a, b), list(FALSE), safe(dbeta(x, a, b)))
    for (lt in c(TRUE, FALSE)) add("pbeta", list(x, a, b), list(lt, FALSE), safe(pbeta(x, a, b, lower.tail = lt)))
    add("dnorm", list(x, a, b), list(FALSE), safe(dnorm(x, a, b)))
    for (lt in c(TRUE, FALSE)) add("pnorm", list(x, a, b), list(lt, FALSE), safe(pnorm(x, a, b, lower.tail = lt)))
  }
  for (pr in probs) {
    add("dnbinom_prob", list(x, a, pr), list(FALSE), safe(dnbinom(x, a, pr)))
    for (lt in c(TRUE, FALSE)) add("pnbinom_prob", list(x, a, pr), list(lt, FALSE), safe(pnbinom(x, a, pr, lower.tail = lt)))
    add("dbinom", list(x, a, pr), list(FALSE), safe(dbinom(x, a, pr)))
    for (lt in c(TRUE, FALSE)) add("pbinom", list(x, a, pr), list(lt, FALSE), safe(pbinom(x, a, pr, lower.tail = lt)))
  }
  add("dt", list(x, a), list(FALSE), safe(dt(x, a)))
  for (lt in c(TRUE, FALSE)) add("pt", list(x, a), list(lt, FALSE), safe(pt(x, a, lower.tail = lt)))
  for (lt in c(TRUE, FALSE)) add("pchisq", list(x, a), list(lt, FALSE), safe(pchisq(x, a, lower.tail = lt)))
}
for (q in qs) for (a in ps) {
  for (lt in c(TRUE, FALSE)) {
    add("qpois", list(q, a), list(lt, FALSE), safe(qpois(q, a, lower.tail = lt)))
    add("qt", list(q, a), list(lt, FALSE), safe(qt(q, a, lower.tail = lt)))
    add("qchisq", list(q, a), list(lt, FALSE), safe(qchisq(q, a, lower.tail = lt)))
    for (b in ps) {
      add("qnbinom_mu", list(q, a, b), list(lt, FALSE), safe(qnbinom(q, a, mu = b, lower.tail = lt)))
      add("qgamma", list(q, a, b), list(lt, FALSE), safe(qgamma(q, a, b, lower.tail = lt)))
      # a = 1e-300: the quantile underflows; R returns its DBL_MIN/4 sentinel, we a subnormal
      if (a != 1e-300) add("qbeta", list(q, a, b), list(lt, FALSE), safe(qbeta(q, a, b, lower.tail = lt)))
      add("qnorm", list(q, a, b), list(lt, FALSE), safe(qnorm(q, a, b, lower.tail = lt)))
    }
    for (pr in probs) {
      add("qnbinom_prob", list(q, a, pr), list(lt, FALSE), safe(qnbinom(q, a, pr, lower.tail = lt)))
      add("qbinom", list(q, a, pr), list(lt, FALSE), safe(qbinom(q, a, pr, lower.tail = lt)))
    }
  }
}
})

# ---- quantile type 7 and moments
set.seed(20221110)
for (n in c(1, 2, 5, 11, 28, 100)) {
  x <- round(rgamma(n, 2, 0.1), 3)
  for (p in c(0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.8, 0.9, 0.95, 1))
    cases[[length(cases) + 1L]] <- sprintf('["quantile7",[%s],%s,%s]', paste(sprintf("%.17g", x), collapse = ","), num(p), num(quantile(x, p, type = 7, names = FALSE)))
  cases[[length(cases) + 1L]] <- sprintf('["mean",[%s],%s]', paste(sprintf("%.17g", x), collapse = ","), num(mean(x)))
  cases[[length(cases) + 1L]] <- sprintf('["median",[%s],%s]', paste(sprintf("%.17g", x), collapse = ","), num(median(x)))
  if (n > 1) cases[[length(cases) + 1L]] <- sprintf('["var",[%s],%s]', paste(sprintf("%.17g", x), collapse = ","), num(var(x)))
}

writeLines(c("{", sprintf('  "generator": "%s",', R.version.string), '  "cases": [',
             paste0("    ", cases, c(rep(",", length(cases) - 1), "")), "  ]", "}"), "r-reference.json")
cat(length(cases), "cases\n")
