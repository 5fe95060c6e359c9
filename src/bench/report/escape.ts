/**
 * The one way the report prints text it did not write itself: benchmark, package, unit and file
 * names, and messages that quote them. In go mode those come from the code under review, and the
 * job summary and the pull-request comment are rendered as GitHub Markdown with HTML, so a name
 * like `<img src=x>`, `[x](https://…)`, `<!--` or `@octocat` must not become markup, a link, a
 * hidden comment or a mention.
 *
 * Everything goes inside an inline code span: CommonMark renders a code span's content as text
 * (no HTML, links, entities or emphasis), and GitHub's mention, issue-reference and emoji filters
 * skip text inside <code> (html-pipeline, where GitHub's filters started, lists `pre code a style
 * script` as IGNORE_PARENTS). What could end the span early is handled: the fence is one backtick
 * longer than the longest run inside, and line breaks and other control or invisible characters
 * are shown as escapes (`\n`, `\u202e`), since a line break would end a table row or list item and
 * bidirectional overrides can make one name look like another. In a table cell a `|` still splits
 * the row even inside code; `table()` escapes it as `\|`, which GFM turns back into `|` there.
 */

// Control characters are exactly what this pattern is for.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Line breaks, control and invisible characters shown as escapes (`\n`, `\u202e`). */
export function visible(text: string): string {
  return text.replace(
    INVISIBLE,
    (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `text` as an inline code span that GitHub shows verbatim. */
export function literal(text: string): string {
  if (text === '') return '*(empty)*';
  const shown = visible(text);
  let longest = 0;
  for (const run of shown.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space from each end when both ends have one; a backtick at an end
  // would join the fence. Padding with a space on both sides keeps the content exact in both cases.
  const pad =
    shown.startsWith('`') ||
    shown.endsWith('`') ||
    (shown.startsWith(' ') && shown.endsWith(' ') && shown.trim() !== '');
  return pad ? `${fence} ${shown} ${fence}` : `${fence}${shown}${fence}`;
}
