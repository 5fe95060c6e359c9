/**
 * The one table of the other actions' majors that winship's workflows, docs, composite and README
 * pin. `scripts/rollout-action.ts` writes the composite's pin from it, and
 * `__tests__/workflows/majors.test.ts` fails when any workflow, doc page or action.yml pins an
 * older major. The lab's adapters (`uses.ts`, `artifacts.ts`) follow these majors' behaviour.
 */
export const MAJORS = {
  'actions/checkout': 7,
  'actions/setup-go': 7,
  'actions/upload-artifact': 7,
  'actions/download-artifact': 8,
  'actions/attest-build-provenance': 4,
} as const;

export type PinnedAction = keyof typeof MAJORS;

/** Every `uses: actions/<name>@vN` pin in a text, with its line number. */
export function findPins(text: string): { action: string; major: number; line: number }[] {
  const out: { action: string; major: number; line: number }[] = [];
  text.split('\n').forEach((l, i) => {
    // Not `owner/repo/actions/x@v1` (a path inside another repository, such as winship's own).
    for (const m of l.matchAll(/(?<![\w./-])(actions\/[\w-]+)@v(\d+)\b/g))
      out.push({ action: m[1]!, major: Number(m[2]), line: i + 1 });
  });
  return out;
}
