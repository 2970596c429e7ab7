## Alarms of R surveillance on the benchmark inputs, for comparison with ours (not timed).
## Usage: Rscript alarms.R <a|b> <nseries> <inputs-dir> <out-file>
## Same calls as ../shared/bench/r/bench_r.R (workload a: farringtonFlexible defaults on weeks
## 264:315; b: earsC C3 on days 731:1095). Writes one line per series: '1' alarm, '0' none, 'N' NA.
suppressMessages(library(surveillance))
args <- commandArgs(TRUE)
w <- args[1]; NS <- as.integer(args[2]); dir <- args[3]; out <- args[4]
file <- if (w == "a") "a_farringtonFlexible_weekly.csv" else "b_earsC_C3_daily.csv"
nT <- if (w == "a") 315 else 1095
d <- read.csv(file.path(dir, file)); d <- d[d$series_id <= NS, ]
Y <- matrix(d$count[order(d$series_id, d$t)], nrow = nT)
enc <- function(a) paste(ifelse(is.na(a), "N", ifelse(a, "1", "0")), collapse = "")
lines <- character(ncol(Y))
for (i in seq_len(ncol(Y))) {
  if (w == "a") {
    s <- sts(observed = Y[, i, drop = FALSE], frequency = 52, start = c(2015, 1))
    r <- farringtonFlexible(s, control = list(range = 264:315, glmWarnings = FALSE))
  } else {
    s <- sts(observed = Y[, i, drop = FALSE], frequency = 365, start = c(2015, 1))
    r <- earsC(s, control = list(range = 731:1095, method = "C3"))
  }
  lines[i] <- enc(as.vector(alarms(r)))
}
writeLines(lines, out)
