import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  InputError,
  SIGNING_INPUTS,
  SIGNING_STATE,
  UserError,
  coreIO,
  errorMessage,
  readSigningConfig,
  runAction
} from "./chunks/chunk-WFYHSE5X.js";
import {
  getInput
} from "./chunks/chunk-V3ZIWQK6.js";
import {
  __commonJS,
  __toESM
} from "./chunks/chunk-ZZLW4XE3.js";

// node_modules/semver/internal/constants.js
var require_constants = __commonJS({
  "node_modules/semver/internal/constants.js"(exports, module) {
    "use strict";
    var SEMVER_SPEC_VERSION = "2.0.0";
    var MAX_LENGTH = 256;
    var MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER || /* istanbul ignore next */
    9007199254740991;
    var MAX_SAFE_COMPONENT_LENGTH = 16;
    var MAX_SAFE_BUILD_LENGTH = MAX_LENGTH - 6;
    var WHITESPACE_CHARACTERS = [
      "	",
      "\n",
      "\v",
      "\f",
      "\r",
      " ",
      "\xA0",
      "\u1680",
      "\u2000",
      "\u2001",
      "\u2002",
      "\u2003",
      "\u2004",
      "\u2005",
      "\u2006",
      "\u2007",
      "\u2008",
      "\u2009",
      "\u200A",
      "\u2028",
      "\u2029",
      "\u202F",
      "\u205F",
      "\u3000",
      "\uFEFF"
    ];
    var RELEASE_TYPES = [
      "major",
      "premajor",
      "minor",
      "preminor",
      "patch",
      "prepatch",
      "prerelease"
    ];
    module.exports = {
      MAX_LENGTH,
      MAX_SAFE_COMPONENT_LENGTH,
      MAX_SAFE_BUILD_LENGTH,
      MAX_SAFE_INTEGER,
      WHITESPACE_CHARACTERS,
      RELEASE_TYPES,
      SEMVER_SPEC_VERSION,
      FLAG_INCLUDE_PRERELEASE: 1,
      FLAG_LOOSE: 2
    };
  }
});

// node_modules/semver/internal/debug.js
var require_debug = __commonJS({
  "node_modules/semver/internal/debug.js"(exports, module) {
    "use strict";
    var debug = typeof process === "object" && process.env && process.env.NODE_DEBUG && /\bsemver\b/i.test(process.env.NODE_DEBUG) ? (...args) => console.error("SEMVER", ...args) : () => {
    };
    module.exports = debug;
  }
});

// node_modules/semver/internal/re.js
var require_re = __commonJS({
  "node_modules/semver/internal/re.js"(exports, module) {
    "use strict";
    var {
      MAX_SAFE_COMPONENT_LENGTH,
      MAX_SAFE_BUILD_LENGTH,
      MAX_LENGTH
    } = require_constants();
    var debug = require_debug();
    exports = module.exports = {};
    var re = exports.re = [];
    var safeRe = exports.safeRe = [];
    var src = exports.src = [];
    var safeSrc = exports.safeSrc = [];
    var t = exports.t = {};
    var R = 0;
    var LETTERDASHNUMBER = "[a-zA-Z0-9-]";
    var safeRegexReplacements = [
      ["\\s", 1],
      ["\\d", MAX_LENGTH],
      [LETTERDASHNUMBER, MAX_SAFE_BUILD_LENGTH]
    ];
    var makeSafeRegex = (value) => {
      for (const [token, max] of safeRegexReplacements) {
        value = value.split(`${token}*`).join(`${token}{0,${max}}`).split(`${token}+`).join(`${token}{1,${max}}`);
      }
      return value;
    };
    var createToken = (name, value, isGlobal) => {
      const safe = makeSafeRegex(value);
      const index = R++;
      debug(name, index, value);
      t[name] = index;
      src[index] = value;
      safeSrc[index] = safe;
      re[index] = new RegExp(value, isGlobal ? "g" : void 0);
      safeRe[index] = new RegExp(safe, isGlobal ? "g" : void 0);
    };
    createToken("NUMERICIDENTIFIER", "0|[1-9]\\d*");
    createToken("NUMERICIDENTIFIERLOOSE", "\\d+");
    createToken("NONNUMERICIDENTIFIER", `\\d*[a-zA-Z-]${LETTERDASHNUMBER}*`);
    createToken("MAINVERSION", `(${src[t.NUMERICIDENTIFIER]})\\.(${src[t.NUMERICIDENTIFIER]})\\.(${src[t.NUMERICIDENTIFIER]})`);
    createToken("MAINVERSIONLOOSE", `(${src[t.NUMERICIDENTIFIERLOOSE]})\\.(${src[t.NUMERICIDENTIFIERLOOSE]})\\.(${src[t.NUMERICIDENTIFIERLOOSE]})`);
    createToken("PRERELEASEIDENTIFIER", `(?:${src[t.NONNUMERICIDENTIFIER]}|${src[t.NUMERICIDENTIFIER]})`);
    createToken("PRERELEASEIDENTIFIERLOOSE", `(?:${src[t.NONNUMERICIDENTIFIER]}|${src[t.NUMERICIDENTIFIERLOOSE]})`);
    createToken("PRERELEASE", `(?:-(${src[t.PRERELEASEIDENTIFIER]}(?:\\.${src[t.PRERELEASEIDENTIFIER]})*))`);
    createToken("PRERELEASELOOSE", `(?:-?(${src[t.PRERELEASEIDENTIFIERLOOSE]}(?:\\.${src[t.PRERELEASEIDENTIFIERLOOSE]})*))`);
    createToken("BUILDIDENTIFIER", `${LETTERDASHNUMBER}+`);
    createToken("BUILD", `(?:\\+(${src[t.BUILDIDENTIFIER]}(?:\\.${src[t.BUILDIDENTIFIER]})*))`);
    createToken("FULLPLAIN", `v?${src[t.MAINVERSION]}${src[t.PRERELEASE]}?${src[t.BUILD]}?`);
    createToken("FULL", `^${src[t.FULLPLAIN]}$`);
    createToken("LOOSEPLAIN", `[v=\\s]*${src[t.MAINVERSIONLOOSE]}${src[t.PRERELEASELOOSE]}?${src[t.BUILD]}?`);
    createToken("LOOSE", `^${src[t.LOOSEPLAIN]}$`);
    createToken("GTLT", "((?:<|>)?=?)");
    createToken("XRANGEIDENTIFIERLOOSE", `${src[t.NUMERICIDENTIFIERLOOSE]}|x|X|\\*`);
    createToken("XRANGEIDENTIFIER", `${src[t.NUMERICIDENTIFIER]}|x|X|\\*`);
    createToken("XRANGEPLAIN", `[v=\\s]*(${src[t.XRANGEIDENTIFIER]})(?:\\.(${src[t.XRANGEIDENTIFIER]})(?:\\.(${src[t.XRANGEIDENTIFIER]})(?:${src[t.PRERELEASE]})?${src[t.BUILD]}?)?)?`);
    createToken("XRANGEPLAINLOOSE", `[v=\\s]*(${src[t.XRANGEIDENTIFIERLOOSE]})(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})(?:${src[t.PRERELEASELOOSE]})?${src[t.BUILD]}?)?)?`);
    createToken("XRANGE", `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAIN]}$`);
    createToken("XRANGELOOSE", `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAINLOOSE]}$`);
    createToken("COERCEPLAIN", `${"(^|[^\\d])(\\d{1,"}${MAX_SAFE_COMPONENT_LENGTH}})(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?`);
    createToken("COERCE", `${src[t.COERCEPLAIN]}(?:$|[^\\d])`);
    createToken("COERCEFULL", src[t.COERCEPLAIN] + `(?:${src[t.PRERELEASE]})?(?:${src[t.BUILD]})?(?:$|[^\\d])`);
    createToken("COERCERTL", src[t.COERCE], true);
    createToken("COERCERTLFULL", src[t.COERCEFULL], true);
    createToken("LONETILDE", "(?:~>?)");
    createToken("TILDETRIM", `(\\s*)${src[t.LONETILDE]}\\s+`, true);
    exports.tildeTrimReplace = "$1~";
    createToken("TILDE", `^${src[t.LONETILDE]}${src[t.XRANGEPLAIN]}$`);
    createToken("TILDELOOSE", `^${src[t.LONETILDE]}${src[t.XRANGEPLAINLOOSE]}$`);
    createToken("LONECARET", "(?:\\^)");
    createToken("CARETTRIM", `(\\s*)${src[t.LONECARET]}\\s+`, true);
    exports.caretTrimReplace = "$1^";
    createToken("CARET", `^${src[t.LONECARET]}${src[t.XRANGEPLAIN]}$`);
    createToken("CARETLOOSE", `^${src[t.LONECARET]}${src[t.XRANGEPLAINLOOSE]}$`);
    createToken("COMPARATORLOOSE", `^${src[t.GTLT]}\\s*(${src[t.LOOSEPLAIN]})$|^$`);
    createToken("COMPARATOR", `^${src[t.GTLT]}\\s*(${src[t.FULLPLAIN]})$|^$`);
    createToken("COMPARATORTRIM", `(\\s*)${src[t.GTLT]}\\s*(${src[t.LOOSEPLAIN]}|${src[t.XRANGEPLAIN]})`, true);
    exports.comparatorTrimReplace = "$1$2$3";
    createToken("HYPHENRANGE", `^\\s*(${src[t.XRANGEPLAIN]})\\s+-\\s+(${src[t.XRANGEPLAIN]})\\s*$`);
    createToken("HYPHENRANGELOOSE", `^\\s*(${src[t.XRANGEPLAINLOOSE]})\\s+-\\s+(${src[t.XRANGEPLAINLOOSE]})\\s*$`);
    createToken("STAR", "(<|>)?=?\\s*\\*");
    createToken("GTE0", "^\\s*>=\\s*0\\.0\\.0\\s*$");
    createToken("GTE0PRE", "^\\s*>=\\s*0\\.0\\.0-0\\s*$");
  }
});

// node_modules/semver/internal/parse-options.js
var require_parse_options = __commonJS({
  "node_modules/semver/internal/parse-options.js"(exports, module) {
    "use strict";
    var looseOption = Object.freeze({ loose: true });
    var emptyOpts = Object.freeze({});
    var parseOptions = (options) => {
      if (!options) {
        return emptyOpts;
      }
      if (typeof options !== "object") {
        return looseOption;
      }
      return options;
    };
    module.exports = parseOptions;
  }
});

// node_modules/semver/internal/identifiers.js
var require_identifiers = __commonJS({
  "node_modules/semver/internal/identifiers.js"(exports, module) {
    "use strict";
    var numeric = /^[0-9]+$/;
    var compareIdentifiers = (a, b) => {
      if (typeof a === "number" && typeof b === "number") {
        return a === b ? 0 : a < b ? -1 : 1;
      }
      const anum = numeric.test(a);
      const bnum = numeric.test(b);
      if (anum && bnum) {
        a = +a;
        b = +b;
      }
      return a === b ? 0 : anum && !bnum ? -1 : bnum && !anum ? 1 : a < b ? -1 : 1;
    };
    var rcompareIdentifiers = (a, b) => compareIdentifiers(b, a);
    module.exports = {
      compareIdentifiers,
      rcompareIdentifiers
    };
  }
});

// node_modules/semver/classes/semver.js
var require_semver = __commonJS({
  "node_modules/semver/classes/semver.js"(exports, module) {
    "use strict";
    var debug = require_debug();
    var { MAX_LENGTH, MAX_SAFE_INTEGER } = require_constants();
    var { safeRe: re, t } = require_re();
    var parseOptions = require_parse_options();
    var { compareIdentifiers } = require_identifiers();
    var isPrereleaseIdentifier = (prerelease, identifier) => {
      const identifiers = identifier.split(".");
      if (identifiers.length > prerelease.length) {
        return false;
      }
      for (let i = 0; i < identifiers.length; i++) {
        if (compareIdentifiers(prerelease[i], identifiers[i]) !== 0) {
          return false;
        }
      }
      return true;
    };
    var SemVer = class _SemVer {
      constructor(version, options) {
        options = parseOptions(options);
        if (version instanceof _SemVer) {
          if (version.loose === !!options.loose && version.includePrerelease === !!options.includePrerelease) {
            return version;
          } else {
            version = version.version;
          }
        } else if (typeof version !== "string") {
          throw new TypeError(`Invalid version. Must be a string. Got type "${typeof version}".`);
        }
        if (version.length > MAX_LENGTH) {
          throw new TypeError(
            `version is longer than ${MAX_LENGTH} characters`
          );
        }
        debug("SemVer", version, options);
        this.options = options;
        this.loose = !!options.loose;
        this.includePrerelease = !!options.includePrerelease;
        const m = version.trim().match(options.loose ? re[t.LOOSE] : re[t.FULL]);
        if (!m) {
          throw new TypeError(`Invalid Version: ${version}`);
        }
        this.raw = version;
        this.major = +m[1];
        this.minor = +m[2];
        this.patch = +m[3];
        if (this.major > MAX_SAFE_INTEGER || this.major < 0) {
          throw new TypeError("Invalid major version");
        }
        if (this.minor > MAX_SAFE_INTEGER || this.minor < 0) {
          throw new TypeError("Invalid minor version");
        }
        if (this.patch > MAX_SAFE_INTEGER || this.patch < 0) {
          throw new TypeError("Invalid patch version");
        }
        if (!m[4]) {
          this.prerelease = [];
        } else {
          this.prerelease = m[4].split(".").map((id) => {
            if (/^[0-9]+$/.test(id)) {
              const num = +id;
              if (num >= 0 && num < MAX_SAFE_INTEGER) {
                return num;
              }
            }
            return id;
          });
        }
        this.build = m[5] ? m[5].split(".") : [];
        this.format();
      }
      format() {
        this.version = `${this.major}.${this.minor}.${this.patch}`;
        if (this.prerelease.length) {
          this.version += `-${this.prerelease.join(".")}`;
        }
        return this.version;
      }
      toString() {
        return this.version;
      }
      compare(other) {
        debug("SemVer.compare", this.version, this.options, other);
        if (!(other instanceof _SemVer)) {
          if (typeof other === "string" && other === this.version) {
            return 0;
          }
          other = new _SemVer(other, this.options);
        }
        if (other.version === this.version) {
          return 0;
        }
        return this.compareMain(other) || this.comparePre(other);
      }
      compareMain(other) {
        if (!(other instanceof _SemVer)) {
          other = new _SemVer(other, this.options);
        }
        if (this.major < other.major) {
          return -1;
        }
        if (this.major > other.major) {
          return 1;
        }
        if (this.minor < other.minor) {
          return -1;
        }
        if (this.minor > other.minor) {
          return 1;
        }
        if (this.patch < other.patch) {
          return -1;
        }
        if (this.patch > other.patch) {
          return 1;
        }
        return 0;
      }
      comparePre(other) {
        if (!(other instanceof _SemVer)) {
          other = new _SemVer(other, this.options);
        }
        if (this.prerelease.length && !other.prerelease.length) {
          return -1;
        } else if (!this.prerelease.length && other.prerelease.length) {
          return 1;
        } else if (!this.prerelease.length && !other.prerelease.length) {
          return 0;
        }
        let i = 0;
        do {
          const a = this.prerelease[i];
          const b = other.prerelease[i];
          debug("prerelease compare", i, a, b);
          if (a === void 0 && b === void 0) {
            return 0;
          } else if (b === void 0) {
            return 1;
          } else if (a === void 0) {
            return -1;
          } else if (a === b) {
            continue;
          } else {
            return compareIdentifiers(a, b);
          }
        } while (++i);
      }
      compareBuild(other) {
        if (!(other instanceof _SemVer)) {
          other = new _SemVer(other, this.options);
        }
        let i = 0;
        do {
          const a = this.build[i];
          const b = other.build[i];
          debug("build compare", i, a, b);
          if (a === void 0 && b === void 0) {
            return 0;
          } else if (b === void 0) {
            return 1;
          } else if (a === void 0) {
            return -1;
          } else if (a === b) {
            continue;
          } else {
            return compareIdentifiers(a, b);
          }
        } while (++i);
      }
      // preminor will bump the version up to the next minor release, and immediately
      // down to pre-release. premajor and prepatch work the same way.
      inc(release, identifier, identifierBase) {
        if (release.startsWith("pre")) {
          if (!identifier && identifierBase === false) {
            throw new Error("invalid increment argument: identifier is empty");
          }
          if (identifier) {
            const match = `-${identifier}`.match(this.options.loose ? re[t.PRERELEASELOOSE] : re[t.PRERELEASE]);
            if (!match || match[1] !== identifier) {
              throw new Error(`invalid identifier: ${identifier}`);
            }
          }
        }
        switch (release) {
          case "premajor":
            this.prerelease.length = 0;
            this.patch = 0;
            this.minor = 0;
            this.major++;
            this.inc("pre", identifier, identifierBase);
            break;
          case "preminor":
            this.prerelease.length = 0;
            this.patch = 0;
            this.minor++;
            this.inc("pre", identifier, identifierBase);
            break;
          case "prepatch":
            this.prerelease.length = 0;
            this.inc("patch", identifier, identifierBase);
            this.inc("pre", identifier, identifierBase);
            break;
          // If the input is a non-prerelease version, this acts the same as
          // prepatch.
          case "prerelease":
            if (this.prerelease.length === 0) {
              this.inc("patch", identifier, identifierBase);
            }
            this.inc("pre", identifier, identifierBase);
            break;
          case "release":
            if (this.prerelease.length === 0) {
              throw new Error(`version ${this.raw} is not a prerelease`);
            }
            this.prerelease.length = 0;
            break;
          case "major":
            if (this.minor !== 0 || this.patch !== 0 || this.prerelease.length === 0) {
              this.major++;
            }
            this.minor = 0;
            this.patch = 0;
            this.prerelease = [];
            break;
          case "minor":
            if (this.patch !== 0 || this.prerelease.length === 0) {
              this.minor++;
            }
            this.patch = 0;
            this.prerelease = [];
            break;
          case "patch":
            if (this.prerelease.length === 0) {
              this.patch++;
            }
            this.prerelease = [];
            break;
          // This probably shouldn't be used publicly.
          // 1.0.0 'pre' would become 1.0.0-0 which is the wrong direction.
          case "pre": {
            const base = Number(identifierBase) ? 1 : 0;
            if (this.prerelease.length === 0) {
              this.prerelease = [base];
            } else {
              let i = this.prerelease.length;
              while (--i >= 0) {
                if (typeof this.prerelease[i] === "number") {
                  this.prerelease[i]++;
                  i = -2;
                }
              }
              if (i === -1) {
                if (identifier === this.prerelease.join(".") && identifierBase === false) {
                  throw new Error("invalid increment argument: identifier already exists");
                }
                this.prerelease.push(base);
              }
            }
            if (identifier) {
              let prerelease = [identifier, base];
              if (identifierBase === false) {
                prerelease = [identifier];
              }
              if (isPrereleaseIdentifier(this.prerelease, identifier)) {
                const prereleaseBase = this.prerelease[identifier.split(".").length];
                if (isNaN(prereleaseBase)) {
                  this.prerelease = prerelease;
                }
              } else {
                this.prerelease = prerelease;
              }
            }
            break;
          }
          default:
            throw new Error(`invalid increment argument: ${release}`);
        }
        this.raw = this.format();
        if (this.build.length) {
          this.raw += `+${this.build.join(".")}`;
        }
        return this;
      }
    };
    module.exports = SemVer;
  }
});

// node_modules/semver/functions/parse.js
var require_parse = __commonJS({
  "node_modules/semver/functions/parse.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var parse = (version, options, throwErrors = false) => {
      if (version instanceof SemVer) {
        return version;
      }
      try {
        return new SemVer(version, options);
      } catch (er) {
        if (!throwErrors) {
          return null;
        }
        throw er;
      }
    };
    module.exports = parse;
  }
});

// node_modules/semver/functions/valid.js
var require_valid = __commonJS({
  "node_modules/semver/functions/valid.js"(exports, module) {
    "use strict";
    var parse = require_parse();
    var valid = (version, options) => {
      const v = parse(version, options);
      return v ? v.version : null;
    };
    module.exports = valid;
  }
});

// node_modules/semver/functions/clean.js
var require_clean = __commonJS({
  "node_modules/semver/functions/clean.js"(exports, module) {
    "use strict";
    var parse = require_parse();
    var clean = (version, options) => {
      const s = parse(version.trim().replace(/^[=v]+/, ""), options);
      return s ? s.version : null;
    };
    module.exports = clean;
  }
});

// node_modules/semver/functions/inc.js
var require_inc = __commonJS({
  "node_modules/semver/functions/inc.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var inc = (version, release, options, identifier, identifierBase) => {
      if (typeof options === "string") {
        identifierBase = identifier;
        identifier = options;
        options = void 0;
      }
      try {
        return new SemVer(
          version instanceof SemVer ? version.version : version,
          options
        ).inc(release, identifier, identifierBase).version;
      } catch (er) {
        return null;
      }
    };
    module.exports = inc;
  }
});

// node_modules/semver/functions/diff.js
var require_diff = __commonJS({
  "node_modules/semver/functions/diff.js"(exports, module) {
    "use strict";
    var parse = require_parse();
    var diff = (version1, version2) => {
      const v1 = parse(version1, null, true);
      const v2 = parse(version2, null, true);
      const comparison = v1.compare(v2);
      if (comparison === 0) {
        return null;
      }
      const v1Higher = comparison > 0;
      const highVersion = v1Higher ? v1 : v2;
      const lowVersion = v1Higher ? v2 : v1;
      const highHasPre = !!highVersion.prerelease.length;
      const lowHasPre = !!lowVersion.prerelease.length;
      if (lowHasPre && !highHasPre) {
        if (!lowVersion.patch && !lowVersion.minor) {
          return "major";
        }
        if (lowVersion.compareMain(highVersion) === 0) {
          if (lowVersion.minor && !lowVersion.patch) {
            return "minor";
          }
          return "patch";
        }
      }
      const prefix = highHasPre ? "pre" : "";
      if (v1.major !== v2.major) {
        return prefix + "major";
      }
      if (v1.minor !== v2.minor) {
        return prefix + "minor";
      }
      if (v1.patch !== v2.patch) {
        return prefix + "patch";
      }
      return "prerelease";
    };
    module.exports = diff;
  }
});

