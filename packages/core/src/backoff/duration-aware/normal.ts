/**
 * The standard normal distribution, to the precision a poll schedule needs: the lognormal
 * duration model and its truncated moments are built on it.
 *
 * @remarks
 * No package of the workspace provides these, and they are a few lines each. `erfc` is the
 * Chebyshev fit of Numerical Recipes (`erfcc`, 2nd ed., section 6.2), with a relative error
 * below 1.2e-7 everywhere, tails included, so that probabilities of 1e-9 stay meaningful.
 * The quantile is Peter Acklam's rational approximation (relative error 1.15e-9), refined by
 * one Halley step.
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** The complementary error function, erfc(x) = 1 − erf(x). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(-z * z + poly);

  return x >= 0 ? value : 2 - value;
}

/** P(Z ≤ x) for a standard normal Z; 0 at −Infinity and 1 at Infinity. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** The density of the standard normal at `x`; 0 at either infinity. */
export function normalPdf(x: number): number {
  return Number.isFinite(x) ? Math.exp(-0.5 * x * x) / SQRT_2PI : 0;
}

const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
];
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1,
];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

const LOW = 0.02425;

/** The x with P(Z ≤ x) = p, for p in (0, 1); −Infinity at 0 and Infinity at 1. */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  // The lower half is the accurate one: its refinement compares small numbers, not ones
  // close to 1.
  if (p > 0.5) return -normalQuantile(1 - p);

  const x = p < LOW ? tail(p) : central(p);
  // One Halley step against the cdf takes the error down to that of `erfc`.
  const error = normalCdf(x) - p;
  const u = error / normalPdf(x);

  return x - u / (1 + (x * u) / 2);
}

function tail(p: number): number {
  const q = Math.sqrt(-2 * Math.log(p));

  return (
    (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
    ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1)
  );
}

function central(p: number): number {
  const q = p - 0.5;
  const r = q * q;

  return (
    ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
    (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1)
  );
}
