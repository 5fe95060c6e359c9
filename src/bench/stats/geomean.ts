/** The geometric mean: the one average of ratios that does not depend on which side is "base". */
export function geomean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let logSum = 0;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) return NaN;
    logSum += Math.log(v);
  }
  return Math.exp(logSum / values.length);
}