// node_modules/semver/functions/major.js
var require_major = __commonJS({
  "node_modules/semver/functions/major.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var major = (a, loose) => new SemVer(a, loose).major;
    module.exports = major;
  }
});

// node_modules/semver/functions/minor.js
var require_minor = __commonJS({
  "node_modules/semver/functions/minor.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var minor = (a, loose) => new SemVer(a, loose).minor;
    module.exports = minor;
  }
});

// node_modules/semver/functions/patch.js
var require_patch = __commonJS({
  "node_modules/semver/functions/patch.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var patch = (a, loose) => new SemVer(a, loose).patch;
    module.exports = patch;
  }
});

// node_modules/semver/functions/prerelease.js
var require_prerelease = __commonJS({
  "node_modules/semver/functions/prerelease.js"(exports, module) {
    "use strict";
    var parse = require_parse();
    var prerelease = (version, options) => {
      const parsed = parse(version, options);
      return parsed && parsed.prerelease.length ? parsed.prerelease : null;
    };
    module.exports = prerelease;
  }
});

// node_modules/semver/functions/compare.js
var require_compare = __commonJS({
  "node_modules/semver/functions/compare.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var compare = (a, b, loose) => new SemVer(a, loose).compare(new SemVer(b, loose));
    module.exports = compare;
  }
});

// node_modules/semver/functions/rcompare.js
var require_rcompare = __commonJS({
  "node_modules/semver/functions/rcompare.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var rcompare = (a, b, loose) => compare(b, a, loose);
    module.exports = rcompare;
  }
});

// node_modules/semver/functions/compare-loose.js
var require_compare_loose = __commonJS({
  "node_modules/semver/functions/compare-loose.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var compareLoose = (a, b) => compare(a, b, true);
    module.exports = compareLoose;
  }
});

// node_modules/semver/functions/compare-build.js
var require_compare_build = __commonJS({
  "node_modules/semver/functions/compare-build.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var compareBuild = (a, b, loose) => {
      const versionA = new SemVer(a, loose);
      const versionB = new SemVer(b, loose);
      return versionA.compare(versionB) || versionA.compareBuild(versionB);
    };
    module.exports = compareBuild;
  }
});

// node_modules/semver/functions/sort.js
var require_sort = __commonJS({
  "node_modules/semver/functions/sort.js"(exports, module) {
    "use strict";
    var compareBuild = require_compare_build();
    var sort = (list, loose) => list.sort((a, b) => compareBuild(a, b, loose));
    module.exports = sort;
  }
});

// node_modules/semver/functions/rsort.js
var require_rsort = __commonJS({
  "node_modules/semver/functions/rsort.js"(exports, module) {
    "use strict";
    var compareBuild = require_compare_build();
    var rsort = (list, loose) => list.sort((a, b) => compareBuild(b, a, loose));
    module.exports = rsort;
  }
});

// node_modules/semver/functions/gt.js
var require_gt = __commonJS({
  "node_modules/semver/functions/gt.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var gt = (a, b, loose) => compare(a, b, loose) > 0;
    module.exports = gt;
  }
});

// node_modules/semver/functions/lt.js
var require_lt = __commonJS({
  "node_modules/semver/functions/lt.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var lt = (a, b, loose) => compare(a, b, loose) < 0;
    module.exports = lt;
  }
});

// node_modules/semver/functions/eq.js
var require_eq = __commonJS({
  "node_modules/semver/functions/eq.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var eq = (a, b, loose) => compare(a, b, loose) === 0;
    module.exports = eq;
  }
});

// node_modules/semver/functions/neq.js
var require_neq = __commonJS({
  "node_modules/semver/functions/neq.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var neq = (a, b, loose) => compare(a, b, loose) !== 0;
    module.exports = neq;
  }
});

// node_modules/semver/functions/gte.js
var require_gte = __commonJS({
  "node_modules/semver/functions/gte.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var gte = (a, b, loose) => compare(a, b, loose) >= 0;
    module.exports = gte;
  }
});

// node_modules/semver/functions/lte.js
var require_lte = __commonJS({
  "node_modules/semver/functions/lte.js"(exports, module) {
    "use strict";
    var compare = require_compare();
    var lte = (a, b, loose) => compare(a, b, loose) <= 0;
    module.exports = lte;
  }
});

// node_modules/semver/functions/cmp.js
var require_cmp = __commonJS({
  "node_modules/semver/functions/cmp.js"(exports, module) {
    "use strict";
    var eq = require_eq();
    var neq = require_neq();
    var gt = require_gt();
    var gte = require_gte();
    var lt = require_lt();
    var lte = require_lte();
    var cmp = (a, op, b, loose) => {
      switch (op) {
        case "===":
          if (typeof a === "object") {
            a = a.version;
          }
          if (typeof b === "object") {
            b = b.version;
          }
          return a === b;
        case "!==":
          if (typeof a === "object") {
            a = a.version;
          }
          if (typeof b === "object") {
            b = b.version;
          }
          return a !== b;
        case "":
        case "=":
        case "==":
          return eq(a, b, loose);
        case "!=":
          return neq(a, b, loose);
        case ">":
          return gt(a, b, loose);
        case ">=":
          return gte(a, b, loose);
        case "<":
          return lt(a, b, loose);
        case "<=":
          return lte(a, b, loose);
        default:
          throw new TypeError(`Invalid operator: ${op}`);
      }
    };
    module.exports = cmp;
  }
});

// node_modules/semver/functions/coerce.js
var require_coerce = __commonJS({
  "node_modules/semver/functions/coerce.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var parse = require_parse();
    var { safeRe: re, t } = require_re();
    var coerce = (version, options) => {
      if (version instanceof SemVer) {
        return version;
      }
      if (typeof version === "number") {
        version = String(version);
      }
      if (typeof version !== "string") {
        return null;
      }
      options = options || {};
      let match = null;
      if (!options.rtl) {
        match = version.match(options.includePrerelease ? re[t.COERCEFULL] : re[t.COERCE]);
      } else {
        const coerceRtlRegex = options.includePrerelease ? re[t.COERCERTLFULL] : re[t.COERCERTL];
        let next;
        while ((next = coerceRtlRegex.exec(version)) && (!match || match.index + match[0].length !== version.length)) {
          if (!match || next.index + next[0].length !== match.index + match[0].length) {
            match = next;
          }
          coerceRtlRegex.lastIndex = next.index + next[1].length + next[2].length;
        }
        coerceRtlRegex.lastIndex = -1;
      }
      if (match === null) {
        return null;
      }
      const major = match[2];
      const minor = match[3] || "0";
      const patch = match[4] || "0";
      const prerelease = options.includePrerelease && match[5] ? `-${match[5]}` : "";
      const build = options.includePrerelease && match[6] ? `+${match[6]}` : "";
      return parse(`${major}.${minor}.${patch}${prerelease}${build}`, options);
    };
    module.exports = coerce;
  }
});

// node_modules/semver/functions/truncate.js
var require_truncate = __commonJS({
  "node_modules/semver/functions/truncate.js"(exports, module) {
    "use strict";
    var parse = require_parse();
    var constants = require_constants();
    var SemVer = require_semver();
    var truncate = (version, truncation, options) => {
      if (!constants.RELEASE_TYPES.includes(truncation)) {
        return null;
      }
      const clonedVersion = cloneInputVersion(version, options);
      return clonedVersion && doTruncation(clonedVersion, truncation);
    };
    var cloneInputVersion = (version, options) => {
      const versionStringToParse = version instanceof SemVer ? version.version : version;
      return parse(versionStringToParse, options);
    };
    var doTruncation = (version, truncation) => {
      if (isPrerelease(truncation)) {
        return version.version;
      }
      version.prerelease = [];
      switch (truncation) {
        case "major":
          version.minor = 0;
          version.patch = 0;
          break;
        case "minor":
          version.patch = 0;
          break;
      }
      return version.format();
    };
    var isPrerelease = (type) => {
      return type.startsWith("pre");
    };
    module.exports = truncate;
  }
});

// node_modules/semver/internal/lrucache.js
var require_lrucache = __commonJS({
  "node_modules/semver/internal/lrucache.js"(exports, module) {
    "use strict";
    var LRUCache = class {
      constructor() {
        this.max = 1e3;
        this.map = /* @__PURE__ */ new Map();
      }
      get(key) {
        const value = this.map.get(key);
        if (value === void 0) {
          return void 0;
        } else {
          this.map.delete(key);
          this.map.set(key, value);
          return value;
        }
      }
      delete(key) {
        return this.map.delete(key);
      }
      set(key, value) {
        const deleted = this.delete(key);
        if (!deleted && value !== void 0) {
          if (this.map.size >= this.max) {
            const firstKey = this.map.keys().next().value;
            this.delete(firstKey);
          }
          this.map.set(key, value);
        }
        return this;
      }
    };
    module.exports = LRUCache;
  }
});

// node_modules/semver/internal/trim-comparator-whitespace.js
var require_trim_comparator_whitespace = __commonJS({
  "node_modules/semver/internal/trim-comparator-whitespace.js"(exports, module) {
    "use strict";
    var {
      MAX_LENGTH,
      MAX_SAFE_BUILD_LENGTH,
      WHITESPACE_CHARACTERS
    } = require_constants();
    var whitespace = new Uint8Array(65536);
    for (const char of WHITESPACE_CHARACTERS) {
      whitespace[char.charCodeAt(0)] = 1;
    }
    var isWhitespace = (char) => char !== void 0 && whitespace[char.charCodeAt(0)] === 1;
    var isVersionPrefix = (char) => char === "v" || char === "=" || isWhitespace(char);
    var isDigit = (char) => char !== void 0 && char >= "0" && char <= "9";
    var isLetter = (char) => char !== void 0 && (char >= "a" && char <= "z" || char >= "A" && char <= "Z");
    var isIdentifierCharacter = (char) => isDigit(char) || isLetter(char) || char === "-";
    var isVersionStart = (char) => isDigit(char) || char === "x" || char === "X" || char === "*";
    var findDigitsEndIndex = (range, start, limit, digitRuns) => {
      if (!isDigit(range[start])) {
        return start;
      }
      if (start >= digitRuns.start && start < digitRuns.end) {
        return Math.min(start + limit, digitRuns.end);
      }
      if (start >= digitRuns.previousStart && start < digitRuns.previousEnd) {
        return Math.min(start + limit, digitRuns.previousEnd);
      }
      let end = start + 1;
      while (isDigit(range[end])) {
        end++;
      }
      digitRuns.previousStart = digitRuns.start;
      digitRuns.previousEnd = digitRuns.end;
      digitRuns.start = start;
      digitRuns.end = end;
      return Math.min(start + limit, end);
    };
    var findVersionNumberEndIndex = (range, start, loose, digitRuns) => {
      if (!loose && range[start] === "0") {
        return start + 1;
      }
      return findDigitsEndIndex(range, start, loose ? MAX_LENGTH : MAX_LENGTH + 1, digitRuns);
    };
    var findPrereleaseIdentifierEndIndex = (range, start, loose, digitRuns) => {
      const digitsEnd = findDigitsEndIndex(range, start, MAX_LENGTH, digitRuns);
      if (isLetter(range[digitsEnd]) || range[digitsEnd] === "-") {
        let end = digitsEnd + 1;
        const limit = end + MAX_SAFE_BUILD_LENGTH;
        while (end < limit && isIdentifierCharacter(range[end])) {
          end++;
        }
        return end;
      }
      return findVersionNumberEndIndex(range, start, loose, digitRuns);
    };
    var findPrereleaseEndIndex = (range, start, loose, digitRuns) => {
      const hyphen = range[start] === "-";
      if (!loose && !hyphen) {
        return start;
      }
      const identifierStart = start + (hyphen ? 1 : 0);
      let end = findPrereleaseIdentifierEndIndex(range, identifierStart, loose, digitRuns);
      if (end === identifierStart) {
        if (!loose || !hyphen) {
          return start;
        }
        end = findPrereleaseIdentifierEndIndex(range, start, loose, digitRuns);
      }
      while (range[end] === ".") {
        const next = findPrereleaseIdentifierEndIndex(range, end + 1, loose, digitRuns);
        if (next === end + 1) {
          break;
        }
        end = next;
      }
      return end;
    };
    var findBuildIdentifierEndIndex = (range, start) => {
      let end = start;
      while (end - start < MAX_SAFE_BUILD_LENGTH && isIdentifierCharacter(range[end])) {
        end++;
      }
      return end;
    };
    var findBuildEndIndex = (range, start) => {
      if (range[start] !== "+") {
        return start;
      }
      let end = findBuildIdentifierEndIndex(range, start + 1);
      if (end === start + 1) {
        return start;
      }
      while (range[end] === ".") {
        const next = findBuildIdentifierEndIndex(range, end + 1);
        if (next === end + 1) {
          break;
        }
        end = next;
      }
      return end;
    };
    var findLooseFullVersionEndIndex = (range, start, digitRuns) => {
      let end = start;
      for (let component = 0; component < 3; component++) {
        const next = findVersionNumberEndIndex(range, end, true, digitRuns);
        if (next === end) {
          return start;
        }
        end = next;
        if (component < 2) {
          if (range[end] !== ".") {
            return start;
          }
          end++;
        }
      }
      const prereleaseEnd = findPrereleaseEndIndex(range, end, true, digitRuns);
      return findBuildEndIndex(range, prereleaseEnd);
    };
    var findPartialVersionComponentEndIndex = (range, start, digitRuns) => {
      if (isDigit(range[start])) {
        return findVersionNumberEndIndex(range, start, false, digitRuns);
      }
      return isVersionStart(range[start]) ? start + 1 : start;
    };
    var findPartialVersionEndIndex = (range, start, digitRuns) => {
      let end = findPartialVersionComponentEndIndex(range, start, digitRuns);
      for (let component = 0; component < 2; component++) {
        if (range[end] !== ".") {
          return end;
        }
        const next = findPartialVersionComponentEndIndex(range, end + 1, digitRuns);
        if (next === end + 1) {
          return end;
        }
        end = next;
      }
      const prereleaseEnd = findPrereleaseEndIndex(range, end, false, digitRuns);
      return findBuildEndIndex(range, prereleaseEnd);
    };
    var findVersionEndIndex = (range, start, digitRuns) => {
      const fullVersionEnd = findLooseFullVersionEndIndex(range, start, digitRuns);
      return fullVersionEnd !== start ? fullVersionEnd : findPartialVersionEndIndex(range, start, digitRuns);
    };
    var findRemovableWhitespaceIndex = (range, matchStart) => {
      let position = matchStart;
      if (isWhitespace(range[position])) {
        position++;
      }
      if (range[position] === "<" || range[position] === ">") {
        position++;
      }
      if (range[position] === "=") {
        position++;
      }
      return isWhitespace(range[position]) ? position : -1;
    };
    var trimComparatorWhitespace = (range) => {
      let result = "";
      let copyFrom = 0;
      let cursor = 0;
      const digitRuns = { start: -1, end: -1, previousStart: -1, previousEnd: -1 };
      while (cursor < range.length) {
        const matchStart = cursor;
        if (range[cursor] === "<" || range[cursor] === ">") {
          cursor++;
        } else if (!isVersionPrefix(range[cursor]) && !isVersionStart(range[cursor])) {
          cursor++;
          continue;
        }
        while (cursor < range.length && isVersionPrefix(range[cursor])) {
          cursor++;
        }
        if (!isVersionStart(range[cursor])) {
          continue;
        }
        const whitespacePosition = findRemovableWhitespaceIndex(range, matchStart);
        if (whitespacePosition !== -1) {
          result += range.slice(copyFrom, whitespacePosition);
          copyFrom = whitespacePosition + 1;
        }
        cursor = findVersionEndIndex(range, cursor, digitRuns);
      }
      return result + range.slice(copyFrom);
    };
    module.exports = trimComparatorWhitespace;
  }
});

