/**
 * `${{ }}` as GitHub evaluates it, with @actions/expressions (GitHub's own implementation): the
 * workflow parser has already turned every templated string into one expression (`format(…)`),
 * so a token is either a literal, a mapping/sequence of tokens, or one expression to evaluate.
 * The job status functions (`success()`, `always()`, `failure()`, `cancelled()`) and `hashFiles`
 * are the runner's, not the library's: they are given here.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { globSync } from 'node:fs';

/** A serialized workflow-parser token (TemplateToken.toJSON()). */
export type TokenJson =
  | string
  | number
  | boolean
  | null
  | { type: 1; seq: TokenJson[] }
  | { type: 2; map: { Key: TokenJson; Value: TokenJson }[] }
  | { type: 3; expr: string };

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

export interface ExprScope {
  /** Contexts by name: github, env, vars, secrets, job, steps, needs, matrix, strategy, runner, inputs. */
  contexts: Record<string, Json>;
  /** The job's state for the status functions. */
  status: { failed: boolean; cancelled?: boolean };
  /** Folder hashFiles() globs in (the workspace). */
  workspace?: string;
}

const CONTEXTS = [
  'github',
  'env',
  'vars',
  'secrets',
  'job',
  'jobs',
  'steps',
  'needs',
  'matrix',
  'strategy',
  'runner',
  'inputs',
];

function statusFunctions(scope: ExprScope): FunctionDefinition[] {
  const bool = (v: boolean) => new data.BooleanData(v);
  return [
    { name: 'success', minArgs: 0, maxArgs: 0, call: () => bool(!scope.status.failed) },
    { name: 'always', minArgs: 0, maxArgs: 0, call: () => bool(true) },
    { name: 'failure', minArgs: 0, maxArgs: 0, call: () => bool(scope.status.failed) },
    { name: 'cancelled', minArgs: 0, maxArgs: 0, call: () => bool(!!scope.status.cancelled) },
    {
      name: 'hashFiles',
      minArgs: 1,
      maxArgs: 255,
      call: (...patterns) => {
        const cwd = scope.workspace ?? process.cwd();
        const files = patterns
          .flatMap((p) => globSync(p.coerceString(), { cwd }))
          .sort()
          .map((f) =>
            createHash('sha256')
              .update(readFileSync(`${cwd}/${f}`))
              .digest(),
          );
        if (files.length === 0) return new data.StringData('');
        const all = createHash('sha256');
        for (const f of files) all.update(f);
        return new data.StringData(all.digest('hex'));
      },
    },
  ];
}

export function toData(value: Json): data.ExpressionData {
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData;
}

export function fromData(value: data.ExpressionData): Json {
  return JSON.parse(JSON.stringify(value, data.replacer) ?? 'null') as Json;
}

/** Evaluates one expression (without `${{ }}`) to plain JSON. */
export function evaluateExpression(expression: string, scope: ExprScope): Json {
  const lexed = new Lexer(expression).lex();
  const functions = statusFunctions(scope);
  const expr = new Parser(lexed.tokens, CONTEXTS, functions).parse();
  const context = new data.Dictionary(
    ...CONTEXTS.map((key) => ({ key, value: toData(scope.contexts[key] ?? {}) })),
  );
  const result = new Evaluator(
    expr,
    context,
    new Map(functions.map((f) => [f.name, f])),
  ).evaluate();
  return fromData(result);
}

/** A condition (`if:`): the runner wraps one without a status function in `success() && (…)`. */
export function evaluateCondition(token: TokenJson | undefined, scope: ExprScope): boolean {
  if (token === undefined || token === null) return !scope.status.failed;
  const expr = typeof token === 'object' && 'expr' in token ? token.expr : String(token);
  const v = evaluateExpression(expr, scope);
  return truthy(v);
}

export function truthy(v: Json): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  return true;
}

/** Evaluates a whole token tree (mappings, sequences, expressions) to plain JSON. */
export function evaluateToken(token: TokenJson | undefined, scope: ExprScope): Json {
  if (token === undefined) return null;
  if (token === null || typeof token !== 'object') return token;
  if (token.type === 3) return evaluateExpression(token.expr, scope);
  if (token.type === 1) return token.seq.map((t) => evaluateToken(t, scope));
  const out: Record<string, Json> = {};
  for (const { Key, Value } of token.map)
    out[asString(evaluateToken(Key, scope))] = evaluateToken(Value, scope);
  return out;
}

/** The string a runner passes for a value (inputs, env): objects as JSON, null as empty. */
export function asString(v: Json): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** A mapping token evaluated to strings (env:, with:, outputs:). */
export function evaluateStringMap(
  token: TokenJson | undefined,
  scope: ExprScope,
): Record<string, string> {
  const v = evaluateToken(token, scope);
  const out: Record<string, string> = {};
  if (v && typeof v === 'object' && !Array.isArray(v))
    for (const [k, x] of Object.entries(v)) out[k] = asString(x);
  return out;
}
