import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  errorMessage
} from "./chunk-CQUVSVTJ.js";

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
  const { hashFiles } = await import("./glob-E3B6YDZS.js");
  const rooted = patterns.map((p) => {
    const negated = p.startsWith("!");
    const body = negated ? p.slice(1) : p;
    return `${negated ? "!" : ""}${isAbsolute(body) ? body : join(workspace, body)}`;
  });
  return hashFiles(rooted.join("\n"), workspace);
}
async function restoreGoCache(req, io) {
  const patterns = req.patterns.length > 0 ? req.patterns : [DEFAULT_DEPENDENCY_PATH];
  try {
    const hash = await dependencyHash(req.workspace, patterns);
    if (!hash) {
      io.warning(
        `No file matches cache-dependency-path '${patterns.join(", ")}' in the workspace: the Go module and build caches are not restored or saved`
      );
      return false;
    }
    const plan = planGoCache({ ...req, dependencyHash: hash });
    const source = await req.load();
    if (!source.client) {
      io.warning(`${source.reason}: the Go module and build caches are not restored or saved`);
      return false;
    }
    io.saveState(CACHE_STATE.primaryKey, plan.primaryKey);
    io.saveState(CACHE_STATE.paths, JSON.stringify(plan.paths));
    const matched = await source.client.restore(plan.paths, plan.primaryKey, plan.restoreKeys);
    if (!matched) {
      io.info(`Go cache not found for key ${plan.primaryKey}`);
      return false;
    }
    io.saveState(CACHE_STATE.matchedKey, matched);
    io.info(`Go cache restored from key ${matched}`);
    return matched === plan.primaryKey;
  } catch (err) {
    io.warning(`Restoring the Go cache failed: ${errorMessage(err)}`);
    return false;
  }
}
async function saveGoCache(load, io) {
  let paths;
  try {
    paths = JSON.parse(io.getState(CACHE_STATE.paths) || "[]");
  } catch {
    paths = [];
  }
  const existing = paths.filter((p) => existsSync(p));
  const missing = paths.filter((p) => !existing.includes(p));
  const decision = decideSave({
    primaryKey: io.getState(CACHE_STATE.primaryKey),
    matchedKey: io.getState(CACHE_STATE.matchedKey),
    paths: existing
  });
  if (!decision.save) return io.info(`Not saving the Go cache: ${decision.reason}`);
  if (missing.length > 0) io.info(`Not in the cache (does not exist): ${missing.join(", ")}`);
  const key = io.getState(CACHE_STATE.primaryKey);
  try {
    const source = await load();
    if (!source.client) return io.warning(`${source.reason}: the Go cache is not saved`);
    await source.client.save(existing, key);
    io.info(`Go cache saved with key ${key}`);
  } catch (err) {
    io.warning(`Saving the Go cache failed: ${errorMessage(err)}`);
  }
}

export {
  CACHE_STATE,
  DEFAULT_DEPENDENCY_PATH,
  dependencyHash,
  restoreGoCache,
  saveGoCache
};