// node_modules/semver/classes/range.js
var require_range = __commonJS({
  "node_modules/semver/classes/range.js"(exports, module) {
    "use strict";
    var SPACE_CHARACTERS = /\s+/g;
    var Range = class _Range {
      constructor(range, options) {
        options = parseOptions(options);
        if (range instanceof _Range) {
          if (range.loose === !!options.loose && range.includePrerelease === !!options.includePrerelease) {
            return range;
          } else {
            return new _Range(range.raw, options);
          }
        }
        if (range instanceof Comparator) {
          this.raw = range.value;
          this.set = [[range]];
          this.formatted = void 0;
          return this;
        }
        this.options = options;
        this.loose = !!options.loose;
        this.includePrerelease = !!options.includePrerelease;
        this.raw = range.trim().replace(SPACE_CHARACTERS, " ");
        this.set = this.raw.split("||").map((r) => this.parseRange(r.trim())).filter((c) => c.length);
        if (!this.set.length) {
          throw new TypeError(`Invalid SemVer Range: ${this.raw}`);
        }
        if (this.set.length > 1) {
          const first = this.set[0];
          this.set = this.set.filter((c) => !isNullSet(c[0]));
          if (this.set.length === 0) {
            this.set = [first];
          } else if (this.set.length > 1) {
            for (const c of this.set) {
              if (c.length === 1 && isAny(c[0])) {
                this.set = [c];
                break;
              }
            }
          }
        }
        this.formatted = void 0;
      }
      get range() {
        if (this.formatted === void 0) {
          this.formatted = "";
          for (let i = 0; i < this.set.length; i++) {
            if (i > 0) {
              this.formatted += "||";
            }
            const comps = this.set[i];
            for (let k = 0; k < comps.length; k++) {
              if (k > 0) {
                this.formatted += " ";
              }
              this.formatted += comps[k].toString().trim();
            }
          }
        }
        return this.formatted;
      }
      format() {
        return this.range;
      }
      toString() {
        return this.range;
      }
      parseRange(range) {
        range = range.replace(BUILDSTRIPRE, "");
        const memoOpts = (this.options.includePrerelease && FLAG_INCLUDE_PRERELEASE) | (this.options.loose && FLAG_LOOSE);
        const memoKey = memoOpts + ":" + range;
        const cached = cache.get(memoKey);
        if (cached) {
          return cached;
        }
        const loose = this.options.loose;
        const hr = loose ? re[t.HYPHENRANGELOOSE] : re[t.HYPHENRANGE];
        range = range.replace(hr, hyphenReplace(this.options.includePrerelease));
        debug("hyphen replace", range);
        range = trimComparatorWhitespace(range);
        debug("comparator trim", range);
        range = range.replace(re[t.TILDETRIM], tildeTrimReplace);
        debug("tilde trim", range);
        range = range.replace(re[t.CARETTRIM], caretTrimReplace);
        debug("caret trim", range);
        let rangeList = range.split(" ").map((comp) => parseComparator(comp, this.options)).join(" ").split(/\s+/).map((comp) => replaceGTE0(comp, this.options));
        if (loose) {
          rangeList = rangeList.filter((comp) => {
            debug("loose invalid filter", comp, this.options);
            return !!comp.match(re[t.COMPARATORLOOSE]);
          });
        }
        debug("range list", rangeList);
        const rangeMap = /* @__PURE__ */ new Map();
        const comparators = rangeList.map((comp) => new Comparator(comp, this.options));
        for (const comp of comparators) {
          if (isNullSet(comp)) {
            return [comp];
          }
          rangeMap.set(comp.value, comp);
        }
        if (rangeMap.size > 1 && rangeMap.has("")) {
          rangeMap.delete("");
        }
        const result = [...rangeMap.values()];
        cache.set(memoKey, result);
        return result;
      }
      intersects(range, options) {
        if (!(range instanceof _Range)) {
          throw new TypeError("a Range is required");
        }
        return this.set.some((thisComparators) => {
          return isSatisfiable(thisComparators, options) && range.set.some((rangeComparators) => {
            return isSatisfiable(rangeComparators, options) && thisComparators.every((thisComparator) => {
              return rangeComparators.every((rangeComparator) => {
                return thisComparator.intersects(rangeComparator, options);
              });
            });
          });
        });
      }
      // if ANY of the sets match ALL of its comparators, then pass
      test(version) {
        if (!version) {
          return false;
        }
        if (typeof version === "string") {
          try {
            version = new SemVer(version, this.options);
          } catch (er) {
            return false;
          }
        }
        for (let i = 0; i < this.set.length; i++) {
          if (testSet(this.set[i], version, this.options)) {
            return true;
          }
        }
        return false;
      }
    };
    module.exports = Range;
    var LRU = require_lrucache();
    var cache = new LRU();
    var parseOptions = require_parse_options();
    var Comparator = require_comparator();
    var debug = require_debug();
    var SemVer = require_semver();
    var trimComparatorWhitespace = require_trim_comparator_whitespace();
    var {
      safeRe: re,
      src,
      t,
      tildeTrimReplace,
      caretTrimReplace
    } = require_re();
    var { FLAG_INCLUDE_PRERELEASE, FLAG_LOOSE } = require_constants();
    var BUILDSTRIPRE = new RegExp(src[t.BUILD], "g");
    var isNullSet = (c) => c.value === "<0.0.0-0";
    var isAny = (c) => c.value === "";
    var isSatisfiable = (comparators, options) => {
      let result = true;
      const remainingComparators = comparators.slice();
      let testComparator = remainingComparators.pop();
      while (result && remainingComparators.length) {
        result = remainingComparators.every((otherComparator) => {
          return testComparator.intersects(otherComparator, options);
        });
        testComparator = remainingComparators.pop();
      }
      return result;
    };
    var parseComparator = (comp, options) => {
      comp = comp.replace(re[t.BUILD], "");
      debug("comp", comp, options);
      comp = replaceCarets(comp, options);
      debug("caret", comp);
      comp = replaceTildes(comp, options);
      debug("tildes", comp);
      comp = replaceXRanges(comp, options);
      debug("xrange", comp);
      comp = replaceStars(comp, options);
      debug("stars", comp);
      return comp;
    };
    var isX = (id) => !id || id.toLowerCase() === "x" || id === "*";
    var invalidXRangeOrder = (M, m, p) => isX(M) && !isX(m) || isX(m) && p && !isX(p);
    var replaceTildes = (comp, options) => {
      return comp.trim().split(/\s+/).map((c) => replaceTilde(c, options)).join(" ");
    };
    var replaceTilde = (comp, options) => {
      const r = options.loose ? re[t.TILDELOOSE] : re[t.TILDE];
      const z = options.includePrerelease ? "-0" : "";
      return comp.replace(r, (_, M, m, p, pr) => {
        debug("tilde", comp, _, M, m, p, pr);
        let ret;
        if (isX(M)) {
          ret = "";
        } else if (isX(m)) {
          ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`;
        } else if (isX(p)) {
          ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`;
        } else if (pr) {
          debug("replaceTilde pr", pr);
          ret = `>=${M}.${m}.${p}-${pr} <${M}.${+m + 1}.0-0`;
        } else {
          ret = `>=${M}.${m}.${p} <${M}.${+m + 1}.0-0`;
        }
        debug("tilde return", ret);
        return ret;
      });
    };
    var replaceCarets = (comp, options) => {
      return comp.trim().split(/\s+/).map((c) => replaceCaret(c, options)).join(" ");
    };
    var replaceCaret = (comp, options) => {
      debug("caret", comp, options);
      const r = options.loose ? re[t.CARETLOOSE] : re[t.CARET];
      const z = options.includePrerelease ? "-0" : "";
      return comp.replace(r, (_, M, m, p, pr) => {
        debug("caret", comp, _, M, m, p, pr);
        let ret;
        if (isX(M)) {
          ret = "";
        } else if (isX(m)) {
          ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`;
        } else if (isX(p)) {
          if (M === "0") {
            ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`;
          } else {
            ret = `>=${M}.${m}.0${z} <${+M + 1}.0.0-0`;
          }
        } else if (pr) {
          debug("replaceCaret pr", pr);
          if (M === "0") {
            if (m === "0") {
              ret = `>=${M}.${m}.${p}-${pr} <${M}.${m}.${+p + 1}-0`;
            } else {
              ret = `>=${M}.${m}.${p}-${pr} <${M}.${+m + 1}.0-0`;
            }
          } else {
            ret = `>=${M}.${m}.${p}-${pr} <${+M + 1}.0.0-0`;
          }
        } else {
          debug("no pr");
          if (M === "0") {
            if (m === "0") {
              ret = `>=${M}.${m}.${p} <${M}.${m}.${+p + 1}-0`;
            } else {
              ret = `>=${M}.${m}.${p} <${M}.${+m + 1}.0-0`;
            }
          } else {
            ret = `>=${M}.${m}.${p} <${+M + 1}.0.0-0`;
          }
        }
        debug("caret return", ret);
        return ret;
      });
    };
    var replaceXRanges = (comp, options) => {
      debug("replaceXRanges", comp, options);
      return comp.split(/\s+/).map((c) => replaceXRange(c, options)).join(" ");
    };
    var replaceXRange = (comp, options) => {
      comp = comp.trim();
      const r = options.loose ? re[t.XRANGELOOSE] : re[t.XRANGE];
      return comp.replace(r, (ret, gtlt, M, m, p, pr) => {
        debug("xRange", comp, ret, gtlt, M, m, p, pr);
        if (invalidXRangeOrder(M, m, p)) {
          return comp;
        }
        const xM = isX(M);
        const xm = xM || isX(m);
        const xp = xm || isX(p);
        const anyX = xp;
        if (gtlt === "=" && anyX) {
          gtlt = "";
        }
        pr = options.includePrerelease ? "-0" : "";
        if (xM) {
          if (gtlt === ">" || gtlt === "<") {
            ret = "<0.0.0-0";
          } else {
            ret = "*";
          }
        } else if (gtlt && anyX) {
          if (xm) {
            m = 0;
          }
          p = 0;
          if (gtlt === ">") {
            gtlt = ">=";
            if (xm) {
              M = +M + 1;
              m = 0;
              p = 0;
            } else {
              m = +m + 1;
              p = 0;
            }
          } else if (gtlt === "<=") {
            gtlt = "<";
            if (xm) {
              M = +M + 1;
            } else {
              m = +m + 1;
            }
          }
          if (gtlt === "<") {
            pr = "-0";
          }
          ret = `${gtlt + M}.${m}.${p}${pr}`;
        } else if (xm) {
          ret = `>=${M}.0.0${pr} <${+M + 1}.0.0-0`;
        } else if (xp) {
          ret = `>=${M}.${m}.0${pr} <${M}.${+m + 1}.0-0`;
        }
        debug("xRange return", ret);
        return ret;
      });
    };
    var replaceStars = (comp, options) => {
      debug("replaceStars", comp, options);
      return comp.trim().replace(re[t.STAR], "");
    };
    var replaceGTE0 = (comp, options) => {
      debug("replaceGTE0", comp, options);
      return comp.trim().replace(re[options.includePrerelease ? t.GTE0PRE : t.GTE0], "");
    };
    var hyphenReplace = (incPr) => ($0, from, fM, fm, fp, fpr, fb, to, tM, tm, tp, tpr) => {
      if (isX(fM)) {
        from = "";
      } else if (isX(fm)) {
        from = `>=${fM}.0.0${incPr ? "-0" : ""}`;
      } else if (isX(fp)) {
        from = `>=${fM}.${fm}.0${incPr ? "-0" : ""}`;
      } else if (fpr) {
        from = `>=${from}`;
      } else {
        from = `>=${from}${incPr ? "-0" : ""}`;
      }
      if (isX(tM)) {
        to = "";
      } else if (isX(tm)) {
        to = `<${+tM + 1}.0.0-0`;
      } else if (isX(tp)) {
        to = `<${tM}.${+tm + 1}.0-0`;
      } else if (tpr) {
        to = `<=${tM}.${tm}.${tp}-${tpr}`;
      } else if (incPr) {
        to = `<${tM}.${tm}.${+tp + 1}-0`;
      } else {
        to = `<=${to}`;
      }
      return `${from} ${to}`.trim();
    };
    var testSet = (set, version, options) => {
      for (let i = 0; i < set.length; i++) {
        if (!set[i].test(version)) {
          return false;
        }
      }
      if (version.prerelease.length && !options.includePrerelease) {
        for (let i = 0; i < set.length; i++) {
          debug(set[i].semver);
          if (set[i].semver === Comparator.ANY) {
            continue;
          }
          if (set[i].semver.prerelease.length > 0) {
            const allowed = set[i].semver;
            if (allowed.major === version.major && allowed.minor === version.minor && allowed.patch === version.patch) {
              return true;
            }
          }
        }
        return false;
      }
      return true;
    };
  }
});

// node_modules/semver/classes/comparator.js
var require_comparator = __commonJS({
  "node_modules/semver/classes/comparator.js"(exports, module) {
    "use strict";
    var ANY = /* @__PURE__ */ Symbol("SemVer ANY");
    var Comparator = class _Comparator {
      static get ANY() {
        return ANY;
      }
      constructor(comp, options) {
        options = parseOptions(options);
        if (comp instanceof _Comparator) {
          if (comp.loose === !!options.loose) {
            return comp;
          } else {
            comp = comp.value;
          }
        }
        comp = comp.trim().split(/\s+/).join(" ");
        debug("comparator", comp, options);
        this.options = options;
        this.loose = !!options.loose;
        this.parse(comp);
        if (this.semver === ANY) {
          this.value = "";
        } else {
          this.value = this.operator + this.semver.version;
        }
        debug("comp", this);
      }
      parse(comp) {
        const r = this.options.loose ? re[t.COMPARATORLOOSE] : re[t.COMPARATOR];
        const m = comp.match(r);
        if (!m) {
          throw new TypeError(`Invalid comparator: ${comp}`);
        }
        this.operator = m[1] !== void 0 ? m[1] : "";
        if (this.operator === "=") {
          this.operator = "";
        }
        if (!m[2]) {
          this.semver = ANY;
        } else {
          this.semver = new SemVer(m[2], this.options.loose);
        }
      }
      toString() {
        return this.value;
      }
      test(version) {
        debug("Comparator.test", version, this.options.loose);
        if (this.semver === ANY || version === ANY) {
          return true;
        }
        if (typeof version === "string") {
          try {
            version = new SemVer(version, this.options);
          } catch (er) {
            return false;
          }
        }
        return cmp(version, this.operator, this.semver, this.options);
      }
      intersects(comp, options) {
        if (!(comp instanceof _Comparator)) {
          throw new TypeError("a Comparator is required");
        }
        if (this.operator === "") {
          if (this.value === "") {
            return true;
          }
          return new Range(comp.value, options).test(this.value);
        } else if (comp.operator === "") {
          if (comp.value === "") {
            return true;
          }
          return new Range(this.value, options).test(comp.semver);
        }
        options = parseOptions(options);
        if (options.includePrerelease && (this.value === "<0.0.0-0" || comp.value === "<0.0.0-0")) {
          return false;
        }
        if (!options.includePrerelease && (this.value.startsWith("<0.0.0") || comp.value.startsWith("<0.0.0"))) {
          return false;
        }
        if (this.operator.startsWith(">") && comp.operator.startsWith(">")) {
          return true;
        }
        if (this.operator.startsWith("<") && comp.operator.startsWith("<")) {
          return true;
        }
        if (this.semver.version === comp.semver.version && this.operator.includes("=") && comp.operator.includes("=")) {
          return true;
        }
        if (cmp(this.semver, "<", comp.semver, options) && this.operator.startsWith(">") && comp.operator.startsWith("<")) {
          return true;
        }
        if (cmp(this.semver, ">", comp.semver, options) && this.operator.startsWith("<") && comp.operator.startsWith(">")) {
          return true;
        }
        return false;
      }
    };
    module.exports = Comparator;
    var parseOptions = require_parse_options();
    var { safeRe: re, t } = require_re();
    var cmp = require_cmp();
    var debug = require_debug();
    var SemVer = require_semver();
    var Range = require_range();
  }
});

// node_modules/semver/functions/satisfies.js
var require_satisfies = __commonJS({
  "node_modules/semver/functions/satisfies.js"(exports, module) {
    "use strict";
    var Range = require_range();
    var satisfies = (version, range, options) => {
      try {
        range = new Range(range, options);
      } catch (er) {
        return false;
      }
      return range.test(version);
    };
    module.exports = satisfies;
  }
});

// node_modules/semver/ranges/to-comparators.js
var require_to_comparators = __commonJS({
  "node_modules/semver/ranges/to-comparators.js"(exports, module) {
    "use strict";
    var Range = require_range();
    var toComparators = (range, options) => new Range(range, options).set.map((comp) => comp.map((c) => c.value).join(" ").trim().split(" "));
    module.exports = toComparators;
  }
});

// node_modules/semver/ranges/max-satisfying.js
var require_max_satisfying = __commonJS({
  "node_modules/semver/ranges/max-satisfying.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var Range = require_range();
    var maxSatisfying = (versions, range, options) => {
      let max = null;
      let maxSV = null;
      let rangeObj = null;
      try {
        rangeObj = new Range(range, options);
      } catch (er) {
        return null;
      }
      versions.forEach((v) => {
        if (rangeObj.test(v)) {
          if (!max || maxSV.compare(v) === -1) {
            max = v;
            maxSV = new SemVer(max, options);
          }
        }
      });
      return max;
    };
    module.exports = maxSatisfying;
  }
});

// node_modules/semver/ranges/min-satisfying.js
var require_min_satisfying = __commonJS({
  "node_modules/semver/ranges/min-satisfying.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var Range = require_range();
    var minSatisfying = (versions, range, options) => {
      let min = null;
      let minSV = null;
      let rangeObj = null;
      try {
        rangeObj = new Range(range, options);
      } catch (er) {
        return null;
      }
      versions.forEach((v) => {
        if (rangeObj.test(v)) {
          if (!min || minSV.compare(v) === 1) {
            min = v;
            minSV = new SemVer(min, options);
          }
        }
      });
      return min;
    };
    module.exports = minSatisfying;
  }
});

// node_modules/semver/ranges/min-version.js
var require_min_version = __commonJS({
  "node_modules/semver/ranges/min-version.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var Range = require_range();
    var gt = require_gt();
    var minVersion = (range, loose) => {
      range = new Range(range, loose);
      let minver = new SemVer("0.0.0");
      if (range.test(minver)) {
        return minver;
      }
      minver = new SemVer("0.0.0-0");
      if (range.test(minver)) {
        return minver;
      }
      minver = null;
      for (let i = 0; i < range.set.length; ++i) {
        const comparators = range.set[i];
        let setMin = null;
        comparators.forEach((comparator) => {
          const compver = new SemVer(comparator.semver.version);
          switch (comparator.operator) {
            case ">":
              if (compver.prerelease.length === 0) {
                compver.patch++;
              } else {
                compver.prerelease.push(0);
              }
              compver.raw = compver.format();
            /* fallthrough */
            case "":
            case ">=":
              if (!setMin || gt(compver, setMin)) {
                setMin = compver;
              }
              break;
            case "<":
            case "<=":
              break;
            /* istanbul ignore next */
            default:
              throw new Error(`Unexpected operation: ${comparator.operator}`);
          }
        });
        if (setMin && (!minver || gt(minver, setMin))) {
          minver = setMin;
        }
      }
      if (minver && range.test(minver)) {
        return minver;
      }
      return null;
    };
    module.exports = minVersion;
  }
});

// node_modules/semver/ranges/valid.js
var require_valid2 = __commonJS({
  "node_modules/semver/ranges/valid.js"(exports, module) {
    "use strict";
    var Range = require_range();
    var validRange = (range, options) => {
      try {
        return new Range(range, options).range || "*";
      } catch (er) {
        return null;
      }
    };
    module.exports = validRange;
  }
});

// node_modules/semver/ranges/outside.js
var require_outside = __commonJS({
  "node_modules/semver/ranges/outside.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var Comparator = require_comparator();
    var { ANY } = Comparator;
    var Range = require_range();
    var satisfies = require_satisfies();
    var gt = require_gt();
    var lt = require_lt();
    var lte = require_lte();
    var gte = require_gte();
    var outside = (version, range, hilo, options) => {
      version = new SemVer(version, options);
      range = new Range(range, options);
      let gtfn, ltefn, ltfn, comp, ecomp;
      switch (hilo) {
        case ">":
          gtfn = gt;
          ltefn = lte;
          ltfn = lt;
          comp = ">";
          ecomp = ">=";
          break;
        case "<":
          gtfn = lt;
          ltefn = gte;
          ltfn = gt;
          comp = "<";
          ecomp = "<=";
          break;
        default:
          throw new TypeError('Must provide a hilo val of "<" or ">"');
      }
      if (satisfies(version, range, options)) {
        return false;
      }
      for (let i = 0; i < range.set.length; ++i) {
        const comparators = range.set[i];
        let high = null;
        let low = null;
        comparators.forEach((comparator) => {
          if (comparator.semver === ANY) {
            comparator = new Comparator(">=0.0.0");
          }
          high = high || comparator;
          low = low || comparator;
          if (gtfn(comparator.semver, high.semver, options)) {
            high = comparator;
          } else if (ltfn(comparator.semver, low.semver, options)) {
            low = comparator;
          }
        });
        if (high.operator === comp || high.operator === ecomp) {
          return false;
        }
        if ((!low.operator || low.operator === comp) && ltefn(version, low.semver)) {
          return false;
        } else if (low.operator === ecomp && ltfn(version, low.semver)) {
          return false;
        }
      }
      return true;
    };
    module.exports = outside;
  }
});

// node_modules/semver/ranges/gtr.js
var require_gtr = __commonJS({
  "node_modules/semver/ranges/gtr.js"(exports, module) {
    "use strict";
    var outside = require_outside();
    var gtr = (version, range, options) => outside(version, range, ">", options);
    module.exports = gtr;
  }
});

// node_modules/semver/ranges/ltr.js
var require_ltr = __commonJS({
  "node_modules/semver/ranges/ltr.js"(exports, module) {
    "use strict";
    var outside = require_outside();
    var ltr = (version, range, options) => outside(version, range, "<", options);
    module.exports = ltr;
  }
});

// node_modules/semver/ranges/intersects.js
var require_intersects = __commonJS({
  "node_modules/semver/ranges/intersects.js"(exports, module) {
    "use strict";
    var Range = require_range();
    var intersects = (r1, r2, options) => {
      r1 = new Range(r1, options);
      r2 = new Range(r2, options);
      return r1.intersects(r2, options);
    };
    module.exports = intersects;
  }
});

// node_modules/semver/ranges/simplify.js
var require_simplify = __commonJS({
  "node_modules/semver/ranges/simplify.js"(exports, module) {
    "use strict";
    var satisfies = require_satisfies();
    var compare = require_compare();
    module.exports = (versions, range, options) => {
      const set = [];
      let first = null;
      let prev = null;
      const v = versions.sort((a, b) => compare(a, b, options));
      for (const version of v) {
        const included = satisfies(version, range, options);
        if (included) {
          prev = version;
          if (!first) {
            first = version;
          }
        } else {
          if (prev) {
            set.push([first, prev]);
          }
          prev = null;
          first = null;
        }
      }
      if (first) {
        set.push([first, null]);
      }
      const ranges = [];
      for (const [min, max] of set) {
        if (min === max) {
          ranges.push(min);
        } else if (!max && min === v[0]) {
          ranges.push("*");
        } else if (!max) {
          ranges.push(`>=${min}`);
        } else if (min === v[0]) {
          ranges.push(`<=${max}`);
        } else {
          ranges.push(`${min} - ${max}`);
        }
      }
      const simplified = ranges.join(" || ");
      const original = typeof range.raw === "string" ? range.raw : String(range);
      return simplified.length < original.length ? simplified : range;
    };
  }
});

// node_modules/semver/ranges/subset.js
var require_subset = __commonJS({
  "node_modules/semver/ranges/subset.js"(exports, module) {
    "use strict";
    var Range = require_range();
    var Comparator = require_comparator();
    var { ANY } = Comparator;
    var satisfies = require_satisfies();
    var compare = require_compare();
    var subset = (sub, dom, options = {}) => {
      if (sub === dom) {
        return true;
      }
      sub = new Range(sub, options);
      dom = new Range(dom, options);
      let sawNonNull = false;
      OUTER: for (const simpleSub of sub.set) {
        for (const simpleDom of dom.set) {
          const isSub = simpleSubset(simpleSub, simpleDom, options);
          sawNonNull = sawNonNull || isSub !== null;
          if (isSub) {
            continue OUTER;
          }
        }
        if (sawNonNull) {
          return false;
        }
      }
      return true;
    };
    var minimumVersionWithPreRelease = [new Comparator(">=0.0.0-0")];
    var minimumVersion = [new Comparator(">=0.0.0")];
    var simpleSubset = (sub, dom, options) => {
      if (sub === dom) {
        return true;
      }
      if (sub.length === 1 && sub[0].semver === ANY) {
        if (dom.length === 1 && dom[0].semver === ANY) {
          return true;
        } else if (options.includePrerelease) {
          sub = minimumVersionWithPreRelease;
        } else {
          sub = minimumVersion;
        }
      }
      if (dom.length === 1 && dom[0].semver === ANY) {
        if (options.includePrerelease) {
          return true;
        } else {
          dom = minimumVersion;
        }
      }
      const eqSet = /* @__PURE__ */ new Set();
      let gt, lt;
      for (const c of sub) {
        if (c.operator === ">" || c.operator === ">=") {
          gt = higherGT(gt, c, options);
        } else if (c.operator === "<" || c.operator === "<=") {
          lt = lowerLT(lt, c, options);
        } else {
          eqSet.add(c.semver);
        }
      }
      if (eqSet.size > 1) {
        return null;
      }
      let gtltComp;
      if (gt && lt) {
        gtltComp = compare(gt.semver, lt.semver, options);
        if (gtltComp > 0) {
          return null;
        } else if (gtltComp === 0 && (gt.operator !== ">=" || lt.operator !== "<=")) {
          return null;
        }
      }
      for (const eq of eqSet) {
        if (gt && !satisfies(eq, String(gt), options)) {
          return null;
        }
        if (lt && !satisfies(eq, String(lt), options)) {
          return null;
        }
        for (const c of dom) {
          if (!satisfies(eq, String(c), options)) {
            return false;
          }
        }
        return true;
      }
      let higher, lower;
      let hasDomLT, hasDomGT;
      let needDomLTPre = lt && !options.includePrerelease && lt.semver.prerelease.length ? lt.semver : false;
      let needDomGTPre = gt && !options.includePrerelease && gt.semver.prerelease.length ? gt.semver : false;
      if (needDomLTPre && needDomLTPre.prerelease.length === 1 && lt.operator === "<" && needDomLTPre.prerelease[0] === 0) {
        needDomLTPre = false;
      }
      for (const c of dom) {
        hasDomGT = hasDomGT || c.operator === ">" || c.operator === ">=";
        hasDomLT = hasDomLT || c.operator === "<" || c.operator === "<=";
        if (gt) {
          if (needDomGTPre) {
            if (c.semver.prerelease && c.semver.prerelease.length && c.semver.major === needDomGTPre.major && c.semver.minor === needDomGTPre.minor && c.semver.patch === needDomGTPre.patch) {
              needDomGTPre = false;
            }
          }
          if (c.operator === ">" || c.operator === ">=") {
            higher = higherGT(gt, c, options);
            if (higher === c && higher !== gt) {
              return false;
            }
          } else if (gt.operator === ">=" && !c.test(gt.semver)) {
            return false;
          }
        }
        if (lt) {
          if (needDomLTPre) {
            if (c.semver.prerelease && c.semver.prerelease.length && c.semver.major === needDomLTPre.major && c.semver.minor === needDomLTPre.minor && c.semver.patch === needDomLTPre.patch) {
              needDomLTPre = false;
            }
          }
          if (c.operator === "<" || c.operator === "<=") {
            lower = lowerLT(lt, c, options);
            if (lower === c && lower !== lt) {
              return false;
            }
          } else if (lt.operator === "<=" && !c.test(lt.semver)) {
            return false;
          }
        }
        if (!c.operator && (lt || gt) && gtltComp !== 0) {
          return false;
        }
      }
      if (gt && hasDomLT && !lt && gtltComp !== 0) {
        return false;
      }
      if (lt && hasDomGT && !gt && gtltComp !== 0) {
        return false;
      }
      if (needDomGTPre || needDomLTPre) {
        return false;
      }
      return true;
    };
    var higherGT = (a, b, options) => {
      if (!a) {
        return b;
      }
      const comp = compare(a.semver, b.semver, options);
      return comp > 0 ? a : comp < 0 ? b : b.operator === ">" && a.operator === ">=" ? b : a;
    };
    var lowerLT = (a, b, options) => {
      if (!a) {
        return b;
      }
      const comp = compare(a.semver, b.semver, options);
      return comp < 0 ? a : comp > 0 ? b : b.operator === "<" && a.operator === "<=" ? b : a;
    };
    module.exports = subset;
  }
});

