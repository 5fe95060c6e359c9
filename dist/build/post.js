import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  SIGNING_STATE,
  runAction
} from "./chunks/chunk-WFYHSE5X.js";
import "./chunks/chunk-V3ZIWQK6.js";
import "./chunks/chunk-ZZLW4XE3.js";

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

// src/actions/build/post.ts
async function run() {
  await runAction("build", async (io) => removeSigningKeyStep(io, process.env.RUNNER_TEMP));
}

// src/actions/build/post-index.ts
await run();
