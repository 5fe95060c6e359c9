import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  Inputs,
  loadCacheClient,
  runAction
} from "./chunks/chunk-WFMPKGEG.js";
import "./chunks/chunk-YOZEVNOJ.js";
import {
  saveGoCache
} from "./chunks/chunk-47W7MSDG.js";
import "./chunks/chunk-CQUVSVTJ.js";
import "./chunks/chunk-ZZLW4XE3.js";

// src/cache/post-step.ts
async function saveGoCacheStep(io, inputs = new Inputs()) {
  if (!inputs.boolean("cache", true)) return io.info("cache: false: not saving the Go cache");
  await saveGoCache(() => loadCacheClient(process.env), io);
}

// src/actions/setup-go/post.ts
async function run() {
  await runAction("setup-go", (io) => saveGoCacheStep(io));
}

// src/actions/setup-go/post-index.ts
await run();
