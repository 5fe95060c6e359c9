/**
 * The release notes: the section of CHANGELOG.md for this version when there is one, otherwise the
 * commits since the previous tag, grouped by Conventional Commit type when they use it, otherwise
 * listed; then a "Checksums" section with the SHA-256 of each asset. Pure: text and data in,
 * Markdown out.
 */

export interface Commit {
  sha: string;
  subject: string;
  body: string;
}

export interface AssetDigest {
  name: string;
  sha256: string;
}

/**
 * The body of the CHANGELOG.md section whose heading names `version` (`## [1.4.0] - 2026-05-01`,
 * `## v1.4.0`, `### 1.4.0`), up to the next heading of the same or a higher level; undefined when
 * there is none or it is empty.
 */
export function changelogSection(text: string, version: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const heading = new RegExp(`^(#{1,6})\\s+\\[?v?${escaped}\\]?(?=$|[\\s(:–—-])`);
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) return undefined;
  const level = heading.exec(lines[start]!)![1]!.length;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    const m = /^(#{1,6})\s/.exec(lines[i]!);
    if (m && m[1]!.length <= level) {
      end = i;
      break;
    }
  }
  // Link reference definitions at the end of a changelog belong to no section.
  const body = lines
    .slice(start + 1, end)
    .filter((l) => !/^\[[^\]]+\]:\s*\S+$/.test(l))
    .join('\n')
    .trim();
  return body === '' ? undefined : body;
}

const CONVENTIONAL = /^(\w+)(?:\(([^)]*)\))?(!)?:\s+(.+)$/;

/** The groups in the order readers look for them; other types go under "Other changes". */
const GROUPS: readonly { types: readonly string[]; title: string }[] = [
  { types: ['feat'], title: 'Features' },
  { types: ['fix'], title: 'Bug fixes' },
  { types: ['perf'], title: 'Performance' },
  { types: ['security'], title: 'Security' },
  { types: ['revert'], title: 'Reverts' },
  { types: ['docs'], title: 'Documentation' },
];

const short = (sha: string) => sha.slice(0, 7);

/** Commits as Markdown: grouped by Conventional Commit type when at least half of them use it. */
export function commitNotes(commits: readonly Commit[]): string {
  if (commits.length === 0) return 'No changes since the previous release.';
  const parsed = commits.map((c) => ({ c, m: CONVENTIONAL.exec(c.subject) }));
  const conventional = parsed.filter((p) => p.m).length;
  if (conventional * 2 < commits.length)
    return ['### Changes', '', ...commits.map((c) => `- ${c.subject} (${short(c.sha)})`)].join(
      '\n',
    );
  const sections = new Map<string, string[]>();
  const add = (title: string, line: string) => {
    if (!sections.has(title)) sections.set(title, []);
    sections.get(title)!.push(line);
  };
  for (const { c, m } of parsed) {
    if (!m) {
      add('Other changes', `- ${c.subject} (${short(c.sha)})`);
      continue;
    }
    const [, type, scope, bang, text] = m;
    const line = `- ${scope ? `**${scope}:** ` : ''}${text} (${short(c.sha)})`;
    if (bang || /^BREAKING[ -]CHANGE:/m.test(c.body)) add('Breaking changes', line);
    const group = GROUPS.find((g) => g.types.includes(type!.toLowerCase()));
    add(group?.title ?? 'Other changes', line);
  }
  const order = ['Breaking changes', ...GROUPS.map((g) => g.title), 'Other changes'];
  return order
    .filter((t) => sections.has(t))
    .map((t) => [`### ${t}`, '', ...sections.get(t)!].join('\n'))
    .join('\n\n');
}

export function checksumsSection(assets: readonly AssetDigest[]): string {
  const rows = [...assets]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((a) => `${a.sha256}  ${a.name}`);
  return [
    '## Checksums',
    '',
    'SHA-256 (`sha256sum -c SHA256SUMS`):',
    '',
    '```',
    ...rows,
    '```',
  ].join('\n');
}

export interface NotesInput {
  version: string;
  changelog?: string;
  commits: readonly Commit[];
  previousTag?: string;
  assets: readonly AssetDigest[];
  /** `<server>/<owner>/<repo>/compare/<previous>...<tag>`, linked under the commits. */
  compareUrl?: string | undefined;
  /** The changelog's file name, for the note when its section is cut. */
  changelogName?: string;
}

/** GitHub refuses a release body over 125,000 characters; the notes stay under it with room. */
export const MAX_BODY = 120_000;

export function releaseNotes(n: NotesInput): { body: string; source: 'changelog' | 'commits' } {
  const section = n.changelog !== undefined ? changelogSection(n.changelog, n.version) : undefined;
  const checksums = checksumsSection(n.assets);
  const compose = (commits: readonly Commit[], left: number) =>
    `## Changes${n.previousTag ? ` since ${n.previousTag}` : ''}\n\n${commitNotes(commits)}` +
    (left > 0 ? `\n\n…and ${left} more commit${left === 1 ? '' : 's'}.` : '') +
    (n.compareUrl ? `\n\nFull list: ${n.compareUrl}` : '');
  let intro: string;
  if (section) {
    const room = MAX_BODY - checksums.length - 100;
    intro =
      section.length <= room
        ? section
        : `${section.slice(0, room)}\n\n…(cut here: the section is longer than a release body may be; see ${n.changelogName ?? 'the changelog'})`;
  } else {
    let keep = n.commits.length;
    intro = compose(n.commits, 0);
    // Newest first: drop the oldest commits until the body fits.
    while (intro.length + checksums.length + 2 > MAX_BODY && keep > 0) {
      keep = Math.floor(keep * 0.8);
      intro = compose(n.commits.slice(0, keep), n.commits.length - keep);
    }
  }
  return {
    body: `${intro}\n\n${checksums}\n`,
    source: section ? 'changelog' : 'commits',
  };
}
