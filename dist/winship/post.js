import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  saveGoCache
} from "./chunks/chunk-47W7MSDG.js";
import {
  Inputs,
  SIGNING_STATE,
  loadCacheClient,
  runAction
} from "./chunks/chunk-RCJBCU5K.js";
import "./chunks/chunk-CQUVSVTJ.js";
import "./chunks/chunk-YOZEVNOJ.js";
import "./chunks/chunk-ZZLW4XE3.js";

// src/cache/post-step.ts
async function saveGoCacheStep(io, inputs = new Inputs()) {
  if (!inputs.boolean("cache", true)) return io.info("cache: false: not saving the Go cache");
  await saveGoCache(() => loadCacheClient(process.env), io);
}

// src/signing/post-step.ts
import { rmSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
function removeSigningKeyStep(io, runnerTemp) {
  const path = io.getState(SIGNING_STATE.keyDir);
  if (!path || !runnerTemp) return;
  const abs = resolve(path);
  if (dirname(abs) !== resolve(runnerTemp) || !basename(abs).startsWith("winship-signing-")) return;
  rmSync(abs, { recursive: true, force: true });
  io.info(`Removed the signing key folder ${abs}`);
}

// src/actions/winship/post.ts
async function run() {
  await runAction("winship", async (io) => {
    removeSigningKeyStep(io, process.env.RUNNER_TEMP);
    await saveGoCacheStep(io);
  });
}

// src/actions/winship/post-index.ts
await run();
