/**
 * `strategy.matrix` expanded as GitHub does: the cartesian product of the listed keys, less the
 * `exclude` entries (partial matches), then each `include` entry added to every combination it
 * does not contradict on an original key, or as a combination of its own when it fits none.
 */
import type { Json } from './expressions.js';

type Combo = Record<string, Json>;

const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a) === JSON.stringify(b);

export function expandMatrix(matrix: Json): Combo[] {
  if (matrix === null || matrix === undefined) return [{}];
  if (typeof matrix !== 'object' || Array.isArray(matrix))
    throw new Error(`strategy.matrix must be a mapping, got ${JSON.stringify(matrix)}`);
  const { include, exclude, ...axes } = matrix as Record<string, Json>;
  let combos: Combo[] = [{}];
  for (const [key, values] of Object.entries(axes)) {
    if (!Array.isArray(values)) throw new Error(`strategy.matrix.${key} must be a list`);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  if (Object.keys(axes).length === 0) combos = [];
  for (const ex of (exclude as Combo[] | null) ?? [])
    combos = combos.filter((c) => !Object.entries(ex).every(([k, v]) => same(c[k], v)));
  const originals = combos.map((c) => ({ ...c }));
  for (const inc of (include as Combo[] | null) ?? []) {
    let matched = false;
    // Only the product's combinations take an include; one added by an include stands alone
    // (an include-only matrix, as build's `mode: plan` emits, is one job per entry).
    originals.forEach((orig, i) => {
      if (Object.entries(inc).every(([k, v]) => !(k in orig) || same(orig[k], v))) {
        Object.assign(combos[i]!, inc);
        matched = true;
      }
    });
    if (!matched) combos.push({ ...inc });
  }
  return combos.length ? combos : [{}];
}
