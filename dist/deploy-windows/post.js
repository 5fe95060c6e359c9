import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  DEPLOY_STATE,
  runAction
} from "./chunks/chunk-54W7AFOL.js";
import "./chunks/chunk-V3ZIWQK6.js";
import "./chunks/chunk-CQUVSVTJ.js";
import "./chunks/chunk-ZZLW4XE3.js";

// src/actions/deploy-windows/post.ts
import { rmSync } from "node:fs";
import { resolve, sep } from "node:path";
async function run() {
  await runAction("deploy-windows", async (io) => {
    const temp = process.env.RUNNER_TEMP;
    const path = io.getState(DEPLOY_STATE.workDir);
    if (!path || !temp || !resolve(path).startsWith(resolve(temp) + sep)) return;
    rmSync(path, { recursive: true, force: true });
    io.info(`Removed ${path}`);
  });
}

// src/actions/deploy-windows/post-index.ts
await run();
