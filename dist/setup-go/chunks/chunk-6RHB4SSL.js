import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  UserError,
  debug,
  error,
  errorMessage
} from "./chunk-VLN3PQ2U.js";

// src/cache/client.ts
import { existsSync } from "node:fs";
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
async function loadCacheClient(env = process.env) {
  const custom = env.WINSHIP_CACHE_CLIENT;
  if (custom) {
    if (!isAbsolute(custom) || !existsSync(custom))
      throw new UserError(
        `WINSHIP_CACHE_CLIENT: '${custom}' is not an absolute path to an existing ES module`
      );
    const mod = await import(pathToFileURL(custom).href);
    if (typeof mod.restore !== "function" || typeof mod.save !== "function")
      throw new UserError(`WINSHIP_CACHE_CLIENT: ${custom} must export functions restore and save`);
    return { client: { restore: mod.restore, save: mod.save }, name: custom };
  }
  const cache = await import("./cache-YGNRY5SB.js");
  if (!cache.isFeatureAvailable())
    return {
      client: void 0,
      reason: "the GitHub Actions cache service is not available on this runner"
    };
  return {
    name: "@actions/cache",
    client: {
      restore: (paths, primaryKey, restoreKeys) => cache.restoreCache(paths, primaryKey, restoreKeys),
      save: async (paths, key) => {
        await cache.saveCache(paths, key);
      }
    }
  };
}

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

export {
  loadCacheClient,
  runLightAction
};