// node_modules/semver/index.js
var require_semver2 = __commonJS({
  "node_modules/semver/index.js"(exports, module) {
    "use strict";
    var internalRe = require_re();
    var constants = require_constants();
    var SemVer = require_semver();
    var identifiers = require_identifiers();
    var parse = require_parse();
    var valid = require_valid();
    var clean = require_clean();
    var inc = require_inc();
    var diff = require_diff();
    var major = require_major();
    var minor = require_minor();
    var patch = require_patch();
    var prerelease = require_prerelease();
    var compare = require_compare();
    var rcompare = require_rcompare();
    var compareLoose = require_compare_loose();
    var compareBuild = require_compare_build();
    var sort = require_sort();
    var rsort = require_rsort();
    var gt = require_gt();
    var lt = require_lt();
    var eq = require_eq();
    var neq = require_neq();
    var gte = require_gte();
    var lte = require_lte();
    var cmp = require_cmp();
    var coerce = require_coerce();
    var truncate = require_truncate();
    var Comparator = require_comparator();
    var Range = require_range();
    var satisfies = require_satisfies();
    var toComparators = require_to_comparators();
    var maxSatisfying = require_max_satisfying();
    var minSatisfying = require_min_satisfying();
    var minVersion = require_min_version();
    var validRange = require_valid2();
    var outside = require_outside();
    var gtr = require_gtr();
    var ltr = require_ltr();
    var intersects = require_intersects();
    var simplifyRange = require_simplify();
    var subset = require_subset();
    module.exports = {
      parse,
      valid,
      clean,
      inc,
      diff,
      major,
      minor,
      patch,
      prerelease,
      compare,
      rcompare,
      compareLoose,
      compareBuild,
      sort,
      rsort,
      gt,
      lt,
      eq,
      neq,
      gte,
      lte,
      cmp,
      coerce,
      truncate,
      Comparator,
      Range,
      satisfies,
      toComparators,
      maxSatisfying,
      minSatisfying,
      minVersion,
      validRange,
      outside,
      gtr,
      ltr,
      intersects,
      simplifyRange,
      subset,
      SemVer,
      re: internalRe.re,
      src: internalRe.src,
      tokens: internalRe.t,
      SEMVER_SPEC_VERSION: constants.SEMVER_SPEC_VERSION,
      RELEASE_TYPES: constants.RELEASE_TYPES,
      compareIdentifiers: identifiers.compareIdentifiers,
      rcompareIdentifiers: identifiers.rcompareIdentifiers
    };
  }
});

// src/artifacts/store.ts
function isAsIsArtifactName(name) {
  return /\.(zip|tar\.gz|tgz|exe)$/i.test(name);
}
var BAD_NAME = /["<>|*?:\\/\r\n]/;
function artifactNameProblem(name) {
  if (name.trim() === "" || BAD_NAME.test(name))
    return 'it must not be empty or contain " : < > | * ? \\ / or line breaks';
  return void 0;
}
function checkArtifactName(name) {
  const problem = artifactNameProblem(name);
  if (problem) throw new UserError(`'${name}' is not a valid artifact name: ${problem}`);
}
function artifactUrl(run2, id) {
  return `${run2.serverUrl}/${run2.repository}/actions/runs/${run2.runId}/artifacts/${id}`;
}
function isNotFound(err) {
  return err instanceof Error && err.name === "ArtifactNotFoundError";
}
function storeFromClient(client, run2) {
  return {
    async upload(req) {
      checkArtifactName(req.name);
      if (req.asIs && req.files.length !== 1)
        throw new Error("an artifact uploaded as-is has exactly one file");
      if (req.overwrite) {
        try {
          await client.deleteArtifact(req.name);
        } catch (err) {
          if (!isNotFound(err))
            throw new Error(
              `overwrite: deleting the existing artifact '${req.name}' failed: ${errorMessage(err)}`,
              { cause: err }
            );
        }
      }
      const options = {};
      if (req.retentionDays !== void 0) options.retentionDays = req.retentionDays;
      if (req.compressionLevel !== void 0) options.compressionLevel = req.compressionLevel;
      if (req.asIs) options.skipArchive = true;
      const r = await client.uploadArtifact(req.name, req.files, req.rootDirectory, options);
      const out = { name: req.name };
      if (r.id !== void 0) out.id = r.id;
      if (r.size !== void 0) out.size = r.size;
      if (r.digest !== void 0) out.digest = r.digest;
      if (r.id !== void 0 && run2) out.url = artifactUrl(run2, r.id);
      return out;
    },
    async download(req) {
      checkArtifactName(req.name);
      const findBy = req.from ? {
        token: req.from.token,
        workflowRunId: req.from.runId,
        repositoryOwner: req.from.owner,
        repositoryName: req.from.repo
      } : void 0;
      const { artifact } = await client.getArtifact(req.name, findBy ? { findBy } : void 0);
      const options = { path: req.path };
      if (artifact.digest) options.expectedHash = artifact.digest;
      if (req.asIs ?? isAsIsArtifactName(req.name)) options.skipDecompress = true;
      if (findBy) options.findBy = findBy;
      const r = await client.downloadArtifact(artifact.id, options);
      if (r.digestMismatch)
        throw new UserError(
          `artifact '${req.name}' did not match its recorded digest after download: re-run the job`
        );
      return { name: req.name, path: r.downloadPath ?? req.path };
    }
  };
}
function runLocation() {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
  if (!GITHUB_REPOSITORY || !GITHUB_RUN_ID) return void 0;
  return {
    serverUrl: GITHUB_SERVER_URL || "https://github.com",
    repository: GITHUB_REPOSITORY,
    runId: GITHUB_RUN_ID
  };
}
function githubArtifactStore() {
  let store;
  const real = () => store ??= import("./chunks/artifact-SI3U6UP5.js").then(
    (m) => storeFromClient(new m.DefaultArtifactClient(), runLocation())
  );
  return {
    upload: async (req) => (await real()).upload(req),
    download: async (req) => (await real()).download(req)
  };
}

// src/build/config.ts
import { isAbsolute, resolve } from "node:path";

// src/runner/inputs.ts
var runnerInputs = (name) => getInput(name);
var Inputs = class {
  constructor(source = runnerInputs, mask = (s) => coreIO.mask(s)) {
    this.source = source;
    this.mask = mask;
  }
  source;
  mask;
  string(name) {
    return this.source(name);
  }
  required(name) {
    const value = this.source(name);
    if (value === "") throw new InputError(name, "is required and was empty");
    return value;
  }
  /** A secret: masked in the log from the moment it is read. */
  secret(name) {
    const value = this.source(name);
    if (value !== "") {
      this.mask(value);
      for (const line of value.split(/\r?\n/)) if (line.trim().length > 3) this.mask(line.trim());
    }
    return value;
  }
  boolean(name, fallback = false) {
    const value = this.source(name);
    if (value === "") return fallback;
    if (/^(true|yes|on|1)$/i.test(value)) return true;
    if (/^(false|no|off|0)$/i.test(value)) return false;
    throw new InputError(name, `expected true or false, got '${value}'`);
  }
  integer(name, opts = {}) {
    const value = this.source(name);
    if (value === "") {
      if (opts.fallback !== void 0) return opts.fallback;
      throw new InputError(name, "is required and was empty");
    }
    if (!/^-?\d+$/.test(value))
      throw new InputError(name, `expected a whole number, got '${value}'`);
    const n = Number(value);
    if (opts.min !== void 0 && n < opts.min)
      throw new InputError(name, `must be at least ${opts.min}, got ${n}`);
    if (opts.max !== void 0 && n > opts.max)
      throw new InputError(name, `must be at most ${opts.max}, got ${n}`);
    return n;
  }
  number(name, opts = {}) {
    const value = this.source(name);
    if (value === "") {
      if (opts.fallback !== void 0) return opts.fallback;
      throw new InputError(name, "is required and was empty");
    }
    const n = Number(value);
    if (!Number.isFinite(n)) throw new InputError(name, `expected a number, got '${value}'`);
    if (opts.min !== void 0 && n < opts.min)
      throw new InputError(name, `must be at least ${opts.min}, got ${n}`);
    if (opts.max !== void 0 && n > opts.max)
      throw new InputError(name, `must be at most ${opts.max}, got ${n}`);
    return n;
  }
  oneOf(name, allowed, fallback) {
    const value = this.source(name);
    if (value === "" && fallback !== void 0) return fallback;
    if (allowed.includes(value)) return value;
    throw new InputError(name, `expected one of ${allowed.join(", ")}, got '${value}'`);
  }
  /** A list given one item a line or comma-separated; blanks and `#` comments are dropped. */
  list(name) {
    return splitList(this.source(name));
  }
  /** `KEY=value` lines (one per line); a line without `=` is an error naming it. */
  keyValues(name) {
    const out = {};
    for (const [i, raw] of this.source(name).split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) continue;
      const eq = line.indexOf("=");
      if (eq <= 0) throw new InputError(name, `line ${i + 1} is not KEY=value: '${line}'`);
      out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
    }
    return out;
  }
};
function splitList(value) {
  return value.split(/\r?\n/).map((line) => line.replace(/(^|\s)#.*$/, "")).flatMap((line) => line.split(",")).map((item) => item.trim()).filter((item) => item !== "");
}

// src/build/archive.ts
import { chmod, copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { dirname, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
var GZIP_LEVEL = 6;
function portableGzipHeader() {
  let offset = 0;
  return new Transform({
    transform(chunk, _enc, done) {
      if (offset <= 9 && offset + chunk.length > 9) chunk[9 - offset] = 255;
      offset += chunk.length;
      done(null, chunk);
    }
  });
}
function archiveFormatFor(choice, goos) {
  return choice === "auto" ? goos === "windows" ? "zip" : "tar.gz" : choice;
}
function checkEntryName(name) {
  if (name === "" || name.startsWith("/") || name.split("/").some((p) => p === "" || p === "." || p === "..") || /[\\\0]/.test(name))
    throw new Error(`'${name}' is not a plain relative path for an archive entry`);
}
async function writeArchive(format, out, entries, mtime, tmp) {
  const sorted = [...entries].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (let i = 0; i < sorted.length; i++) {
    checkEntryName(sorted[i].name);
    if (i > 0 && sorted[i].name === sorted[i - 1].name)
      throw new Error(`'${sorted[i].name}' is in the archive twice`);
  }
  await mkdir(tmp, { recursive: true });
  const stage = await mkdtemp(join(tmp, "archive-"));
  try {
    for (const e of sorted) {
      const staged = join(stage, e.name);
      await mkdir(dirname(staged), { recursive: true });
      await copyFile(e.source, staged);
      await chmod(staged, e.mode);
    }
    await rm(out, { force: true });
    const seconds = new Date(Math.floor(mtime.getTime() / 1e3) * 1e3);
    if (format === "tar.gz") {
      const tar = await import("./chunks/index.min-Z3SELU2M.js");
      await pipeline(
        tar.c(
          // 1 MiB reads (tar's default is up to 16 MiB a file) keep memory flat for big binaries.
          { portable: true, mtime: seconds, cwd: stage, noDirRecurse: true, maxReadSize: 1 << 20 },
          sorted.map((e) => e.name)
        ),
        createGzip({ level: GZIP_LEVEL }),
        portableGzipHeader(),
        createWriteStream(out)
      );
    } else {
      const { default: yazl } = await import("./chunks/yazl-3HPU4BDA.js");
      const zip = new yazl.ZipFile();
      const dos = new Date(
        seconds.getUTCFullYear(),
        seconds.getUTCMonth(),
        seconds.getUTCDate(),
        seconds.getUTCHours(),
        seconds.getUTCMinutes(),
        seconds.getUTCSeconds()
      );
      for (const e of sorted)
        zip.addFile(join(stage, e.name), e.name, {
          mtime: dos,
          mode: 32768 | e.mode,
          forceDosTimestamp: true
        });
      zip.end();
      await pipeline(zip.outputStream, createWriteStream(out));
    }
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

// src/build/closest.ts
function editDistance(a, b) {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(up + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}
function closest(word, candidates, limit = 3) {
  const w = word.toLowerCase();
  const max = Math.max(2, Math.ceil(w.length / 3));
  const near = candidates.map((c, i) => ({ c, i, d: editDistance(w, c.toLowerCase()) })).filter((x) => x.d <= max).sort((x, y) => x.d - y.d || x.i - y.i);
  const best = near[0]?.d ?? 0;
  return near.filter((x) => x.d <= best + 1).slice(0, limit).map((x) => x.c);
}
function didYouMean(word, candidates, limit = 3) {
  const near = closest(word, candidates, limit);
  if (near.length === 0) return "";
  const quoted = near.map((n) => `'${n}'`);
  const last = quoted.pop();
  return ` (did you mean ${quoted.length ? `${quoted.join(", ")} or ${last}` : last}?)`;
}

// src/build/template.ts
var TemplateError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "TemplateError";
  }
};
function parseTemplate(source, fields) {
  const parts = [];
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf("{{", i);
    const close = source.indexOf("}}", i);
    if (close !== -1 && (open === -1 || close < open))
      throw new TemplateError(`'}}' at column ${close + 1} has no opening '{{'`);
    if (open === -1) {
      parts.push({ text: source.slice(i) });
      break;
    }
    if (open > i) parts.push({ text: source.slice(i, open) });
    const end = source.indexOf("}}", open + 2);
    if (end === -1) throw new TemplateError(`'{{' at column ${open + 1} is never closed with '}}'`);
    const inner = source.slice(open + 2, end);
    if (inner.includes("{{"))
      throw new TemplateError(`'{{' at column ${open + 1} is never closed with '}}'`);
    const name = inner.trim();
    if (name === "") throw new TemplateError(`empty field '{{}}' at column ${open + 1}`);
    if (!fields.includes(name))
      throw new TemplateError(
        `unknown field '{{${name}}}'${didYouMean(name, fields)}; known fields: ${fields.join(", ")}`
      );
    parts.push({ field: name });
    i = end + 2;
  }
  return { source, parts, fields };
}
function renderTemplate(t, values) {
  return t.parts.map((p) => "text" in p ? p.text : values[p.field]).join("");
}
var LDFLAGS_FIELDS = ["version", "commit", "date", "goos", "goarch"];
var DEFAULT_LDFLAGS = "-s -w -X main.version={{version}} -X main.commit={{commit}} -X main.date={{date}}";
var ARTIFACT_NAME_FIELDS = ["name", "version", "goos", "goarch"];

// src/build/config.ts
var OWNED_FLAGS = {
  "-o": "the action names outputs itself (see 'output-directory')",
  "-ldflags": "use the 'ldflags' input",
  "-tags": "use the 'tags' input",
  "-trimpath": "the action always sets it",
  "-buildvcs": "the action sets -buildvcs=false for reproducible binaries"
};
var CONTROLLED_ENV = {
  GOOS: "use the 'targets' input",
  GOARCH: "use the 'targets' input",
  CGO_ENABLED: "use the 'cgo' input"
};
function splitFlags(text) {
  const out = [];
  let cur = "";
  let quote;
  let has = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = void 0;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has) out.push(cur);
      cur = "";
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (quote) throw new InputError("flags", `a ${quote} quote is never closed`);
  if (has) out.push(cur);
  return out;
}
function template(input, source, fields) {
  try {
    return parseTemplate(source, fields);
  } catch (err) {
    if (err instanceof TemplateError) throw new InputError(input, err.message);
    throw err;
  }
}
function path(base, p) {
  return isAbsolute(p) ? p : resolve(base, p);
}
function readBuildConfig(source, workspace) {
  const inputs = source instanceof Inputs ? source : new Inputs(source);
  const mode = inputs.oneOf("mode", ["build", "plan", "merge"], "build");
  const workingDirectory = path(workspace, inputs.string("working-directory") || ".");
  const pkg = inputs.string("package") || ".";
  if (pkg.startsWith("-") || /[\s\0]/.test(pkg))
    throw new InputError(
      "package",
      `'${pkg}' is not a package path (for example . or ./cmd/server)`
    );
  const binaryName = inputs.string("binary-name") || void 0;
  if (binaryName !== void 0 && (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(binaryName) || /\.exe$/i.test(binaryName)))
    throw new InputError(
      "binary-name",
      `'${binaryName}' is not a file name: use letters, digits, '.', '_' and '-' (the .exe is added for Windows)`
    );
  const ldflags = template("ldflags", inputs.string("ldflags") || DEFAULT_LDFLAGS, LDFLAGS_FIELDS);
  const flags = splitFlags(inputs.string("flags"));
  for (const f of flags) {
    if (!f.startsWith("-"))
      throw new InputError(
        "flags",
        `'${f}' is not a flag: write flags with their values as -name=value`
      );
    const name = f.replace(/^--?/, "-").replace(/=.*$/, "");
    const owned = OWNED_FLAGS[name];
    if (owned) throw new InputError("flags", `'${f}' is not allowed: ${owned}`);
  }
  const tags = inputs.list("tags");
  for (const t of tags)
    if (!/^[A-Za-z0-9_.]+$/.test(t))
      throw new InputError(
        "tags",
        `'${t}' is not a build tag (letters, digits, '_' and '.'; separate tags with commas)`
      );
  const env = inputs.keyValues("env");
  for (const k of Object.keys(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
      throw new InputError("env", `'${k}' is not an environment variable name`);
    const why = CONTROLLED_ENV[k.toUpperCase()];
    if (why) throw new InputError("env", `${k} cannot be set here: ${why}`);
  }
  const parallelText = inputs.string("parallel");
  const parallel = parallelText === "" ? void 0 : inputs.integer("parallel", { min: 1, max: 64 });
  const archive = inputs.oneOf("archive", ["auto", "tar.gz", "zip", "none"], "auto");
  const archiveFiles = inputs.list("archive-files");
  for (const f of archiveFiles) {
    try {
      checkEntryName(f);
    } catch {
      throw new InputError(
        "archive-files",
        `'${f}' must be a path inside the working directory, without '..'`
      );
    }
  }
  if (archiveFiles.length > 0 && archive === "none")
    throw new InputError(
      "archive-files",
      "has no effect with archive: none; remove it or choose an archive format"
    );
  const artifactNameText = inputs.string("artifact-name");
  const artifactName = artifactNameText ? template("artifact-name", artifactNameText, ARTIFACT_NAME_FIELDS) : void 0;
  const retentionText = inputs.string("retention-days");
  const retentionDays = retentionText === "" ? void 0 : inputs.integer("retention-days", { min: 0 }) || void 0;
  const compressionLevel = inputs.integer("compression-level", { min: 0, max: 9, fallback: 6 });
  const mergeFromText = inputs.string("merge-from");
  if (mode === "merge" && mergeFromText === "")
    throw new InputError(
      "merge-from",
      "is required with mode: merge (the folder the build jobs' artifacts were downloaded to)"
    );
  if (mode !== "merge" && mergeFromText !== "")
    throw new InputError("merge-from", `is only used with mode: merge (mode is ${mode})`);
  const signing = readSigningConfig(inputs);
  if (signing && mode !== "build")
    throw new InputError(
      "windows-signing-certificate",
      `is for the jobs that build (mode: build); mode: ${mode} builds nothing to sign`
    );
  return {
    mode,
    workingDirectory,
    workspace,
    targets: inputs.list("targets"),
    exclude: inputs.list("exclude"),
    package: pkg,
    binaryName,
    ldflags,
    flags,
    tags,
    env,
    cgo: inputs.boolean("cgo", false),
    parallel,
    archive,
    archiveFiles,
    outputDirectory: path(workingDirectory, inputs.string("output-directory") || "dist"),
    upload: inputs.boolean("upload", true),
    overwrite: inputs.boolean("overwrite", false),
    artifactName,
    retentionDays,
    compressionLevel,
    mergeFrom: mergeFromText ? path(workingDirectory, mergeFromText) : void 0,
    versionInfo: {
      enabled: inputs.boolean("windows-version-info", true),
      productName: inputs.string("product-name"),
      companyName: inputs.string("company-name"),
      fileDescription: inputs.string("file-description"),
      copyright: inputs.string("copyright")
    },
    ...signing ? { signing } : {}
  };
}

// src/build/pipeline.ts
import { mkdtemp as mkdtemp3, rm as rm5, writeFile as writeFile5 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join9 } from "node:path";

// src/build/compile.ts
import { chmod as chmod2, mkdir as mkdir2, rm as rm2, writeFile } from "node:fs/promises";
import { join as join3 } from "node:path";

// src/runner/sha256.ts
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
async function hashFile(path2) {
  let size = 0;
  const sha256 = await sha256OfStream(createReadStream(path2, { highWaterMark: 1 << 20 }), (n) => {
    size += n;
  });
  return { sha256, size };
}
async function sha256OfStream(stream, onChunk) {
  const hash = createHash("sha256");
  for await (const chunk of stream) {
    hash.update(chunk);
    onChunk?.(chunk.length);
  }
  return hash.digest("hex");
}

// src/build/diagnostics.ts
import { isAbsolute as isAbsolute2, relative, resolve as resolve2, sep } from "node:path";
var LOCATED = /^(.+?\.(?:go|s|c|h|syso|mod)):(\d+)(?::(\d+))?: (.+)$/;
function parseGoBuildOutput(output, cwd, workspace) {
  const out = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line === "" || line.startsWith("# ")) continue;
    if (/^\s/.test(raw) && out.length > 0) {
      out[out.length - 1].message += `
${line.trim()}`;
      continue;
    }
    const m = LOCATED.exec(line);
    if (m) {
      const d = { line: Number(m[2]), message: m[4] };
      if (m[3]) d.column = Number(m[3]);
      const abs = isAbsolute2(m[1]) ? m[1] : resolve2(cwd, m[1]);
      const rel = relative(workspace, abs);
      if (rel !== "" && !rel.startsWith("..") && !isAbsolute2(rel))
        d.file = rel.split(sep).join("/");
      else d.message = `${m[1]}:${m[2]}: ${d.message}`;
      out.push(d);
    } else {
      out.push({ message: line });
    }
  }
  return out;
}
function groupDiagnostics(perTarget) {
  const groups = /* @__PURE__ */ new Map();
  for (const { target, diagnostics } of perTarget)
    for (const d of diagnostics) {
      const key = JSON.stringify([d.file, d.line, d.column, d.message]);
      const g = groups.get(key);
      if (g) {
        if (!g.targets.includes(target)) g.targets.push(target);
      } else groups.set(key, { diagnostic: d, targets: [target] });
    }
  return [...groups.values()];
}

// src/runner/process.ts
import { spawn } from "node:child_process";
function runProcess(file, args, opts = {}) {
  const started = process.hrtime.bigint();
  const { timeoutMs } = opts;
  return new Promise((resolve4, reject) => {
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: opts.discardOutput ? "ignore" : ["ignore", "pipe", "pipe"],
      windowsHide: true
    });
    const out = [];
    const err = [];
    child.stdout?.on("data", (d) => out.push(d));
    child.stderr?.on("data", (d) => err.push(d));
    let timedOut = false;
    const timer = timeoutMs !== void 0 && Number.isFinite(timeoutMs) ? setTimeout(
      () => {
        timedOut = true;
        child.kill("SIGKILL");
      },
      Math.max(0, timeoutMs)
    ) : void 0;
    child.on("error", (e) => {
      if (timer) clearTimeout(timer);
      if (e.code === "ENOENT") reject(new UserError(opts.missing ?? `'${file}' is not on PATH`));
      else reject(e);
    });
    child.on(opts.discardOutput ? "exit" : "close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve4({
        code: code ?? (signal ? 128 : 1),
        signal,
        stdout: Buffer.concat(out).toString(opts.encoding ?? "utf8"),
        stderr: Buffer.concat(err).toString(opts.encoding ?? "utf8"),
        timedOut,
        seconds: Number(process.hrtime.bigint() - started) / 1e9
      });
    });
  });
}
function tail(text, lines = 15) {
  return text.trimEnd().split(/\r?\n/).slice(-lines).join("\n");
}

