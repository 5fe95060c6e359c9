/**
 * `{{field}}` templates for ldflags and artifact names. A template is parsed once, before anything
 * builds, so a typo fails the step at once; rendering a parsed template cannot fail.
 */
import { didYouMean } from './closest.js';

export type Part = { text: string } | { field: string };

export interface Template<F extends string = string> {
  readonly source: string;
  readonly parts: readonly Part[];
  readonly fields: readonly F[];
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Parses `source`, allowing only `fields`; `{{ name }}` may have spaces inside the braces. */
export function parseTemplate<F extends string>(source: string, fields: readonly F[]): Template<F> {
  const parts: Part[] = [];
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    const close = source.indexOf('}}', i);
    if (close !== -1 && (open === -1 || close < open))
      throw new TemplateError(`'}}' at column ${close + 1} has no opening '{{'`);
    if (open === -1) {
      parts.push({ text: source.slice(i) });
      break;
    }
    if (open > i) parts.push({ text: source.slice(i, open) });
    const end = source.indexOf('}}', open + 2);
    if (end === -1) throw new TemplateError(`'{{' at column ${open + 1} is never closed with '}}'`);
    const inner = source.slice(open + 2, end);
    if (inner.includes('{{'))
      throw new TemplateError(`'{{' at column ${open + 1} is never closed with '}}'`);
    const name = inner.trim();
    if (name === '') throw new TemplateError(`empty field '{{}}' at column ${open + 1}`);
    if (!(fields as readonly string[]).includes(name))
      throw new TemplateError(
        `unknown field '{{${name}}}'${didYouMean(name, fields)}; known fields: ${fields.join(', ')}`,
      );
    parts.push({ field: name });
    i = end + 2;
  }
  return { source, parts, fields };
}

export function renderTemplate<F extends string>(
  t: Template<F>,
  values: Record<F, string>,
): string {
  return t.parts.map((p) => ('text' in p ? p.text : values[p.field as F])).join('');
}

export function usesField<F extends string>(t: Template<F>, field: F): boolean {
  return t.parts.some((p) => 'field' in p && p.field === field);
}

export const LDFLAGS_FIELDS = ['version', 'commit', 'date', 'goos', 'goarch'] as const;
export type LdflagsField = (typeof LDFLAGS_FIELDS)[number];
export const DEFAULT_LDFLAGS =
  '-s -w -X main.version={{version}} -X main.commit={{commit}} -X main.date={{date}}';

export const ARTIFACT_NAME_FIELDS = ['name', 'version', 'goos', 'goarch'] as const;
export type ArtifactNameField = (typeof ARTIFACT_NAME_FIELDS)[number];
