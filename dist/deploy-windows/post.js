import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  getState,
  info
} from "./chunks/chunk-QYDX3AAV.js";
import "./chunks/chunk-ZZLW4XE3.js";

// src/actions/deploy-windows/post.ts
import { rmSync } from "node:fs";
import { resolve, sep } from "node:path";
var temp = process.env.RUNNER_TEMP;
for (const name of ["work-dir", "key-file"]) {
  const path = getState(name);
  if (!path || !temp || !resolve(path).startsWith(resolve(temp) + sep)) continue;
  rmSync(path, { recursive: true, force: true });
  info(`Removed ${path}`);
}
