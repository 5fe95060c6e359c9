import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  saveGoCache
} from "./chunks/chunk-HUYDFEMY.js";
import {
  loadCacheClient
} from "./chunks/chunk-QVTLU54O.js";
import {
  UserError,
  debug,
  error,
  errorMessage,
  getInput,
  info
} from "./chunks/chunk-VLN3PQ2U.js";
import "./chunks/chunk-ZZLW4XE3.js";

// src/runner/entry.ts
async function runLightAction(name, body) {
  try {
    await body();
  } catch (err) {
    process.exitCode = 1;
    if (err instanceof UserError) {
      const props = { title: name };
      if (err.file) props.file = err.file;
      if (err.line) props.startLine = err.line;
      error(err.message, props);
    } else {
      if (err instanceof Error && err.stack) debug(err.stack);
      error(
        `${name}: unexpected error (a bug in winship, please report it): ${errorMessage(err)}`,
        {
          title: name
        }
      );
    }
  }
}

// src/cache/post-step.ts
function runGoCachePostStep(action) {
  return runLightAction(action, async () => {
    if (/^(false|no|off|0)$/i.test(getInput("cache")))
      return info("cache: false: not saving the Go cache");
    await saveGoCache(() => loadCacheClient(process.env));
  });
}

// src/actions/winship/post.ts
await runGoCachePostStep("winship");
