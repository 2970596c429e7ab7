## Regenerates the extra Farrington parity cases (see README.md). Run in a directory holding
## <name>.csv (columns observed,population,date) for every data set named below; writes out_<id>.csv.
suppressMessages(library(surveillance))
options(digits = 17)
mk <- function(name, freq = 52) {
  d <- read.csv(paste0(name, ".csv"), stringsAsFactors = FALSE)
  pop <- if (all(is.na(d$population))) NULL else matrix(d$population)
  if (all(is.na(d$date))) {
    s <- sts(observed = matrix(d$observed), start = c(2001, 1), frequency = freq)
  } else {
    s <- if (is.null(pop)) sts(observed = matrix(d$observed), epoch = as.Date(d$date), epochAsDate = TRUE, frequency = freq)
         else sts(observed = matrix(d$observed), epoch = as.Date(d$date), epochAsDate = TRUE, frequency = freq, population = pop)
  }
  s
}
num <- function(x) ifelse(is.na(x), "NA", formatC(x, digits = 17, format = "g"))
ff <- function(id, name, control, freq = 52) {
  s <- mk(name, freq)
  r <- farringtonFlexible(s, control = control)
  out <- data.frame(upperbound = num(as.vector(r@upperbound)), alarm = as.vector(r@alarm),
    expected = num(as.vector(r@control$expected)), score = num(as.vector(r@control$score)),
    pvalue = num(as.vector(r@control$pvalue)), trend = as.vector(r@control$trend),
    trendCoef = num(as.vector(r@control$trendVector)), phi = num(as.vector(r@control$phiVector)),
    mu0 = num(as.vector(r@control$mu0Vector)))
  write.csv(out, paste0("out_", id, ".csv"), row.names = FALSE, quote = FALSE)
}
fa <- function(id, name, control, freq = 52) {
  s <- mk(name, freq)
  r <- algo.farrington(sts2disProg(s), control = control)
  out <- data.frame(upperbound = num(as.vector(r$upperbound)), alarm = as.vector(r$alarm) == 1,
    trend = as.vector(r$trend) == 1, prob = num(r$control$pd[, 1]), median = num(r$control$pd[, 2]))
  write.csv(out, paste0("out_", id, ".csv"), row.names = FALSE, quote = FALSE)
}
## synthetic daily and monthly series (seeded), for the calendar steps of other frequencies
set.seed(20241129)
dd <- seq(as.Date("2010-01-01"), by = "1 day", length.out = 2200)
mu <- 6 * (1 + 0.5 * sin(2 * pi * as.numeric(dd) / 365.25)) * (1 + 0.3 * (format(dd, "%u") %in% c("1", "2")))
y <- rnbinom(length(dd), mu = mu, size = 4); y[2150:2156] <- y[2150:2156] + c(5, 9, 14, 20, 12, 8, 4)
write.csv(data.frame(observed = y, population = NA, date = format(dd)), "daily.csv", row.names = FALSE, quote = FALSE)
md <- seq(as.Date("2005-01-31"), by = "1 month", length.out = 130)
md <- as.Date(sapply(seq_along(md), function(i) as.numeric(seq(as.Date("2005-01-01"), by = "1 month", length.out = i)[i])), origin = "1970-01-01")
ym <- rnbinom(130, mu = 40 * (1 + 0.4 * sin(2 * pi * (1:130) / 12)), size = 8); ym[125] <- ym[125] + 60
write.csv(data.frame(observed = ym, population = NA, date = format(md)), "monthly.csv", row.names = FALSE, quote = FALSE)
write.csv(data.frame(observed = y, population = NA, date = NA), "dailyidx.csv", row.names = FALSE, quote = FALSE)
ff("ff_muan", "salmAllOnset", list(range = 700:778, thresholdMethod = "muan", glmWarnings = FALSE))
ff("ff_noPeriods10_pwni26", "salmAllOnset", list(range = 700:778, noPeriods = 10, pastWeeksNotIncluded = 26, glmWarnings = FALSE))
ff("ff_noPeriods10_pwni26_index", "mitt", list(range = 270:290, noPeriods = 10, pastWeeksNotIncluded = 26, glmWarnings = FALSE))
ff("ff_sqrt_a01_noreweight", "Bavaria", list(range = 450:528, powertrans = "1/2", alpha = 0.01, reweight = FALSE, glmWarnings = FALSE))
ff("ff_none_notrend_b3w2", "mitt", list(range = 200:290, powertrans = "none", trend = FALSE, b = 3, w = 2, glmWarnings = FALSE))
ff("ff_popoffset_nbPlugin", "hosp", list(range = 450:530, populationOffset = TRUE, thresholdMethod = "nbPlugin", glmWarnings = FALSE))
ff("ff_pwni1_limit54_3_2", "Bavaria", list(range = 450:528, pastWeeksNotIncluded = 1, limit54 = c(3, 2), weightsThreshold = 1, glmWarnings = FALSE))
fa("fa_none_noreweight_a01", "salmAllOnset", list(range = 700:778, powertrans = "none", reweight = FALSE, alpha = 0.01))
fa("fa_b5w2_sqrt_index", "mitt", list(range = 265:290, b = 5, w = 2, powertrans = "1/2"))
fa("fa_b2_notrend_date", "Bavaria", list(range = 120:528, b = 2, w = 1))
ff("ff_bench_muan", "bench2", list(range = 264:315, thresholdMethod = "muan", glmWarnings = FALSE))
ff("ff_bench_noPeriods10", "bench7", list(range = 264:315, noPeriods = 10, pastWeeksNotIncluded = 26, glmWarnings = FALSE))
ff("ff_bench_none_a01", "bench2", list(range = 264:315, powertrans = "none", alpha = 0.01, glmWarnings = FALSE))
fa("fa_bench_default", "bench7", list(range = 264:315))
fa("fa_bench_b3w2_none", "bench2", list(range = 264:315, b = 3, w = 2, powertrans = "none"))
fa("fa_popoffset", "hosp", list(range = 450:530, fitFun = "algo.farrington.fitGLM.populationOffset"))
fa("fa_glm_b4", "Bavaria", list(range = 300:528, fitFun = "algo.farrington.fitGLM", b = 4))
ff("ff_daily_date", "daily", list(range = 2140:2200, glmWarnings = FALSE), freq = 365)
fa("fa_daily_date", "daily", list(range = 2140:2200), freq = 365)
ff("ff_daily_index_nb", "dailyidx", list(range = 2140:2200, thresholdMethod = "nbPlugin", glmWarnings = FALSE), freq = 365)
ff("ff_monthly_date", "monthly", list(range = 100:130, w = 2, glmWarnings = FALSE), freq = 12)
fa("fa_monthly_date", "monthly", list(range = 100:130, w = 2), freq = 12)
