/**
 * One pull-request comment per gate, kept current: found again by a hidden marker, created the
 * first time and edited in place afterwards, so a PR that is pushed ten times has one comment.
 * GitHub itself sits behind `CommentsApi`; this module only decides what to send.
 */

export interface IssueComment {
  id: number;
  body?: string;
}

/** The three calls the comment needs, on one pull request (an issue, to the REST API). */
export interface CommentsApi {
  list(issueNumber: number): Promise<IssueComment[]>;
  create(issueNumber: number, body: string): Promise<IssueComment>;
  update(commentId: number, body: string): Promise<IssueComment>;
}

/** GitHub rejects comment bodies over 65536 characters. */
export const MAX_COMMENT_LENGTH = 65536;

export function commentMarker(key: string): string {
  return `<!-- winship:bench-gate:${key.replace(/-->/g, '')} -->`;
}

export function commentBody(marker: string, markdown: string, summaryUrl?: string): string {
  let body = `${marker}\n${markdown}`;
  if (body.length > MAX_COMMENT_LENGTH) {
    const tail = `\n\n… cut to fit a comment${summaryUrl ? `: the full report is in the [job summary](${summaryUrl})` : '; the full report is in the job summary'}.\n`;
    // Cut at a line end: a line cut inside a code span would leave the rest of a name as markup.
    const room = body.lastIndexOf('\n', MAX_COMMENT_LENGTH - tail.length);
    body = body.slice(0, Math.max(room, 0)) + tail;
  }
  return body;
}

export interface UpsertResult {
  action: 'created' | 'updated';
  id: number;
}

export async function upsertComment(
  api: CommentsApi,
  issueNumber: number,
  marker: string,
  body: string,
): Promise<UpsertResult> {
  const existing = (await api.list(issueNumber)).find((c) => c.body?.includes(marker));
  if (existing) {
    const c = await api.update(existing.id, body);
    return { action: 'updated', id: c.id };
  }
  const c = await api.create(issueNumber, body);
  return { action: 'created', id: c.id };
}
