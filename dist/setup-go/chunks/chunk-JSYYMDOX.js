import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  errorMessage,
  getState,
  info,
  saveState,
  warning
} from "./chunk-VLN3PQ2U.js";

// src/cache/go-cache.ts
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";

// src/cache/key.ts
function planGoCache(p) {
  const paths = [
    ...new Set([p.gomodcache, p.gocache].filter((x) => !!x && x !== "off"))
  ];
  return {
    primaryKey: `setup-go-${p.runnerOs}-${p.arch}-go-${p.goVersion}-${p.dependencyHash}`,
    restoreKeys: [],
    paths
  };
}
function decideSave(state) {
  if (!state.primaryKey)
    return { save: false, reason: "the main step restored no Go cache (cache off, or no go.sum)" };
  if (state.matchedKey === state.primaryKey)
    return {
      save: false,
      reason: `cache hit on the exact key ${state.primaryKey}: nothing new to save`
    };
  if (state.paths.length === 0) return { save: false, reason: "no Go cache folder exists to save" };
  return { save: true };
}

// src/cache/go-cache.ts
var CACHE_STATE = {
  primaryKey: "GO_CACHE_KEY",
  matchedKey: "GO_CACHE_MATCHED_KEY",
  paths: "GO_CACHE_PATHS"
};
var DEFAULT_DEPENDENCY_PATH = "go.sum";
async function dependencyHash(workspace, patterns) {
  const { hashFiles } = await import("./glob-SYWNTDUR.js");
  const rooted = patterns.map((p) => {
    const negated = p.startsWith("!");
    const body = negated ? p.slice(1) : p;
    return `${negated ? "!" : ""}${isAbsolute(body) ? body : join(workspace, body)}`;
  });
  return hashFiles(rooted.join("\n"), workspace);
}
async function restoreGoCache(req) {
  const patterns = req.patterns.length > 0 ? req.patterns : [DEFAULT_DEPENDENCY_PATH];
  try {
    const hash = await dependencyHash(req.workspace, patterns);
    if (!hash) {
      warning(
        `No file matches cache-dependency-path '${patterns.join(", ")}' in the workspace: the Go module and build caches are not restored or saved`
      );
      return false;
    }
    const plan = planGoCache({ ...req, dependencyHash: hash });
    const source = await req.load();
    if (!source.client) {
      warning(`${source.reason}: the Go module and build caches are not restored or saved`);
      return false;
    }
    saveState(CACHE_STATE.primaryKey, plan.primaryKey);
    saveState(CACHE_STATE.paths, JSON.stringify(plan.paths));
    const matched = await source.client.restore(plan.paths, plan.primaryKey, plan.restoreKeys);
    if (!matched) {
      info(`Go cache not found for key ${plan.primaryKey}`);
      return false;
    }
    saveState(CACHE_STATE.matchedKey, matched);
    info(`Go cache restored from key ${matched}`);
    return matched === plan.primaryKey;
  } catch (err) {
    warning(`Restoring the Go cache failed: ${errorMessage(err)}`);
    return false;
  }
}
async function saveGoCache(load) {
  let paths;
  try {
    paths = JSON.parse(getState(CACHE_STATE.paths) || "[]");
  } catch {
    paths = [];
  }
  const existing = paths.filter((p) => existsSync(p));
  const missing = paths.filter((p) => !existing.includes(p));
  const decision = decideSave({
    primaryKey: getState(CACHE_STATE.primaryKey),
    matchedKey: getState(CACHE_STATE.matchedKey),
    paths: existing
  });
  if (!decision.save) return info(`Not saving the Go cache: ${decision.reason}`);
  if (missing.length > 0) info(`Not in the cache (does not exist): ${missing.join(", ")}`);
  const key = getState(CACHE_STATE.primaryKey);
  try {
    const source = await load();
    if (!source.client) return warning(`${source.reason}: the Go cache is not saved`);
    await source.client.save(existing, key);
    info(`Go cache saved with key ${key}`);
  } catch (err) {
    warning(`Saving the Go cache failed: ${errorMessage(err)}`);
  }
}

export {
  CACHE_STATE,
  DEFAULT_DEPENDENCY_PATH,
  dependencyHash,
  restoreGoCache,
  saveGoCache
};
