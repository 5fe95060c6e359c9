/**
 * The standard normal distribution to double precision: the U test's large-sample approximation and
 * the median CI for n > 30 both hinge on its tails, so no 7-digit textbook approximations here.
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf(x) for |x| < 3 from the all-positive series erf(x) = 2/√π e^(-x²) Σ 2ⁿx^(2n+1)/(2n+1)!!. */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
}

/** erfc(x) for x ≥ 3 from its continued fraction, evaluated backwards (converges fast there). */
function erfcContinuedFraction(x: number): number {
  let f = x;
  for (let k = 120; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) return 1 - erfSeries(x);
  if (x > 27) return 0;
  return erfcContinuedFraction(x);
}

export function erf(x: number): number {
  if (Math.abs(x) < 3) return x < 0 ? -erfSeries(-x) : erfSeries(x);
  return 1 - erfc(x);
}

/** Φ(z), the standard normal CDF. */
export function normalCdf(z: number, mean = 0, sd = 1): number {
  return 0.5 * erfc(-(z - mean) / (sd * Math.SQRT2));
}

/** Φ⁻¹(p) by bisection: slow-ish but exact to the last bit, and only called a few times a run. */
export function normalInvCdf(p: number, mean = 0, sd = 1): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200 && hi - lo > 0; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return mean + sd * ((lo + hi) / 2);
}