// src/build/targets.ts
var TargetError = class extends Error {
  constructor(input, message) {
    super(message);
    this.input = input;
    this.name = "TargetError";
  }
  input;
};
var targetName = (t) => `${t.goos}/${t.goarch}`;
function parseDistList(json) {
  let raw;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("go tool dist list -json printed something that is not JSON");
  }
  if (!Array.isArray(raw)) throw new Error("go tool dist list -json did not print a list");
  return raw.map((p) => {
    if (typeof p.GOOS !== "string" || typeof p.GOARCH !== "string")
      throw new Error(`go tool dist list -json: entry without GOOS/GOARCH: ${JSON.stringify(p)}`);
    return {
      goos: p.GOOS,
      goarch: p.GOARCH,
      firstClass: p.FirstClass === true,
      cgoSupported: p.CgoSupported === true
    };
  });
}
function resolveTargets(selection, exclude, ports) {
  if (selection.length === 0)
    throw new TargetError(
      "targets",
      "no targets given: list GOOS/GOARCH pairs, first-class or all"
    );
  const names = ports.map((p) => `${p.goos}/${p.goarch}`);
  const known = new Set(names);
  const seen = /* @__PURE__ */ new Set();
  const chosen = [];
  const add = (goos, goarch) => {
    const key = `${goos}/${goarch}`;
    if (!seen.has(key)) {
      seen.add(key);
      chosen.push({ goos, goarch });
    }
  };
  const given = /* @__PURE__ */ new Set();
  for (const item of selection) {
    if (item === "first-class" || item === "all") {
      if (given.has(item)) throw new TargetError("targets", `'${item}' is listed twice`);
      given.add(item);
      for (const p of ports) if (item === "all" || p.firstClass) add(p.goos, p.goarch);
      continue;
    }
    const pair = splitPair("targets", item);
    const key = `${pair.goos}/${pair.goarch}`;
    if (!known.has(key))
      throw new TargetError(
        "targets",
        `'${item}' is not a target of this Go${didYouMean(item, names)}; run 'go tool dist list' for the full list`
      );
    if (given.has(key)) throw new TargetError("targets", `'${item}' is listed twice`);
    given.add(key);
    add(pair.goos, pair.goarch);
  }
  const gooses = [...new Set(ports.map((p) => p.goos))];
  const goarches = [...new Set(ports.map((p) => p.goarch))];
  const rules = exclude.map((item) => {
    const rule = splitPair("exclude", item, true);
    const key = `${rule.goos}/${rule.goarch}`;
    if (rule.goos !== "*" && rule.goarch !== "*" && !known.has(key))
      throw new TargetError(
        "exclude",
        `'${item}' is not a target of this Go${didYouMean(item, names)}`
      );
    if (rule.goos !== "*" && !gooses.includes(rule.goos))
      throw new TargetError(
        "exclude",
        `'${rule.goos}' in '${item}' is not a GOOS${didYouMean(rule.goos, gooses)}`
      );
    if (rule.goarch !== "*" && !goarches.includes(rule.goarch))
      throw new TargetError(
        "exclude",
        `'${rule.goarch}' in '${item}' is not a GOARCH${didYouMean(rule.goarch, goarches)}`
      );
    return rule;
  });
  const kept = chosen.filter(
    (t) => !rules.some(
      (r) => (r.goos === "*" || r.goos === t.goos) && (r.goarch === "*" || r.goarch === t.goarch)
    )
  );
  if (kept.length === 0)
    throw new TargetError("exclude", "excludes every target: nothing is left to build");
  return kept;
}
function splitPair(input, item, wildcard = false) {
  const m = /^([A-Za-z0-9_]+|\*)\/([A-Za-z0-9_]+|\*)$/.exec(item);
  if (!m || !wildcard && (m[1] === "*" || m[2] === "*") || m[1] === "*" && m[2] === "*")
    throw new TargetError(
      input,
      `'${item}' is not GOOS/GOARCH (for example linux/amd64${wildcard ? ", windows/* or */386" : ""})`
    );
  return { goos: m[1], goarch: m[2] };
}
function matrixOf(targets) {
  return { include: targets.map((t) => ({ goos: t.goos, goarch: t.goarch })) };
}

// src/build/go.ts
var MISSING_GO = "'go' is not on PATH: set up Go before this step (for example with actions/setup-go)";
function go(args, cwd, env) {
  return runProcess("go", args, { cwd, env, missing: MISSING_GO });
}
function firstLine(text) {
  return text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== "") ?? "";
}
async function distList(cwd) {
  const r = await go(["tool", "dist", "list", "-json"], cwd);
  if (r.code !== 0) throw new UserError(`'go tool dist list -json' failed: ${firstLine(r.stderr)}`);
  return parseDistList(r.stdout);
}
async function moduleInfo(cwd) {
  const r = await go(["env", "-json", "GOMOD", "GOVERSION"], cwd);
  if (r.code !== 0) throw new UserError(`'go env' failed in ${cwd}: ${firstLine(r.stderr)}`);
  const env = JSON.parse(r.stdout);
  const gomod = env.GOMOD ?? "";
  if (gomod === "" || gomod === "/dev/null" || gomod === "NUL")
    throw new UserError(
      `${cwd} is not in a Go module (no go.mod): set 'working-directory' to the module's folder or run 'go mod init'`
    );
  return { gomod, goVersion: env.GOVERSION ?? "" };
}
async function mainPackage(cwd, pkg, env) {
  const r = await go(
    [
      "list",
      "-f",
      "{{.Name}}	{{.Dir}}	{{.ImportPath}}	{{if .Module}}{{.Module.Path}}{{end}}",
      "--",
      pkg
    ],
    cwd,
    env
  );
  if (r.code !== 0)
    throw new UserError(
      `input 'package': cannot load '${pkg}': ${firstLine(r.stderr).replace(/^go: /, "")}`
    );
  const lines = r.stdout.trim().split("\n");
  if (lines.length !== 1)
    throw new UserError(
      `input 'package': '${pkg}' matches ${lines.length} packages; name exactly one main package`
    );
  const [name, dir, importPath, modulePath] = lines[0].split("	");
  if (name !== "main")
    throw new UserError(
      `input 'package': '${pkg}' is package ${name}, not a main package: set 'package' to the folder with package main (for example ./cmd/server)`
    );
  return { dir, importPath, modulePath };
}
function goBuild(args, cwd, env) {
  return go(args, cwd, env);
}

// src/build/plan.ts
import { basename, join as join2 } from "node:path";

// src/build/coff.ts
var RT_VERSION = 16;
var COFF_MACHINES = {
  "386": { machine: 332, addr32nb: 7, is32bit: true },
  // IMAGE_REL_I386_DIR32NB
  amd64: { machine: 34404, addr32nb: 3, is32bit: false },
  // IMAGE_REL_AMD64_ADDR32NB
  arm: { machine: 452, addr32nb: 2, is32bit: true },
  // ARMNT, IMAGE_REL_ARM_ADDR32NB
  arm64: { machine: 43620, addr32nb: 2, is32bit: false }
  // IMAGE_REL_ARM64_ADDR32NB
};
var IMAGE_FILE_32BIT_MACHINE = 256;
var IMAGE_SCN_CNT_INITIALIZED_DATA = 64;
var IMAGE_SCN_MEM_READ = 1073741824;
var IMAGE_SYM_CLASS_STATIC = 3;
var SUBDIRECTORY = 2147483648;
function resourceSection(resources) {
  if (resources.length === 0) throw new Error("no resources");
  const sorted = [...resources].sort(
    (a, b) => a.type - b.type || a.name - b.name || a.lang - b.lang
  );
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    if (a.type === b.type && a.name === b.name && a.lang === b.lang)
      throw new Error(`resource ${a.type}/${a.name}/${a.lang} is given twice`);
  }
  const types = group(sorted, (r) => r.type);
  const dirSize = (n) => 16 + 8 * n;
  let offset = dirSize(types.size);
  const nameDirs = [];
  for (const list of types.values()) {
    const names = group(list, (r) => r.name);
    nameDirs.push({ at: offset, names });
    offset += dirSize(names.size);
  }
  const langDirs = [];
  for (const nd of nameDirs)
    for (const langs of nd.names.values()) {
      langDirs.push({ at: offset, langs });
      offset += dirSize(langs.length);
    }
  const entriesAt = offset;
  offset += 16 * sorted.length;
  const dataAt = [];
  for (const r of sorted) {
    offset += (8 - offset % 8) % 8;
    dataAt.push(offset);
    offset += r.data.length;
  }
  const size = offset + (8 - offset % 8) % 8;
  const out = Buffer.alloc(size);
  const writeDir = (at, entries) => {
    out.writeUInt16LE(entries.length, at + 14);
    entries.forEach(([id, target], i) => {
      out.writeUInt32LE(id, at + 16 + 8 * i);
      out.writeUInt32LE(target >>> 0, at + 20 + 8 * i);
    });
  };
  writeDir(
    0,
    [...types.keys()].map((t, i) => [t, (nameDirs[i].at | SUBDIRECTORY) >>> 0])
  );
  let li = 0;
  for (const nd of nameDirs) {
    writeDir(
      nd.at,
      [...nd.names.keys()].map((n) => [n, (langDirs[li++].at | SUBDIRECTORY) >>> 0])
    );
  }
  let ei = 0;
  for (const ld of langDirs) {
    writeDir(
      ld.at,
      ld.langs.map((r) => [r.lang, entriesAt + 16 * ei++])
    );
  }
  const relocations = [];
  sorted.forEach((r, i) => {
    const at = entriesAt + 16 * i;
    out.writeUInt32LE(dataAt[i], at);
    out.writeUInt32LE(r.data.length, at + 4);
    relocations.push(at);
    r.data.copy(out, dataAt[i]);
  });
  return { data: out, relocations };
}
function group(list, key) {
  const m = /* @__PURE__ */ new Map();
  for (const r of list) {
    const k = key(r);
    const l = m.get(k);
    if (l) l.push(r);
    else m.set(k, [r]);
  }
  return m;
}
function resourceObject(goarch, resources) {
  const m = COFF_MACHINES[goarch];
  if (!m) throw new Error(`no COFF machine type for windows/${goarch}`);
  const { data, relocations } = resourceSection(resources);
  const rawAt = 20 + 40;
  const relocAt = rawAt + data.length;
  const symAt = relocAt + 10 * relocations.length;
  const out = Buffer.alloc(symAt + 18 + 4);
  out.writeUInt16LE(m.machine, 0);
  out.writeUInt16LE(1, 2);
  out.writeUInt32LE(0, 4);
  out.writeUInt32LE(symAt, 8);
  out.writeUInt32LE(1, 12);
  out.writeUInt16LE(0, 16);
  out.writeUInt16LE(m.is32bit ? IMAGE_FILE_32BIT_MACHINE : 0, 18);
  out.write(".rsrc", 20, "latin1");
  out.writeUInt32LE(data.length, 20 + 16);
  out.writeUInt32LE(rawAt, 20 + 20);
  out.writeUInt32LE(relocations.length ? relocAt : 0, 20 + 24);
  if (relocations.length > 65535) throw new Error("too many resources for one object");
  out.writeUInt16LE(relocations.length, 20 + 32);
  out.writeUInt32LE((IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ) >>> 0, 20 + 36);
  data.copy(out, rawAt);
  relocations.forEach((off, i) => {
    const at = relocAt + 10 * i;
    out.writeUInt32LE(off, at);
    out.writeUInt32LE(0, at + 4);
    out.writeUInt16LE(m.addr32nb, at + 8);
  });
  out.write(".rsrc", symAt, "latin1");
  out.writeUInt32LE(0, symAt + 8);
  out.writeInt16LE(1, symAt + 12);
  out.writeUInt16LE(0, symAt + 14);
  out.writeUInt8(IMAGE_SYM_CLASS_STATIC, symAt + 16);
  out.writeUInt8(0, symAt + 17);
  out.writeUInt32LE(4, symAt + 18);
  return out;
}
function coffSectionNames(buf) {
  if (buf.length < 20) return void 0;
  const machine = buf.readUInt16LE(0);
  if (!Object.values(COFF_MACHINES).some((m) => m.machine === machine)) return void 0;
  const n = buf.readUInt16LE(2);
  const start = 20 + buf.readUInt16LE(16);
  if (start + 40 * n > buf.length) return void 0;
  const names = [];
  for (let i = 0; i < n; i++)
    names.push(buf.toString("latin1", start + 40 * i, start + 40 * i + 8).replace(/\0+$/, ""));
  return names;
}

// src/build/version.ts
var import_semver = __toESM(require_semver2(), 1);
var VersionError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "VersionError";
  }
};
function resolveVersion(git3) {
  if (!/^[0-9a-f]{40}$/.test(git3.commit))
    throw new VersionError(`'${git3.commit}' is not a commit SHA`);
  const time = new Date(git3.commitTime * 1e3);
  const date = time.toISOString().replace(/\.\d{3}Z$/, "Z");
  if (git3.refTag !== void 0) {
    const version2 = versionFromTag(git3.refTag);
    return { version: version2, commit: git3.commit, date, time, tagged: true };
  }
  const version = `0.0.0-${git3.commitCount}-g${git3.commit.slice(0, 7)}`;
  return { version, commit: git3.commit, date, time, tagged: false };
}
function versionFromTag(tag) {
  const bare = tag.replace(/^v/, "");
  if (import_semver.default.valid(bare) !== bare)
    throw new VersionError(
      `tag '${tag}' is not a semantic version (v1.2.3 or v1.2.3-rc.1): tag the release like that`
    );
  return bare;
}
function windowsVersionNumbers(version) {
  const v = import_semver.default.parse(version);
  if (!v) return [0, 0, 0, 0];
  const untagged = /^0\.0\.0-(\d+)-g[0-9a-f]+$/.exec(version);
  const fourth = untagged ? Number(untagged[1]) : 0;
  const cap = (n) => Math.max(0, Math.min(65535, n));
  return [cap(v.major), cap(v.minor), cap(v.patch), cap(fourth)];
}

// src/build/versioninfo.ts
var LANG_EN_US = 1033;
var CODEPAGE_UNICODE = 1200;
var VS_FFI_SIGNATURE = 4277077181;
var VS_FFI_STRUCVERSION = 65536;
var VS_FFI_FILEFLAGSMASK = 63;
var VS_FF_PRERELEASE = 2;
var VOS_NT_WINDOWS32 = 262148;
var VFT_APP = 1;
var utf16z = (s) => Buffer.from(s + "\0", "utf16le");
var pad4 = (n) => (4 - n % 4) % 4;
function node(key, value, valueLength, text, children) {
  const head = Buffer.alloc(6);
  const keyBytes = utf16z(key);
  const chunks = [head, keyBytes];
  let size = 6 + keyBytes.length;
  const align = () => {
    const p = pad4(size);
    if (p) {
      chunks.push(Buffer.alloc(p));
      size += p;
    }
  };
  if (value) {
    align();
    chunks.push(value);
    size += value.length;
  }
  for (const child of children) {
    align();
    chunks.push(child);
    size += child.length;
  }
  if (size > 65535)
    throw new Error("VERSIONINFO resource is larger than 64 KiB: shorten the strings");
  head.writeUInt16LE(size, 0);
  head.writeUInt16LE(valueLength, 2);
  head.writeUInt16LE(text ? 1 : 0, 4);
  return Buffer.concat(chunks);
}
function fixedFileInfo(info) {
  const b = Buffer.alloc(52);
  const [fa, fb, fc, fd] = info.fileVersion;
  const [pa, pb, pc, pd] = info.productVersion;
  for (const n of [...info.fileVersion, ...info.productVersion])
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      throw new Error(`version part ${n} is not 0..65535`);
  const words = [
    VS_FFI_SIGNATURE,
    VS_FFI_STRUCVERSION,
    (fa << 16 | fb) >>> 0,
    (fc << 16 | fd) >>> 0,
    (pa << 16 | pb) >>> 0,
    (pc << 16 | pd) >>> 0,
    VS_FFI_FILEFLAGSMASK,
    info.prerelease ? VS_FF_PRERELEASE : 0,
    VOS_NT_WINDOWS32,
    VFT_APP,
    0,
    0,
    0
  ];
  words.forEach((w, i) => b.writeUInt32LE(w, i * 4));
  return b;
}
function encodeVersionInfo(info) {
  const strings = Object.entries(info.strings).filter(([, v]) => v !== "").map(([k, v]) => {
    if (/\0/.test(k + v)) throw new Error(`VERSIONINFO string ${k} contains a NUL character`);
    return node(k, utf16z(v), v.length + 1, true, []);
  });
  const tableKey = LANG_EN_US.toString(16).padStart(4, "0").toUpperCase() + CODEPAGE_UNICODE.toString(16).padStart(4, "0").toUpperCase();
  const stringFileInfo = node("StringFileInfo", void 0, 0, true, [
    node(tableKey, void 0, 0, true, strings)
  ]);
  const translation = Buffer.alloc(4);
  translation.writeUInt16LE(LANG_EN_US, 0);
  translation.writeUInt16LE(CODEPAGE_UNICODE, 2);
  const varFileInfo = node("VarFileInfo", void 0, 0, true, [
    node("Translation", translation, 4, false, [])
  ]);
  return node("VS_VERSION_INFO", fixedFileInfo(info), 52, false, [stringFileInfo, varFileInfo]);
}

