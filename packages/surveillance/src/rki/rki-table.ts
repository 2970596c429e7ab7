/**
 * The RKI lookup table `surveillance:::CIdata` (R surveillance 1.20.3), used by the RKI algorithms
 * when the baseline mean is at most 20: for mu = floor(mean), the upper limit is `O[mu]`.
 * Columns: mu (integer baseline mean), U (lower limit), O (upper limit, "Obergrenze"), in counts.
 * Copied from test/reference/tables/rki_CIdata.json so that the library has it at run time; the
 * test rki-table.test.ts checks that the two stay identical.
 */
export const RKI_CI_TABLE = {
  mu: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
  U: [
    0, 0.051, 0.355, 0.818, 1.366, 1.97, 2.613, 3.285, 3.285, 4.46, 5.323, 5.323, 6.686, 6.686, 8.102, 8.102, 9.598, 9.598, 11.177, 11.177,
    12.817,
  ],
  O: [
    3.285, 5.323, 6.686, 8.102, 9.598, 11.177, 12.817, 13.765, 14.921, 16.768, 17.633, 19.05, 20.335, 21.364, 22.945, 23.762, 25.4, 26.306,
    27.735, 28.966, 30.017,
  ],
} as const;
