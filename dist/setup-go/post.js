import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  loadCacheClient,
  runLightAction
} from "./chunks/chunk-6RHB4SSL.js";
import {
  saveGoCache
} from "./chunks/chunk-JSYYMDOX.js";
import {
  getInput,
  info
} from "./chunks/chunk-VLN3PQ2U.js";
import "./chunks/chunk-ZZLW4XE3.js";

// src/cache/post-step.ts
function runGoCachePostStep(action) {
  return runLightAction(action, async () => {
    if (/^(false|no|off|0)$/i.test(getInput("cache")))
      return info("cache: false: not saving the Go cache");
    await saveGoCache(() => loadCacheClient(process.env));
  });
}

// src/actions/setup-go/post.ts
await runGoCachePostStep("setup-go");