// src/build/plan.ts
function defaultParallel(cpus) {
  return Math.max(1, Math.min(cpus, DEFAULT_PARALLEL_CAP));
}
var DEFAULT_PARALLEL_CAP = 2;
function nameFromModulePath(modulePath) {
  const parts = modulePath.split("/").filter((p) => p !== "");
  let last = parts.pop() ?? "app";
  if (/^v\d+$/.test(last) && parts.length > 0) last = parts.pop();
  return last.replace(/[^A-Za-z0-9._-]/g, "-");
}
function resourceObjectName(goarch) {
  return `zz_winship_versioninfo_windows_${goarch}.syso`;
}
function sysoAppliesTo(file, t, gooses, goarches) {
  const parts = basename(file, ".syso").split("_");
  const last = parts[parts.length - 1];
  const prev = parts.length >= 3 ? parts[parts.length - 2] : void 0;
  if (parts.length >= 3 && prev !== void 0 && gooses.has(prev) && goarches.has(last))
    return prev === t.goos && last === t.goarch;
  if (parts.length >= 2 && gooses.has(last)) return last === t.goos;
  if (parts.length >= 2 && goarches.has(last)) return last === t.goarch;
  return true;
}
function planBuild(config, facts, targets) {
  const name = config.binaryName ?? nameFromModulePath(facts.modulePath);
  const { version } = facts;
  const warnings = [];
  const gooses = new Set(facts.ports.map((p) => p.goos));
  const goarches = new Set(facts.ports.map((p) => p.goarch));
  const ours = new Set(Object.keys(COFF_MACHINES).map(resourceObjectName));
  const foreignRsrc = facts.existingSyso.filter(
    (s) => !ours.has(s.file) && (coffSectionNames(s.data) ?? []).some((n) => n === ".rsrc" || n.startsWith(".rsrc$"))
  );
  const resourceArches = /* @__PURE__ */ new Set();
  const plans = targets.map((t) => {
    const exe = t.goos === "windows" ? ".exe" : "";
    const file = `${name}_${version.version}_${t.goos}_${t.goarch}${exe}`;
    const ldflags = renderTemplate(config.ldflags, {
      version: version.version,
      commit: version.commit,
      date: version.date,
      goos: t.goos,
      goarch: t.goarch
    });
    const binary = join2(config.outputDirectory, file);
    const args = [
      "build",
      "-trimpath",
      "-buildvcs=false",
      // An empty build ID: the same sources give the same bytes whatever the build's paths.
      `-ldflags=${ldflags} -buildid=`,
      ...config.tags.length ? [`-tags=${config.tags.join(",")}`] : [],
      ...config.flags,
      "-o",
      binary,
      config.package
    ];
    const plan = {
      ...t,
      target: targetName(t),
      binary,
      file,
      programName: `${name}${exe}`,
      args,
      env: { ...config.env, GOOS: t.goos, GOARCH: t.goarch, CGO_ENABLED: config.cgo ? "1" : "0" },
      versionInfo: false
    };
    if (config.archive !== "none") {
      const format = archiveFormatFor(config.archive, t.goos);
      const archiveFile = `${name}_${version.version}_${t.goos}_${t.goarch}.${format}`;
      plan.archive = { format, file: archiveFile, path: join2(config.outputDirectory, archiveFile) };
    }
    if (t.goos === "windows" && config.versionInfo.enabled) {
      const clash = foreignRsrc.find((s) => sysoAppliesTo(s.file, t, gooses, goarches));
      if (!COFF_MACHINES[t.goarch])
        warnings.push(
          `${plan.target}: no VERSIONINFO resource (not supported for this architecture)`
        );
      else if (clash)
        warnings.push(
          `${plan.target}: no VERSIONINFO resource, because ${clash.file} already has resources (Go links one .rsrc only); remove it or set windows-version-info: false`
        );
      else {
        plan.versionInfo = true;
        resourceArches.add(t.goarch);
      }
    }
    return plan;
  });
  const resourceObjects = [...resourceArches].sort().map((goarch) => ({
    path: join2(facts.packageDir, resourceObjectName(goarch)),
    data: resourceObject(goarch, [
      { type: RT_VERSION, name: 1, lang: LANG_EN_US, data: versionInfoData(config, name, version) }
    ])
  }));
  return {
    name,
    version,
    targets: plans,
    parallel: config.parallel ?? defaultParallel(facts.cpus),
    outputDirectory: config.outputDirectory,
    resourceObjects,
    warnings
  };
}
function versionInfoData(config, name, version) {
  const numbers = windowsVersionNumbers(version.version);
  const vi = config.versionInfo;
  return encodeVersionInfo({
    fileVersion: numbers,
    productVersion: numbers,
    prerelease: version.version.includes("-"),
    strings: {
      CompanyName: vi.companyName,
      FileDescription: vi.fileDescription || vi.productName || name,
      FileVersion: version.version,
      InternalName: name,
      LegalCopyright: vi.copyright,
      OriginalFilename: `${name}.exe`,
      ProductName: vi.productName || name,
      ProductVersion: version.version,
      Comments: `commit ${version.commit}`
    }
  });
}
function describeCommand(plan) {
  const env = Object.entries(plan.env).map(([k, v]) => `${k}=${v}`).join(" ");
  return `${env} go ${plan.args.map((a) => /[\s'"]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a).join(" ")}`;
}

