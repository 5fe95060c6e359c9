import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  CACHE_STATE,
  DEFAULT_DEPENDENCY_PATH,
  dependencyHash,
  restoreGoCache,
  saveGoCache
} from "./chunk-47W7MSDG.js";
import "./chunk-CQUVSVTJ.js";
import "./chunk-ZZLW4XE3.js";
export {
  CACHE_STATE,
  DEFAULT_DEPENDENCY_PATH,
  dependencyHash,
  restoreGoCache,
  saveGoCache
};
