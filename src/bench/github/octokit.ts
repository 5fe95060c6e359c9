/**
 * `CommentsApi` over the GitHub REST API through @actions/github, loaded only when a token is
 * given (it is heavy). The API base comes from GITHUB_API_URL, as on GitHub Enterprise.
 */
import { readFileSync } from 'node:fs';
import type { CommentsApi } from './comment.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

export function repoFromEnv(env: NodeJS.ProcessEnv = process.env): RepoRef | undefined {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(env.GITHUB_REPOSITORY ?? '');
  return m ? { owner: m[1]!, repo: m[2]! } : undefined;
}

/** The pull request this run belongs to, from the event payload; undefined outside PR events. */
export function pullRequestNumber(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return undefined;
  try {
    const event = JSON.parse(readFileSync(path, 'utf8')) as {
      pull_request?: { number?: unknown };
      issue?: { number?: unknown; pull_request?: unknown };
    };
    const n =
      event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined);
    return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

export async function octokitComments(token: string, repo: RepoRef): Promise<CommentsApi> {
  const { getOctokit } = await import('@actions/github');
  const octokit = getOctokit(token);
  const { owner, repo: name } = repo;
  return {
    async list(issueNumber) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo: name,
        issue_number: issueNumber,
        per_page: 100,
      });
      return comments.map((c) => ({ id: c.id, body: c.body ?? '' }));
    },
    async create(issueNumber, body) {
      const { data } = await octokit.rest.issues.createComment({
        owner,
        repo: name,
        issue_number: issueNumber,
        body,
      });
      return { id: data.id, body: data.body ?? '' };
    },
    async update(commentId, body) {
      const { data } = await octokit.rest.issues.updateComment({
        owner,
        repo: name,
        comment_id: commentId,
        body,
      });
      return { id: data.id, body: data.body ?? '' };
    },
  };
}