// src/build/scheduler.ts
async function runBounded(items, limit, work) {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`concurrency limit must be a positive integer, got ${limit}`);
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
function limiter(limit) {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`concurrency limit must be a positive integer, got ${limit}`);
  let active = 0;
  const waiting = [];
  return async (fn) => {
    if (active >= limit) await new Promise((resolve4) => waiting.push(resolve4));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

// src/runner/markdown.ts
function escapeCell(text) {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
function table(header, rows) {
  const line = (cells) => `| ${cells.map(escapeCell).join(" | ")} |`;
  return [line(header), `| ${header.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n") + "\n";
}
function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}
function formatSeconds(s) {
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

// src/build/compile.ts
async function finishTarget(plan, t, seconds, ctx) {
  await chmod2(t.binary, 493);
  const signed = ctx.sign && t.goos === "windows" ? await ctx.sign(t.binary) : void 0;
  const binary = await hashFile(t.binary);
  const entry = {
    target: t.target,
    goos: t.goos,
    goarch: t.goarch,
    file: t.file,
    size: binary.size,
    sha256: binary.sha256,
    seconds: Math.round(seconds * 1e3) / 1e3,
    ...signed ? { signature: signed.record } : {}
  };
  if (t.archive) {
    const entries = [
      { name: t.programName, source: t.binary, mode: 493 },
      ...ctx.archiveFiles.map((f) => ({
        name: f,
        source: join3(ctx.cwd, f),
        mode: 420
      }))
    ];
    await writeArchive(
      t.archive.format,
      t.archive.path,
      entries,
      plan.version.time,
      join3(ctx.tmp, t.goos + "_" + t.goarch)
    );
    entry.archive = { file: t.archive.file, ...await hashFile(t.archive.path) };
  }
  return { ok: true, plan: t, seconds, entry };
}
function report(ctx, o, output) {
  const lines = [describeCommand(o.plan), output.trimEnd()].filter((l) => l !== "");
  if (o.ok) {
    lines.push(`${o.entry.file}  ${formatBytes(o.entry.size)}  sha256 ${o.entry.sha256}`);
    const sig = o.entry.signature;
    if (sig)
      lines.push(
        `signed by ${sig.subject} (certificate SHA-256 ${sig.sha256}, SHA-1 ${sig.sha1}), verified${sig.timestamped ? ", timestamped" : ", no timestamp"}`
      );
    if (o.entry.archive)
      lines.push(
        `${o.entry.archive.file}  ${formatBytes(o.entry.archive.size)}  sha256 ${o.entry.archive.sha256}`
      );
  }
  const title = o.ok ? `${o.plan.target}: built in ${formatSeconds(o.seconds)}, ${formatBytes(o.entry.size)}` : `${o.plan.target}: FAILED after ${formatSeconds(o.seconds)}`;
  ctx.io.logGroup(title, lines.join("\n") + "\n");
}
async function compileAll(plan, ctx) {
  await mkdir2(plan.outputDirectory, { recursive: true });
  await Promise.all(plan.resourceObjects.map((r) => writeFile(r.path, r.data)));
  try {
    const finishing = [];
    const finishSlot = limiter(Math.max(2, plan.parallel));
    await runBounded(plan.targets, plan.parallel, async (t, i) => {
      await rm2(t.binary, { force: true });
      const r = await goBuild(t.args, ctx.cwd, { ...process.env, ...t.env });
      const output = r.stdout + r.stderr;
      let outcome;
      if (r.code === 0) outcome = finishSlot(() => finishTarget(plan, t, r.seconds, ctx));
      else
        outcome = Promise.resolve({
          ok: false,
          plan: t,
          seconds: r.seconds,
          diagnostics: parseGoBuildOutput(output, ctx.cwd, ctx.workspace)
        });
      finishing[i] = outcome.then((o) => {
        report(ctx, o, output);
        return o;
      });
      finishing[i].catch(() => void 0);
    });
    return await Promise.all(finishing);
  } finally {
    await Promise.all(plan.resourceObjects.map((r) => rm2(r.path, { force: true })));
  }
}

// src/build/checksums.ts
function formatSha256Sums(digests) {
  const sorted = [...digests].sort((a, b) => a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i].file === sorted[i - 1].file)
      throw new Error(`'${sorted[i].file}' is listed twice`);
  return sorted.map((d) => {
    if (!/^[0-9a-f]{64}$/.test(d.sha256))
      throw new Error(`'${d.sha256}' is not a SHA-256 digest`);
    if (/[\n\\]/.test(d.file)) throw new Error(`'${d.file}' cannot be listed in SHA256SUMS`);
    return `${d.sha256}  ${d.file}
`;
  }).join("");
}

// src/build/manifest.ts
var MANIFEST_SCHEMA = "winship/build-manifest@1";
var ManifestError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ManifestError";
  }
};
var byTarget = (a, b) => a.target < b.target ? -1 : a.target > b.target ? 1 : 0;
function makeManifest(head, targets) {
  return { schema: MANIFEST_SCHEMA, ...head, targets: [...targets].sort(byTarget) };
}
function manifestFiles(m) {
  return m.targets.flatMap((t) => [
    { file: t.file, sha256: t.sha256, size: t.size },
    ...t.archive ? [{ ...t.archive }] : []
  ]);
}
function releaseFiles(m) {
  return m.targets.map(
    (t) => t.archive ? { ...t.archive } : { file: t.file, sha256: t.sha256, size: t.size }
  );
}
function checksumsOf(m, which = "all") {
  return formatSha256Sums(which === "all" ? manifestFiles(m) : releaseFiles(m));
}
var isSha = (s) => typeof s === "string" && /^[0-9a-f]{64}$/.test(s);
var isName = (s) => typeof s === "string" && /^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(s);
var isSize = (n) => typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
function parseManifest(text, where) {
  let m;
  try {
    m = JSON.parse(text);
  } catch {
    throw new ManifestError(`${where} is not JSON`);
  }
  const bad = (what) => new ManifestError(`${where}: ${what}`);
  if (m?.schema !== MANIFEST_SCHEMA)
    throw bad(`not a winship build manifest (schema is not ${MANIFEST_SCHEMA})`);
  for (const k of ["name", "version", "commit", "date"])
    if (typeof m[k] !== "string" || m[k] === "") throw bad(`'${k}' is missing`);
  if (!Array.isArray(m.targets)) throw bad(`'targets' is not a list`);
  for (const t of m.targets) {
    if (typeof t.goos !== "string" || typeof t.goarch !== "string" || t.target !== `${t.goos}/${t.goarch}`)
      throw bad(`a target entry has no consistent target/goos/goarch: ${JSON.stringify(t)}`);
    if (!isName(t.file) || !isSha(t.sha256) || !isSize(t.size) || typeof t.seconds !== "number")
      throw bad(`target ${t.target} has a bad file, size, sha256 or seconds`);
    if (t.archive !== void 0) {
      const a = t.archive;
      if (!isName(a.file) || !isSha(a.sha256) || !isSize(a.size))
        throw bad(`target ${t.target} has a bad archive entry`);
    }
    if (t.signature !== void 0) {
      const g = t.signature;
      if (typeof g.subject !== "string" || typeof g.sha1 !== "string" || !/^[0-9A-F]{40}$/.test(g.sha1) || typeof g.sha256 !== "string" || !/^[0-9A-F]{64}$/.test(g.sha256))
        throw bad(`target ${t.target} has a bad signature entry`);
    }
  }
  return m;
}
function mergeManifests(manifests) {
  if (manifests.length === 0) throw new ManifestError("no manifests to merge");
  const first = manifests[0];
  const targets = /* @__PURE__ */ new Map();
  for (const { manifest: m, where } of manifests) {
    for (const k of ["name", "version", "commit"])
      if (m[k] !== first.manifest[k])
        throw new ManifestError(
          `${where} is for ${k} '${m[k]}' but ${first.where} is for '${first.manifest[k]}': merge only the jobs of one build`
        );
    for (const t of m.targets) {
      const seen = targets.get(t.target);
      if (!seen) targets.set(t.target, { t, where });
      else if (seen.t.sha256 !== t.sha256 || seen.t.archive?.sha256 !== t.archive?.sha256)
        throw new ManifestError(
          `${t.target} is in ${seen.where} and ${where} with different contents`
        );
    }
  }
  return makeManifest(
    {
      name: first.manifest.name,
      version: first.manifest.version,
      commit: first.manifest.commit,
      date: first.manifest.date
    },
    [...targets.values()].map((x) => x.t)
  );
}

// src/build/merge.ts
import { copyFile as copyFile2, mkdir as mkdir3, readdir, readFile, writeFile as writeFile2 } from "node:fs/promises";
import { basename as basename2, join as join5, relative as relative2, resolve as resolve3 } from "node:path";

// src/build/uploads.ts
import { createHash as createHash2 } from "node:crypto";
import { join as join4 } from "node:path";
var MANIFEST_FILE = "manifest.json";
var CHECKSUMS_FILE = "SHA256SUMS";
var MANIFEST_KEY = "manifest";
var UploadPlanError = class extends Error {
};
function planUploads(manifest, opts) {
  const common = () => {
    const c = {
      rootDirectory: opts.outputDirectory,
      compressionLevel: opts.compressionLevel
    };
    if (opts.retentionDays !== void 0) c.retentionDays = opts.retentionDays;
    if (opts.overwrite) c.overwrite = true;
    return c;
  };
  const requests = manifest.targets.map((t) => {
    const file = t.archive?.file ?? t.file;
    if (!opts.artifactName)
      return { name: file, files: [join4(opts.outputDirectory, file)], ...common(), asIs: true };
    const name = renderTemplate(opts.artifactName, {
      name: manifest.name,
      version: manifest.version,
      goos: t.goos,
      goarch: t.goarch
    });
    return { name, files: [join4(opts.outputDirectory, file)], ...common(), asIs: false };
  });
  const seen = /* @__PURE__ */ new Map();
  manifest.targets.forEach((t, i) => {
    const problem = artifactNameProblem(requests[i].name);
    if (problem)
      throw new UploadPlanError(
        `renders '${requests[i].name}' for ${t.target}, which is not a valid artifact name: ${problem}`
      );
    const other = seen.get(requests[i].name);
    if (other)
      throw new UploadPlanError(
        `gives ${other} and ${t.target} the same artifact name '${requests[i].name}': include {{goos}} and {{goarch}}`
      );
    seen.set(requests[i].name, t.target);
  });
  requests.push({
    name: manifestArtifactName(manifest),
    files: [join4(opts.outputDirectory, MANIFEST_FILE), join4(opts.outputDirectory, CHECKSUMS_FILE)],
    ...common(),
    asIs: false
  });
  return requests;
}
function manifestArtifactName(m) {
  const targets = m.targets.map((t) => `${t.goos}_${t.goarch}`);
  const which = targets.length === 1 ? targets[0] : createHash2("sha256").update(targets.join(",")).digest("hex").slice(0, 12);
  return `${m.name}_${m.version}_manifest_${which}`;
}
function mergedUpload(m, opts) {
  const r = {
    name: `${m.name}_${m.version}_checksums`,
    files: [join4(opts.outputDirectory, MANIFEST_FILE), join4(opts.outputDirectory, CHECKSUMS_FILE)],
    rootDirectory: opts.outputDirectory,
    compressionLevel: opts.compressionLevel,
    asIs: false
  };
  if (opts.retentionDays !== void 0) r.retentionDays = opts.retentionDays;
  if (opts.overwrite) r.overwrite = true;
  return r;
}

// src/build/merge.ts
var MAX_DEPTH = 8;
async function indexFiles(dir) {
  const index = /* @__PURE__ */ new Map();
  const walk = async (d, depth) => {
    if (depth > MAX_DEPTH) return;
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join5(d, e.name);
      if (e.isDirectory()) await walk(p, depth + 1);
      else if (e.isFile()) index.set(e.name, [...index.get(e.name) ?? [], p]);
    }
  };
  await walk(dir, 0);
  return index;
}
async function mergeBuilds(mergeFrom, outputDirectory, workspace) {
  const index = await indexFiles(mergeFrom);
  const out = resolve3(outputDirectory);
  const manifestPaths = (index.get(MANIFEST_FILE) ?? []).filter((p) => resolve3(p) !== join5(out, MANIFEST_FILE)).sort();
  if (manifestPaths.length === 0)
    throw new UserError(
      `no ${MANIFEST_FILE} under ${mergeFrom}: download the build jobs' artifacts there first (actions/download-artifact)`
    );
  let manifest;
  try {
    const parsed = await Promise.all(
      manifestPaths.map(async (p) => {
        const where = relative2(workspace, p) || p;
        return { manifest: parseManifest(await readFile(p, "utf8"), where), where };
      })
    );
    manifest = mergeManifests(parsed);
  } catch (err) {
    if (err instanceof ManifestError) throw new UserError(err.message);
    throw err;
  }
  await mkdir3(out, { recursive: true });
  for (const f of releaseFiles(manifest)) {
    const candidates = index.get(basename2(f.file)) ?? [];
    if (candidates.length === 0)
      throw new UserError(
        `${f.file} is in a manifest but not under ${mergeFrom}: download every build job's artifacts`
      );
    let found;
    for (const c of candidates) {
      if ((await hashFile(c)).sha256 === f.sha256) {
        found = c;
        break;
      }
    }
    if (!found)
      throw new UserError(
        `${f.file} under ${mergeFrom} does not match the SHA-256 in its manifest: the download is corrupt or stale`
      );
    const dest = join5(out, f.file);
    if (resolve3(found) !== dest) await copyFile2(found, dest);
  }
  const manifestPath = join5(out, MANIFEST_FILE);
  const checksumsPath = join5(out, "SHA256SUMS");
  await writeFile2(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
  await writeFile2(checksumsPath, checksumsOf(manifest, "release"));
  return { manifest, manifestPath, checksumsPath, sources: manifestPaths.length };
}

// src/build/prepare.ts
import { readdir as readdir2, readFile as readFile2, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname as dirname2, join as join6, relative as relative3 } from "node:path";

// src/build/git.ts
async function git(args, cwd) {
  const r = await runProcess("git", args, {
    cwd,
    missing: "'git' is not on PATH: the version comes from git"
  });
  if (r.code !== 0) throw new GitFailure(r.stderr.trim());
  return r.stdout.trim();
}
var GitFailure = class extends Error {
};
async function readGitFacts(cwd, ref, warn) {
  let commit;
  try {
    commit = await git(["rev-parse", "--verify", "HEAD^{commit}"], cwd);
  } catch {
    throw new UserError(
      `${cwd} is not a git checkout with a commit: check the repository out (actions/checkout) before building`
    );
  }
  const [time, count, shallow] = await Promise.all([
    git(["show", "-s", "--format=%ct", "HEAD"], cwd),
    git(["rev-list", "--count", "HEAD"], cwd),
    git(["rev-parse", "--is-shallow-repository"], cwd)
  ]);
  const facts = { commit, commitTime: Number(time), commitCount: Number(count) };
  const tag = ref?.startsWith("refs/tags/") ? ref.slice("refs/tags/".length) : void 0;
  if (tag !== void 0) {
    let tagged;
    try {
      tagged = await git(
        ["rev-parse", "--verify", "--end-of-options", `refs/tags/${tag}^{commit}`],
        cwd
      );
    } catch {
      throw new UserError(
        `the workflow runs for tag ${tag} but the checkout has no such tag, so it cannot tell whether ${commit.slice(0, 7)} is that release: check out with actions/checkout and fetch-depth: 0 (or fetch-tags: true), or run git fetch --tags before building`
      );
    }
    if (tagged !== commit)
      throw new UserError(
        `the workflow runs for tag ${tag} (${tagged.slice(0, 7)}) but ${commit.slice(0, 7)} is checked out: check out the tag (actions/checkout with its default ref), or if the tag was moved, git fetch --tags --force`
      );
    facts.refTag = tag;
  } else if (shallow === "true") {
    warn(
      `the checkout is shallow, so the commit count in the version (${count}) is not the full history: use fetch-depth: 0 with actions/checkout`
    );
  }
  return facts;
}

// src/build/prepare.ts
async function checkDirectory(input, dir) {
  const s = await stat(dir).catch(() => void 0);
  if (!s) throw new InputError(input, `'${dir}' does not exist`);
  if (!s.isDirectory()) throw new InputError(input, `'${dir}' is not a directory`);
}
function resolveTargetsOrThrow(config, ports) {
  try {
    return resolveTargets(config.targets, config.exclude, ports);
  } catch (err) {
    if (err instanceof TargetError) throw new InputError(err.input, err.message);
    throw err;
  }
}
async function prepareBuild(config, env) {
  await checkDirectory("working-directory", config.workingDirectory);
  const cwd = config.workingDirectory;
  const first = (ports2) => resolveTargetsOrThrow(config, ports2)[0];
  const mod = moduleInfo(cwd);
  const ports = distList(cwd);
  const pkgEnv = (t) => ({
    ...process.env,
    ...config.env,
    GOOS: t.goos,
    GOARCH: t.goarch,
    CGO_ENABLED: config.cgo ? "1" : "0"
  });
  const pkg = ports.then((p) => mainPackage(cwd, config.package, pkgEnv(first(p))));
  const gitFacts = readGitFacts(cwd, env.ref, env.warn);
  const files = Promise.all(
    config.archiveFiles.map(async (f) => {
      const s = await stat(join6(cwd, f)).catch(() => void 0);
      if (!s?.isFile()) throw new InputError("archive-files", `'${f}' is not a file in ${cwd}`);
    })
  );
  for (const p of [mod, ports, pkg, gitFacts, files]) p.catch(() => void 0);
  const modInfo = await mod;
  const portList = await ports;
  const targets = resolveTargetsOrThrow(config, portList);
  const main = await pkg;
  await files;
  const facts = await gitFacts;
  let version;
  try {
    version = resolveVersion(facts);
  } catch (err) {
    if (err instanceof VersionError) throw new UserError(err.message);
    throw err;
  }
  const inModule = !relative3(dirname2(modInfo.gomod), main.dir).startsWith("..");
  const sysoNames = inModule ? (await readdir2(main.dir)).filter((f) => f.endsWith(".syso")) : [];
  const existingSyso = await Promise.all(
    sysoNames.map(async (file) => ({ file, data: await readFile2(join6(main.dir, file)) }))
  );
  const plan = planBuild(
    config,
    {
      ports: portList,
      modulePath: main.modulePath || main.importPath,
      packageDir: main.dir,
      version,
      cpus: env.cpus ?? availableParallelism(),
      existingSyso,
      packageInModule: inModule
    },
    targets
  );
  return { plan, targets };
}

// src/build/summary.ts
function buildSummary(head, rows, wallSeconds, title = "Build") {
  const ok = rows.filter((r) => r.ok);
  const failed = rows.length - ok.length;
  const body = rows.map(
    (r) => r.ok ? [
      r.target,
      `\`${r.file ?? ""}\``,
      formatBytes(r.size ?? 0),
      `\`${(r.sha256 ?? "").slice(0, 12)}\``,
      formatSeconds(r.seconds)
    ] : [r.target, "**failed** (see the annotations)", "", "", formatSeconds(r.seconds)]
  );
  const totalSize = ok.reduce((n, r) => n + (r.size ?? 0), 0);
  const cpu = rows.reduce((n, r) => n + r.seconds, 0);
  body.push([
    "**Total**",
    `${rows.length} target${rows.length === 1 ? "" : "s"}: ${ok.length} built${failed ? `, ${failed} failed` : ""}`,
    formatBytes(totalSize),
    "",
    `${formatSeconds(wallSeconds)} wall (${formatSeconds(cpu)} of builds)`
  ]);
  return `### ${title}: ${head.name} ${head.version}

Commit \`${head.commit.slice(0, 12)}\` of ${head.date}.

` + table(["Target", "File", "Size", "SHA-256", "Time"], body);
}

// src/build/signing.ts
import { rmSync } from "node:fs";

// src/signing/key.ts
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp as mkdtemp2, rm as rm3, writeFile as writeFile3 } from "node:fs/promises";
import { join as join7 } from "node:path";

// src/signing/certificate.ts
import { X509Certificate } from "node:crypto";
var CODE_SIGNING_EKU = "1.3.6.1.5.5.7.3.3";
function splitPemCertificates(text) {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map(
    (m) => m[0] + "\n"
  );
}
var hex = (colons) => colons.replace(/:/g, "").toUpperCase();
function describeCertificate(pem) {
  const c = new X509Certificate(pem);
  const eku = c.keyUsage;
  return {
    subject: distinguishedName(c.subject),
    issuer: distinguishedName(c.issuer),
    serial: c.serialNumber.toUpperCase(),
    sha1: hex(c.fingerprint),
    sha256: hex(c.fingerprint256),
    notBefore: new Date(c.validFrom),
    notAfter: new Date(c.validTo),
    ...eku && eku.length > 0 ? { eku: [...eku] } : {},
    isCa: c.ca,
    selfSigned: c.subject === c.issuer && c.verify(c.publicKey),
    pem
  };
}
function distinguishedName(lines) {
  return lines.split("\n").filter((l) => l !== "").join(", ");
}
function signingCertificateProblem(c, now) {
  if (!c.eku?.includes(CODE_SIGNING_EKU))
    return `the certificate '${c.subject}' is not for code signing (its extended key usage ${c.eku ? `is ${c.eku.join(", ")}` : "is missing"}; Authenticode needs ${CODE_SIGNING_EKU}, "Code Signing"): ask the CA for a code signing certificate`;
  if (now < c.notBefore)
    return `the certificate '${c.subject}' is not valid before ${c.notBefore.toISOString()}`;
  if (now > c.notAfter)
    return `the certificate '${c.subject}' expired on ${c.notAfter.toISOString()}: renew it and update the secret (docs/signing.md, "Rotating the certificate")`;
  return void 0;
}
function holdsRoot(certs) {
  return certs.some((c) => c.selfSigned);
}

// src/signing/osslsigncode.ts
var OSSLSIGNCODE = "osslsigncode";
var OPENSSL = "openssl";
var INSTALL_HINT = "install it first: on Ubuntu/Debian runners 'sudo apt-get install -y osslsigncode' (a step before this one), on macOS 'brew install osslsigncode'";
function signArgs(o) {
  return [
    "sign",
    "-pkcs12",
    o.pfx,
    ...o.passwordFile ? ["-readpass", o.passwordFile] : [],
    "-h",
    "sha256",
    ...o.description ? ["-n", o.description] : [],
    ...o.url ? ["-i", o.url] : [],
    ...o.timestampUrl ? ["-ts", o.timestampUrl] : [],
    "-in",
    o.input,
    "-out",
    o.output
  ];
}
function verifyArgs(o) {
  return [
    "verify",
    "-in",
    o.file,
    "-CAfile",
    o.caFile,
    ...o.leafSha256 ? ["-require-leaf-hash", `sha256:${o.leafSha256}`] : []
  ];
}
function pfxCertificatesArgs(pfx, which, passwordFile, legacy) {
  return [
    "pkcs12",
    "-in",
    pfx,
    "-nokeys",
    which === "leaf" ? "-clcerts" : "-cacerts",
    "-passin",
    passwordFile ? `file:${passwordFile}` : "pass:",
    ...legacy ? ["-legacy"] : []
  ];
}
function classifyPfxFailure(stderr) {
  if (/mac verify (error|failure)|invalid password/i.test(stderr)) return "password";
  if (/unsupported|RC2|inner_evp_generic_fetch|legacy/i.test(stderr)) return "legacy";
  return "corrupt";
}
function parseVerifyOutput(text, exitCode) {
  const lines = text.split(/\r?\n/);
  const value = (label) => {
    const re = new RegExp(`^\\s*${label}\\s*:\\s*(.*?)\\s*$`);
    for (const l of lines) {
      const m = re.exec(l);
      if (m) return m[1];
    }
    return void 0;
  };
  const signed = !/No signature found/i.test(text);
  const current = value("Current message digest");
  const calculated = value("Calculated message digest");
  let signer;
  const at = lines.findIndex((l) => /^Signer's certificate:/.test(l));
  if (at >= 0) {
    const block = lines.slice(at + 1);
    const field = (label) => {
      const l = block.find((x) => new RegExp(`^\\s*${label}\\s*:`).test(x));
      return l?.replace(/^[^:]*:\s*/, "").trim();
    };
    const subject = field("Subject");
    if (subject !== void 0)
      signer = {
        subject: opensslName(subject),
        issuer: opensslName(field("Issuer") ?? ""),
        serial: (field("Serial") ?? "").toUpperCase()
      };
  }
  const verdict = value("Signature verification");
  const problems = lines.map((l) => l.trim()).filter(
    (l) => /^Error:/.test(l) || /: failed$/.test(l) || /MISMATCH|mismatch/.test(l) || /No signature found/.test(l)
  );
  const digestMatches = current !== void 0 && calculated !== void 0 ? current === calculated : void 0;
  if (digestMatches === false)
    problems.unshift("the message digest does not match: the file was changed after signing");
  return {
    signed,
    ok: exitCode === 0 && signed && verdict === "ok" && digestMatches !== false,
    ...digestMatches !== void 0 ? { digestMatches } : {},
    ...signer ? { signer } : {},
    ...value("Signing time") ? { signingTime: value("Signing time") } : {},
    timestamped: value("Timestamp Server Signature verification") === "ok",
    timestampUnverified: value("Timestamp Server Signature verification") === "failed",
    problems: [...new Set(problems)]
  };
}
function opensslName(text) {
  if (!text.startsWith("/")) return text;
  return text.slice(1).split(/\/(?=[A-Za-z.0-9]+=)/).join(", ");
}

// src/signing/key.ts
var SYSTEM_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
function decodeBase64(text) {
  const compact = text.replace(/\s+/g, "");
  if (compact === "" || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1)
    return void 0;
  return Buffer.from(compact, "base64");
}
async function openSigningKey(config, opts) {
  const der = decodeBase64(config.certificate);
  if (!der || der.length < 64 || der[0] !== 48)
    throw new InputError(
      "windows-signing-certificate",
      'is not a base64-encoded PFX (PKCS#12) file: store the output of `base64 -w0 signer.pfx` (or PowerShell `[Convert]::ToBase64String([IO.File]::ReadAllBytes("signer.pfx"))`) as the secret'
    );
  const dir = await mkdtemp2(join7(opts.tmp, "winship-signing-"));
  const dispose = () => rm3(dir, { recursive: true, force: true });
  try {
    const pfx = join7(dir, "signer.pfx");
    await writeFile3(pfx, der, { mode: 384, flag: "wx" });
    let passwordFile;
    if (config.password !== "") {
      passwordFile = join7(dir, "password");
      await writeFile3(passwordFile, config.password, { mode: 384, flag: "wx" });
    }
    const read = async (which) => {
      let r = await openssl(pfxCertificatesArgs(pfx, which, passwordFile, false));
      if (r.code !== 0 && classifyPfxFailure(r.stderr) === "legacy")
        r = await openssl(pfxCertificatesArgs(pfx, which, passwordFile, true));
      if (r.code !== 0) {
        if (classifyPfxFailure(r.stderr) === "password")
          throw new InputError(
            "windows-signing-password",
            config.password === "" ? "is empty but the certificate is protected by a password: pass it from a secret" : "does not open the certificate (its integrity check failed): check the secret holds the password the PFX was exported with, and the certificate secret the whole file"
          );
        throw new InputError(
          "windows-signing-certificate",
          `is not a readable PFX (PKCS#12) file: openssl says: ${tail(r.stderr, 2).replace(/\s+/g, " ")}`
        );
      }
      return splitPemCertificates(r.stdout).map(describeCertificate);
    };
    const leaves = await read("leaf");
    if (leaves.length !== 1)
      throw new InputError(
        "windows-signing-certificate",
        leaves.length === 0 ? "holds no certificate with its private key: export the code signing certificate with its private key" : `holds ${leaves.length} certificates with private keys: export only the code signing certificate (with its chain)`
      );
    const leaf = leaves[0];
    const problem = signingCertificateProblem(leaf, opts.now ?? /* @__PURE__ */ new Date());
    if (problem) throw new InputError("windows-signing-certificate", problem);
    const chain = await read("chain");
    const bundle = opts.caBundle ?? SYSTEM_CA_BUNDLE;
    const trustFile = join7(dir, "trust.pem");
    await writeFile3(
      trustFile,
      [leaf, ...chain].map((c) => c.pem).join("") + (!holdsRoot([leaf, ...chain]) && existsSync(bundle) ? readFileSync(bundle, "utf8") : ""),
      { mode: 384 }
    );
    return {
      dir,
      pfx,
      ...passwordFile ? { passwordFile } : {},
      leaf,
      chain,
      trustFile,
      config,
      dispose
    };
  } catch (err) {
    await dispose();
    throw err;
  }
}
async function openssl(args) {
  return runProcess(OPENSSL, args, {
    missing: "'openssl' is not on PATH: the signing certificate is read with it (sudo apt-get install -y openssl)"
  });
}

// src/signing/sign.ts
import { rename, rm as rm4 } from "node:fs/promises";
function osslsigncode(args) {
  return runProcess(OSSLSIGNCODE, args, {
    missing: `'osslsigncode' is not on PATH: Windows binaries are signed with it; ${INSTALL_HINT}`
  });
}
async function signBinary(key, file) {
  const started = performance.now();
  const out = `${file}.signing`;
  await rm4(out, { force: true });
  try {
    const s = await osslsigncode(
      signArgs({
        pfx: key.pfx,
        ...key.passwordFile ? { passwordFile: key.passwordFile } : {},
        ...key.config.description ? { description: key.config.description } : {},
        ...key.config.url ? { url: key.config.url } : {},
        ...key.config.timestampUrl ? { timestampUrl: key.config.timestampUrl } : {},
        input: file,
        output: out
      })
    );
    if (s.code !== 0) {
      const text = s.stdout + s.stderr;
      const hint = key.config.timestampUrl && /timestamp|TSA|curl|connect/i.test(text) ? ` (is the time-stamping server ${key.config.timestampUrl} reachable from the runner?)` : "";
      throw new UserError(`signing ${file} failed${hint}: ${tail(text, 6).replace(/\n+/g, " | ")}`);
    }
    const v = await osslsigncode(
      verifyArgs({ file: out, caFile: key.trustFile, leafSha256: key.leaf.sha256 })
    );
    const report2 = parseVerifyOutput(v.stdout + v.stderr, v.code);
    if (!report2.ok) {
      const chain = /unable to get (local )?issuer certificate/i.test(v.stdout + v.stderr) ? ": the PFX does not carry the chain up to a root this runner trusts; export it with all certificates in the certification path" : "";
      throw new UserError(
        `the signature of ${file} does not verify${chain} (osslsigncode verify: ${report2.problems.join("; ") || tail(v.stdout + v.stderr, 4).replace(/\n+/g, " | ")})`
      );
    }
    await rename(out, file);
    const warning = key.config.timestampUrl && !report2.timestamped ? `the timestamp from ${key.config.timestampUrl} ${report2.timestampUnverified ? "does not verify against this runner's CAs" : "is missing"} (osslsigncode verify): Windows may not trust it either, and then the signature expires with the certificate; use your CA's RFC 3161 server` : void 0;
    return {
      ...warning ? { warning } : {},
      record: {
        subject: key.leaf.subject,
        issuer: key.leaf.issuer,
        sha1: key.leaf.sha1,
        sha256: key.leaf.sha256,
        timestamped: report2.timestamped
      },
      seconds: (performance.now() - started) / 1e3
    };
  } finally {
    await rm4(out, { force: true });
  }
}

// src/build/signing.ts
async function openSigningForBuild(config, plan, opts) {
  const { io } = opts;
  const windows = plan.targets.filter((t) => t.goos === "windows");
  if (windows.length === 0) {
    io.warning(`${SIGNING_INPUTS.certificate} is set but no target is Windows: nothing is signed`);
    return void 0;
  }
  const key = await openSigningKey(config, { tmp: opts.tmp });
  io.saveState(SIGNING_STATE.keyDir, key.dir);
  const onSignal = (signal) => {
    rmSync(key.dir, { recursive: true, force: true });
    unhook();
    process.kill(process.pid, signal);
  };
  const unhook = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  io.info(
    `Signing ${windows.length} Windows binar${windows.length === 1 ? "y" : "ies"} as ${key.leaf.subject} (certificate SHA-256 ${key.leaf.sha256}, SHA-1 ${key.leaf.sha1}, valid until ${key.leaf.notAfter.toISOString().slice(0, 10)})`
  );
  if (!config.timestampUrl)
    io.warning(
      `${SIGNING_INPUTS.timestampUrl} is empty: the signatures carry no timestamp, so Windows stops trusting them when the certificate expires on ${key.leaf.notAfter.toISOString().slice(0, 10)}; set it to your CA's RFC 3161 server (docs/signing.md)`,
      { title: "build: signatures without timestamp" }
    );
  return {
    sign: async (file) => {
      const r = await signBinary(key, file);
      if (r.warning) io.warning(r.warning, { title: "build: timestamp not verified" });
      return r;
    },
    dispose: async () => {
      unhook();
      await key.dispose();
    }
  };
}
function signingSummary(manifest) {
  const signed = manifest.targets.filter((t) => t.signature);
  if (signed.length === 0) return void 0;
  const rows = signed.map((t) => {
    const g = t.signature;
    return `- \`${t.file}\`: signed by ${g.subject}, certificate SHA-256 \`${g.sha256}\` (SHA-1 \`${g.sha1}\`), ${g.timestamped ? "timestamped" : "no verified timestamp"}`;
  });
  return `Authenticode (verified after signing):

${rows.join("\n")}
`;
}

// src/build/release-files.ts
import { writeFile as writeFile4 } from "node:fs/promises";
import { join as join8 } from "node:path";
var SUBJECT_CHECKSUMS_FILE = "subject-checksums.txt";
async function writeReleaseFiles(manifest, outputDirectory, dir) {
  const files = releaseFiles(manifest).map((f) => ({
    ...f,
    path: join8(outputDirectory, f.file)
  }));
  const sums = join8(dir, CHECKSUMS_FILE);
  await writeFile4(sums, checksumsOf(manifest, "release"));
  const manifestPath = join8(outputDirectory, MANIFEST_FILE);
  for (const [file, path2] of [
    [CHECKSUMS_FILE, sums],
    [MANIFEST_FILE, manifestPath]
  ])
    files.push({ file, path: path2, ...await hashFile(path2) });
  const subjectChecksums = join8(dir, SUBJECT_CHECKSUMS_FILE);
  await writeFile4(subjectChecksums, formatSha256Sums(files));
  return { files, subjectChecksums };
}

// src/build/pipeline.ts
var BUILD_OUTPUTS = {
  version: "version",
  matrix: "matrix",
  manifest: "manifest",
  checksums: "checksums",
  artifacts: "artifacts",
  subjectChecksums: "subject-checksums",
  artifactId: "artifact-id",
  artifactUrl: "artifact-url",
  artifactDigest: "artifact-digest"
};
async function runBuildAction(config, deps) {
  if (config.mode === "merge") return runMerge(config, deps);
  const started = performance.now();
  const { io } = deps;
  const { plan, targets } = await prepareBuild(config, {
    ...deps.env,
    warn: (m) => io.warning(m)
  });
  for (const w of plan.warnings) io.warning(w);
  io.output(BUILD_OUTPUTS.version, plan.version.version);
  io.output(BUILD_OUTPUTS.matrix, JSON.stringify(matrixOf(targets)));
  io.info(
    `${plan.name} ${plan.version.version} (commit ${plan.version.commit.slice(0, 12)}, ${plan.version.date}): ${targets.length} target${targets.length === 1 ? "" : "s"}, ${plan.parallel} at a time`
  );
  if (config.mode === "plan") {
    for (const t of plan.targets) io.info(`  ${t.target}: ${describeCommand(t)}`);
    await io.summary(
      `### Build plan: ${plan.name} ${plan.version.version}

${targets.length} targets: ` + plan.targets.map((t) => `\`${t.target}\``).join(", ") + "\n"
    );
    return void 0;
  }
  const uploadOptions = {
    outputDirectory: plan.outputDirectory,
    artifactName: config.artifactName,
    retentionDays: config.retentionDays,
    compressionLevel: config.compressionLevel,
    overwrite: config.overwrite
  };
  if (config.upload) planUploadsOrThrow(placeholderManifest(plan), uploadOptions);
  const signing = config.signing ? await openSigningForBuild(config.signing, plan, { io, tmp: deps.env.tmp ?? tmpdir() }) : void 0;
  const tmp = await mkdtemp3(join9(deps.env.tmp ?? tmpdir(), "winship-build-"));
  let outcomes;
  try {
    outcomes = await compileAll(plan, {
      cwd: config.workingDirectory,
      workspace: config.workspace,
      archiveFiles: config.archiveFiles,
      tmp,
      io,
      ...signing ? { sign: signing.sign } : {}
    });
  } finally {
    await rm5(tmp, { recursive: true, force: true });
    await signing?.dispose();
  }
  const head = {
    name: plan.name,
    version: plan.version.version,
    commit: plan.version.commit,
    date: plan.version.date
  };
  const rows = outcomes.map(
    (o) => o.ok ? {
      target: o.plan.target,
      ok: true,
      seconds: o.seconds,
      file: o.entry.archive?.file ?? o.entry.file,
      size: o.entry.archive?.size ?? o.entry.size,
      sha256: o.entry.archive?.sha256 ?? o.entry.sha256
    } : { target: o.plan.target, ok: false, seconds: o.seconds }
  );
  const wall = (performance.now() - started) / 1e3;
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length > 0) {
    for (const g of groupDiagnostics(
      failed.map((f) => ({ target: f.plan.target, diagnostics: f.diagnostics }))
    )) {
      const props = {
        title: `go build ${g.targets.join(", ")}`
      };
      if (g.diagnostic.file) props.file = g.diagnostic.file;
      if (g.diagnostic.line) props.line = g.diagnostic.line;
      if (g.diagnostic.column) props.column = g.diagnostic.column;
      io.error(g.diagnostic.message, props);
    }
    await io.summary(buildSummary(head, rows, wall));
    throw new UserError(
      `${failed.length} of ${outcomes.length} targets failed to build: ${failed.map((f) => f.plan.target).join(", ")} (see the annotations); nothing was uploaded`
    );
  }
  const manifest = makeManifest(
    head,
    outcomes.map((o) => o.entry)
  );
  const manifestPath = join9(plan.outputDirectory, MANIFEST_FILE);
  const checksumsPath = join9(plan.outputDirectory, CHECKSUMS_FILE);
  await writeFile5(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
  await writeFile5(checksumsPath, checksumsOf(manifest, "all"));
  io.output(BUILD_OUTPUTS.manifest, manifestPath);
  io.output(BUILD_OUTPUTS.checksums, checksumsPath);
  const release = await releaseFilesOf(manifest, plan.outputDirectory, deps);
  const keys = [...manifest.targets.map((t) => t.target), MANIFEST_KEY];
  const uploaded = config.upload ? await uploadAll(deps, planUploadsOrThrow(manifest, uploadOptions), keys) : [];
  outputUploads(io, uploaded);
  await io.summary(buildSummary(head, rows, (performance.now() - started) / 1e3));
  const signed = signingSummary(manifest);
  if (signed) await io.summary(signed);
  return { manifest, outputDirectory: plan.outputDirectory, release };
}
async function releaseFilesOf(manifest, outputDirectory, deps) {
  const dir = await mkdtemp3(join9(deps.env.tmp ?? tmpdir(), "winship-release-files-"));
  const files = await writeReleaseFiles(manifest, outputDirectory, dir);
  deps.io.output(BUILD_OUTPUTS.subjectChecksums, files.subjectChecksums);
  return files;
}
function planUploadsOrThrow(manifest, opts) {
  try {
    return planUploads(manifest, opts);
  } catch (err) {
    if (err instanceof UploadPlanError) throw new InputError("artifact-name", err.message);
    throw err;
  }
}
function placeholderManifest(plan) {
  const v = plan.version;
  return makeManifest(
    { name: plan.name, version: v.version, commit: v.commit, date: v.date },
    plan.targets.map((t) => ({
      target: t.target,
      goos: t.goos,
      goarch: t.goarch,
      file: t.file,
      size: 0,
      sha256: "0".repeat(64),
      seconds: 0,
      ...t.archive ? { archive: { file: t.archive.file, size: 0, sha256: "0".repeat(64) } } : {}
    }))
  );
}
async function uploadAll(deps, requests, keys) {
  const done = [];
  for (const [i, req] of requests.entries()) {
    let r;
    try {
      r = await deps.store.upload(req);
    } catch (err) {
      if (err instanceof UserError) throw err;
      const hint = req.retentionDays !== void 0 ? `; if retention-days ${req.retentionDays} is over the repository's maximum (Settings > Actions > General), lower it or leave it empty for the default` : "; re-run the job, or set upload: false to build without uploading";
      throw new UserError(`uploading artifact '${req.name}' failed: ${errorMessage(err)}${hint}`);
    }
    deps.io.info(`uploaded artifact ${r.name}${r.size !== void 0 ? ` (${r.size} bytes)` : ""}`);
    done.push({ ...r, key: keys[i] });
  }
  return done;
}
function outputUploads(io, uploaded) {
  const by = (f) => JSON.stringify(Object.fromEntries(uploaded.map((u) => [u.key, f(u) ?? null])));
  io.output(BUILD_OUTPUTS.artifacts, JSON.stringify(uploaded.map((u) => u.name)));
  io.output(
    BUILD_OUTPUTS.artifactId,
    by((u) => u.id)
  );
  io.output(
    BUILD_OUTPUTS.artifactUrl,
    by((u) => u.url)
  );
  io.output(
    BUILD_OUTPUTS.artifactDigest,
    by((u) => u.digest)
  );
}
async function runMerge(config, deps) {
  const started = performance.now();
  await checkDirectory("working-directory", config.workingDirectory);
  await checkDirectory("merge-from", config.mergeFrom);
  const r = await mergeBuilds(config.mergeFrom, config.outputDirectory, config.workspace);
  const m = r.manifest;
  deps.io.info(
    `merged ${r.sources} manifests: ${m.targets.length} targets of ${m.name} ${m.version}`
  );
  deps.io.output(BUILD_OUTPUTS.version, m.version);
  deps.io.output(BUILD_OUTPUTS.matrix, JSON.stringify(matrixOf(m.targets)));
  deps.io.output(BUILD_OUTPUTS.manifest, r.manifestPath);
  deps.io.output(BUILD_OUTPUTS.checksums, r.checksumsPath);
  const release = await releaseFilesOf(m, config.outputDirectory, deps);
  const uploaded = config.upload ? await uploadAll(
    deps,
    [
      mergedUpload(m, {
        outputDirectory: config.outputDirectory,
        retentionDays: config.retentionDays,
        compressionLevel: config.compressionLevel,
        overwrite: config.overwrite
      })
    ],
    [MANIFEST_KEY]
  ) : [];
  outputUploads(deps.io, uploaded);
  const rows = m.targets.map((t) => ({
    target: t.target,
    ok: true,
    seconds: t.seconds,
    file: t.archive?.file ?? t.file,
    size: t.archive?.size ?? t.size,
    sha256: t.archive?.sha256 ?? t.sha256
  }));
  await deps.io.summary(
    buildSummary(m, rows, (performance.now() - started) / 1e3, "Merged build")
  );
  return { manifest: m, outputDirectory: config.outputDirectory, release };
}

// src/release/config.ts
var RELEASE_OUTPUTS = {
  url: "release-url",
  id: "release-id",
  assets: "release-assets"
};
function readReleaseConfig(inputs, env, mode) {
  const enabled = inputs.boolean("release", false);
  const draft = inputs.boolean("release-draft", false);
  const token = inputs.secret("github-token");
  const notesFile = inputs.string("release-notes-file") || "CHANGELOG.md";
  if (!enabled) {
    if (draft) throw new InputError("release-draft", "has no effect without release: true");
    return void 0;
  }
  if (mode === "plan")
    throw new InputError("release", "is for mode: build or merge (mode: plan builds nothing)");
  if (token === "")
    throw new InputError(
      "github-token",
      "is empty: a release needs a token with contents: write (the default is the workflow token, ${{ github.token }})"
    );
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(env.GITHUB_REPOSITORY ?? "");
  if (!m)
    throw new InputError("release", "needs GITHUB_REPOSITORY (owner/name), which the runner sets");
  return {
    draft,
    token,
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    serverUrl: env.GITHUB_SERVER_URL || "https://github.com",
    owner: m[1],
    repo: m[2],
    ...env.GITHUB_REF ? { ref: env.GITHUB_REF } : {},
    notesFile
  };
}

// src/release/step.ts
import { existsSync as existsSync2 } from "node:fs";
import { readFile as readFile4 } from "node:fs/promises";
import { isAbsolute as isAbsolute3, join as join10 } from "node:path";

// src/release/git.ts
async function git2(args, cwd) {
  return runProcess("git", args, { cwd, missing: "'git' is not on PATH" });
}
var FIELD = "";
var RECORD = "";
async function readReleaseHistory(cwd, tag) {
  const shallow = (await git2(["rev-parse", "--is-shallow-repository"], cwd)).stdout.trim() === "true";
  const prev = await git2(
    ["describe", "--tags", "--abbrev=0", "--match", "v[0-9]*", `refs/tags/${tag}^`],
    cwd
  );
  const previousTag = prev.code === 0 ? prev.stdout.trim() : void 0;
  const range = previousTag ? `refs/tags/${previousTag}..refs/tags/${tag}` : `refs/tags/${tag}`;
  const log = await git2(
    ["log", "--no-merges", `--format=%H${FIELD}%s${FIELD}%b${RECORD}`, range, "--"],
    cwd
  );
  const commits = log.code !== 0 ? [] : log.stdout.split(RECORD).map((r) => r.replace(/^\n/, "")).filter((r) => r.trim() !== "").map((r) => {
    const [sha, subject, body] = r.split(FIELD);
    return { sha: sha.trim(), subject: (subject ?? "").trim(), body: (body ?? "").trim() };
  });
  return { ...previousTag ? { previousTag } : {}, commits, shallow };
}

// src/release/github.ts
import { readFile as readFile3 } from "node:fs/promises";

// src/runner/time.ts
function sleep(ms) {
  return new Promise((resolve4) => setTimeout(resolve4, ms));
}

// src/release/api.ts
function httpFailure(err) {
  const e = err;
  const headers = {};
  for (const [k, v] of Object.entries(e?.response?.headers ?? {}))
    headers[k.toLowerCase()] = v === void 0 ? void 0 : String(v);
  const apiMessage = e?.response?.data?.message;
  return {
    ...typeof e?.status === "number" ? { status: e.status } : {},
    message: typeof apiMessage === "string" && apiMessage ? apiMessage : errorMessage(err),
    headers
  };
}
function classifyFailure(f, attempt, baseDelayMs) {
  const retryAfter = Number(f.headers["retry-after"]);
  const backoff = Math.min(baseDelayMs * 2 ** (attempt - 1), 3e4);
  const rateLimited = f.status === 429 || f.status === 403 && (/secondary rate limit|rate limit exceeded|abuse/i.test(f.message) || f.headers["retry-after"] !== void 0 || f.headers["x-ratelimit-remaining"] === "0");
  if (rateLimited) {
    let delayMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1e3 : backoff;
    const reset = Number(f.headers["x-ratelimit-reset"]);
    if (!(retryAfter >= 0) && f.headers["x-ratelimit-remaining"] === "0" && reset > 0)
      delayMs = Math.max(0, reset * 1e3 - Date.now());
    return { kind: "retry", delayMs: Math.min(Math.max(delayMs, baseDelayMs), 6e4) };
  }
  if (f.status === void 0 || f.status >= 500) return { kind: "retry", delayMs: backoff };
  if (f.status === 403) return { kind: "permission" };
  return { kind: "fatal" };
}
async function withRetries(what, op, opts) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (err instanceof UserError) throw err;
      const f = httpFailure(err);
      const c = classifyFailure(f, attempt, opts.baseDelayMs);
      const status = f.status !== void 0 ? `HTTP ${f.status}` : "no response";
      if (c.kind === "permission")
        throw new UserError(
          `GitHub refused to ${what} (${status}: ${f.message}): the token needs permission to write releases; give the job \`permissions: contents: write\` (and pass github-token if it is not the workflow's own)`
        );
      if (c.kind !== "retry" || attempt >= opts.attempts)
        throw new ReleaseApiError(
          `could not ${what}${attempt > 1 ? ` after ${attempt} attempts` : ""} (${status}: ${f.message})`,
          f
        );
      opts.log(
        `${what}: ${status} (${f.message}); retrying in ${Math.round(c.delayMs / 100) / 10} s`
      );
      await opts.sleep(c.delayMs);
    }
  }
}
var ReleaseApiError = class extends UserError {
  constructor(message, failure) {
    super(message);
    this.failure = failure;
    this.name = "ReleaseApiError";
  }
  failure;
};

