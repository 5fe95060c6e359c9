/**
 * What every workflow test shares: the local artifact service, the Go mirror (setup-go's
 * download), one tool cache per test file (Go extracted once), the shared GOCACHE, and the
 * fixture repository (the example service as its own repository, or inside a winship-like
 * checkout for this repository's own workflows).
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import {
  startLocalArtifactService,
  type LocalArtifactService,
} from '../../lab/artifact-service.js';
import { goMirror, serveGoMirror, type MirrorServer } from '../../lab/go-mirror.js';
import { EXAMPLE, GOCACHE, labTemp, REPO } from '../../lab/paths.js';
import { createFixtureRepo, type FixtureRepo } from '../../lab/workflow/repository.js';
import { runWorkflow, type LabOptions, type WorkflowRun } from '../../lab/workflow/executor.js';
import type { WorkflowEvent } from '../../lab/workflow/events.js';

export interface Lab {
  /** The artifact service of the latest run (each workflow run has its own, as on GitHub). */
  readonly artifacts: LocalArtifactService;
  mirror: MirrorServer;
  toolCache: string;
  env: Record<string, string>;
  run(
    workflow: string,
    event: WorkflowEvent,
    repo: FixtureRepo,
    extra?: Partial<LabOptions>,
  ): Promise<WorkflowRun>;
  close(): Promise<void>;
}

export async function startLab(): Promise<Lab> {
  const services: LocalArtifactService[] = [await startLocalArtifactService()];
  let runs = 0;
  const mirror = await serveGoMirror(await goMirror());
  const toolCache = labTemp('winship-lab-toolcache-');
  const env = {
    GOCACHE,
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-mod=mod',
    GOPROXY: 'off',
    GO_DOWNLOAD_BASE_URL: mirror.url,
    // The SSH hosts are sshd + Wine (lab/sshd.ts): SFTP paths, no certutil.
    WINSHIP_SSH_WINE_HOSTS: '1',
  };
  return {
    get artifacts() {
      return services.at(-1)!;
    },
    mirror,
    toolCache,
    env,
    run: async (workflow, event, repo, extra = {}) =>
      runWorkflow({
        workflow: resolve(REPO, workflow),
        event,
        repo,
        artifacts: runs++
          ? services[services.push(await startLocalArtifactService()) - 1]!
          : services[0]!,
        toolCache,
        env,
        secrets: fixtureSecrets().secrets,
        vars: fixtureSecrets().vars,
        ...extra,
      }),
    async close() {
      for (const s of services) await s.close();
      await mirror.close();
    },
  };
}

/** The secrets and `vars` the workflows read; `{{…}}` values are filled in by each test. */
export function fixtureSecrets(fill: Record<string, string> = {}): {
  secrets: Record<string, string>;
  vars: Record<string, string>;
} {
  const text = readFileSync(join(REPO, '__tests__/workflows/fixtures/secrets.json'), 'utf8');
  const raw = JSON.parse(text) as { secrets: Record<string, string>; vars: Record<string, string> };
  const sub = (o: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(o).map(([k, v]) => [
        k,
        v.replace(/\{\{(\w[\w-]*)\}\}/g, (_, n: string) => fill[n] ?? ''),
      ]),
    );
  return { secrets: sub(raw.secrets), vars: sub(raw.vars) };
}

/** The example service as a user's repository: the service at the root, a LICENSE beside it. */
export function serviceRepo(): FixtureRepo {
  return createFixtureRepo({
    source: EXAMPLE,
    files: { LICENSE: 'MIT License\n\nCopyright (c) 2026 winship test\n' },
  });
}

/** A winship-like checkout for this repository's own workflows: the example under examples/. */
export function winshipRepo(): FixtureRepo {
  return createFixtureRepo({ source: EXAMPLE, serviceDir: 'examples/hello-service' });
}

/** A text with one fixed piece put back as it was; fails when `fixed` is no longer there. */
function putBack(file: string, fixed: string, defect: string): string {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(fixed)) throw new Error(`${file} no longer contains ${JSON.stringify(fixed)}`);
  return text.split(fixed).join(defect);
}

/**
 * A copy of winship's action folders (every action.yml; dist/ linked to this checkout's) with a
 * fixed defect put back in one action.yml: LabOptions.actionRoot for it.
 */
export function actionsWithDefect(file: string, fixed: string, defect: string): string {
  const root = mkdtempSync(join(tmpdir(), 'winship-defect-actions-'));
  cpSync(join(REPO, 'action.yml'), join(root, 'action.yml'));
  for (const a of readdirSync(join(REPO, 'actions'))) {
    mkdirSync(join(root, 'actions', a), { recursive: true });
    cpSync(join(REPO, 'actions', a, 'action.yml'), join(root, 'actions', a, 'action.yml'));
  }
  symlinkSync(join(REPO, 'dist'), join(root, 'dist'));
  writeFileSync(join(root, file), putBack(join(REPO, file), fixed, defect));
  return root;
}

/** A copy of a workflow (or any text) of this repository with a fixed defect put back. */
export function workflowWithDefect(file: string, fixed: string, defect: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'winship-defect-workflow-'));
  const copy = join(dir, basename(file));
  writeFileSync(copy, putBack(join(REPO, file), fixed, defect));
  return copy;
}
