import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);

// src/runner/errors.ts
var UserError = class extends Error {
  constructor(message, file, line) {
    super(message);
    this.file = file;
    this.line = line;
    this.name = "UserError";
  }
  file;
  line;
};
var InputError = class extends UserError {
  constructor(input, problem) {
    super(`Input '${input}': ${problem}`);
    this.input = input;
    this.name = "InputError";
  }
  input;
};
function errorMessage(err) {
  return err instanceof Error ? err.message : String(err);
}

export {
  UserError,
  InputError,
  errorMessage
};
