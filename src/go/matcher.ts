/**
 * The problem matcher that turns `file.go:line:col: message` lines of `go build`, `go vet` and
 * `go test` into annotations. actions/setup-go's pattern wants a `./` or `/` before the file, but
 * go prints `pkg/x.go:4:9: …` when building `./...` and vet prefixes `vet: `; this one takes
 * those too, and `t.Errorf` lines (`    x_test.go:12: …`, no column). The runner wants a file
 * path, so the JSON is written to RUNNER_TEMP at run time rather than looked up next to the bundle.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const GO_MATCHER_OWNER = 'go';

/** A path to a .go file (relative, absolute, or `C:\\…`), line, optional column, message. */
export const GO_MATCHER_REGEXP =
  '^\\s*(?:vet: )?((?:[A-Za-z]:)?[^\\s:]*\\.go):(\\d+)(?::(\\d+))?: (.*)$';

export const GO_MATCHER = {
  problemMatcher: [
    {
      owner: GO_MATCHER_OWNER,
      pattern: [{ regexp: GO_MATCHER_REGEXP, file: 1, line: 2, column: 3, message: 4 }],
    },
  ],
};

/** Writes the matcher JSON into `dir` and returns its path for `::add-matcher::`. */
export function writeGoMatcher(dir: string): string {
  const path = join(dir, 'winship-setup-go-matcher.json');
  writeFileSync(path, `${JSON.stringify(GO_MATCHER, null, 2)}\n`);
  return path;
}
