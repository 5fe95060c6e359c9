import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  context,
  getOctokit
} from "./chunk-IC3W6RJ6.js";
import "./chunk-ZZLW4XE3.js";
export {
  context,
  getOctokit
};