// src/release/github.ts
async function octokitReleaseApi(target, log, retry = {}) {
  const { getOctokit } = await import("./chunks/github-OKGQ3VMO.js");
  const octokit = getOctokit(target.token, { baseUrl: target.apiUrl.replace(/\/+$/, "") });
  const { owner, repo } = target;
  const opts = { attempts: 5, baseDelayMs: 1e3, sleep, log, ...retry };
  const call = (what, op) => withRetries(what, op, opts);
  return {
    async findRelease(tag) {
      try {
        const { data } = await call(
          `read the release of tag ${tag}`,
          () => octokit.rest.repos.getReleaseByTag({ owner, repo, tag })
        );
        return data;
      } catch (err) {
        if (!(err instanceof ReleaseApiError) || err.failure.status !== 404) throw err;
      }
      for (let page = 1; page <= 3; page++) {
        const { data } = await call(
          "list the releases",
          () => octokit.rest.repos.listReleases({ owner, repo, per_page: 100, page })
        );
        const found = data.find((r) => r.tag_name === tag);
        if (found) return found;
        if (data.length < 100) break;
      }
      return void 0;
    },
    async createRelease(fields) {
      const { data } = await call(
        `create the release ${fields.tag_name}`,
        () => octokit.rest.repos.createRelease({ owner, repo, ...fields })
      );
      return data;
    },
    async updateRelease(id, fields) {
      const { data } = await call(
        `update the release ${fields.tag_name}`,
        () => octokit.rest.repos.updateRelease({ owner, repo, release_id: id, ...fields })
      );
      return data;
    },
    async listAssets(releaseId) {
      const assets = [];
      for (let page = 1; ; page++) {
        const { data } = await call(
          "list the release assets",
          () => octokit.rest.repos.listReleaseAssets({
            owner,
            repo,
            release_id: releaseId,
            per_page: 100,
            page
          })
        );
        assets.push(...data);
        if (data.length < 100) return assets;
      }
    },
    async deleteAsset(assetId) {
      await call(
        `delete release asset ${assetId}`,
        () => octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: assetId })
      );
    },
    async uploadAsset(release, asset) {
      const data = await readFile3(asset.path);
      const res = await call(
        `upload ${asset.name}`,
        () => octokit.request({
          method: "POST",
          url: release.upload_url,
          name: asset.name,
          data,
          headers: { "content-type": asset.contentType, "content-length": data.length }
        })
      );
      return res.data;
    }
  };
}

// src/release/notes.ts
function changelogSection(text, version) {
  const lines = text.split(/\r?\n/);
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const heading = new RegExp(`^(#{1,6})\\s+\\[?v?${escaped}\\]?(?=$|[\\s(:\u2013\u2014-])`);
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) return void 0;
  const level = heading.exec(lines[start])[1].length;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    const m = /^(#{1,6})\s/.exec(lines[i]);
    if (m && m[1].length <= level) {
      end = i;
      break;
    }
  }
  const body = lines.slice(start + 1, end).filter((l) => !/^\[[^\]]+\]:\s*\S+$/.test(l)).join("\n").trim();
  return body === "" ? void 0 : body;
}
var CONVENTIONAL = /^(\w+)(?:\(([^)]*)\))?(!)?:\s+(.+)$/;
var GROUPS = [
  { types: ["feat"], title: "Features" },
  { types: ["fix"], title: "Bug fixes" },
  { types: ["perf"], title: "Performance" },
  { types: ["security"], title: "Security" },
  { types: ["revert"], title: "Reverts" },
  { types: ["docs"], title: "Documentation" }
];
var short = (sha) => sha.slice(0, 7);
function commitNotes(commits) {
  if (commits.length === 0) return "No changes since the previous release.";
  const parsed = commits.map((c) => ({ c, m: CONVENTIONAL.exec(c.subject) }));
  const conventional = parsed.filter((p) => p.m).length;
  if (conventional * 2 < commits.length)
    return ["### Changes", "", ...commits.map((c) => `- ${c.subject} (${short(c.sha)})`)].join(
      "\n"
    );
  const sections = /* @__PURE__ */ new Map();
  const add = (title, line) => {
    if (!sections.has(title)) sections.set(title, []);
    sections.get(title).push(line);
  };
  for (const { c, m } of parsed) {
    if (!m) {
      add("Other changes", `- ${c.subject} (${short(c.sha)})`);
      continue;
    }
    const [, type, scope, bang, text] = m;
    const line = `- ${scope ? `**${scope}:** ` : ""}${text} (${short(c.sha)})`;
    if (bang || /^BREAKING[ -]CHANGE:/m.test(c.body)) add("Breaking changes", line);
    const group2 = GROUPS.find((g) => g.types.includes(type.toLowerCase()));
    add(group2?.title ?? "Other changes", line);
  }
  const order = ["Breaking changes", ...GROUPS.map((g) => g.title), "Other changes"];
  return order.filter((t) => sections.has(t)).map((t) => [`### ${t}`, "", ...sections.get(t)].join("\n")).join("\n\n");
}
function checksumsSection(assets) {
  const rows = [...assets].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0).map((a) => `${a.sha256}  ${a.name}`);
  return [
    "## Checksums",
    "",
    "SHA-256 (`sha256sum -c SHA256SUMS`):",
    "",
    "```",
    ...rows,
    "```"
  ].join("\n");
}
var MAX_BODY = 12e4;
function releaseNotes(n) {
  const section = n.changelog !== void 0 ? changelogSection(n.changelog, n.version) : void 0;
  const checksums = checksumsSection(n.assets);
  const compose = (commits, left) => `## Changes${n.previousTag ? ` since ${n.previousTag}` : ""}

${commitNotes(commits)}` + (left > 0 ? `

\u2026and ${left} more commit${left === 1 ? "" : "s"}.` : "") + (n.compareUrl ? `

Full list: ${n.compareUrl}` : "");
  let intro;
  if (section) {
    const room = MAX_BODY - checksums.length - 100;
    intro = section.length <= room ? section : `${section.slice(0, room)}

\u2026(cut here: the section is longer than a release body may be; see ${n.changelogName ?? "the changelog"})`;
  } else {
    let keep = n.commits.length;
    intro = compose(n.commits, 0);
    while (intro.length + checksums.length + 2 > MAX_BODY && keep > 0) {
      keep = Math.floor(keep * 0.8);
      intro = compose(n.commits.slice(0, keep), n.commits.length - keep);
    }
  }
  return {
    body: `${intro}

${checksums}
`,
    source: section ? "changelog" : "commits"
  };
}

// src/release/publish.ts
async function publishRelease(req, api, log) {
  const names = /* @__PURE__ */ new Set();
  for (const a of req.assets) {
    if (names.has(a.name)) throw new Error(`asset ${a.name} is listed twice`);
    names.add(a.name);
  }
  const existing = await api.findRelease(req.fields.tag_name);
  const release = existing ? await api.updateRelease(existing.id, req.fields) : await api.createRelease(req.fields);
  log(
    `${existing ? "Updated" : "Created"} ${release.draft ? "draft " : ""}${release.prerelease ? "pre-release" : "release"} ${release.tag_name} (id ${release.id}): ${release.html_url}`
  );
  const before = await api.listAssets(release.id);
  const replaced = [];
  const uploaded = [];
  for (const asset of req.assets) {
    for (const old of before.filter((b) => b.name === asset.name)) {
      await api.deleteAsset(old.id);
      replaced.push(asset.name);
    }
    const started = performance.now();
    let a;
    try {
      a = await api.uploadAsset(release, asset);
    } catch (err) {
      if (!(err instanceof ReleaseApiError) || err.failure.status !== 422) throw err;
      const stale = (await api.listAssets(release.id)).filter((b) => b.name === asset.name);
      if (stale.length === 0) throw err;
      for (const s of stale) await api.deleteAsset(s.id);
      a = await api.uploadAsset(release, asset);
    }
    log(
      `  ${asset.name}: ${asset.size} bytes in ${((performance.now() - started) / 1e3).toFixed(2)} s${replaced.includes(asset.name) ? " (replaced the previous one)" : ""}`
    );
    uploaded.push({ name: a.name, url: a.browser_download_url, size: a.size });
  }
  return { id: release.id, url: release.html_url, created: !existing, assets: uploaded, replaced };
}

// src/release/tag.ts
var SEMVER_TAG = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;
function releaseTagOf(ref) {
  if (!ref?.startsWith("refs/tags/"))
    return { none: `${ref || "this run"} is not a tag: releases are made for tags such as v1.4.0` };
  const tag = ref.slice("refs/tags/".length);
  const m = SEMVER_TAG.exec(tag);
  if (!m) return { none: `tag ${tag} is not a version (vMAJOR.MINOR.PATCH, e.g. v1.4.0)` };
  return {
    tag,
    version: tag.replace(/^v/, "").replace(/\+.*$/, ""),
    prerelease: m[4] !== void 0
  };
}

// src/release/step.ts
function contentTypeOf(name) {
  if (name.endsWith(".zip")) return "application/zip";
  if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) return "application/gzip";
  if (name.endsWith(".json")) return "application/json";
  if (name.endsWith(".exe")) return "application/vnd.microsoft.portable-executable";
  if (name === "SHA256SUMS" || name.endsWith(".txt")) return "text/plain";
  return "application/octet-stream";
}
async function runReleaseStep(config, built, deps) {
  const { io } = deps;
  const tag = releaseTagOf(config.ref);
  if ("none" in tag) {
    io.info(`release: true, but ${tag.none}: no release is made`);
    return;
  }
  if (tag.version !== built.manifest.version)
    io.warning(
      `tag ${tag.tag} names version ${tag.version} but the build is ${built.manifest.version}`
    );
  const assets = built.release.files.map((f) => ({
    name: f.file,
    path: f.path,
    size: f.size,
    sha256: f.sha256,
    contentType: contentTypeOf(f.file)
  }));
  const history = await readReleaseHistory(deps.cwd, tag.tag);
  const notesPath = isAbsolute3(config.notesFile) ? config.notesFile : join10(deps.cwd, config.notesFile);
  const changelog = existsSync2(notesPath) ? await readFile4(notesPath, "utf8") : void 0;
  const notes = releaseNotes({
    version: tag.version,
    ...changelog !== void 0 ? { changelog, changelogName: config.notesFile } : {},
    commits: history.commits,
    ...history.previousTag ? { previousTag: history.previousTag } : {},
    assets: assets.map((a) => ({ name: a.name, sha256: a.sha256 })),
    compareUrl: history.previousTag ? `${config.serverUrl.replace(/\/+$/, "")}/${config.owner}/${config.repo}/compare/${history.previousTag}...${tag.tag}` : void 0
  });
  if (notes.source === "commits" && history.shallow)
    io.warning(
      "the checkout is shallow, so the release notes cannot list the commits since the previous tag: check out with fetch-depth: 0"
    );
  io.info(
    `Release notes from ${notes.source === "changelog" ? `${config.notesFile}, section ${tag.version}` : `${history.commits.length} commit(s)${history.previousTag ? ` since ${history.previousTag}` : ""}`}`
  );
  const api = deps.api ?? await octokitReleaseApi(
    { token: config.token, apiUrl: config.apiUrl, owner: config.owner, repo: config.repo },
    (m) => io.info(m)
  );
  const r = await publishRelease(
    {
      fields: {
        tag_name: tag.tag,
        name: `${built.manifest.name} ${tag.version}`,
        body: notes.body,
        draft: config.draft,
        prerelease: tag.prerelease
      },
      assets
    },
    api,
    (m) => io.info(m)
  );
  io.output(RELEASE_OUTPUTS.url, r.url);
  io.output(RELEASE_OUTPUTS.id, String(r.id));
  io.output(RELEASE_OUTPUTS.assets, JSON.stringify(r.assets.map((a) => a.url)));
  await io.summary(
    `### Release ${tag.tag}${config.draft ? " (draft)" : ""}${tag.prerelease ? " (pre-release)" : ""}

[${r.url}](${r.url}): ${r.created ? "created" : "updated"}, ${r.assets.length} assets${r.replaced.length ? ` (${r.replaced.length} replaced)` : ""}.

` + r.assets.map((a) => `- [${a.name}](${a.url})`).join("\n") + "\n"
  );
}

// src/actions/build/main.ts
function buildStep(io) {
  const inputs = new Inputs(runnerInputs, (s) => io.mask(s));
  const config = readBuildConfig(inputs, process.env.GITHUB_WORKSPACE || process.cwd());
  const release = readReleaseConfig(inputs, process.env, config.mode);
  return async () => {
    const built = await runBuildAction(config, {
      io,
      store: githubArtifactStore(),
      env: { ref: process.env.GITHUB_REF, tmp: process.env.RUNNER_TEMP }
    });
    if (release && built)
      await runReleaseStep(release, built, { io, cwd: config.workingDirectory });
  };
}
async function run() {
  await runAction("build", (io) => buildStep(io)());
}

// src/actions/build/index.ts
await run();
