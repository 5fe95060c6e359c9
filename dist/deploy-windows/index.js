import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  DEPLOY_OUTPUTS,
  DEPLOY_STATE,
  coreIO,
  quotedLines,
  runAction
} from "./chunks/chunk-54W7AFOL.js";
import {
  getInput
} from "./chunks/chunk-V3ZIWQK6.js";
import {
  batchCommandFile,
  commandFile,
  commandLinePath,
  hasControlCharacter,
  hashFile,
  localFileOps,
  quoteArg,
  refuseControlCharacters,
  refusedAsNotUtf8,
  runProcess,
  sha256OfStream,
  sleep,
  splitBatch,
  tail,
  takeRcMarker,
  validateFileName,
  validateServiceName,
  validateVersion,
  validateWindowsPath,
  winJoin
} from "./chunks/chunk-IAZKMN7S.js";
import {
  InputError,
  UserError,
  errorMessage
} from "./chunks/chunk-CQUVSVTJ.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunks/chunk-ZZLW4XE3.js";

// node_modules/yaml/dist/nodes/identity.js
var require_identity = __commonJS({
  "node_modules/yaml/dist/nodes/identity.js"(exports) {
    "use strict";
    var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
    var DOC = /* @__PURE__ */ Symbol.for("yaml.document");
    var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
    var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
    var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
    var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
    var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
    var isAlias = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === ALIAS;
    var isDocument = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === DOC;
    var isMap2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === MAP;
    var isPair = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === PAIR;
    var isScalar2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SCALAR;
    var isSeq2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SEQ;
    function isCollection(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case MAP:
          case SEQ:
            return true;
        }
      return false;
    }
    function isNode(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case ALIAS:
          case MAP:
          case SCALAR:
          case SEQ:
            return true;
        }
      return false;
    }
    var hasAnchor = (node) => (isScalar2(node) || isCollection(node)) && !!node.anchor;
    exports.ALIAS = ALIAS;
    exports.DOC = DOC;
    exports.MAP = MAP;
    exports.NODE_TYPE = NODE_TYPE;
    exports.PAIR = PAIR;
    exports.SCALAR = SCALAR;
    exports.SEQ = SEQ;
    exports.hasAnchor = hasAnchor;
    exports.isAlias = isAlias;
    exports.isCollection = isCollection;
    exports.isDocument = isDocument;
    exports.isMap = isMap2;
    exports.isNode = isNode;
    exports.isPair = isPair;
    exports.isScalar = isScalar2;
    exports.isSeq = isSeq2;
  }
});

// node_modules/yaml/dist/visit.js
var require_visit = __commonJS({
  "node_modules/yaml/dist/visit.js"(exports) {
    "use strict";
    var identity = require_identity();
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove node");
    function visit(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        visit_(null, node, visitor_, Object.freeze([]));
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    function visit_(key, node, visitor, path) {
      const ctrl = callVisitor(key, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visit_(key, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = visit_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = visit_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = visit_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    async function visitAsync(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
    }
    visitAsync.BREAK = BREAK;
    visitAsync.SKIP = SKIP;
    visitAsync.REMOVE = REMOVE;
    async function visitAsync_(key, node, visitor, path) {
      const ctrl = await callVisitor(key, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visitAsync_(key, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = await visitAsync_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = await visitAsync_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = await visitAsync_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    function initVisitor(visitor) {
      if (typeof visitor === "object" && (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
          Alias: visitor.Node,
          Map: visitor.Node,
          Scalar: visitor.Node,
          Seq: visitor.Node
        }, visitor.Value && {
          Map: visitor.Value,
          Scalar: visitor.Value,
          Seq: visitor.Value
        }, visitor.Collection && {
          Map: visitor.Collection,
          Seq: visitor.Collection
        }, visitor);
      }
      return visitor;
    }
    function callVisitor(key, node, visitor, path) {
      if (typeof visitor === "function")
        return visitor(key, node, path);
      if (identity.isMap(node))
        return visitor.Map?.(key, node, path);
      if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path);
      if (identity.isPair(node))
        return visitor.Pair?.(key, node, path);
      if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path);
      if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path);
      return void 0;
    }
    function replaceNode(key, path, node) {
      const parent = path[path.length - 1];
      if (identity.isCollection(parent)) {
        parent.items[key] = node;
      } else if (identity.isPair(parent)) {
        if (key === "key")
          parent.key = node;
        else
          parent.value = node;
      } else if (identity.isDocument(parent)) {
        parent.contents = node;
      } else {
        const pt = identity.isAlias(parent) ? "alias" : "scalar";
        throw new Error(`Cannot replace node with ${pt} parent`);
      }
    }
    exports.visit = visit;
    exports.visitAsync = visitAsync;
  }
});

// node_modules/yaml/dist/doc/directives.js
var require_directives = __commonJS({
  "node_modules/yaml/dist/doc/directives.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    var escapeChars = {
      "!": "%21",
      ",": "%2C",
      "[": "%5B",
      "]": "%5D",
      "{": "%7B",
      "}": "%7D"
    };
    var escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, (ch) => escapeChars[ch]);
    var Directives = class _Directives {
      constructor(yaml, tags) {
        this.docStart = null;
        this.docEnd = false;
        this.yaml = Object.assign({}, _Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, _Directives.defaultTags, tags);
      }
      clone() {
        const copy = new _Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
      }
      /**
       * During parsing, get a Directives instance for the current document and
       * update the stream state according to the current version's spec.
       */
      atDocument() {
        const res = new _Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
          case "1.1":
            this.atNextDocument = true;
            break;
          case "1.2":
            this.atNextDocument = false;
            this.yaml = {
              explicit: _Directives.defaultYaml.explicit,
              version: "1.2"
            };
            this.tags = Object.assign({}, _Directives.defaultTags);
            break;
        }
        return res;
      }
      /**
       * @param onError - May be called even if the action was successful
       * @returns `true` on success
       */
      add(line, onError) {
        if (this.atNextDocument) {
          this.yaml = { explicit: _Directives.defaultYaml.explicit, version: "1.1" };
          this.tags = Object.assign({}, _Directives.defaultTags);
          this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
          case "%TAG": {
            if (parts.length !== 2) {
              onError(0, "%TAG directive should contain exactly two parts");
              if (parts.length < 2)
                return false;
            }
            const [handle, prefix] = parts;
            this.tags[handle] = prefix;
            return true;
          }
          case "%YAML": {
            this.yaml.explicit = true;
            if (parts.length !== 1) {
              onError(0, "%YAML directive should contain exactly one part");
              return false;
            }
            const [version] = parts;
            if (version === "1.1" || version === "1.2") {
              this.yaml.version = version;
              return true;
            } else {
              const isValid = /^\d+\.\d+$/.test(version);
              onError(6, `Unsupported YAML version ${version}`, isValid);
              return false;
            }
          }
          default:
            onError(0, `Unknown directive ${name}`, true);
            return false;
        }
      }
      /**
       * Resolves a tag, matching handles to those defined in %TAG directives.
       *
       * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
       *   `'!local'` tag, or `null` if unresolvable.
       */
      tagName(source, onError) {
        if (source === "!")
          return "!";
        if (source[0] !== "!") {
          onError(`Not a valid tag: ${source}`);
          return null;
        }
        if (source[1] === "<") {
          const verbatim = source.slice(2, -1);
          if (verbatim === "!" || verbatim === "!!") {
            onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
            return null;
          }
          if (source[source.length - 1] !== ">")
            onError("Verbatim tags must end with a >");
          return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
          onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
          try {
            return prefix + decodeURIComponent(suffix);
          } catch (error) {
            onError(String(error));
            return null;
          }
        }
        if (handle === "!")
          return source;
        onError(`Could not resolve tag: ${source}`);
        return null;
      }
      /**
       * Given a fully resolved tag, returns its printable string form,
       * taking into account current tag prefixes and defaults.
       */
      tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
          if (tag.startsWith(prefix))
            return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === "!" ? tag : `!<${tag}>`;
      }
      toString(doc) {
        const lines = this.yaml.explicit ? [`%YAML ${this.yaml.version || "1.2"}`] : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
          const tags = {};
          visit.visit(doc.contents, (_key, node) => {
            if (identity.isNode(node) && node.tag)
              tags[node.tag] = true;
          });
          tagNames = Object.keys(tags);
        } else
          tagNames = [];
        for (const [handle, prefix] of tagEntries) {
          if (handle === "!!" && prefix === "tag:yaml.org,2002:")
            continue;
          if (!doc || tagNames.some((tn) => tn.startsWith(prefix)))
            lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join("\n");
      }
    };
    Directives.defaultYaml = { explicit: false, version: "1.2" };
    Directives.defaultTags = { "!!": "tag:yaml.org,2002:" };
    exports.Directives = Directives;
  }
});

// node_modules/yaml/dist/doc/anchors.js
var require_anchors = __commonJS({
  "node_modules/yaml/dist/doc/anchors.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    function anchorIsValid(anchor) {
      if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
      }
      return true;
    }
    function anchorNames(root) {
      const anchors = /* @__PURE__ */ new Set();
      visit.visit(root, {
        Value(_key, node) {
          if (node.anchor)
            anchors.add(node.anchor);
        }
      });
      return anchors;
    }
    function findNewAnchor(prefix, exclude) {
      for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
          return name;
      }
    }
    function createNodeAnchors(doc, prefix) {
      const aliasObjects = [];
      const sourceObjects = /* @__PURE__ */ new Map();
      let prevAnchors = null;
      return {
        onAnchor: (source) => {
          aliasObjects.push(source);
          prevAnchors ?? (prevAnchors = anchorNames(doc));
          const anchor = findNewAnchor(prefix, prevAnchors);
          prevAnchors.add(anchor);
          return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
          for (const source of aliasObjects) {
            const ref = sourceObjects.get(source);
            if (typeof ref === "object" && ref.anchor && (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
              ref.node.anchor = ref.anchor;
            } else {
              const error = new Error("Failed to resolve repeated object (this should not happen)");
              error.source = source;
              throw error;
            }
          }
        },
        sourceObjects
      };
    }
    exports.anchorIsValid = anchorIsValid;
    exports.anchorNames = anchorNames;
    exports.createNodeAnchors = createNodeAnchors;
    exports.findNewAnchor = findNewAnchor;
  }
});

// node_modules/yaml/dist/doc/applyReviver.js
var require_applyReviver = __commonJS({
  "node_modules/yaml/dist/doc/applyReviver.js"(exports) {
    "use strict";
    function applyReviver(reviver, obj, key, val) {
      if (val && typeof val === "object") {
        if (Array.isArray(val)) {
          for (let i = 0, len = val.length; i < len; ++i) {
            const v0 = val[i];
            const v1 = applyReviver(reviver, val, String(i), v0);
            if (v1 === void 0)
              delete val[i];
            else if (v1 !== v0)
              val[i] = v1;
          }
        } else if (val instanceof Map) {
          for (const k of Array.from(val.keys())) {
            const v0 = val.get(k);
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              val.delete(k);
            else if (v1 !== v0)
              val.set(k, v1);
          }
        } else if (val instanceof Set) {
          for (const v0 of Array.from(val)) {
            const v1 = applyReviver(reviver, val, v0, v0);
            if (v1 === void 0)
              val.delete(v0);
            else if (v1 !== v0) {
              val.delete(v0);
              val.add(v1);
            }
          }
        } else {
          for (const [k, v0] of Object.entries(val)) {
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              delete val[k];
            else if (v1 !== v0)
              val[k] = v1;
          }
        }
      }
      return reviver.call(obj, key, val);
    }
    exports.applyReviver = applyReviver;
  }
});

// node_modules/yaml/dist/nodes/toJS.js
var require_toJS = __commonJS({
  "node_modules/yaml/dist/nodes/toJS.js"(exports) {
    "use strict";
    var identity = require_identity();
    function toJS(value, arg, ctx) {
      if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
      if (value && typeof value.toJSON === "function") {
        if (!ctx || !identity.hasAnchor(value))
          return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: void 0 };
        ctx.anchors.set(value, data);
        ctx.onCreate = (res2) => {
          data.res = res2;
          delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
          ctx.onCreate(res);
        return res;
      }
      if (typeof value === "bigint" && !ctx?.keep)
        return Number(value);
      return value;
    }
    exports.toJS = toJS;
  }
});

// node_modules/yaml/dist/nodes/Node.js
var require_Node = __commonJS({
  "node_modules/yaml/dist/nodes/Node.js"(exports) {
    "use strict";
    var applyReviver = require_applyReviver();
    var identity = require_identity();
    var toJS = require_toJS();
    var NodeBase = class {
      constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
      }
      /** Create a copy of this node.  */
      clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** A plain JavaScript representation of this node. */
      toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
          throw new TypeError("A document argument is required");
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc,
          keep: true,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
    };
    exports.NodeBase = NodeBase;
  }
});

// node_modules/yaml/dist/nodes/Alias.js
var require_Alias = __commonJS({
  "node_modules/yaml/dist/nodes/Alias.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var visit = require_visit();
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var Alias = class extends Node.NodeBase {
      constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, "tag", {
          set() {
            throw new Error("Alias nodes cannot have tags");
          }
        });
      }
      /**
       * Resolve the value of this alias within `doc`, finding the last
       * instance of the `source` anchor before this node.
       */
      resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
          throw new ReferenceError("Alias resolution is disabled");
        let nodes;
        if (ctx?.aliasResolveCache) {
          nodes = ctx.aliasResolveCache;
        } else {
          nodes = [];
          visit.visit(doc, {
            Node: (_key, node) => {
              if (identity.isAlias(node) || identity.hasAnchor(node))
                nodes.push(node);
            }
          });
          if (ctx)
            ctx.aliasResolveCache = nodes;
        }
        let found = void 0;
        for (const node of nodes) {
          if (node === this)
            break;
          if (node.anchor === this.source)
            found = node;
        }
        if (found && ctx) {
          const { anchors: anchors2, doc: doc2, maxAliasCount } = ctx;
          let data = anchors2.get(found);
          if (!data) {
            toJS.toJS(found, null, ctx);
            data = anchors2.get(found);
          }
          if (data?.res === void 0) {
            const msg = "This should not happen: Alias anchor was not resolved?";
            throw new ReferenceError(msg);
          }
          if (maxAliasCount >= 0) {
            data.count += 1;
            if (data.aliasCount === 0)
              data.aliasCount = getAliasCount(doc2, found, anchors2);
            if (data.count * data.aliasCount > maxAliasCount) {
              const msg = "Excessive alias count indicates a resource exhaustion attack";
              throw new ReferenceError(msg);
            }
          }
        }
        return found;
      }
      toJSON(_arg, ctx) {
        if (!ctx)
          return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
          const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
          throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
      }
      toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
          anchors.anchorIsValid(this.source);
          if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new Error(msg);
          }
          if (ctx.implicitKey)
            return `${src} `;
        }
        return src;
      }
    };
    function getAliasCount(doc, node, anchors2) {
      if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors2 && source && anchors2.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
      } else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
          const c = getAliasCount(doc, item, anchors2);
          if (c > count)
            count = c;
        }
        return count;
      } else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors2);
        const vc = getAliasCount(doc, node.value, anchors2);
        return Math.max(kc, vc);
      }
      return 1;
    }
    exports.Alias = Alias;
  }
});

// node_modules/yaml/dist/nodes/Scalar.js
var require_Scalar = __commonJS({
  "node_modules/yaml/dist/nodes/Scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var isScalarValue = (value) => !value || typeof value !== "function" && typeof value !== "object";
    var Scalar = class extends Node.NodeBase {
      constructor(value) {
        super(identity.SCALAR);
        this.value = value;
      }
      toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
      }
      toString() {
        return String(this.value);
      }
    };
    Scalar.BLOCK_FOLDED = "BLOCK_FOLDED";
    Scalar.BLOCK_LITERAL = "BLOCK_LITERAL";
    Scalar.PLAIN = "PLAIN";
    Scalar.QUOTE_DOUBLE = "QUOTE_DOUBLE";
    Scalar.QUOTE_SINGLE = "QUOTE_SINGLE";
    exports.Scalar = Scalar;
    exports.isScalarValue = isScalarValue;
  }
});

// node_modules/yaml/dist/doc/createNode.js
var require_createNode = __commonJS({
  "node_modules/yaml/dist/doc/createNode.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var defaultTagPrefix = "tag:yaml.org,2002:";
    function findTagObject(value, tagName, tags) {
      if (tagName) {
        const match = tags.filter((t) => t.tag === tagName);
        const tagObj = match.find((t) => !t.format) ?? match[0];
        if (!tagObj)
          throw new Error(`Tag ${tagName} not found`);
        return tagObj;
      }
      return tags.find((t) => t.identify?.(value) && !t.format);
    }
    function createNode(value, tagName, ctx) {
      if (identity.isDocument(value))
        value = value.contents;
      if (identity.isNode(value))
        return value;
      if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
      }
      if (value instanceof String || value instanceof Number || value instanceof Boolean || typeof BigInt !== "undefined" && value instanceof BigInt) {
        value = value.valueOf();
      }
      const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
      let ref = void 0;
      if (aliasDuplicateObjects && value && typeof value === "object") {
        ref = sourceObjects.get(value);
        if (ref) {
          ref.anchor ?? (ref.anchor = onAnchor(value));
          return new Alias.Alias(ref.anchor);
        } else {
          ref = { anchor: null, node: null };
          sourceObjects.set(value, ref);
        }
      }
      if (tagName?.startsWith("!!"))
        tagName = defaultTagPrefix + tagName.slice(2);
      let tagObj = findTagObject(value, tagName, schema.tags);
      if (!tagObj) {
        if (value && typeof value.toJSON === "function") {
          value = value.toJSON();
        }
        if (!value || typeof value !== "object") {
          const node2 = new Scalar.Scalar(value);
          if (ref)
            ref.node = node2;
          return node2;
        }
        tagObj = value instanceof Map ? schema[identity.MAP] : Symbol.iterator in Object(value) ? schema[identity.SEQ] : schema[identity.MAP];
      }
      if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
      }
      const node = tagObj?.createNode ? tagObj.createNode(ctx.schema, value, ctx) : typeof tagObj?.nodeClass?.from === "function" ? tagObj.nodeClass.from(ctx.schema, value, ctx) : new Scalar.Scalar(value);
      if (tagName)
        node.tag = tagName;
      else if (!tagObj.default)
        node.tag = tagObj.tag;
      if (ref)
        ref.node = node;
      return node;
    }
    exports.createNode = createNode;
  }
});

// node_modules/yaml/dist/nodes/Collection.js
var require_Collection = __commonJS({
  "node_modules/yaml/dist/nodes/Collection.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var identity = require_identity();
    var Node = require_Node();
    function collectionFromPath(schema, path, value) {
      let v = value;
      for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === "number" && Number.isInteger(k) && k >= 0) {
          const a = [];
          a[k] = v;
          v = a;
        } else {
          v = /* @__PURE__ */ new Map([[k, v]]);
        }
      }
      return createNode.createNode(v, void 0, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
          throw new Error("This should not happen, please report a bug.");
        },
        schema,
        sourceObjects: /* @__PURE__ */ new Map()
      });
    }
    var isEmptyPath = (path) => path == null || typeof path === "object" && !!path[Symbol.iterator]().next().done;
    var Collection = class extends Node.NodeBase {
      constructor(type, schema) {
        super(type);
        Object.defineProperty(this, "schema", {
          value: schema,
          configurable: true,
          enumerable: false,
          writable: true
        });
      }
      /**
       * Create a copy of this collection.
       *
       * @param schema - If defined, overwrites the original's schema
       */
      clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
          copy.schema = schema;
        copy.items = copy.items.map((it) => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /**
       * Adds a value to the collection. For `!!map` and `!!omap` the value must
       * be a Pair instance or a `{ key, value }` object, which may not have a key
       * that already exists in the map.
       */
      addIn(path, value) {
        if (isEmptyPath(path))
          this.add(value);
        else {
          const [key, ...rest] = path;
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.addIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
      /**
       * Removes a value from the collection.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
          return node.deleteIn(rest);
        else
          throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
          return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
          return identity.isCollection(node) ? node.getIn(rest, keepScalar) : void 0;
      }
      hasAllNullValues(allowScalar) {
        return this.items.every((node) => {
          if (!identity.isPair(node))
            return false;
          const n = node.value;
          return n == null || allowScalar && identity.isScalar(n) && n.value == null && !n.commentBefore && !n.comment && !n.tag;
        });
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       */
      hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
          this.set(key, value);
        } else {
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.setIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
    };
    exports.Collection = Collection;
    exports.collectionFromPath = collectionFromPath;
    exports.isEmptyPath = isEmptyPath;
  }
});

// node_modules/yaml/dist/stringify/stringifyComment.js
var require_stringifyComment = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyComment.js"(exports) {
    "use strict";
    var stringifyComment = (str2) => str2.replace(/^(?!$)(?: $)?/gm, "#");
    function indentComment(comment, indent) {
      if (/^\n+$/.test(comment))
        return comment.substring(1);
      return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
    }
    var lineComment = (str2, indent, comment) => str2.endsWith("\n") ? indentComment(comment, indent) : comment.includes("\n") ? "\n" + indentComment(comment, indent) : (str2.endsWith(" ") ? "" : " ") + comment;
    exports.indentComment = indentComment;
    exports.lineComment = lineComment;
    exports.stringifyComment = stringifyComment;
  }
});

// node_modules/yaml/dist/stringify/foldFlowLines.js
var require_foldFlowLines = __commonJS({
  "node_modules/yaml/dist/stringify/foldFlowLines.js"(exports) {
    "use strict";
    var FOLD_FLOW = "flow";
    var FOLD_BLOCK = "block";
    var FOLD_QUOTED = "quoted";
    function foldFlowLines(text, indent, mode = "flow", { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
      if (!lineWidth || lineWidth < 0)
        return text;
      if (lineWidth < minContentWidth)
        minContentWidth = 0;
      const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
      if (text.length <= endStep)
        return text;
      const folds = [];
      const escapedFolds = {};
      let end = lineWidth - indent.length;
      if (typeof indentAtStart === "number") {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
          folds.push(0);
        else
          end = lineWidth - indentAtStart;
      }
      let split = void 0;
      let prev = void 0;
      let overflow = false;
      let i = -1;
      let escStart = -1;
      let escEnd = -1;
      if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
          end = i + endStep;
      }
      for (let ch; ch = text[i += 1]; ) {
        if (mode === FOLD_QUOTED && ch === "\\") {
          escStart = i;
          switch (text[i + 1]) {
            case "x":
              i += 3;
              break;
            case "u":
              i += 5;
              break;
            case "U":
              i += 9;
              break;
            default:
              i += 1;
          }
          escEnd = i;
        }
        if (ch === "\n") {
          if (mode === FOLD_BLOCK)
            i = consumeMoreIndentedLines(text, i, indent.length);
          end = i + indent.length + endStep;
          split = void 0;
        } else {
          if (ch === " " && prev && prev !== " " && prev !== "\n" && prev !== "	") {
            const next = text[i + 1];
            if (next && next !== " " && next !== "\n" && next !== "	")
              split = i;
          }
          if (i >= end) {
            if (split) {
              folds.push(split);
              end = split + endStep;
              split = void 0;
            } else if (mode === FOLD_QUOTED) {
              while (prev === " " || prev === "	") {
                prev = ch;
                ch = text[i += 1];
                overflow = true;
              }
              const j = i > escEnd + 1 ? i - 2 : escStart - 1;
              if (escapedFolds[j])
                return text;
              folds.push(j);
              escapedFolds[j] = true;
              end = j + endStep;
              split = void 0;
            } else {
              overflow = true;
            }
          }
        }
        prev = ch;
      }
      if (overflow && onOverflow)
        onOverflow();
      if (folds.length === 0)
        return text;
      if (onFold)
        onFold();
      let res = text.slice(0, folds[0]);
      for (let i2 = 0; i2 < folds.length; ++i2) {
        const fold = folds[i2];
        const end2 = folds[i2 + 1] || text.length;
        if (fold === 0)
          res = `
${indent}${text.slice(0, end2)}`;
        else {
          if (mode === FOLD_QUOTED && escapedFolds[fold])
            res += `${text[fold]}\\`;
          res += `
${indent}${text.slice(fold + 1, end2)}`;
        }
      }
      return res;
    }
    function consumeMoreIndentedLines(text, i, indent) {
      let end = i;
      let start2 = i + 1;
      let ch = text[start2];
      while (ch === " " || ch === "	") {
        if (i < start2 + indent) {
          ch = text[++i];
        } else {
          do {
            ch = text[++i];
          } while (ch && ch !== "\n");
          end = i;
          start2 = i + 1;
          ch = text[start2];
        }
      }
      return end;
    }
    exports.FOLD_BLOCK = FOLD_BLOCK;
    exports.FOLD_FLOW = FOLD_FLOW;
    exports.FOLD_QUOTED = FOLD_QUOTED;
    exports.foldFlowLines = foldFlowLines;
  }
});

// node_modules/yaml/dist/stringify/stringifyString.js
var require_stringifyString = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyString.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var foldFlowLines = require_foldFlowLines();
    var getFoldOptions = (ctx, isBlock) => ({
      indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
      lineWidth: ctx.options.lineWidth,
      minContentWidth: ctx.options.minContentWidth
    });
    var containsDocumentMarker = (str2) => /^(%|---|\.\.\.)/m.test(str2);
    function lineLengthOverLimit(str2, lineWidth, indentLength) {
      if (!lineWidth || lineWidth < 0)
        return false;
      const limit = lineWidth - indentLength;
      const strLen = str2.length;
      if (strLen <= limit)
        return false;
      for (let i = 0, start2 = 0; i < strLen; ++i) {
        if (str2[i] === "\n") {
          if (i - start2 > limit)
            return true;
          start2 = i + 1;
          if (strLen - start2 <= limit)
            return false;
        }
      }
      return true;
    }
    function doubleQuotedString(value, ctx) {
      const json = JSON.stringify(value);
      if (ctx.options.doubleQuotedAsJSON)
        return json;
      const { implicitKey } = ctx;
      const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      let str2 = "";
      let start2 = 0;
      for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
          str2 += json.slice(start2, i) + "\\ ";
          i += 1;
          start2 = i;
          ch = "\\";
        }
        if (ch === "\\")
          switch (json[i + 1]) {
            case "u":
              {
                str2 += json.slice(start2, i);
                const code = json.substr(i + 2, 4);
                switch (code) {
                  case "0000":
                    str2 += "\\0";
                    break;
                  case "0007":
                    str2 += "\\a";
                    break;
                  case "000b":
                    str2 += "\\v";
                    break;
                  case "001b":
                    str2 += "\\e";
                    break;
                  case "0085":
                    str2 += "\\N";
                    break;
                  case "00a0":
                    str2 += "\\_";
                    break;
                  case "2028":
                    str2 += "\\L";
                    break;
                  case "2029":
                    str2 += "\\P";
                    break;
                  default:
                    if (code.substr(0, 2) === "00")
                      str2 += "\\x" + code.substr(2);
                    else
                      str2 += json.substr(i, 6);
                }
                i += 5;
                start2 = i + 1;
              }
              break;
            case "n":
              if (implicitKey || json[i + 2] === '"' || json.length < minMultiLineLength) {
                i += 1;
              } else {
                str2 += json.slice(start2, i) + "\n\n";
                while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
                  str2 += "\n";
                  i += 2;
                }
                str2 += indent;
                if (json[i + 2] === " ")
                  str2 += "\\";
                i += 1;
                start2 = i + 1;
              }
              break;
            default:
              i += 1;
          }
      }
      str2 = start2 ? str2 + json.slice(start2) : json;
      return implicitKey ? str2 : foldFlowLines.foldFlowLines(str2, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
    }
    function singleQuotedString(value, ctx) {
      if (ctx.options.singleQuote === false || ctx.implicitKey && value.includes("\n") || /[ \t]\n|\n[ \t]/.test(value))
        return doubleQuotedString(value, ctx);
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&
${indent}`) + "'";
      return ctx.implicitKey ? res : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function quotedString(value, ctx) {
      const { singleQuote } = ctx.options;
      let qs;
      if (singleQuote === false)
        qs = doubleQuotedString;
      else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
          qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
          qs = doubleQuotedString;
        else
          qs = singleQuote ? singleQuotedString : doubleQuotedString;
      }
      return qs(value, ctx);
    }
    var blockEndNewlines;
    try {
      blockEndNewlines = new RegExp("(^|(?<!\n))\n+(?!\n|$)", "g");
    } catch {
      blockEndNewlines = /\n+(?!\n|$)/g;
    }
    function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
      const { blockQuote, commentString, lineWidth } = ctx.options;
      if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
      }
      const indent = ctx.indent || (ctx.forceBlockIndent || containsDocumentMarker(value) ? "  " : "");
      const literal = blockQuote === "literal" ? true : blockQuote === "folded" || type === Scalar.Scalar.BLOCK_FOLDED ? false : type === Scalar.Scalar.BLOCK_LITERAL ? true : !lineLengthOverLimit(value, lineWidth, indent.length);
      if (!value)
        return literal ? "|\n" : ">\n";
      let chomp;
      let endStart;
      for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== "\n" && ch !== "	" && ch !== " ")
          break;
      }
      let end = value.substring(endStart);
      const endNlPos = end.indexOf("\n");
      if (endNlPos === -1) {
        chomp = "-";
      } else if (value === end || endNlPos !== end.length - 1) {
        chomp = "+";
        if (onChompKeep)
          onChompKeep();
      } else {
        chomp = "";
      }
      if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === "\n")
          end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
      }
      let startWithSpace = false;
      let startEnd;
      let startNlPos = -1;
      for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === " ")
          startWithSpace = true;
        else if (ch === "\n")
          startNlPos = startEnd;
        else
          break;
      }
      let start2 = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
      if (start2) {
        value = value.substring(start2.length);
        start2 = start2.replace(/\n+/g, `$&${indent}`);
      }
      const indentSize = indent ? "2" : "1";
      let header = (startWithSpace ? indentSize : "") + chomp;
      if (comment) {
        header += " " + commentString(comment.replace(/ ?[\r\n]+/g, " "));
        if (onComment)
          onComment();
      }
      if (!literal) {
        const foldedValue = value.replace(/\n+/g, "\n$&").replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, "$1$2").replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== "folded" && type !== Scalar.Scalar.BLOCK_FOLDED) {
          foldOptions.onOverflow = () => {
            literalFallback = true;
          };
        }
        const body = foldFlowLines.foldFlowLines(`${start2}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
          return `>${header}
${indent}${body}`;
      }
      value = value.replace(/\n+/g, `$&${indent}`);
      return `|${header}
${indent}${start2}${value}${end}`;
    }
    function plainString(item, ctx, onComment, onChompKeep) {
      const { type, value } = item;
      const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
      if (implicitKey && value.includes("\n") || inFlow && /[[\]{},]/.test(value)) {
        return quotedString(value, ctx);
      }
      if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        return implicitKey || inFlow || !value.includes("\n") ? quotedString(value, ctx) : blockString(item, ctx, onComment, onChompKeep);
      }
      if (!implicitKey && !inFlow && type !== Scalar.Scalar.PLAIN && value.includes("\n")) {
        return blockString(item, ctx, onComment, onChompKeep);
      }
      if (containsDocumentMarker(value)) {
        if (indent === "") {
          ctx.forceBlockIndent = true;
          return blockString(item, ctx, onComment, onChompKeep);
        } else if (implicitKey && indent === indentStep) {
          return quotedString(value, ctx);
        }
      }
      const str2 = value.replace(/\n+/g, `$&
${indent}`);
      if (actualString) {
        const test = (tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test?.test(str2);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
          return quotedString(value, ctx);
      }
      return implicitKey ? str2 : foldFlowLines.foldFlowLines(str2, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function stringifyString(item, ctx, onComment, onChompKeep) {
      const { implicitKey, inFlow } = ctx;
      const ss = typeof item.value === "string" ? item : Object.assign({}, item, { value: String(item.value) });
      let { type } = item;
      if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
          type = Scalar.Scalar.QUOTE_DOUBLE;
      }
      const _stringify = (_type) => {
        switch (_type) {
          case Scalar.Scalar.BLOCK_FOLDED:
          case Scalar.Scalar.BLOCK_LITERAL:
            return implicitKey || inFlow ? quotedString(ss.value, ctx) : blockString(ss, ctx, onComment, onChompKeep);
          case Scalar.Scalar.QUOTE_DOUBLE:
            return doubleQuotedString(ss.value, ctx);
          case Scalar.Scalar.QUOTE_SINGLE:
            return singleQuotedString(ss.value, ctx);
          case Scalar.Scalar.PLAIN:
            return plainString(ss, ctx, onComment, onChompKeep);
          default:
            return null;
        }
      };
      let res = _stringify(type);
      if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = implicitKey && defaultKeyType || defaultStringType;
        res = _stringify(t);
        if (res === null)
          throw new Error(`Unsupported default string type ${t}`);
      }
      return res;
    }
    exports.stringifyString = stringifyString;
  }
});

// node_modules/yaml/dist/stringify/stringify.js
var require_stringify = __commonJS({
  "node_modules/yaml/dist/stringify/stringify.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var identity = require_identity();
    var stringifyComment = require_stringifyComment();
    var stringifyString = require_stringifyString();
    function createStringifyContext(doc, options) {
      const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: "PLAIN",
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: "false",
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: "null",
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: "true",
        verifyAliasOrder: true
      }, doc.schema.toStringOptions, options);
      let inFlow;
      switch (opt.collectionStyle) {
        case "block":
          inFlow = false;
          break;
        case "flow":
          inFlow = true;
          break;
        default:
          inFlow = null;
      }
      return {
        anchors: /* @__PURE__ */ new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? " " : "",
        indent: "",
        indentStep: typeof opt.indent === "number" ? " ".repeat(opt.indent) : "  ",
        inFlow,
        options: opt
      };
    }
    function getTagObject(tags, item) {
      if (item.tag) {
        const match = tags.filter((t) => t.tag === item.tag);
        if (match.length > 0)
          return match.find((t) => t.format === item.format) ?? match[0];
      }
      let tagObj = void 0;
      let obj;
      if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter((t) => t.identify?.(obj));
        if (match.length > 1) {
          const testMatch = match.filter((t) => t.test);
          if (testMatch.length > 0)
            match = testMatch;
        }
        tagObj = match.find((t) => t.format === item.format) ?? match.find((t) => !t.format);
      } else {
        obj = item;
        tagObj = tags.find((t) => t.nodeClass && obj instanceof t.nodeClass);
      }
      if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? "null" : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
      }
      return tagObj;
    }
    function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
      if (!doc.directives)
        return "";
      const props = [];
      const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
      if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
      }
      const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
      if (tag)
        props.push(doc.directives.tagString(tag));
      return props.join(" ");
    }
    function stringify(item, ctx, onComment, onChompKeep) {
      if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
      if (identity.isAlias(item)) {
        if (ctx.doc.directives)
          return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
          throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        } else {
          if (ctx.resolvedAliases)
            ctx.resolvedAliases.add(item);
          else
            ctx.resolvedAliases = /* @__PURE__ */ new Set([item]);
          item = item.resolve(ctx.doc);
        }
      }
      let tagObj = void 0;
      const node = identity.isNode(item) ? item : ctx.doc.createNode(item, { onTagObj: (o) => tagObj = o });
      tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
      const props = stringifyProps(node, tagObj, ctx);
      if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
      const str2 = typeof tagObj.stringify === "function" ? tagObj.stringify(node, ctx, onComment, onChompKeep) : identity.isScalar(node) ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep) : node.toString(ctx, onComment, onChompKeep);
      if (!props)
        return str2;
      return identity.isScalar(node) || str2[0] === "{" || str2[0] === "[" ? `${props} ${str2}` : `${props}
${ctx.indent}${str2}`;
    }
    exports.createStringifyContext = createStringifyContext;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/stringify/stringifyPair.js
var require_stringifyPair = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyPair.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
      const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
      let keyComment = identity.isNode(key) && key.comment || null;
      if (simpleKeys) {
        if (keyComment) {
          throw new Error("With simple keys, key nodes cannot have comments");
        }
        if (identity.isCollection(key) || !identity.isNode(key) && typeof key === "object") {
          const msg = "With simple keys, collection cannot be used as a key value";
          throw new Error(msg);
        }
      }
      let explicitKey = !simpleKeys && (!key || keyComment && value == null && !ctx.inFlow || identity.isCollection(key) || (identity.isScalar(key) ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL : typeof key === "object"));
      ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
      });
      let keyCommentDone = false;
      let chompKeep = false;
      let str2 = stringify.stringify(key, ctx, () => keyCommentDone = true, () => chompKeep = true);
      if (!explicitKey && !ctx.inFlow && str2.length > 1024) {
        if (simpleKeys)
          throw new Error("With simple keys, single line scalar must not span more than 1024 characters");
        explicitKey = true;
      }
      if (ctx.inFlow) {
        if (allNullValues || value == null) {
          if (keyCommentDone && onComment)
            onComment();
          return str2 === "" ? "?" : explicitKey ? `? ${str2}` : str2;
        }
      } else if (allNullValues && !simpleKeys || value == null && explicitKey) {
        str2 = `? ${str2}`;
        if (keyComment && !keyCommentDone) {
          str2 += stringifyComment.lineComment(str2, ctx.indent, commentString(keyComment));
        } else if (chompKeep && onChompKeep)
          onChompKeep();
        return str2;
      }
      if (keyCommentDone)
        keyComment = null;
      if (explicitKey) {
        if (keyComment)
          str2 += stringifyComment.lineComment(str2, ctx.indent, commentString(keyComment));
        str2 = `? ${str2}
${indent}:`;
      } else {
        str2 = `${str2}:`;
        if (keyComment)
          str2 += stringifyComment.lineComment(str2, ctx.indent, commentString(keyComment));
      }
      let vsb, vcb, valueComment;
      if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
      } else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === "object")
          value = doc.createNode(value);
      }
      ctx.implicitKey = false;
      if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str2.length + 1;
      chompKeep = false;
      if (!indentSeq && indentStep.length >= 2 && !ctx.inFlow && !explicitKey && identity.isSeq(value) && !value.flow && !value.tag && !value.anchor) {
        ctx.indent = ctx.indent.substring(2);
      }
      let valueCommentDone = false;
      const valueStr = stringify.stringify(value, ctx, () => valueCommentDone = true, () => chompKeep = true);
      let ws = " ";
      if (keyComment || vsb || vcb) {
        ws = vsb ? "\n" : "";
        if (vcb) {
          const cs = commentString(vcb);
          ws += `
${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === "" && !ctx.inFlow) {
          if (ws === "\n" && valueComment)
            ws = "\n\n";
        } else {
          ws += `
${ctx.indent}`;
        }
      } else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf("\n");
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
          let hasPropsLine = false;
          if (hasNewline && (vs0 === "&" || vs0 === "!")) {
            let sp0 = valueStr.indexOf(" ");
            if (vs0 === "&" && sp0 !== -1 && sp0 < nl0 && valueStr[sp0 + 1] === "!") {
              sp0 = valueStr.indexOf(" ", sp0 + 1);
            }
            if (sp0 === -1 || nl0 < sp0)
              hasPropsLine = true;
          }
          if (!hasPropsLine)
            ws = `
${ctx.indent}`;
        }
      } else if (valueStr === "" || valueStr[0] === "\n") {
        ws = "";
      }
      str2 += ws + valueStr;
      if (ctx.inFlow) {
        if (valueCommentDone && onComment)
          onComment();
      } else if (valueComment && !valueCommentDone) {
        str2 += stringifyComment.lineComment(str2, ctx.indent, commentString(valueComment));
      } else if (chompKeep && onChompKeep) {
        onChompKeep();
      }
      return str2;
    }
    exports.stringifyPair = stringifyPair;
  }
});

// node_modules/yaml/dist/log.js
var require_log = __commonJS({
  "node_modules/yaml/dist/log.js"(exports) {
    "use strict";
    var node_process = __require("process");
    function debug(logLevel, ...messages) {
      if (logLevel === "debug")
        console.log(...messages);
    }
    function warn(logLevel, warning) {
      if (logLevel === "debug" || logLevel === "warn") {
        if (typeof node_process.emitWarning === "function")
          node_process.emitWarning(warning);
        else
          console.warn(warning);
      }
    }
    exports.debug = debug;
    exports.warn = warn;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/merge.js
var require_merge = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/merge.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var MERGE_KEY = "<<";
    var merge = {
      identify: (value) => value === MERGE_KEY || typeof value === "symbol" && value.description === MERGE_KEY,
      default: "key",
      tag: "tag:yaml.org,2002:merge",
      test: /^<<$/,
      resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
      }),
      stringify: () => MERGE_KEY
    };
    var isMergeKey = (ctx, key) => (merge.identify(key) || identity.isScalar(key) && (!key.type || key.type === Scalar.Scalar.PLAIN) && merge.identify(key.value)) && ctx?.doc.schema.tags.some((tag) => tag.tag === merge.tag && tag.default);
    function addMergeToJSMap(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (identity.isSeq(source))
        for (const it of source.items)
          mergeValue(ctx, map, it);
      else if (Array.isArray(source))
        for (const it of source)
          mergeValue(ctx, map, it);
      else
        mergeValue(ctx, map, source);
    }
    function mergeValue(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (!identity.isMap(source))
        throw new Error("Merge sources must be maps or map aliases");
      const srcMap = source.toJSON(null, ctx, Map);
      for (const [key, value2] of srcMap) {
        if (map instanceof Map) {
          if (!map.has(key))
            map.set(key, value2);
        } else if (map instanceof Set) {
          map.add(key);
        } else if (!Object.prototype.hasOwnProperty.call(map, key)) {
          Object.defineProperty(map, key, {
            value: value2,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
      }
      return map;
    }
    function resolveAliasValue(ctx, value) {
      return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
    }
    exports.addMergeToJSMap = addMergeToJSMap;
    exports.isMergeKey = isMergeKey;
    exports.merge = merge;
  }
});

// node_modules/yaml/dist/nodes/addPairToJSMap.js
var require_addPairToJSMap = __commonJS({
  "node_modules/yaml/dist/nodes/addPairToJSMap.js"(exports) {
    "use strict";
    var log = require_log();
    var merge = require_merge();
    var stringify = require_stringify();
    var identity = require_identity();
    var toJS = require_toJS();
    function addPairToJSMap(ctx, map, { key, value }) {
      if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
      else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
      else {
        const jsKey = toJS.toJS(key, "", ctx);
        if (map instanceof Map) {
          map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        } else if (map instanceof Set) {
          map.add(jsKey);
        } else {
          const stringKey = stringifyKey(key, jsKey, ctx);
          const jsValue = toJS.toJS(value, stringKey, ctx);
          if (stringKey in map)
            Object.defineProperty(map, stringKey, {
              value: jsValue,
              writable: true,
              enumerable: true,
              configurable: true
            });
          else
            map[stringKey] = jsValue;
        }
      }
      return map;
    }
    function stringifyKey(key, jsKey, ctx) {
      if (jsKey === null)
        return "";
      if (typeof jsKey !== "object")
        return String(jsKey);
      if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = /* @__PURE__ */ new Set();
        for (const node of ctx.anchors.keys())
          strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
          let jsonStr = JSON.stringify(strKey);
          if (jsonStr.length > 40)
            jsonStr = jsonStr.substring(0, 36) + '..."';
          log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
          ctx.mapKeyWarned = true;
        }
        return strKey;
      }
      return JSON.stringify(jsKey);
    }
    exports.addPairToJSMap = addPairToJSMap;
  }
});

// node_modules/yaml/dist/nodes/Pair.js
var require_Pair = __commonJS({
  "node_modules/yaml/dist/nodes/Pair.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyPair = require_stringifyPair();
    var addPairToJSMap = require_addPairToJSMap();
    var identity = require_identity();
    function createPair(key, value, ctx) {
      const k = createNode.createNode(key, void 0, ctx);
      const v = createNode.createNode(value, void 0, ctx);
      return new Pair(k, v);
    }
    var Pair = class _Pair {
      constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
      }
      clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
          key = key.clone(schema);
        if (identity.isNode(value))
          value = value.clone(schema);
        return new _Pair(key, value);
      }
      toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
      }
      toString(ctx, onComment, onChompKeep) {
        return ctx?.doc ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep) : JSON.stringify(this);
      }
    };
    exports.Pair = Pair;
    exports.createPair = createPair;
  }
});

// node_modules/yaml/dist/stringify/stringifyCollection.js
var require_stringifyCollection = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyCollection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyCollection(collection, ctx, options) {
      const flow = ctx.inFlow ?? collection.flow;
      const stringify2 = flow ? stringifyFlowCollection : stringifyBlockCollection;
      return stringify2(collection, ctx, options);
    }
    function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
      const { indent, options: { commentString } } = ctx;
      const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
      let chompKeep = false;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment2 = null;
        if (identity.isNode(item)) {
          if (!chompKeep && item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
          if (item.comment)
            comment2 = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (!chompKeep && ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
          }
        }
        chompKeep = false;
        let str3 = stringify.stringify(item, itemCtx, () => comment2 = null, () => chompKeep = true);
        if (comment2)
          str3 += stringifyComment.lineComment(str3, itemIndent, commentString(comment2));
        if (chompKeep && comment2)
          chompKeep = false;
        lines.push(blockItemPrefix + str3);
      }
      let str2;
      if (lines.length === 0) {
        str2 = flowChars.start + flowChars.end;
      } else {
        str2 = lines[0];
        for (let i = 1; i < lines.length; ++i) {
          const line = lines[i];
          str2 += line ? `
${indent}${line}` : "\n";
        }
      }
      if (comment) {
        str2 += "\n" + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
          onComment();
      } else if (chompKeep && onChompKeep)
        onChompKeep();
      return str2;
    }
    function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
      const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
      itemIndent += indentStep;
      const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
      });
      let reqNewline = false;
      let linesAtValue = 0;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
          if (item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, false);
          if (item.comment)
            comment = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, false);
            if (ik.comment)
              reqNewline = true;
          }
          const iv = identity.isNode(item.value) ? item.value : null;
          if (iv) {
            if (iv.comment)
              comment = iv.comment;
            if (iv.commentBefore)
              reqNewline = true;
          } else if (item.value == null && ik?.comment) {
            comment = ik.comment;
          }
        }
        if (comment)
          reqNewline = true;
        let str2 = stringify.stringify(item, itemCtx, () => comment = null);
        reqNewline || (reqNewline = lines.length > linesAtValue || str2.includes("\n"));
        if (i < items.length - 1) {
          str2 += ",";
        } else if (ctx.options.trailingComma) {
          if (ctx.options.lineWidth > 0) {
            reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) + (str2.length + 2) > ctx.options.lineWidth);
          }
          if (reqNewline) {
            str2 += ",";
          }
        }
        if (comment)
          str2 += stringifyComment.lineComment(str2, itemIndent, commentString(comment));
        lines.push(str2);
        linesAtValue = lines.length;
      }
      const { start: start2, end } = flowChars;
      if (lines.length === 0) {
        return start2 + end;
      } else {
        if (!reqNewline) {
          const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
          reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
          let str2 = start2;
          for (const line of lines)
            str2 += line ? `
${indentStep}${indent}${line}` : "\n";
          return `${str2}
${indent}${end}`;
        } else {
          return `${start2}${fcPadding}${lines.join(" ")}${fcPadding}${end}`;
        }
      }
    }
    function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
      if (comment && chompKeep)
        comment = comment.replace(/^\n+/, "");
      if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart());
      }
    }
    exports.stringifyCollection = stringifyCollection;
  }
});

// node_modules/yaml/dist/nodes/YAMLMap.js
var require_YAMLMap = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLMap.js"(exports) {
    "use strict";
    var stringifyCollection = require_stringifyCollection();
    var addPairToJSMap = require_addPairToJSMap();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    function findPair(items, key) {
      const k = identity.isScalar(key) ? key.value : key;
      for (const it of items) {
        if (identity.isPair(it)) {
          if (it.key === key || it.key === k)
            return it;
          if (identity.isScalar(it.key) && it.key.value === k)
            return it;
        }
      }
      return void 0;
    }
    var YAMLMap = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:map";
      }
      constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
      }
      /**
       * A generic collection parsing method that can be extended
       * to other node classes that inherit from YAMLMap
       */
      static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
          if (typeof replacer === "function")
            value = replacer.call(obj, key, value);
          else if (Array.isArray(replacer) && !replacer.includes(key))
            return;
          if (value !== void 0 || keepUndefined)
            map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
          for (const [key, value] of obj)
            add(key, value);
        } else if (obj && typeof obj === "object") {
          for (const key of Object.keys(obj))
            add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === "function") {
          map.items.sort(schema.sortMapEntries);
        }
        return map;
      }
      /**
       * Adds a value to the collection.
       *
       * @param overwrite - If not set `true`, using a key that is already in the
       *   collection will throw. Otherwise, overwrites the previous value.
       */
      add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
          _pair = pair;
        else if (!pair || typeof pair !== "object" || !("key" in pair)) {
          _pair = new Pair.Pair(pair, pair?.value);
        } else
          _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
          if (!overwrite)
            throw new Error(`Key ${_pair.key} already set`);
          if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
            prev.value.value = _pair.value;
          else
            prev.value = _pair.value;
        } else if (sortEntries) {
          const i = this.items.findIndex((item) => sortEntries(_pair, item) < 0);
          if (i === -1)
            this.items.push(_pair);
          else
            this.items.splice(i, 0, _pair);
        } else {
          this.items.push(_pair);
        }
      }
      delete(key) {
        const it = findPair(this.items, key);
        if (!it)
          return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? void 0;
      }
      has(key) {
        return !!findPair(this.items, key);
      }
      set(key, value) {
        this.add(new Pair.Pair(key, value), true);
      }
      /**
       * @param ctx - Conversion context, originally set in Document#toJS()
       * @param {Class} Type - If set, forces the returned collection type
       * @returns Instance of Type, Map, or Object
       */
      toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const item of this.items)
          addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        for (const item of this.items) {
          if (!identity.isPair(item))
            throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
          ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "",
          flowChars: { start: "{", end: "}" },
          itemIndent: ctx.indent || "",
          onChompKeep,
          onComment
        });
      }
    };
    exports.YAMLMap = YAMLMap;
    exports.findPair = findPair;
  }
});

// node_modules/yaml/dist/schema/common/map.js
var require_map = __commonJS({
  "node_modules/yaml/dist/schema/common/map.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLMap = require_YAMLMap();
    var map = {
      collection: "map",
      default: true,
      nodeClass: YAMLMap.YAMLMap,
      tag: "tag:yaml.org,2002:map",
      resolve(map2, onError) {
        if (!identity.isMap(map2))
          onError("Expected a mapping for this tag");
        return map2;
      },
      createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
    };
    exports.map = map;
  }
});

// node_modules/yaml/dist/nodes/YAMLSeq.js
var require_YAMLSeq = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLSeq.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyCollection = require_stringifyCollection();
    var Collection = require_Collection();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var toJS = require_toJS();
    var YAMLSeq = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:seq";
      }
      constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
      }
      add(value) {
        this.items.push(value);
      }
      /**
       * Removes a value from the collection.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       *
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return void 0;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       */
      has(key) {
        const idx = asItemIndex(key);
        return typeof idx === "number" && idx < this.items.length;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       *
       * If `key` does not contain a representation of an integer, this will throw.
       * It may be wrapped in a `Scalar`.
       */
      set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
          prev.value = value;
        else
          this.items[idx] = value;
      }
      toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
          ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
          seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "- ",
          flowChars: { start: "[", end: "]" },
          itemIndent: (ctx.indent || "") + "  ",
          onChompKeep,
          onComment
        });
      }
      static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
          let i = 0;
          for (let it of obj) {
            if (typeof replacer === "function") {
              const key = obj instanceof Set ? it : String(i++);
              it = replacer.call(obj, key, it);
            }
            seq.items.push(createNode.createNode(it, void 0, ctx));
          }
        }
        return seq;
      }
    };
    function asItemIndex(key) {
      let idx = identity.isScalar(key) ? key.value : key;
      if (idx && typeof idx === "string")
        idx = Number(idx);
      return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : null;
    }
    exports.YAMLSeq = YAMLSeq;
  }
});

// node_modules/yaml/dist/schema/common/seq.js
var require_seq = __commonJS({
  "node_modules/yaml/dist/schema/common/seq.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLSeq = require_YAMLSeq();
    var seq = {
      collection: "seq",
      default: true,
      nodeClass: YAMLSeq.YAMLSeq,
      tag: "tag:yaml.org,2002:seq",
      resolve(seq2, onError) {
        if (!identity.isSeq(seq2))
          onError("Expected a sequence for this tag");
        return seq2;
      },
      createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
    };
    exports.seq = seq;
  }
});

// node_modules/yaml/dist/schema/common/string.js
var require_string = __commonJS({
  "node_modules/yaml/dist/schema/common/string.js"(exports) {
    "use strict";
    var stringifyString = require_stringifyString();
    var string = {
      identify: (value) => typeof value === "string",
      default: true,
      tag: "tag:yaml.org,2002:str",
      resolve: (str2) => str2,
      stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
      }
    };
    exports.string = string;
  }
});

// node_modules/yaml/dist/schema/common/null.js
var require_null = __commonJS({
  "node_modules/yaml/dist/schema/common/null.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var nullTag = {
      identify: (value) => value == null,
      createNode: () => new Scalar.Scalar(null),
      default: true,
      tag: "tag:yaml.org,2002:null",
      test: /^(?:~|[Nn]ull|NULL)?$/,
      resolve: () => new Scalar.Scalar(null),
      stringify: ({ source }, ctx) => typeof source === "string" && nullTag.test.test(source) ? source : ctx.options.nullStr
    };
    exports.nullTag = nullTag;
  }
});

// node_modules/yaml/dist/schema/core/bool.js
var require_bool = __commonJS({
  "node_modules/yaml/dist/schema/core/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var boolTag = {
      identify: (value) => typeof value === "boolean",
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      resolve: (str2) => new Scalar.Scalar(str2[0] === "t" || str2[0] === "T"),
      stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
          const sv = source[0] === "t" || source[0] === "T";
          if (value === sv)
            return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
      }
    };
    exports.boolTag = boolTag;
  }
});

// node_modules/yaml/dist/stringify/stringifyNumber.js
var require_stringifyNumber = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyNumber.js"(exports) {
    "use strict";
    function stringifyNumber({ format, minFractionDigits, tag, value }) {
      if (typeof value === "bigint")
        return String(value);
      const num2 = typeof value === "number" ? value : Number(value);
      if (!isFinite(num2))
        return isNaN(num2) ? ".nan" : num2 < 0 ? "-.inf" : ".inf";
      let n = Object.is(value, -0) ? "-0" : JSON.stringify(value);
      if (!format && minFractionDigits && (!tag || tag === "tag:yaml.org,2002:float") && /^-?\d/.test(n) && !n.includes("e")) {
        let i = n.indexOf(".");
        if (i < 0) {
          i = n.length;
          n += ".";
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
          n += "0";
      }
      return n;
    }
    exports.stringifyNumber = stringifyNumber;
  }
});

// node_modules/yaml/dist/schema/core/float.js
var require_float = __commonJS({
  "node_modules/yaml/dist/schema/core/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str2) => str2.slice(-3).toLowerCase() === "nan" ? NaN : str2[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
      resolve: (str2) => parseFloat(str2),
      stringify(node) {
        const num2 = Number(node.value);
        return isFinite(num2) ? num2.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
      resolve(str2) {
        const node = new Scalar.Scalar(parseFloat(str2));
        const dot = str2.indexOf(".");
        if (dot !== -1 && str2[str2.length - 1] === "0")
          node.minFractionDigits = str2.length - dot - 1;
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/core/int.js
var require_int = __commonJS({
  "node_modules/yaml/dist/schema/core/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    var intResolve = (str2, offset, radix, { intAsBigInt }) => intAsBigInt ? BigInt(str2) : parseInt(str2.substring(offset), radix);
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
      return stringifyNumber.stringifyNumber(node);
    }
    var intOct = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^0o[0-7]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 2, 8, opt),
      stringify: (node) => intStringify(node, 8, "0o")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^0x[0-9a-fA-F]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/core/schema.js
var require_schema = __commonJS({
  "node_modules/yaml/dist/schema/core/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.boolTag,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/json/schema.js
var require_schema2 = __commonJS({
  "node_modules/yaml/dist/schema/json/schema.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var map = require_map();
    var seq = require_seq();
    function intIdentify(value) {
      return typeof value === "bigint" || Number.isInteger(value);
    }
    var stringifyJSON = ({ value }) => JSON.stringify(value);
    var jsonScalars = [
      {
        identify: (value) => typeof value === "string",
        default: true,
        tag: "tag:yaml.org,2002:str",
        resolve: (str2) => str2,
        stringify: stringifyJSON
      },
      {
        identify: (value) => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: "tag:yaml.org,2002:null",
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
      },
      {
        identify: (value) => typeof value === "boolean",
        default: true,
        tag: "tag:yaml.org,2002:bool",
        test: /^true$|^false$/,
        resolve: (str2) => str2 === "true",
        stringify: stringifyJSON
      },
      {
        identify: intIdentify,
        default: true,
        tag: "tag:yaml.org,2002:int",
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str2, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str2) : parseInt(str2, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
      },
      {
        identify: (value) => typeof value === "number",
        default: true,
        tag: "tag:yaml.org,2002:float",
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: (str2) => parseFloat(str2),
        stringify: stringifyJSON
      }
    ];
    var jsonError = {
      default: true,
      tag: "",
      test: /^/,
      resolve(str2, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str2)}`);
        return str2;
      }
    };
    var schema = [map.map, seq.seq].concat(jsonScalars, jsonError);
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/binary.js
var require_binary = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/binary.js"(exports) {
    "use strict";
    var node_buffer = __require("buffer");
    var Scalar = require_Scalar();
    var stringifyString = require_stringifyString();
    var binary = {
      identify: (value) => value instanceof Uint8Array,
      // Buffer inherits from Uint8Array
      default: false,
      tag: "tag:yaml.org,2002:binary",
      /**
       * Returns a Buffer in node and an Uint8Array in browsers
       *
       * To use the resulting buffer as an image, you'll want to do something like:
       *
       *   const blob = new Blob([buffer], { type: 'image/jpeg' })
       *   document.querySelector('#photo').src = URL.createObjectURL(blob)
       */
      resolve(src, onError) {
        if (typeof node_buffer.Buffer === "function") {
          return node_buffer.Buffer.from(src, "base64");
        } else if (typeof atob === "function") {
          const str2 = atob(src.replace(/[\n\r]/g, ""));
          const buffer = new Uint8Array(str2.length);
          for (let i = 0; i < str2.length; ++i)
            buffer[i] = str2.charCodeAt(i);
          return buffer;
        } else {
          onError("This environment does not support reading binary tags; either Buffer or atob is required");
          return src;
        }
      },
      stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
          return "";
        const buf = value;
        let str2;
        if (typeof node_buffer.Buffer === "function") {
          str2 = buf instanceof node_buffer.Buffer ? buf.toString("base64") : node_buffer.Buffer.from(buf.buffer).toString("base64");
        } else if (typeof btoa === "function") {
          let s = "";
          for (let i = 0; i < buf.length; ++i)
            s += String.fromCharCode(buf[i]);
          str2 = btoa(s);
        } else {
          throw new Error("This environment does not support writing binary tags; either Buffer or btoa is required");
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
          const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
          const n = Math.ceil(str2.length / lineWidth);
          const lines = new Array(n);
          for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
            lines[i] = str2.substr(o, lineWidth);
          }
          str2 = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? "\n" : " ");
        }
        return stringifyString.stringifyString({ comment, type, value: str2 }, ctx, onComment, onChompKeep);
      }
    };
    exports.binary = binary;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/pairs.js
var require_pairs = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/pairs.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLSeq = require_YAMLSeq();
    function resolvePairs(seq, onError) {
      if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
          let item = seq.items[i];
          if (identity.isPair(item))
            continue;
          else if (identity.isMap(item)) {
            if (item.items.length > 1)
              onError("Each pair must have its own sequence indicator");
            const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
            if (item.commentBefore)
              pair.key.commentBefore = pair.key.commentBefore ? `${item.commentBefore}
${pair.key.commentBefore}` : item.commentBefore;
            if (item.comment) {
              const cn = pair.value ?? pair.key;
              cn.comment = cn.comment ? `${item.comment}
${cn.comment}` : item.comment;
            }
            item = pair;
          }
          seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
      } else
        onError("Expected a sequence for this tag");
      return seq;
    }
    function createPairs(schema, iterable, ctx) {
      const { replacer } = ctx;
      const pairs2 = new YAMLSeq.YAMLSeq(schema);
      pairs2.tag = "tag:yaml.org,2002:pairs";
      let i = 0;
      if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
          if (typeof replacer === "function")
            it = replacer.call(iterable, String(i++), it);
          let key, value;
          if (Array.isArray(it)) {
            if (it.length === 2) {
              key = it[0];
              value = it[1];
            } else
              throw new TypeError(`Expected [key, value] tuple: ${it}`);
          } else if (it && it instanceof Object) {
            const keys = Object.keys(it);
            if (keys.length === 1) {
              key = keys[0];
              value = it[key];
            } else {
              throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
            }
          } else {
            key = it;
          }
          pairs2.items.push(Pair.createPair(key, value, ctx));
        }
      return pairs2;
    }
    var pairs = {
      collection: "seq",
      default: false,
      tag: "tag:yaml.org,2002:pairs",
      resolve: resolvePairs,
      createNode: createPairs
    };
    exports.createPairs = createPairs;
    exports.pairs = pairs;
    exports.resolvePairs = resolvePairs;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/omap.js
var require_omap = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/omap.js"(exports) {
    "use strict";
    var identity = require_identity();
    var toJS = require_toJS();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var pairs = require_pairs();
    var YAMLOMap = class _YAMLOMap extends YAMLSeq.YAMLSeq {
      constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = _YAMLOMap.tag;
      }
      /**
       * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
       * but TypeScript won't allow widening the signature of a child method.
       */
      toJSON(_, ctx) {
        if (!ctx)
          return super.toJSON(_);
        const map = /* @__PURE__ */ new Map();
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const pair of this.items) {
          let key, value;
          if (identity.isPair(pair)) {
            key = toJS.toJS(pair.key, "", ctx);
            value = toJS.toJS(pair.value, key, ctx);
          } else {
            key = toJS.toJS(pair, "", ctx);
          }
          if (map.has(key))
            throw new Error("Ordered maps must not include duplicate keys");
          map.set(key, value);
        }
        return map;
      }
      static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap2 = new this();
        omap2.items = pairs$1.items;
        return omap2;
      }
    };
    YAMLOMap.tag = "tag:yaml.org,2002:omap";
    var omap = {
      collection: "seq",
      identify: (value) => value instanceof Map,
      nodeClass: YAMLOMap,
      default: false,
      tag: "tag:yaml.org,2002:omap",
      resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
          if (identity.isScalar(key)) {
            if (seenKeys.includes(key.value)) {
              onError(`Ordered maps must not include duplicate keys: ${key.value}`);
            } else {
              seenKeys.push(key.value);
            }
          }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
      },
      createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
    };
    exports.YAMLOMap = YAMLOMap;
    exports.omap = omap;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/bool.js
var require_bool2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function boolStringify({ value, source }, ctx) {
      const boolObj = value ? trueTag : falseTag;
      if (source && boolObj.test.test(source))
        return source;
      return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
    var trueTag = {
      identify: (value) => value === true,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
      resolve: () => new Scalar.Scalar(true),
      stringify: boolStringify
    };
    var falseTag = {
      identify: (value) => value === false,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      resolve: () => new Scalar.Scalar(false),
      stringify: boolStringify
    };
    exports.falseTag = falseTag;
    exports.trueTag = trueTag;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/float.js
var require_float2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str2) => str2.slice(-3).toLowerCase() === "nan" ? NaN : str2[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
      resolve: (str2) => parseFloat(str2.replace(/_/g, "")),
      stringify(node) {
        const num2 = Number(node.value);
        return isFinite(num2) ? num2.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
      resolve(str2) {
        const node = new Scalar.Scalar(parseFloat(str2.replace(/_/g, "")));
        const dot = str2.indexOf(".");
        if (dot !== -1) {
          const f = str2.substring(dot + 1).replace(/_/g, "");
          if (f[f.length - 1] === "0")
            node.minFractionDigits = f.length;
        }
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/int.js
var require_int2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    function intResolve(str2, offset, radix, { intAsBigInt }) {
      const sign = str2[0];
      if (sign === "-" || sign === "+")
        offset += 1;
      str2 = str2.substring(offset).replace(/_/g, "");
      if (intAsBigInt) {
        switch (radix) {
          case 2:
            str2 = `0b${str2}`;
            break;
          case 8:
            str2 = `0o${str2}`;
            break;
          case 16:
            str2 = `0x${str2}`;
            break;
        }
        const n2 = BigInt(str2);
        return sign === "-" ? BigInt(-1) * n2 : n2;
      }
      const n = parseInt(str2, radix);
      return sign === "-" ? -1 * n : n;
    }
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value)) {
        const str2 = value.toString(radix);
        return value < 0 ? "-" + prefix + str2.substr(1) : prefix + str2;
      }
      return stringifyNumber.stringifyNumber(node);
    }
    var intBin = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "BIN",
      test: /^[-+]?0b[0-1_]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 2, 2, opt),
      stringify: (node) => intStringify(node, 2, "0b")
    };
    var intOct = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^[-+]?0[0-7_]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 1, 8, opt),
      stringify: (node) => intStringify(node, 8, "0")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9][0-9_]*$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^[-+]?0x[0-9a-fA-F_]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intBin = intBin;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/set.js
var require_set = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/set.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSet = class _YAMLSet extends YAMLMap.YAMLMap {
      constructor(schema) {
        super(schema);
        this.tag = _YAMLSet.tag;
      }
      add(key) {
        let pair;
        if (identity.isPair(key))
          pair = key;
        else if (key && typeof key === "object" && "key" in key && "value" in key && key.value === null)
          pair = new Pair.Pair(key.key, null);
        else
          pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
          this.items.push(pair);
      }
      /**
       * If `keepPair` is `true`, returns the Pair matching `key`.
       * Otherwise, returns the value of that Pair's key.
       */
      get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair) ? identity.isScalar(pair.key) ? pair.key.value : pair.key : pair;
      }
      set(key, value) {
        if (typeof value !== "boolean")
          throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
          this.items.splice(this.items.indexOf(prev), 1);
        } else if (!prev && value) {
          this.items.push(new Pair.Pair(key));
        }
      }
      toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        if (this.hasAllNullValues(true))
          return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
          throw new Error("Set items must all have null values");
      }
      static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set2 = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
          for (let value of iterable) {
            if (typeof replacer === "function")
              value = replacer.call(iterable, value, value);
            set2.items.push(Pair.createPair(value, null, ctx));
          }
        return set2;
      }
    };
    YAMLSet.tag = "tag:yaml.org,2002:set";
    var set = {
      collection: "map",
      identify: (value) => value instanceof Set,
      nodeClass: YAMLSet,
      default: false,
      tag: "tag:yaml.org,2002:set",
      createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
      resolve(map, onError) {
        if (identity.isMap(map)) {
          if (map.hasAllNullValues(true))
            return Object.assign(new YAMLSet(), map);
          else
            onError("Set items must all have null values");
        } else
          onError("Expected a mapping for this tag");
        return map;
      }
    };
    exports.YAMLSet = YAMLSet;
    exports.set = set;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/timestamp.js
var require_timestamp = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/timestamp.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    function parseSexagesimal(str2, asBigInt) {
      const sign = str2[0];
      const parts = sign === "-" || sign === "+" ? str2.substring(1) : str2;
      const num2 = (n) => asBigInt ? BigInt(n) : Number(n);
      const res = parts.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num2(60) + num2(p), num2(0));
      return sign === "-" ? num2(-1) * res : res;
    }
    function stringifySexagesimal(node) {
      let { value } = node;
      let num2 = (n) => n;
      if (typeof value === "bigint")
        num2 = (n) => BigInt(n);
      else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
      let sign = "";
      if (value < 0) {
        sign = "-";
        value *= num2(-1);
      }
      const _60 = num2(60);
      const parts = [value % _60];
      if (value < 60) {
        parts.unshift(0);
      } else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60);
        if (value >= 60) {
          value = (value - parts[0]) / _60;
          parts.unshift(value);
        }
      }
      return sign + parts.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
    }
    var intTime = {
      identify: (value) => typeof value === "bigint" || Number.isInteger(value),
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
      resolve: (str2, _onError, { intAsBigInt }) => parseSexagesimal(str2, intAsBigInt),
      stringify: stringifySexagesimal
    };
    var floatTime = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
      resolve: (str2) => parseSexagesimal(str2, false),
      stringify: stringifySexagesimal
    };
    var timestamp = {
      identify: (value) => value instanceof Date,
      default: true,
      tag: "tag:yaml.org,2002:timestamp",
      // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
      // may be omitted altogether, resulting in a date format. In such a case, the time part is
      // assumed to be 00:00:00Z (start of day, UTC).
      test: RegExp("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$"),
      resolve(str2) {
        const match = str2.match(timestamp.test);
        if (!match)
          throw new Error("!!timestamp expects a date, starting with yyyy-mm-dd");
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + "00").substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== "Z") {
          let d = parseSexagesimal(tz, false);
          if (Math.abs(d) < 30)
            d *= 60;
          date -= 6e4 * d;
        }
        return new Date(date);
      },
      stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, "") ?? ""
    };
    exports.floatTime = floatTime;
    exports.intTime = intTime;
    exports.timestamp = timestamp;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/schema.js
var require_schema3 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var binary = require_binary();
    var bool = require_bool2();
    var float = require_float2();
    var int = require_int2();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var set = require_set();
    var timestamp = require_timestamp();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.trueTag,
      bool.falseTag,
      int.intBin,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float,
      binary.binary,
      merge.merge,
      omap.omap,
      pairs.pairs,
      set.set,
      timestamp.intTime,
      timestamp.floatTime,
      timestamp.timestamp
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/tags.js
var require_tags = __commonJS({
  "node_modules/yaml/dist/schema/tags.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = require_schema();
    var schema$1 = require_schema2();
    var binary = require_binary();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var schema$2 = require_schema3();
    var set = require_set();
    var timestamp = require_timestamp();
    var schemas = /* @__PURE__ */ new Map([
      ["core", schema.schema],
      ["failsafe", [map.map, seq.seq, string.string]],
      ["json", schema$1.schema],
      ["yaml11", schema$2.schema],
      ["yaml-1.1", schema$2.schema]
    ]);
    var tagsByName = {
      binary: binary.binary,
      bool: bool.boolTag,
      float: float.float,
      floatExp: float.floatExp,
      floatNaN: float.floatNaN,
      floatTime: timestamp.floatTime,
      int: int.int,
      intHex: int.intHex,
      intOct: int.intOct,
      intTime: timestamp.intTime,
      map: map.map,
      merge: merge.merge,
      null: _null.nullTag,
      omap: omap.omap,
      pairs: pairs.pairs,
      seq: seq.seq,
      set: set.set,
      timestamp: timestamp.timestamp
    };
    var coreKnownTags = {
      "tag:yaml.org,2002:binary": binary.binary,
      "tag:yaml.org,2002:merge": merge.merge,
      "tag:yaml.org,2002:omap": omap.omap,
      "tag:yaml.org,2002:pairs": pairs.pairs,
      "tag:yaml.org,2002:set": set.set,
      "tag:yaml.org,2002:timestamp": timestamp.timestamp
    };
    function getTags(customTags, schemaName, addMergeTag) {
      const schemaTags = schemas.get(schemaName);
      if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge) ? schemaTags.concat(merge.merge) : schemaTags.slice();
      }
      let tags = schemaTags;
      if (!tags) {
        if (Array.isArray(customTags))
          tags = [];
        else {
          const keys = Array.from(schemas.keys()).filter((key) => key !== "yaml11").map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
      }
      if (Array.isArray(customTags)) {
        for (const tag of customTags)
          tags = tags.concat(tag);
      } else if (typeof customTags === "function") {
        tags = customTags(tags.slice());
      }
      if (addMergeTag)
        tags = tags.concat(merge.merge);
      return tags.reduce((tags2, tag) => {
        const tagObj = typeof tag === "string" ? tagsByName[tag] : tag;
        if (!tagObj) {
          const tagName = JSON.stringify(tag);
          const keys = Object.keys(tagsByName).map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags2.includes(tagObj))
          tags2.push(tagObj);
        return tags2;
      }, []);
    }
    exports.coreKnownTags = coreKnownTags;
    exports.getTags = getTags;
  }
});

// node_modules/yaml/dist/schema/Schema.js
var require_Schema = __commonJS({
  "node_modules/yaml/dist/schema/Schema.js"(exports) {
    "use strict";
    var identity = require_identity();
    var map = require_map();
    var seq = require_seq();
    var string = require_string();
    var tags = require_tags();
    var sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    var Schema = class _Schema {
      constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat) ? tags.getTags(compat, "compat") : compat ? tags.getTags(null, compat) : null;
        this.name = typeof schema === "string" && schema || "core";
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        this.sortMapEntries = typeof sortMapEntries === "function" ? sortMapEntries : sortMapEntries === true ? sortMapEntriesByKey : null;
      }
      clone() {
        const copy = Object.create(_Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
      }
    };
    exports.Schema = Schema;
  }
});

// node_modules/yaml/dist/stringify/stringifyDocument.js
var require_stringifyDocument = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyDocument.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyDocument(doc, options) {
      const lines = [];
      let hasDirectives = options.directives === true;
      if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
          lines.push(dir);
          hasDirectives = true;
        } else if (doc.directives.docStart)
          hasDirectives = true;
      }
      if (hasDirectives)
        lines.push("---");
      const ctx = stringify.createStringifyContext(doc, options);
      const { commentString } = ctx.options;
      if (doc.commentBefore) {
        if (lines.length !== 1)
          lines.unshift("");
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ""));
      }
      let chompKeep = false;
      let contentComment = null;
      if (doc.contents) {
        if (identity.isNode(doc.contents)) {
          if (doc.contents.spaceBefore && hasDirectives)
            lines.push("");
          if (doc.contents.commentBefore) {
            const cs = commentString(doc.contents.commentBefore);
            lines.push(stringifyComment.indentComment(cs, ""));
          }
          ctx.forceBlockIndent = !!doc.comment;
          contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? void 0 : () => chompKeep = true;
        let body = stringify.stringify(doc.contents, ctx, () => contentComment = null, onChompKeep);
        if (contentComment)
          body += stringifyComment.lineComment(body, "", commentString(contentComment));
        if ((body[0] === "|" || body[0] === ">") && lines[lines.length - 1] === "---") {
          lines[lines.length - 1] = `--- ${body}`;
        } else
          lines.push(body);
      } else {
        lines.push(stringify.stringify(doc.contents, ctx));
      }
      if (doc.directives?.docEnd) {
        if (doc.comment) {
          const cs = commentString(doc.comment);
          if (cs.includes("\n")) {
            lines.push("...");
            lines.push(stringifyComment.indentComment(cs, ""));
          } else {
            lines.push(`... ${cs}`);
          }
        } else {
          lines.push("...");
        }
      } else {
        let dc = doc.comment;
        if (dc && chompKeep)
          dc = dc.replace(/^\n+/, "");
        if (dc) {
          if ((!chompKeep || contentComment) && lines[lines.length - 1] !== "")
            lines.push("");
          lines.push(stringifyComment.indentComment(commentString(dc), ""));
        }
      }
      return lines.join("\n") + "\n";
    }
    exports.stringifyDocument = stringifyDocument;
  }
});

// node_modules/yaml/dist/doc/Document.js
var require_Document = __commonJS({
  "node_modules/yaml/dist/doc/Document.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var toJS = require_toJS();
    var Schema = require_Schema();
    var stringifyDocument = require_stringifyDocument();
    var anchors = require_anchors();
    var applyReviver = require_applyReviver();
    var createNode = require_createNode();
    var directives = require_directives();
    var Document = class _Document {
      constructor(value, replacer, options) {
        this.commentBefore = null;
        this.comment = null;
        this.errors = [];
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === "function" || Array.isArray(replacer)) {
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const opt = Object.assign({
          intAsBigInt: false,
          keepSourceTokens: false,
          logLevel: "warn",
          prettyErrors: true,
          strict: true,
          stringKeys: false,
          uniqueKeys: true,
          version: "1.2"
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
          this.directives = options._directives.atDocument();
          if (this.directives.yaml.explicit)
            version = this.directives.yaml.version;
        } else
          this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        this.contents = value === void 0 ? null : this.createNode(value, _replacer, options);
      }
      /**
       * Create a deep copy of this Document and its contents.
       *
       * Custom Node values that inherit from `Object` still refer to their original instances.
       */
      clone() {
        const copy = Object.create(_Document.prototype, {
          [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
          copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        copy.contents = identity.isNode(this.contents) ? this.contents.clone(copy.schema) : this.contents;
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** Adds a value to the document. */
      add(value) {
        if (assertCollection(this.contents))
          this.contents.add(value);
      }
      /** Adds a value to the document. */
      addIn(path, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path, value);
      }
      /**
       * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
       *
       * If `node` already has an anchor, `name` is ignored.
       * Otherwise, the `node.anchor` value will be set to `name`,
       * or if an anchor with that name is already present in the document,
       * `name` will be used as a prefix for a new unique anchor.
       * If `name` is undefined, the generated anchor will use 'a' as a prefix.
       */
      createAlias(node, name) {
        if (!node.anchor) {
          const prev = anchors.anchorNames(this);
          node.anchor = // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          !name || prev.has(name) ? anchors.findNewAnchor(name || "a", prev) : name;
        }
        return new Alias.Alias(node.anchor);
      }
      createNode(value, replacer, options) {
        let _replacer = void 0;
        if (typeof replacer === "function") {
          value = replacer.call({ "": value }, "", value);
          _replacer = replacer;
        } else if (Array.isArray(replacer)) {
          const keyToStr = (v) => typeof v === "number" || v instanceof String || v instanceof Number;
          const asStr = replacer.filter(keyToStr).map(String);
          if (asStr.length > 0)
            replacer = replacer.concat(asStr);
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(
          this,
          // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          anchorPrefix || "a"
        );
        const ctx = {
          aliasDuplicateObjects: aliasDuplicateObjects ?? true,
          keepUndefined: keepUndefined ?? false,
          onAnchor,
          onTagObj,
          replacer: _replacer,
          schema: this.schema,
          sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
          node.flow = true;
        setAnchors();
        return node;
      }
      /**
       * Convert a key and a value into a `Pair` using the current schema,
       * recursively wrapping all values as `Scalar` or `Collection` nodes.
       */
      createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        if (Collection.isEmptyPath(path)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path) : false;
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      get(key, keepScalar) {
        return identity.isCollection(this.contents) ? this.contents.get(key, keepScalar) : void 0;
      }
      /**
       * Returns item at `path`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        if (Collection.isEmptyPath(path))
          return !keepScalar && identity.isScalar(this.contents) ? this.contents.value : this.contents;
        return identity.isCollection(this.contents) ? this.contents.getIn(path, keepScalar) : void 0;
      }
      /**
       * Checks if the document includes a value with the key `key`.
       */
      has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
      }
      /**
       * Checks if the document includes a value at `path`.
       */
      hasIn(path) {
        if (Collection.isEmptyPath(path))
          return this.contents !== void 0;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      set(key, value) {
        if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, [key], value);
        } else if (assertCollection(this.contents)) {
          this.contents.set(key, value);
        }
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        if (Collection.isEmptyPath(path)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path, value);
        }
      }
      /**
       * Change the YAML version and schema used by the document.
       * A `null` version disables support for directives, explicit tags, anchors, and aliases.
       * It also requires the `schema` option to be given as a `Schema` instance value.
       *
       * Overrides all previously set schema options.
       */
      setSchema(version, options = {}) {
        if (typeof version === "number")
          version = String(version);
        let opt;
        switch (version) {
          case "1.1":
            if (this.directives)
              this.directives.yaml.version = "1.1";
            else
              this.directives = new directives.Directives({ version: "1.1" });
            opt = { resolveKnownTags: false, schema: "yaml-1.1" };
            break;
          case "1.2":
          case "next":
            if (this.directives)
              this.directives.yaml.version = version;
            else
              this.directives = new directives.Directives({ version });
            opt = { resolveKnownTags: true, schema: "core" };
            break;
          case null:
            if (this.directives)
              delete this.directives;
            opt = null;
            break;
          default: {
            const sv = JSON.stringify(version);
            throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
          }
        }
        if (options.schema instanceof Object)
          this.schema = options.schema;
        else if (opt)
          this.schema = new Schema.Schema(Object.assign(opt, options));
        else
          throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
      }
      // json & jsonArg are only used from toJSON()
      toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc: this,
          keep: !json,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
      /**
       * A JSON representation of the document `contents`.
       *
       * @param jsonArg Used by `JSON.stringify` to indicate the array index or
       *   property name.
       */
      toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
      }
      /** A YAML representation of the document. */
      toString(options = {}) {
        if (this.errors.length > 0)
          throw new Error("Document with errors cannot be stringified");
        if ("indent" in options && (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
          const s = JSON.stringify(options.indent);
          throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
      }
    };
    function assertCollection(contents) {
      if (identity.isCollection(contents))
        return true;
      throw new Error("Expected a YAML collection as document contents");
    }
    exports.Document = Document;
  }
});

// node_modules/yaml/dist/errors.js
var require_errors = __commonJS({
  "node_modules/yaml/dist/errors.js"(exports) {
    "use strict";
    var YAMLError = class extends Error {
      constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
      }
    };
    var YAMLParseError = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLParseError", pos, code, message);
      }
    };
    var YAMLWarning = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLWarning", pos, code, message);
      }
    };
    var prettifyError = (src, lc) => (error) => {
      if (error.pos[0] === -1)
        return;
      error.linePos = error.pos.map((pos) => lc.linePos(pos));
      const { line, col } = error.linePos[0];
      error.message += ` at line ${line}, column ${col}`;
      let ci = col - 1;
      let lineStr = src.substring(lc.lineStarts[line - 1], lc.lineStarts[line]).replace(/[\n\r]+$/, "");
      if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = "\u2026" + lineStr.substring(trimStart);
        ci -= trimStart - 1;
      }
      if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + "\u2026";
      if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
          prev = prev.substring(0, 79) + "\u2026\n";
        lineStr = prev + lineStr;
      }
      if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
          count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count);
        error.message += `:

${lineStr}
${pointer}
`;
      }
    };
    exports.YAMLError = YAMLError;
    exports.YAMLParseError = YAMLParseError;
    exports.YAMLWarning = YAMLWarning;
    exports.prettifyError = prettifyError;
  }
});

// node_modules/yaml/dist/compose/resolve-props.js
var require_resolve_props = __commonJS({
  "node_modules/yaml/dist/compose/resolve-props.js"(exports) {
    "use strict";
    function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
      let spaceBefore = false;
      let atNewline = startOnNewline;
      let hasSpace = startOnNewline;
      let comment = "";
      let commentSep = "";
      let hasNewline = false;
      let reqSpace = false;
      let tab = null;
      let anchor = null;
      let tag = null;
      let newlineAfterProp = null;
      let comma = null;
      let found = null;
      let start2 = null;
      for (const token of tokens) {
        if (reqSpace) {
          if (token.type !== "space" && token.type !== "newline" && token.type !== "comma")
            onError(token.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
          reqSpace = false;
        }
        if (tab) {
          if (atNewline && token.type !== "comment" && token.type !== "newline") {
            onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
          }
          tab = null;
        }
        switch (token.type) {
          case "space":
            if (!flow && (indicator !== "doc-start" || next?.type !== "flow-collection") && token.source.includes("	")) {
              tab = token;
            }
            hasSpace = true;
            break;
          case "comment": {
            if (!hasSpace)
              onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
            const cb = token.source.substring(1) || " ";
            if (!comment)
              comment = cb;
            else
              comment += commentSep + cb;
            commentSep = "";
            atNewline = false;
            break;
          }
          case "newline":
            if (atNewline) {
              if (comment)
                comment += token.source;
              else if (!found || indicator !== "seq-item-ind")
                spaceBefore = true;
            } else
              commentSep += token.source;
            atNewline = true;
            hasNewline = true;
            if (anchor || tag)
              newlineAfterProp = token;
            hasSpace = true;
            break;
          case "anchor":
            if (anchor)
              onError(token, "MULTIPLE_ANCHORS", "A node can have at most one anchor");
            if (token.source.endsWith(":"))
              onError(token.offset + token.source.length - 1, "BAD_ALIAS", "Anchor ending in : is ambiguous", true);
            anchor = token;
            start2 ?? (start2 = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          case "tag": {
            if (tag)
              onError(token, "MULTIPLE_TAGS", "A node can have at most one tag");
            tag = token;
            start2 ?? (start2 = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          }
          case indicator:
            if (anchor || tag)
              onError(token, "BAD_PROP_ORDER", `Anchors and tags must be after the ${token.source} indicator`);
            if (found)
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.source} in ${flow ?? "collection"}`);
            found = token;
            atNewline = indicator === "seq-item-ind" || indicator === "explicit-key-ind";
            hasSpace = false;
            break;
          case "comma":
            if (flow) {
              if (comma)
                onError(token, "UNEXPECTED_TOKEN", `Unexpected , in ${flow}`);
              comma = token;
              atNewline = false;
              hasSpace = false;
              break;
            }
          // else fallthrough
          default:
            onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.type} token`);
            atNewline = false;
            hasSpace = false;
        }
      }
      const last = tokens[tokens.length - 1];
      const end = last ? last.offset + last.source.length : offset;
      if (reqSpace && next && next.type !== "space" && next.type !== "newline" && next.type !== "comma" && (next.type !== "scalar" || next.source !== "")) {
        onError(next.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
      }
      if (tab && (atNewline && tab.indent <= parentIndent || next?.type === "block-map" || next?.type === "block-seq"))
        onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
      return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start2 ?? end
      };
    }
    exports.resolveProps = resolveProps;
  }
});

// node_modules/yaml/dist/compose/util-contains-newline.js
var require_util_contains_newline = __commonJS({
  "node_modules/yaml/dist/compose/util-contains-newline.js"(exports) {
    "use strict";
    function containsNewline(key) {
      if (!key)
        return null;
      switch (key.type) {
        case "alias":
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          if (key.source.includes("\n"))
            return true;
          if (key.end) {
            for (const st of key.end)
              if (st.type === "newline")
                return true;
          }
          return false;
        case "flow-collection":
          for (const it of key.items) {
            for (const st of it.start)
              if (st.type === "newline")
                return true;
            if (it.sep) {
              for (const st of it.sep)
                if (st.type === "newline")
                  return true;
            }
            if (containsNewline(it.key) || containsNewline(it.value))
              return true;
          }
          return false;
        default:
          return true;
      }
    }
    exports.containsNewline = containsNewline;
  }
});

// node_modules/yaml/dist/compose/util-flow-indent-check.js
var require_util_flow_indent_check = __commonJS({
  "node_modules/yaml/dist/compose/util-flow-indent-check.js"(exports) {
    "use strict";
    var utilContainsNewline = require_util_contains_newline();
    function flowIndentCheck(indent, fc, onError) {
      if (fc?.type === "flow-collection") {
        const end = fc.end[0];
        if (end.indent === indent && (end.source === "]" || end.source === "}") && utilContainsNewline.containsNewline(fc)) {
          const msg = "Flow end indicator should be more indented than parent";
          onError(end, "BAD_INDENT", msg, true);
        }
      }
    }
    exports.flowIndentCheck = flowIndentCheck;
  }
});

// node_modules/yaml/dist/compose/util-map-includes.js
var require_util_map_includes = __commonJS({
  "node_modules/yaml/dist/compose/util-map-includes.js"(exports) {
    "use strict";
    var identity = require_identity();
    function mapIncludes(ctx, items, search) {
      const { uniqueKeys } = ctx.options;
      if (uniqueKeys === false)
        return false;
      const isEqual = typeof uniqueKeys === "function" ? uniqueKeys : (a, b) => a === b || identity.isScalar(a) && identity.isScalar(b) && a.value === b.value;
      return items.some((pair) => isEqual(pair.key, search));
    }
    exports.mapIncludes = mapIncludes;
  }
});

// node_modules/yaml/dist/compose/resolve-block-map.js
var require_resolve_block_map = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-map.js"(exports) {
    "use strict";
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    var utilMapIncludes = require_util_map_includes();
    var startColMsg = "All mapping items must start at the same column";
    function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
      const map = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      let offset = bm.offset;
      let commentEnd = null;
      for (const collItem of bm.items) {
        const { start: start2, key, sep, value } = collItem;
        const keyProps = resolveProps.resolveProps(start2, {
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: bm.indent,
          startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
          if (key) {
            if (key.type === "block-seq")
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "A block sequence may not be used as an implicit map key");
            else if ("indent" in key && key.indent !== bm.indent)
              onError(offset, "BAD_INDENT", startColMsg);
          }
          if (!keyProps.anchor && !keyProps.tag && !sep) {
            commentEnd = keyProps.end;
            if (keyProps.comment) {
              if (map.comment)
                map.comment += "\n" + keyProps.comment;
              else
                map.comment = keyProps.comment;
            }
            continue;
          }
          if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
            onError(key ?? start2[start2.length - 1], "MULTILINE_IMPLICIT_KEY", "Implicit keys need to be on a single line");
          }
        } else if (keyProps.found?.indent !== bm.indent) {
          onError(offset, "BAD_INDENT", startColMsg);
        }
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key ? composeNode(ctx, key, keyProps, onError) : composeEmptyNode(ctx, keyStart, start2, null, keyProps, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
          onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
        const valueProps = resolveProps.resolveProps(sep ?? [], {
          indicator: "map-value-ind",
          next: value,
          offset: keyNode.range[2],
          onError,
          parentIndent: bm.indent,
          startOnNewline: !key || key.type === "block-scalar"
        });
        offset = valueProps.end;
        if (valueProps.found) {
          if (implicitKey) {
            if (value?.type === "block-map" && !valueProps.hasNewline)
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "Nested mappings are not allowed in compact mappings");
            if (ctx.options.strict && keyProps.start < valueProps.found.offset - 1024)
              onError(keyNode.range, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit block mapping key");
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
          if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
          offset = valueNode.range[2];
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        } else {
          if (implicitKey)
            onError(keyNode.range, "MISSING_CHAR", "Implicit map keys need to be followed by map values");
          if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        }
      }
      if (commentEnd && commentEnd < offset)
        onError(commentEnd, "IMPOSSIBLE", "Map comment with trailing content");
      map.range = [bm.offset, offset, commentEnd ?? offset];
      return map;
    }
    exports.resolveBlockMap = resolveBlockMap;
  }
});

// node_modules/yaml/dist/compose/resolve-block-seq.js
var require_resolve_block_seq = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-seq.js"(exports) {
    "use strict";
    var YAMLSeq = require_YAMLSeq();
    var resolveProps = require_resolve_props();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
      const seq = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = bs.offset;
      let commentEnd = null;
      for (const { start: start2, value } of bs.items) {
        const props = resolveProps.resolveProps(start2, {
          indicator: "seq-item-ind",
          next: value,
          offset,
          onError,
          parentIndent: bs.indent,
          startOnNewline: true
        });
        if (!props.found) {
          if (props.anchor || props.tag || value) {
            if (value?.type === "block-seq")
              onError(props.end, "BAD_INDENT", "All sequence items must start at the same column");
            else
              onError(offset, "MISSING_CHAR", "Sequence item without - indicator");
          } else {
            commentEnd = props.end;
            if (props.comment)
              seq.comment = props.comment;
            continue;
          }
        }
        const node = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, start2, null, props, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
      }
      seq.range = [bs.offset, offset, commentEnd ?? offset];
      return seq;
    }
    exports.resolveBlockSeq = resolveBlockSeq;
  }
});

// node_modules/yaml/dist/compose/resolve-end.js
var require_resolve_end = __commonJS({
  "node_modules/yaml/dist/compose/resolve-end.js"(exports) {
    "use strict";
    function resolveEnd(end, offset, reqSpace, onError) {
      let comment = "";
      if (end) {
        let hasSpace = false;
        let sep = "";
        for (const token of end) {
          const { source, type } = token;
          switch (type) {
            case "space":
              hasSpace = true;
              break;
            case "comment": {
              if (reqSpace && !hasSpace)
                onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
              const cb = source.substring(1) || " ";
              if (!comment)
                comment = cb;
              else
                comment += sep + cb;
              sep = "";
              break;
            }
            case "newline":
              if (comment)
                sep += source;
              hasSpace = true;
              break;
            default:
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${type} at node end`);
          }
          offset += source.length;
        }
      }
      return { comment, offset };
    }
    exports.resolveEnd = resolveEnd;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-collection.js
var require_resolve_flow_collection = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilMapIncludes = require_util_map_includes();
    var blockMsg = "Block collections are not allowed within flow collections";
    var isBlock = (token) => token && (token.type === "block-map" || token.type === "block-seq");
    function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
      const isMap2 = fc.start.source === "{";
      const fcName = isMap2 ? "flow map" : "flow sequence";
      const NodeClass = tag?.nodeClass ?? (isMap2 ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq);
      const coll = new NodeClass(ctx.schema);
      coll.flow = true;
      const atRoot = ctx.atRoot;
      if (atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = fc.offset + fc.start.source.length;
      for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start: start2, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start2, {
          flow: fcName,
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: fc.indent,
          startOnNewline: false
        });
        if (!props.found) {
          if (!props.anchor && !props.tag && !sep && !value) {
            if (i === 0 && props.comma)
              onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
            else if (i < fc.items.length - 1)
              onError(props.start, "UNEXPECTED_TOKEN", `Unexpected empty item in ${fcName}`);
            if (props.comment) {
              if (coll.comment)
                coll.comment += "\n" + props.comment;
              else
                coll.comment = props.comment;
            }
            offset = props.end;
            continue;
          }
          if (!isMap2 && ctx.options.strict && utilContainsNewline.containsNewline(key))
            onError(
              key,
              // checked by containsNewline()
              "MULTILINE_IMPLICIT_KEY",
              "Implicit keys of flow sequence pairs need to be on a single line"
            );
        }
        if (i === 0) {
          if (props.comma)
            onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
        } else {
          if (!props.comma)
            onError(props.start, "MISSING_CHAR", `Missing , between ${fcName} items`);
          if (props.comment) {
            let prevItemComment = "";
            loop: for (const st of start2) {
              switch (st.type) {
                case "comma":
                case "space":
                  break;
                case "comment":
                  prevItemComment = st.source.substring(1);
                  break loop;
                default:
                  break loop;
              }
            }
            if (prevItemComment) {
              let prev = coll.items[coll.items.length - 1];
              if (identity.isPair(prev))
                prev = prev.value ?? prev.key;
              if (prev.comment)
                prev.comment += "\n" + prevItemComment;
              else
                prev.comment = prevItemComment;
              props.comment = props.comment.substring(prevItemComment.length + 1);
            }
          }
        }
        if (!isMap2 && !sep && !props.found) {
          const valueNode = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, sep, null, props, onError);
          coll.items.push(valueNode);
          offset = valueNode.range[2];
          if (isBlock(value))
            onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
        } else {
          ctx.atKey = true;
          const keyStart = props.end;
          const keyNode = key ? composeNode(ctx, key, props, onError) : composeEmptyNode(ctx, keyStart, start2, null, props, onError);
          if (isBlock(key))
            onError(keyNode.range, "BLOCK_IN_FLOW", blockMsg);
          ctx.atKey = false;
          const valueProps = resolveProps.resolveProps(sep ?? [], {
            flow: fcName,
            indicator: "map-value-ind",
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
          });
          if (valueProps.found) {
            if (!isMap2 && !props.found && ctx.options.strict) {
              if (sep)
                for (const st of sep) {
                  if (st === valueProps.found)
                    break;
                  if (st.type === "newline") {
                    onError(st, "MULTILINE_IMPLICIT_KEY", "Implicit keys of flow sequence pairs need to be on a single line");
                    break;
                  }
                }
              if (props.start < valueProps.found.offset - 1024)
                onError(valueProps.found, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key");
            }
          } else if (value) {
            if ("source" in value && value.source?.[0] === ":")
              onError(value, "MISSING_CHAR", `Missing space after : in ${fcName}`);
            else
              onError(valueProps.start, "MISSING_CHAR", `Missing , or : between ${fcName} items`);
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : valueProps.found ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError) : null;
          if (valueNode) {
            if (isBlock(value))
              onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
          } else if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          if (isMap2) {
            const map = coll;
            if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
              onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
            map.items.push(pair);
          } else {
            const map = new YAMLMap.YAMLMap(ctx.schema);
            map.flow = true;
            map.items.push(pair);
            const endRange = (valueNode ?? keyNode).range;
            map.range = [keyNode.range[0], endRange[1], endRange[2]];
            coll.items.push(map);
          }
          offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
      }
      const expectedEnd = isMap2 ? "}" : "]";
      const [ce, ...ee] = fc.end;
      let cePos = offset;
      if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
      else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? "MISSING_CHAR" : "BAD_INDENT", msg);
        if (ce && ce.source.length !== 1)
          ee.unshift(ce);
      }
      if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
          if (coll.comment)
            coll.comment += "\n" + end.comment;
          else
            coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
      } else {
        coll.range = [fc.offset, cePos, cePos];
      }
      return coll;
    }
    exports.resolveFlowCollection = resolveFlowCollection;
  }
});

// node_modules/yaml/dist/compose/compose-collection.js
var require_compose_collection = __commonJS({
  "node_modules/yaml/dist/compose/compose-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveBlockMap = require_resolve_block_map();
    var resolveBlockSeq = require_resolve_block_seq();
    var resolveFlowCollection = require_resolve_flow_collection();
    function resolveCollection(CN, ctx, token, onError, tagName, tag) {
      const coll = token.type === "block-map" ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag) : token.type === "block-seq" ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag) : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
      const Coll = coll.constructor;
      if (tagName === "!" || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
      }
      if (tagName)
        coll.tag = tagName;
      return coll;
    }
    function composeCollection(CN, ctx, token, props, onError) {
      const tagToken = props.tag;
      const tagName = !tagToken ? null : ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg));
      if (token.type === "block-seq") {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken ? anchor.offset > tagToken.offset ? anchor : tagToken : anchor ?? tagToken;
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
          const message = "Missing newline after block sequence props";
          onError(lastProp, "MISSING_CHAR", message);
        }
      }
      const expType = token.type === "block-map" ? "map" : token.type === "block-seq" ? "seq" : token.start.source === "{" ? "map" : "seq";
      if (!tagToken || !tagName || tagName === "!" || tagName === YAMLMap.YAMLMap.tagName && expType === "map" || tagName === YAMLSeq.YAMLSeq.tagName && expType === "seq") {
        return resolveCollection(CN, ctx, token, onError, tagName);
      }
      let tag = ctx.schema.tags.find((t) => t.tag === tagName && t.collection === expType);
      if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
          ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
          tag = kt;
        } else {
          if (kt) {
            onError(tagToken, "BAD_COLLECTION_TYPE", `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? "scalar"}`, true);
          } else {
            onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, true);
          }
          return resolveCollection(CN, ctx, token, onError, tagName);
        }
      }
      const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
      const res = tag.resolve?.(coll, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg), ctx.options) ?? coll;
      const node = identity.isNode(res) ? res : new Scalar.Scalar(res);
      node.range = coll.range;
      node.tag = tagName;
      if (tag?.format)
        node.format = tag.format;
      return node;
    }
    exports.composeCollection = composeCollection;
  }
});

// node_modules/yaml/dist/compose/resolve-block-scalar.js
var require_resolve_block_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function resolveBlockScalar(ctx, scalar, onError) {
      const start2 = scalar.offset;
      const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
      if (!header)
        return { value: "", type: null, comment: "", range: [start2, start2, start2] };
      const type = header.mode === ">" ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
      const lines = scalar.source ? splitLines(scalar.source) : [];
      let chompStart = lines.length;
      for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === "" || content === "\r")
          chompStart = i;
        else
          break;
      }
      if (chompStart === 0) {
        const value2 = header.chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
        let end2 = start2 + header.length;
        if (scalar.source)
          end2 += scalar.source.length;
        return { value: value2, type, comment: header.comment, range: [start2, end2, end2] };
      }
      let trimIndent = scalar.indent + header.indent;
      let offset = scalar.offset + header.length;
      let contentStart = 0;
      for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === "" || content === "\r") {
          if (header.indent === 0 && indent.length > trimIndent)
            trimIndent = indent.length;
        } else {
          if (indent.length < trimIndent) {
            const message = "Block scalars with more-indented leading empty lines must use an explicit indentation indicator";
            onError(offset + indent.length, "MISSING_CHAR", message);
          }
          if (header.indent === 0)
            trimIndent = indent.length;
          contentStart = i;
          if (trimIndent === 0 && !ctx.atRoot) {
            const message = "Block scalar values in collections must be indented";
            onError(offset, "BAD_INDENT", message);
          }
          break;
        }
        offset += indent.length + content.length + 1;
      }
      for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
          chompStart = i + 1;
      }
      let value = "";
      let sep = "";
      let prevMoreIndented = false;
      for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + "\n";
      for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === "\r";
        if (crlf)
          content = content.slice(0, -1);
        if (content && indent.length < trimIndent) {
          const src = header.indent ? "explicit indentation indicator" : "first line";
          const message = `Block scalar lines must not be less indented than their ${src}`;
          onError(offset - content.length - (crlf ? 2 : 1), "BAD_INDENT", message);
          indent = "";
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
        } else if (indent.length > trimIndent || content[0] === "	") {
          if (sep === " ")
            sep = "\n";
          else if (!prevMoreIndented && sep === "\n")
            sep = "\n\n";
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
          prevMoreIndented = true;
        } else if (content === "") {
          if (sep === "\n")
            value += "\n";
          else
            sep = "\n";
        } else {
          value += sep + content;
          sep = " ";
          prevMoreIndented = false;
        }
      }
      switch (header.chomp) {
        case "-":
          break;
        case "+":
          for (let i = chompStart; i < lines.length; ++i)
            value += "\n" + lines[i][0].slice(trimIndent);
          if (value[value.length - 1] !== "\n")
            value += "\n";
          break;
        default:
          value += "\n";
      }
      const end = start2 + header.length + scalar.source.length;
      return { value, type, comment: header.comment, range: [start2, end, end] };
    }
    function parseBlockScalarHeader({ offset, props }, strict, onError) {
      if (props[0].type !== "block-scalar-header") {
        onError(props[0], "IMPOSSIBLE", "Block scalar header not found");
        return null;
      }
      const { source } = props[0];
      const mode = source[0];
      let indent = 0;
      let chomp = "";
      let error = -1;
      for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === "-" || ch === "+"))
          chomp = ch;
        else {
          const n = Number(ch);
          if (!indent && n)
            indent = n;
          else if (error === -1)
            error = offset + i;
        }
      }
      if (error !== -1)
        onError(error, "UNEXPECTED_TOKEN", `Block scalar header includes extra characters: ${source}`);
      let hasSpace = false;
      let comment = "";
      let length = source.length;
      for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
          case "space":
            hasSpace = true;
          // fallthrough
          case "newline":
            length += token.source.length;
            break;
          case "comment":
            if (strict && !hasSpace) {
              const message = "Comments must be separated from other tokens by white space characters";
              onError(token, "MISSING_CHAR", message);
            }
            length += token.source.length;
            comment = token.source.substring(1);
            break;
          case "error":
            onError(token, "UNEXPECTED_TOKEN", token.message);
            length += token.source.length;
            break;
          /* istanbul ignore next should not happen */
          default: {
            const message = `Unexpected token in block scalar header: ${token.type}`;
            onError(token, "UNEXPECTED_TOKEN", message);
            const ts = token.source;
            if (ts && typeof ts === "string")
              length += ts.length;
          }
        }
      }
      return { mode, indent, chomp, comment, length };
    }
    function splitLines(source) {
      const split = source.split(/\n( *)/);
      const first = split[0];
      const m = first.match(/^( *)/);
      const line0 = m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first];
      const lines = [line0];
      for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
      return lines;
    }
    exports.resolveBlockScalar = resolveBlockScalar;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-scalar.js
var require_resolve_flow_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var resolveEnd = require_resolve_end();
    function resolveFlowScalar(scalar, strict, onError) {
      const { offset, type, source, end } = scalar;
      let _type;
      let value;
      const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
      switch (type) {
        case "scalar":
          _type = Scalar.Scalar.PLAIN;
          value = plainValue(source, _onError);
          break;
        case "single-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_SINGLE;
          value = singleQuotedValue(source, _onError);
          break;
        case "double-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_DOUBLE;
          value = doubleQuotedValue(source, _onError);
          break;
        /* istanbul ignore next should not happen */
        default:
          onError(scalar, "UNEXPECTED_TOKEN", `Expected a flow scalar value, but found: ${type}`);
          return {
            value: "",
            type: null,
            comment: "",
            range: [offset, offset + source.length, offset + source.length]
          };
      }
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
      return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
      };
    }
    function plainValue(source, onError) {
      let badChar = "";
      switch (source[0]) {
        /* istanbul ignore next should not happen */
        case "	":
          badChar = "a tab character";
          break;
        case ",":
          badChar = "flow indicator character ,";
          break;
        case "%":
          badChar = "directive indicator character %";
          break;
        case "|":
        case ">": {
          badChar = `block scalar indicator ${source[0]}`;
          break;
        }
        case "@":
        case "`": {
          badChar = `reserved character ${source[0]}`;
          break;
        }
      }
      if (badChar)
        onError(0, "BAD_SCALAR_START", `Plain value cannot start with ${badChar}`);
      return unfoldLines(source);
    }
    function singleQuotedValue(source, onError) {
      if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, "MISSING_CHAR", "Missing closing 'quote");
      return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
    }
    function unfoldLines(source) {
      const line = /(.*?)\r?\n/sy;
      let match = line.exec(source);
      if (!match)
        return source;
      let trimEnd, trimBoth;
      try {
        trimEnd = new RegExp("(?<![ 	])[ 	]+$");
        trimBoth = new RegExp("^[ 	]+|(?<![ 	])[ 	]+$", "g");
      } catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
      }
      let res = match[1].replace(trimEnd, "");
      let sep = " ";
      let pos = line.lastIndex;
      while (match = line.exec(source)) {
        const lm = match[1].replace(trimBoth, "");
        if (lm === "") {
          if (sep === "\n")
            res += sep;
          else
            sep = "\n";
        } else {
          res += sep + lm;
          sep = " ";
        }
        pos = line.lastIndex;
      }
      const last = /[ \t]*(.*)/sy;
      last.lastIndex = pos;
      match = last.exec(source);
      return res + sep + (match?.[1] ?? "");
    }
    function doubleQuotedValue(source, onError) {
      let res = "";
      for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === "\r" && source[i + 1] === "\n")
          continue;
        if (ch === "\n") {
          const { fold, offset } = foldNewline(source, i);
          res += fold;
          i = offset;
        } else if (ch === "\\") {
          let next = source[++i];
          const cc = escapeCodes[next];
          if (cc)
            res += cc;
          else if (next === "\n") {
            next = source[i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "\r" && source[i + 1] === "\n") {
            next = source[++i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "x" || next === "u" || next === "U") {
            const length = next === "x" ? 2 : next === "u" ? 4 : 8;
            res += parseCharCode(source, i + 1, length, onError);
            i += length;
          } else {
            const raw = source.substr(i - 1, 2);
            onError(i - 1, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
            res += raw;
          }
        } else if (ch === " " || ch === "	") {
          const wsStart = i;
          let next = source[i + 1];
          while (next === " " || next === "	")
            next = source[++i + 1];
          if (next !== "\n" && !(next === "\r" && source[i + 2] === "\n"))
            res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        } else {
          res += ch;
        }
      }
      if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, "MISSING_CHAR", 'Missing closing "quote');
      return res;
    }
    function foldNewline(source, offset) {
      let fold = "";
      let ch = source[offset + 1];
      while (ch === " " || ch === "	" || ch === "\n" || ch === "\r") {
        if (ch === "\r" && source[offset + 2] !== "\n")
          break;
        if (ch === "\n")
          fold += "\n";
        offset += 1;
        ch = source[offset + 1];
      }
      if (!fold)
        fold = " ";
      return { fold, offset };
    }
    var escapeCodes = {
      "0": "\0",
      // null character
      a: "\x07",
      // bell character
      b: "\b",
      // backspace
      e: "\x1B",
      // escape character
      f: "\f",
      // form feed
      n: "\n",
      // line feed
      r: "\r",
      // carriage return
      t: "	",
      // horizontal tab
      v: "\v",
      // vertical tab
      N: "\x85",
      // Unicode next line
      _: "\xA0",
      // Unicode non-breaking space
      L: "\u2028",
      // Unicode line separator
      P: "\u2029",
      // Unicode paragraph separator
      " ": " ",
      '"': '"',
      "/": "/",
      "\\": "\\",
      "	": "	"
    };
    function parseCharCode(source, offset, length, onError) {
      const cc = source.substr(offset, length);
      const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
      const code = ok ? parseInt(cc, 16) : NaN;
      try {
        return String.fromCodePoint(code);
      } catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
        return raw;
      }
    }
    exports.resolveFlowScalar = resolveFlowScalar;
  }
});

// node_modules/yaml/dist/compose/compose-scalar.js
var require_compose_scalar = __commonJS({
  "node_modules/yaml/dist/compose/compose-scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    function composeScalar(ctx, token, tagToken, onError) {
      const { value, type, comment, range } = token.type === "block-scalar" ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError) : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
      const tagName = tagToken ? ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg)) : null;
      let tag;
      if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
      } else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
      else if (token.type === "scalar")
        tag = findScalarTagByTest(ctx, value, token, onError);
      else
        tag = ctx.schema[identity.SCALAR];
      let scalar;
      try {
        const res = tag.resolve(value, (msg) => onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
      } catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg);
        scalar = new Scalar.Scalar(value);
      }
      scalar.range = range;
      scalar.source = value;
      if (type)
        scalar.type = type;
      if (tagName)
        scalar.tag = tagName;
      if (tag.format)
        scalar.format = tag.format;
      if (comment)
        scalar.comment = comment;
      return scalar;
    }
    function findScalarTagByName(schema, value, tagName, tagToken, onError) {
      if (tagName === "!")
        return schema[identity.SCALAR];
      const matchWithTest = [];
      for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
          if (tag.default && tag.test)
            matchWithTest.push(tag);
          else
            return tag;
        }
      }
      for (const tag of matchWithTest)
        if (tag.test?.test(value))
          return tag;
      const kt = schema.knownTags[tagName];
      if (kt && !kt.collection) {
        schema.tags.push(Object.assign({}, kt, { default: false, test: void 0 }));
        return kt;
      }
      onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, tagName !== "tag:yaml.org,2002:str");
      return schema[identity.SCALAR];
    }
    function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
      const tag = schema.tags.find((tag2) => (tag2.default === true || atKey && tag2.default === "key") && tag2.test?.test(value)) || schema[identity.SCALAR];
      if (schema.compat) {
        const compat = schema.compat.find((tag2) => tag2.default && tag2.test?.test(value)) ?? schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
          const ts = directives.tagString(tag.tag);
          const cs = directives.tagString(compat.tag);
          const msg = `Value may be parsed as either ${ts} or ${cs}`;
          onError(token, "TAG_RESOLVE_FAILED", msg, true);
        }
      }
      return tag;
    }
    exports.composeScalar = composeScalar;
  }
});

// node_modules/yaml/dist/compose/util-empty-scalar-position.js
var require_util_empty_scalar_position = __commonJS({
  "node_modules/yaml/dist/compose/util-empty-scalar-position.js"(exports) {
    "use strict";
    function emptyScalarPosition(offset, before, pos) {
      if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
          let st = before[i];
          switch (st.type) {
            case "space":
            case "comment":
            case "newline":
              offset -= st.source.length;
              continue;
          }
          st = before[++i];
          while (st?.type === "space") {
            offset += st.source.length;
            st = before[++i];
          }
          break;
        }
      }
      return offset;
    }
    exports.emptyScalarPosition = emptyScalarPosition;
  }
});

// node_modules/yaml/dist/compose/compose-node.js
var require_compose_node = __commonJS({
  "node_modules/yaml/dist/compose/compose-node.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var composeCollection = require_compose_collection();
    var composeScalar = require_compose_scalar();
    var resolveEnd = require_resolve_end();
    var utilEmptyScalarPosition = require_util_empty_scalar_position();
    var CN = { composeNode, composeEmptyNode };
    function composeNode(ctx, token, props, onError) {
      const atKey = ctx.atKey;
      const { spaceBefore, comment, anchor, tag } = props;
      let node;
      let isSrcToken = true;
      switch (token.type) {
        case "alias":
          node = composeAlias(ctx, token, onError);
          if (anchor || tag)
            onError(token, "ALIAS_PROPS", "An alias node must not specify any properties");
          break;
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "block-scalar":
          node = composeScalar.composeScalar(ctx, token, tag, onError);
          if (anchor)
            node.anchor = anchor.source.substring(1);
          break;
        case "block-map":
        case "block-seq":
        case "flow-collection":
          try {
            node = composeCollection.composeCollection(CN, ctx, token, props, onError);
            if (anchor)
              node.anchor = anchor.source.substring(1);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            onError(token, "RESOURCE_EXHAUSTION", message);
          }
          break;
        default: {
          const message = token.type === "error" ? token.message : `Unsupported token (type: ${token.type})`;
          onError(token, "UNEXPECTED_TOKEN", message);
          isSrcToken = false;
        }
      }
      node ?? (node = composeEmptyNode(ctx, token.offset, void 0, null, props, onError));
      if (anchor && node.anchor === "")
        onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      if (atKey && ctx.options.stringKeys && (!identity.isScalar(node) || typeof node.value !== "string" || node.tag && node.tag !== "tag:yaml.org,2002:str")) {
        const msg = "With stringKeys, all keys must be strings";
        onError(tag ?? token, "NON_STRING_KEY", msg);
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        if (token.type === "scalar" && token.source === "")
          node.comment = comment;
        else
          node.commentBefore = comment;
      }
      if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
      return node;
    }
    function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
      const token = {
        type: "scalar",
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ""
      };
      const node = composeScalar.composeScalar(ctx, token, tag, onError);
      if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === "")
          onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        node.comment = comment;
        node.range[2] = end;
      }
      return node;
    }
    function composeAlias({ options }, { offset, source, end }, onError) {
      const alias = new Alias.Alias(source.substring(1));
      if (alias.source === "")
        onError(offset, "BAD_ALIAS", "Alias cannot be an empty string");
      if (alias.source.endsWith(":"))
        onError(offset + source.length - 1, "BAD_ALIAS", "Alias ending in : is ambiguous", true);
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
      alias.range = [offset, valueEnd, re.offset];
      if (re.comment)
        alias.comment = re.comment;
      return alias;
    }
    exports.composeEmptyNode = composeEmptyNode;
    exports.composeNode = composeNode;
  }
});

// node_modules/yaml/dist/compose/compose-doc.js
var require_compose_doc = __commonJS({
  "node_modules/yaml/dist/compose/compose-doc.js"(exports) {
    "use strict";
    var Document = require_Document();
    var composeNode = require_compose_node();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    function composeDoc(options, directives, { offset, start: start2, value, end }, onError) {
      const opts = Object.assign({ _directives: directives }, options);
      const doc = new Document.Document(void 0, opts);
      const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
      };
      const props = resolveProps.resolveProps(start2, {
        indicator: "doc-start",
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
      });
      if (props.found) {
        doc.directives.docStart = true;
        if (value && (value.type === "block-map" || value.type === "block-seq") && !props.hasNewline)
          onError(props.end, "MISSING_CHAR", "Block collection cannot start on same line with directives-end marker");
      }
      doc.contents = value ? composeNode.composeNode(ctx, value, props, onError) : composeNode.composeEmptyNode(ctx, props.end, start2, null, props, onError);
      const contentEnd = doc.contents.range[2];
      const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
      if (re.comment)
        doc.comment = re.comment;
      doc.range = [offset, contentEnd, re.offset];
      return doc;
    }
    exports.composeDoc = composeDoc;
  }
});

// node_modules/yaml/dist/compose/composer.js
var require_composer = __commonJS({
  "node_modules/yaml/dist/compose/composer.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var directives = require_directives();
    var Document = require_Document();
    var errors = require_errors();
    var identity = require_identity();
    var composeDoc = require_compose_doc();
    var resolveEnd = require_resolve_end();
    function getErrorPos(src) {
      if (typeof src === "number")
        return [src, src + 1];
      if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
      const { offset, source } = src;
      return [offset, offset + (typeof source === "string" ? source.length : 1)];
    }
    function parsePrelude(prelude) {
      let comment = "";
      let atComment = false;
      let afterEmptyLine = false;
      for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
          case "#":
            comment += (comment === "" ? "" : afterEmptyLine ? "\n\n" : "\n") + (source.substring(1) || " ");
            atComment = true;
            afterEmptyLine = false;
            break;
          case "%":
            if (prelude[i + 1]?.[0] !== "#")
              i += 1;
            atComment = false;
            break;
          default:
            if (!atComment)
              afterEmptyLine = true;
            atComment = false;
        }
      }
      return { comment, afterEmptyLine };
    }
    var Composer = class {
      constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
          const pos = getErrorPos(source);
          if (warning)
            this.warnings.push(new errors.YAMLWarning(pos, code, message));
          else
            this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        this.directives = new directives.Directives({ version: options.version || "1.2" });
        this.options = options;
      }
      decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        if (comment) {
          const dc = doc.contents;
          if (afterDoc) {
            doc.comment = doc.comment ? `${doc.comment}
${comment}` : comment;
          } else if (afterEmptyLine || doc.directives.docStart || !dc) {
            doc.commentBefore = comment;
          } else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
            let it = dc.items[0];
            if (identity.isPair(it))
              it = it.key;
            const cb = it.commentBefore;
            it.commentBefore = cb ? `${comment}
${cb}` : comment;
          } else {
            const cb = dc.commentBefore;
            dc.commentBefore = cb ? `${comment}
${cb}` : comment;
          }
        }
        if (afterDoc) {
          for (let i = 0; i < this.errors.length; ++i)
            doc.errors.push(this.errors[i]);
          for (let i = 0; i < this.warnings.length; ++i)
            doc.warnings.push(this.warnings[i]);
        } else {
          doc.errors = this.errors;
          doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
      }
      /**
       * Current stream status information.
       *
       * Mostly useful at the end of input for an empty stream.
       */
      streamInfo() {
        return {
          comment: parsePrelude(this.prelude).comment,
          directives: this.directives,
          errors: this.errors,
          warnings: this.warnings
        };
      }
      /**
       * Compose tokens into documents.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
          yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
      }
      /** Advance the composer by one CST token. */
      *next(token) {
        if (node_process.env.LOG_STREAM)
          console.dir(token, { depth: null });
        switch (token.type) {
          case "directive":
            this.directives.add(token.source, (offset, message, warning) => {
              const pos = getErrorPos(token);
              pos[0] += offset;
              this.onError(pos, "BAD_DIRECTIVE", message, warning);
            });
            this.prelude.push(token.source);
            this.atDirectives = true;
            break;
          case "document": {
            const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
            if (this.atDirectives && !doc.directives.docStart)
              this.onError(token, "MISSING_CHAR", "Missing directives-end/doc-start indicator line");
            this.decorate(doc, false);
            if (this.doc)
              yield this.doc;
            this.doc = doc;
            this.atDirectives = false;
            break;
          }
          case "byte-order-mark":
          case "space":
            break;
          case "comment":
          case "newline":
            this.prelude.push(token.source);
            break;
          case "error": {
            const msg = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
            const error = new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg);
            if (this.atDirectives || !this.doc)
              this.errors.push(error);
            else
              this.doc.errors.push(error);
            break;
          }
          case "doc-end": {
            if (!this.doc) {
              const msg = "Unexpected doc-end without preceding document";
              this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg));
              break;
            }
            this.doc.directives.docEnd = true;
            const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
            this.decorate(this.doc, true);
            if (end.comment) {
              const dc = this.doc.comment;
              this.doc.comment = dc ? `${dc}
${end.comment}` : end.comment;
            }
            this.doc.range[2] = end.offset;
            break;
          }
          default:
            this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", `Unsupported token ${token.type}`));
        }
      }
      /**
       * Call at end of input to yield any remaining document.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
          this.decorate(this.doc, true);
          yield this.doc;
          this.doc = null;
        } else if (forceDoc) {
          const opts = Object.assign({ _directives: this.directives }, this.options);
          const doc = new Document.Document(void 0, opts);
          if (this.atDirectives)
            this.onError(endOffset, "MISSING_CHAR", "Missing directives-end indicator line");
          doc.range = [0, endOffset, endOffset];
          this.decorate(doc, false);
          yield doc;
        }
      }
    };
    exports.Composer = Composer;
  }
});

// node_modules/yaml/dist/parse/cst-scalar.js
var require_cst_scalar = __commonJS({
  "node_modules/yaml/dist/parse/cst-scalar.js"(exports) {
    "use strict";
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    var errors = require_errors();
    var stringifyString = require_stringifyString();
    function resolveAsScalar(token, strict = true, onError) {
      if (token) {
        const _onError = (pos, code, message) => {
          const offset = typeof pos === "number" ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
          if (onError)
            onError(offset, code, message);
          else
            throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
          case "block-scalar":
            return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
      }
      return null;
    }
    function createScalarToken(value, context) {
      const { implicitKey = false, indent, inFlow = false, offset = -1, type = "PLAIN" } = context;
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      const end = context.end ?? [
        { type: "newline", offset: -1, indent, source: "\n" }
      ];
      switch (source[0]) {
        case "|":
        case ">": {
          const he = source.indexOf("\n");
          const head = source.substring(0, he);
          const body = source.substring(he + 1) + "\n";
          const props = [
            { type: "block-scalar-header", offset, indent, source: head }
          ];
          if (!addEndtoBlockProps(props, end))
            props.push({ type: "newline", offset: -1, indent, source: "\n" });
          return { type: "block-scalar", offset, indent, props, source: body };
        }
        case '"':
          return { type: "double-quoted-scalar", offset, indent, source, end };
        case "'":
          return { type: "single-quoted-scalar", offset, indent, source, end };
        default:
          return { type: "scalar", offset, indent, source, end };
      }
    }
    function setScalarValue(token, value, context = {}) {
      let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
      let indent = "indent" in token ? token.indent : null;
      if (afterKey && typeof indent === "number")
        indent += 2;
      if (!type)
        switch (token.type) {
          case "single-quoted-scalar":
            type = "QUOTE_SINGLE";
            break;
          case "double-quoted-scalar":
            type = "QUOTE_DOUBLE";
            break;
          case "block-scalar": {
            const header = token.props[0];
            if (header.type !== "block-scalar-header")
              throw new Error("Invalid block scalar header");
            type = header.source[0] === ">" ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
            break;
          }
          default:
            type = "PLAIN";
        }
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      switch (source[0]) {
        case "|":
        case ">":
          setBlockScalarValue(token, source);
          break;
        case '"':
          setFlowScalarValue(token, source, "double-quoted-scalar");
          break;
        case "'":
          setFlowScalarValue(token, source, "single-quoted-scalar");
          break;
        default:
          setFlowScalarValue(token, source, "scalar");
      }
    }
    function setBlockScalarValue(token, source) {
      const he = source.indexOf("\n");
      const head = source.substring(0, he);
      const body = source.substring(he + 1) + "\n";
      if (token.type === "block-scalar") {
        const header = token.props[0];
        if (header.type !== "block-scalar-header")
          throw new Error("Invalid block scalar header");
        header.source = head;
        token.source = body;
      } else {
        const { offset } = token;
        const indent = "indent" in token ? token.indent : -1;
        const props = [
          { type: "block-scalar-header", offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, "end" in token ? token.end : void 0))
          props.push({ type: "newline", offset: -1, indent, source: "\n" });
        for (const key of Object.keys(token))
          if (key !== "type" && key !== "offset")
            delete token[key];
        Object.assign(token, { type: "block-scalar", indent, props, source: body });
      }
    }
    function addEndtoBlockProps(props, end) {
      if (end)
        for (const st of end)
          switch (st.type) {
            case "space":
            case "comment":
              props.push(st);
              break;
            case "newline":
              props.push(st);
              return true;
          }
      return false;
    }
    function setFlowScalarValue(token, source, type) {
      switch (token.type) {
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          token.type = type;
          token.source = source;
          break;
        case "block-scalar": {
          const end = token.props.slice(1);
          let oa = source.length;
          if (token.props[0].type === "block-scalar-header")
            oa -= token.props[0].source.length;
          for (const tok of end)
            tok.offset += oa;
          delete token.props;
          Object.assign(token, { type, source, end });
          break;
        }
        case "block-map":
        case "block-seq": {
          const offset = token.offset + source.length;
          const nl = { type: "newline", offset, indent: token.indent, source: "\n" };
          delete token.items;
          Object.assign(token, { type, source, end: [nl] });
          break;
        }
        default: {
          const indent = "indent" in token ? token.indent : -1;
          const end = "end" in token && Array.isArray(token.end) ? token.end.filter((st) => st.type === "space" || st.type === "comment" || st.type === "newline") : [];
          for (const key of Object.keys(token))
            if (key !== "type" && key !== "offset")
              delete token[key];
          Object.assign(token, { type, indent, source, end });
        }
      }
    }
    exports.createScalarToken = createScalarToken;
    exports.resolveAsScalar = resolveAsScalar;
    exports.setScalarValue = setScalarValue;
  }
});

// node_modules/yaml/dist/parse/cst-stringify.js
var require_cst_stringify = __commonJS({
  "node_modules/yaml/dist/parse/cst-stringify.js"(exports) {
    "use strict";
    var stringify = (cst) => "type" in cst ? stringifyToken(cst) : stringifyItem(cst);
    function stringifyToken(token) {
      switch (token.type) {
        case "block-scalar": {
          let res = "";
          for (const tok of token.props)
            res += stringifyToken(tok);
          return res + token.source;
        }
        case "block-map":
        case "block-seq": {
          let res = "";
          for (const item of token.items)
            res += stringifyItem(item);
          return res;
        }
        case "flow-collection": {
          let res = token.start.source;
          for (const item of token.items)
            res += stringifyItem(item);
          for (const st of token.end)
            res += st.source;
          return res;
        }
        case "document": {
          let res = stringifyItem(token);
          if (token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
        default: {
          let res = token.source;
          if ("end" in token && token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
      }
    }
    function stringifyItem({ start: start2, key, sep, value }) {
      let res = "";
      for (const st of start2)
        res += st.source;
      if (key)
        res += stringifyToken(key);
      if (sep)
        for (const st of sep)
          res += st.source;
      if (value)
        res += stringifyToken(value);
      return res;
    }
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/parse/cst-visit.js
var require_cst_visit = __commonJS({
  "node_modules/yaml/dist/parse/cst-visit.js"(exports) {
    "use strict";
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove item");
    function visit(cst, visitor) {
      if ("type" in cst && cst.type === "document")
        cst = { start: cst.start, value: cst.value };
      _visit(Object.freeze([]), cst, visitor);
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    visit.itemAtPath = (cst, path) => {
      let item = cst;
      for (const [field, index] of path) {
        const tok = item?.[field];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit.parentCollection = (cst, path) => {
      const parent = visit.itemAtPath(cst, path.slice(0, -1));
      const field = path[path.length - 1][0];
      const coll = parent?.[field];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
    function _visit(path, item, visitor) {
      let ctrl = visitor(item, path);
      if (typeof ctrl === "symbol")
        return ctrl;
      for (const field of ["key", "value"]) {
        const token = item[field];
        if (token && "items" in token) {
          for (let i = 0; i < token.items.length; ++i) {
            const ci = _visit(Object.freeze(path.concat([[field, i]])), token.items[i], visitor);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              token.items.splice(i, 1);
              i -= 1;
            }
          }
          if (typeof ctrl === "function" && field === "key")
            ctrl = ctrl(item, path);
        }
      }
      return typeof ctrl === "function" ? ctrl(item, path) : ctrl;
    }
    exports.visit = visit;
  }
});

// node_modules/yaml/dist/parse/cst.js
var require_cst = __commonJS({
  "node_modules/yaml/dist/parse/cst.js"(exports) {
    "use strict";
    var cstScalar = require_cst_scalar();
    var cstStringify = require_cst_stringify();
    var cstVisit = require_cst_visit();
    var BOM = "\uFEFF";
    var DOCUMENT = "";
    var FLOW_END = "";
    var SCALAR = "";
    var isCollection = (token) => !!token && "items" in token;
    var isScalar2 = (token) => !!token && (token.type === "scalar" || token.type === "single-quoted-scalar" || token.type === "double-quoted-scalar" || token.type === "block-scalar");
    function prettyToken(token) {
      switch (token) {
        case BOM:
          return "<BOM>";
        case DOCUMENT:
          return "<DOC>";
        case FLOW_END:
          return "<FLOW_END>";
        case SCALAR:
          return "<SCALAR>";
        default:
          return JSON.stringify(token);
      }
    }
    function tokenType(source) {
      switch (source) {
        case BOM:
          return "byte-order-mark";
        case DOCUMENT:
          return "doc-mode";
        case FLOW_END:
          return "flow-error-end";
        case SCALAR:
          return "scalar";
        case "---":
          return "doc-start";
        case "...":
          return "doc-end";
        case "":
        case "\n":
        case "\r\n":
          return "newline";
        case "-":
          return "seq-item-ind";
        case "?":
          return "explicit-key-ind";
        case ":":
          return "map-value-ind";
        case "{":
          return "flow-map-start";
        case "}":
          return "flow-map-end";
        case "[":
          return "flow-seq-start";
        case "]":
          return "flow-seq-end";
        case ",":
          return "comma";
      }
      switch (source[0]) {
        case " ":
        case "	":
          return "space";
        case "#":
          return "comment";
        case "%":
          return "directive-line";
        case "*":
          return "alias";
        case "&":
          return "anchor";
        case "!":
          return "tag";
        case "'":
          return "single-quoted-scalar";
        case '"':
          return "double-quoted-scalar";
        case "|":
        case ">":
          return "block-scalar-header";
      }
      return null;
    }
    exports.createScalarToken = cstScalar.createScalarToken;
    exports.resolveAsScalar = cstScalar.resolveAsScalar;
    exports.setScalarValue = cstScalar.setScalarValue;
    exports.stringify = cstStringify.stringify;
    exports.visit = cstVisit.visit;
    exports.BOM = BOM;
    exports.DOCUMENT = DOCUMENT;
    exports.FLOW_END = FLOW_END;
    exports.SCALAR = SCALAR;
    exports.isCollection = isCollection;
    exports.isScalar = isScalar2;
    exports.prettyToken = prettyToken;
    exports.tokenType = tokenType;
  }
});

// node_modules/yaml/dist/parse/lexer.js
var require_lexer = __commonJS({
  "node_modules/yaml/dist/parse/lexer.js"(exports) {
    "use strict";
    var cst = require_cst();
    function isEmpty(ch) {
      switch (ch) {
        case void 0:
        case " ":
        case "\n":
        case "\r":
        case "	":
          return true;
        default:
          return false;
      }
    }
    var hexDigits = new Set("0123456789ABCDEFabcdef");
    var tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
    var flowIndicatorChars = new Set(",[]{}");
    var invalidAnchorChars = new Set(" ,[]{}\n\r	");
    var isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
    var Lexer = class {
      constructor() {
        this.atEnd = false;
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        this.buffer = "";
        this.flowKey = false;
        this.flowLevel = 0;
        this.indentNext = 0;
        this.indentValue = 0;
        this.lineEndPos = null;
        this.next = null;
        this.pos = 0;
      }
      /**
       * Generate YAML tokens from the `source` string. If `incomplete`,
       * a part of the last line may be left as a buffer for the next call.
       *
       * @returns A generator of lexical tokens
       */
      *lex(source, incomplete = false) {
        if (source) {
          if (typeof source !== "string")
            throw TypeError("source is not a string");
          this.buffer = this.buffer ? this.buffer + source : source;
          this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? "stream";
        while (next && (incomplete || this.hasChars(1)))
          next = yield* this.parseNext(next);
      }
      atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === " " || ch === "	")
          ch = this.buffer[++i];
        if (!ch || ch === "#" || ch === "\n")
          return true;
        if (ch === "\r")
          return this.buffer[i + 1] === "\n";
        return false;
      }
      charAt(n) {
        return this.buffer[this.pos + n];
      }
      continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
          let indent = 0;
          while (ch === " ")
            ch = this.buffer[++indent + offset];
          if (ch === "\r") {
            const next = this.buffer[indent + offset + 1];
            if (next === "\n" || !next && !this.atEnd)
              return offset + indent + 1;
          }
          return ch === "\n" || indent >= this.indentNext || !ch && !this.atEnd ? offset + indent : -1;
        }
        if (ch === "-" || ch === ".") {
          const dt = this.buffer.substr(offset, 3);
          if ((dt === "---" || dt === "...") && isEmpty(this.buffer[offset + 3]))
            return -1;
        }
        return offset;
      }
      getLine() {
        let end = this.lineEndPos;
        if (typeof end !== "number" || end !== -1 && end < this.pos) {
          end = this.buffer.indexOf("\n", this.pos);
          this.lineEndPos = end;
        }
        if (end === -1)
          return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === "\r")
          end -= 1;
        return this.buffer.substring(this.pos, end);
      }
      hasChars(n) {
        return this.pos + n <= this.buffer.length;
      }
      setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
      }
      peek(n) {
        return this.buffer.substr(this.pos, n);
      }
      *parseNext(next) {
        switch (next) {
          case "stream":
            return yield* this.parseStream();
          case "line-start":
            return yield* this.parseLineStart();
          case "block-start":
            return yield* this.parseBlockStart();
          case "doc":
            return yield* this.parseDocument();
          case "flow":
            return yield* this.parseFlowCollection();
          case "quoted-scalar":
            return yield* this.parseQuotedScalar();
          case "block-scalar":
            return yield* this.parseBlockScalar();
          case "plain-scalar":
            return yield* this.parsePlainScalar();
        }
      }
      *parseStream() {
        let line = this.getLine();
        if (line === null)
          return this.setNext("stream");
        if (line[0] === cst.BOM) {
          yield* this.pushCount(1);
          line = line.substring(1);
        }
        if (line[0] === "%") {
          let dirEnd = line.length;
          let cs = line.indexOf("#");
          while (cs !== -1) {
            const ch = line[cs - 1];
            if (ch === " " || ch === "	") {
              dirEnd = cs - 1;
              break;
            } else {
              cs = line.indexOf("#", cs + 1);
            }
          }
          while (true) {
            const ch = line[dirEnd - 1];
            if (ch === " " || ch === "	")
              dirEnd -= 1;
            else
              break;
          }
          const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
          yield* this.pushCount(line.length - n);
          this.pushNewline();
          return "stream";
        }
        if (this.atLineEnd()) {
          const sp = yield* this.pushSpaces(true);
          yield* this.pushCount(line.length - sp);
          yield* this.pushNewline();
          return "stream";
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
      }
      *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
          return this.setNext("line-start");
        if (ch === "-" || ch === ".") {
          if (!this.atEnd && !this.hasChars(4))
            return this.setNext("line-start");
          const s = this.peek(3);
          if ((s === "---" || s === "...") && isEmpty(this.charAt(3))) {
            yield* this.pushCount(3);
            this.indentValue = 0;
            this.indentNext = 0;
            return s === "---" ? "doc" : "stream";
          }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
          this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
      }
      *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
          return this.setNext("block-start");
        if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty(ch1)) {
          const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
          this.indentNext = this.indentValue + 1;
          this.indentValue += n;
          return "block-start";
        }
        return "doc";
      }
      *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
          return this.setNext("doc");
        let n = yield* this.pushIndicators();
        switch (line[n]) {
          case "#":
            yield* this.pushCount(line.length - n);
          // fallthrough
          case void 0:
            yield* this.pushNewline();
            return yield* this.parseLineStart();
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel = 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            return "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "doc";
          case '"':
          case "'":
            return yield* this.parseQuotedScalar();
          case "|":
          case ">":
            n += yield* this.parseBlockScalarHeader();
            n += yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - n);
            yield* this.pushNewline();
            return yield* this.parseBlockScalar();
          default:
            return yield* this.parsePlainScalar();
        }
      }
      *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
          nl = yield* this.pushNewline();
          if (nl > 0) {
            sp = yield* this.pushSpaces(false);
            this.indentValue = indent = sp;
          } else {
            sp = 0;
          }
          sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
          return this.setNext("flow");
        if (indent !== -1 && indent < this.indentNext && line[0] !== "#" || indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty(line[3])) {
          const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
          if (!atFlowEndMarker) {
            this.flowLevel = 0;
            yield cst.FLOW_END;
            return yield* this.parseLineStart();
          }
        }
        let n = 0;
        while (line[n] === ",") {
          n += yield* this.pushCount(1);
          n += yield* this.pushSpaces(true);
          this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
          case void 0:
            return "flow";
          case "#":
            yield* this.pushCount(line.length - n);
            return "flow";
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel += 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            this.flowKey = true;
            this.flowLevel -= 1;
            return this.flowLevel ? "flow" : "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "flow";
          case '"':
          case "'":
            this.flowKey = true;
            return yield* this.parseQuotedScalar();
          case ":": {
            const next = this.charAt(1);
            if (this.flowKey || isEmpty(next) || next === ",") {
              this.flowKey = false;
              yield* this.pushCount(1);
              yield* this.pushSpaces(true);
              return "flow";
            }
          }
          // fallthrough
          default:
            this.flowKey = false;
            return yield* this.parsePlainScalar();
        }
      }
      *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
          while (end !== -1 && this.buffer[end + 1] === "'")
            end = this.buffer.indexOf("'", end + 2);
        } else {
          while (end !== -1) {
            let n = 0;
            while (this.buffer[end - 1 - n] === "\\")
              n += 1;
            if (n % 2 === 0)
              break;
            end = this.buffer.indexOf('"', end + 1);
          }
        }
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf("\n", this.pos);
        if (nl !== -1) {
          while (nl !== -1) {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = qb.indexOf("\n", cs);
          }
          if (nl !== -1) {
            end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
          }
        }
        if (end === -1) {
          if (!this.atEnd)
            return this.setNext("quoted-scalar");
          end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? "flow" : "doc";
      }
      *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
          const ch = this.buffer[++i];
          if (ch === "+")
            this.blockScalarKeep = true;
          else if (ch > "0" && ch <= "9")
            this.blockScalarIndent = Number(ch) - 1;
          else if (ch !== "-")
            break;
        }
        return yield* this.pushUntil((ch) => isEmpty(ch) || ch === "#");
      }
      *parseBlockScalar() {
        let nl = this.pos - 1;
        let indent = 0;
        let ch;
        loop: for (let i2 = this.pos; ch = this.buffer[i2]; ++i2) {
          switch (ch) {
            case " ":
              indent += 1;
              break;
            case "\n":
              nl = i2;
              indent = 0;
              break;
            case "\r": {
              const next = this.buffer[i2 + 1];
              if (!next && !this.atEnd)
                return this.setNext("block-scalar");
              if (next === "\n")
                break;
            }
            // fallthrough
            default:
              break loop;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("block-scalar");
        if (indent >= this.indentNext) {
          if (this.blockScalarIndent === -1)
            this.indentNext = indent;
          else {
            this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
          }
          do {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = this.buffer.indexOf("\n", cs);
          } while (nl !== -1);
          if (nl === -1) {
            if (!this.atEnd)
              return this.setNext("block-scalar");
            nl = this.buffer.length;
          }
        }
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === " ")
          ch = this.buffer[++i];
        if (ch === "	") {
          while (ch === "	" || ch === " " || ch === "\r" || ch === "\n")
            ch = this.buffer[++i];
          nl = i - 1;
        } else if (!this.blockScalarKeep) {
          do {
            let i2 = nl - 1;
            let ch2 = this.buffer[i2];
            if (ch2 === "\r")
              ch2 = this.buffer[--i2];
            const lastChar = i2;
            while (ch2 === " ")
              ch2 = this.buffer[--i2];
            if (ch2 === "\n" && i2 >= this.pos && i2 + 1 + indent > lastChar)
              nl = i2;
            else
              break;
          } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
      }
      *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while (ch = this.buffer[++i]) {
          if (ch === ":") {
            const next = this.buffer[i + 1];
            if (isEmpty(next) || inFlow && flowIndicatorChars.has(next))
              break;
            end = i;
          } else if (isEmpty(ch)) {
            let next = this.buffer[i + 1];
            if (ch === "\r") {
              if (next === "\n") {
                i += 1;
                ch = "\n";
                next = this.buffer[i + 1];
              } else
                end = i;
            }
            if (next === "#" || inFlow && flowIndicatorChars.has(next))
              break;
            if (ch === "\n") {
              const cs = this.continueScalar(i + 1);
              if (cs === -1)
                break;
              i = Math.max(i, cs - 2);
            }
          } else {
            if (inFlow && flowIndicatorChars.has(ch))
              break;
            end = i;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("plain-scalar");
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? "flow" : "doc";
      }
      *pushCount(n) {
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos += n;
          return n;
        }
        return 0;
      }
      *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
          yield s;
          this.pos += s.length;
          return s.length;
        } else if (allowEmpty)
          yield "";
        return 0;
      }
      *pushIndicators() {
        let n = 0;
        loop: while (true) {
          switch (this.charAt(0)) {
            case "!":
              n += yield* this.pushTag();
              n += yield* this.pushSpaces(true);
              continue loop;
            case "&":
              n += yield* this.pushUntil(isNotAnchorChar);
              n += yield* this.pushSpaces(true);
              continue loop;
            case "-":
            // this is an error
            case "?":
            // this is an error outside flow collections
            case ":": {
              const inFlow = this.flowLevel > 0;
              const ch1 = this.charAt(1);
              if (isEmpty(ch1) || inFlow && flowIndicatorChars.has(ch1)) {
                if (!inFlow)
                  this.indentNext = this.indentValue + 1;
                else if (this.flowKey)
                  this.flowKey = false;
                n += yield* this.pushCount(1);
                n += yield* this.pushSpaces(true);
                continue loop;
              }
            }
          }
          break loop;
        }
        return n;
      }
      *pushTag() {
        if (this.charAt(1) === "<") {
          let i = this.pos + 2;
          let ch = this.buffer[i];
          while (!isEmpty(ch) && ch !== ">")
            ch = this.buffer[++i];
          return yield* this.pushToIndex(ch === ">" ? i + 1 : i, false);
        } else {
          let i = this.pos + 1;
          let ch = this.buffer[i];
          while (ch) {
            if (tagChars.has(ch))
              ch = this.buffer[++i];
            else if (ch === "%" && hexDigits.has(this.buffer[i + 1]) && hexDigits.has(this.buffer[i + 2])) {
              ch = this.buffer[i += 3];
            } else
              break;
          }
          return yield* this.pushToIndex(i, false);
        }
      }
      *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === "\n")
          return yield* this.pushCount(1);
        else if (ch === "\r" && this.charAt(1) === "\n")
          return yield* this.pushCount(2);
        else
          return 0;
      }
      *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
          ch = this.buffer[++i];
        } while (ch === " " || allowTabs && ch === "	");
        const n = i - this.pos;
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos = i;
        }
        return n;
      }
      *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
          ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
      }
    };
    exports.Lexer = Lexer;
  }
});

// node_modules/yaml/dist/parse/line-counter.js
var require_line_counter = __commonJS({
  "node_modules/yaml/dist/parse/line-counter.js"(exports) {
    "use strict";
    var LineCounter2 = class {
      constructor() {
        this.lineStarts = [];
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        this.linePos = (offset) => {
          let low = 0;
          let high = this.lineStarts.length;
          while (low < high) {
            const mid = low + high >> 1;
            if (this.lineStarts[mid] < offset)
              low = mid + 1;
            else
              high = mid;
          }
          if (this.lineStarts[low] === offset)
            return { line: low + 1, col: 1 };
          if (low === 0)
            return { line: 0, col: offset };
          const start2 = this.lineStarts[low - 1];
          return { line: low, col: offset - start2 + 1 };
        };
      }
    };
    exports.LineCounter = LineCounter2;
  }
});

// node_modules/yaml/dist/parse/parser.js
var require_parser = __commonJS({
  "node_modules/yaml/dist/parse/parser.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var cst = require_cst();
    var lexer = require_lexer();
    function includesToken(list2, type) {
      for (let i = 0; i < list2.length; ++i)
        if (list2[i].type === type)
          return true;
      return false;
    }
    function findNonEmptyIndex(list2) {
      for (let i = 0; i < list2.length; ++i) {
        switch (list2[i].type) {
          case "space":
          case "comment":
          case "newline":
            break;
          default:
            return i;
        }
      }
      return -1;
    }
    function isFlowToken(token) {
      switch (token?.type) {
        case "alias":
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "flow-collection":
          return true;
        default:
          return false;
      }
    }
    function getPrevProps(parent) {
      switch (parent.type) {
        case "document":
          return parent.start;
        case "block-map": {
          const it = parent.items[parent.items.length - 1];
          return it.sep ?? it.start;
        }
        case "block-seq":
          return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
          return [];
      }
    }
    function getFirstKeyStartProps(prev) {
      if (prev.length === 0)
        return [];
      let i = prev.length;
      loop: while (--i >= 0) {
        switch (prev[i].type) {
          case "doc-start":
          case "explicit-key-ind":
          case "map-value-ind":
          case "seq-item-ind":
          case "newline":
            break loop;
        }
      }
      while (prev[++i]?.type === "space") {
      }
      return prev.splice(i, prev.length);
    }
    function arrayPushArray(target, source) {
      if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
      else
        for (let i = 0; i < source.length; ++i)
          target.push(source[i]);
    }
    function fixFlowSeqItems(fc) {
      if (fc.start.type === "flow-seq-start") {
        for (const it of fc.items) {
          if (it.sep && !it.value && !includesToken(it.start, "explicit-key-ind") && !includesToken(it.sep, "map-value-ind")) {
            if (it.key)
              it.value = it.key;
            delete it.key;
            if (isFlowToken(it.value)) {
              if (it.value.end)
                arrayPushArray(it.value.end, it.sep);
              else
                it.value.end = it.sep;
            } else
              arrayPushArray(it.start, it.sep);
            delete it.sep;
          }
        }
      }
    }
    var Parser = class {
      /**
       * @param onNewLine - If defined, called separately with the start position of
       *   each new line (in `parse()`, including the start of input).
       */
      constructor(onNewLine) {
        this.atNewLine = true;
        this.atScalar = false;
        this.indent = 0;
        this.offset = 0;
        this.onKeyLine = false;
        this.stack = [];
        this.source = "";
        this.type = "";
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
      }
      /**
       * Parse `source` as a YAML stream.
       * If `incomplete`, a part of the last line may be left as a buffer for the next call.
       *
       * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
       *
       * @returns A generator of tokens representing each directive, document, and other structure.
       */
      *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
          this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
          yield* this.next(lexeme);
        if (!incomplete)
          yield* this.end();
      }
      /**
       * Advance the parser by the `source` of one lexical token.
       */
      *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
          console.log("|", cst.prettyToken(source));
        if (this.atScalar) {
          this.atScalar = false;
          yield* this.step();
          this.offset += source.length;
          return;
        }
        const type = cst.tokenType(source);
        if (!type) {
          const message = `Not a YAML token: ${source}`;
          yield* this.pop({ type: "error", offset: this.offset, message, source });
          this.offset += source.length;
        } else if (type === "scalar") {
          this.atNewLine = false;
          this.atScalar = true;
          this.type = "scalar";
        } else {
          this.type = type;
          yield* this.step();
          switch (type) {
            case "newline":
              this.atNewLine = true;
              this.indent = 0;
              if (this.onNewLine)
                this.onNewLine(this.offset + source.length);
              break;
            case "space":
              if (this.atNewLine && source[0] === " ")
                this.indent += source.length;
              break;
            case "explicit-key-ind":
            case "map-value-ind":
            case "seq-item-ind":
              if (this.atNewLine)
                this.indent += source.length;
              break;
            case "doc-mode":
            case "flow-error-end":
              return;
            default:
              this.atNewLine = false;
          }
          this.offset += source.length;
        }
      }
      /** Call at end of input to push out any remaining constructions */
      *end() {
        while (this.stack.length > 0)
          yield* this.pop();
      }
      get sourceToken() {
        const st = {
          type: this.type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
        return st;
      }
      *step() {
        const top = this.peek(1);
        if (this.type === "doc-end" && top?.type !== "doc-end") {
          while (this.stack.length > 0)
            yield* this.pop();
          this.stack.push({
            type: "doc-end",
            offset: this.offset,
            source: this.source
          });
          return;
        }
        if (!top)
          return yield* this.stream();
        switch (top.type) {
          case "document":
            return yield* this.document(top);
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return yield* this.scalar(top);
          case "block-scalar":
            return yield* this.blockScalar(top);
          case "block-map":
            return yield* this.blockMap(top);
          case "block-seq":
            return yield* this.blockSequence(top);
          case "flow-collection":
            return yield* this.flowCollection(top);
          case "doc-end":
            return yield* this.documentEnd(top);
        }
        yield* this.pop();
      }
      peek(n) {
        return this.stack[this.stack.length - n];
      }
      *pop(error) {
        const token = error ?? this.stack.pop();
        if (!token) {
          const message = "Tried to pop an empty stack";
          yield { type: "error", offset: this.offset, source: "", message };
        } else if (this.stack.length === 0) {
          yield token;
        } else {
          const top = this.peek(1);
          if (token.type === "block-scalar") {
            token.indent = "indent" in top ? top.indent : 0;
          } else if (token.type === "flow-collection" && top.type === "document") {
            token.indent = 0;
          }
          if (token.type === "flow-collection")
            fixFlowSeqItems(token);
          switch (top.type) {
            case "document":
              top.value = token;
              break;
            case "block-scalar":
              top.props.push(token);
              break;
            case "block-map": {
              const it = top.items[top.items.length - 1];
              if (it.value) {
                top.items.push({ start: [], key: token, sep: [] });
                this.onKeyLine = true;
                return;
              } else if (it.sep) {
                it.value = token;
              } else {
                Object.assign(it, { key: token, sep: [] });
                this.onKeyLine = !it.explicitKey;
                return;
              }
              break;
            }
            case "block-seq": {
              const it = top.items[top.items.length - 1];
              if (it.value)
                top.items.push({ start: [], value: token });
              else
                it.value = token;
              break;
            }
            case "flow-collection": {
              const it = top.items[top.items.length - 1];
              if (!it || it.value)
                top.items.push({ start: [], key: token, sep: [] });
              else if (it.sep)
                it.value = token;
              else
                Object.assign(it, { key: token, sep: [] });
              return;
            }
            /* istanbul ignore next should not happen */
            default:
              yield* this.pop();
              yield* this.pop(token);
          }
          if ((top.type === "document" || top.type === "block-map" || top.type === "block-seq") && (token.type === "block-map" || token.type === "block-seq")) {
            const last = token.items[token.items.length - 1];
            if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 && (token.indent === 0 || last.start.every((st) => st.type !== "comment" || st.indent < token.indent))) {
              if (top.type === "document")
                top.end = last.start;
              else
                top.items.push({ start: last.start });
              token.items.splice(-1, 1);
            }
          }
        }
      }
      *stream() {
        switch (this.type) {
          case "directive-line":
            yield { type: "directive", offset: this.offset, source: this.source };
            return;
          case "byte-order-mark":
          case "space":
          case "comment":
          case "newline":
            yield this.sourceToken;
            return;
          case "doc-mode":
          case "doc-start": {
            const doc = {
              type: "document",
              offset: this.offset,
              start: []
            };
            if (this.type === "doc-start")
              doc.start.push(this.sourceToken);
            this.stack.push(doc);
            return;
          }
        }
        yield {
          type: "error",
          offset: this.offset,
          message: `Unexpected ${this.type} token in YAML stream`,
          source: this.source
        };
      }
      *document(doc) {
        if (doc.value)
          return yield* this.lineEnd(doc);
        switch (this.type) {
          case "doc-start": {
            if (findNonEmptyIndex(doc.start) !== -1) {
              yield* this.pop();
              yield* this.step();
            } else
              doc.start.push(this.sourceToken);
            return;
          }
          case "anchor":
          case "tag":
          case "space":
          case "comment":
          case "newline":
            doc.start.push(this.sourceToken);
            return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
          this.stack.push(bv);
        else {
          yield {
            type: "error",
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML document`,
            source: this.source
          };
        }
      }
      *scalar(scalar) {
        if (this.type === "map-value-ind") {
          const prev = getPrevProps(this.peek(2));
          const start2 = getFirstKeyStartProps(prev);
          let sep;
          if (scalar.end) {
            sep = scalar.end;
            sep.push(this.sourceToken);
            delete scalar.end;
          } else
            sep = [this.sourceToken];
          const map = {
            type: "block-map",
            offset: scalar.offset,
            indent: scalar.indent,
            items: [{ start: start2, key: scalar, sep }]
          };
          this.onKeyLine = true;
          this.stack[this.stack.length - 1] = map;
        } else
          yield* this.lineEnd(scalar);
      }
      *blockScalar(scalar) {
        switch (this.type) {
          case "space":
          case "comment":
          case "newline":
            scalar.props.push(this.sourceToken);
            return;
          case "scalar":
            scalar.source = this.source;
            this.atNewLine = true;
            this.indent = 0;
            if (this.onNewLine) {
              let nl = this.source.indexOf("\n") + 1;
              while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf("\n", nl) + 1;
              }
            }
            yield* this.pop();
            break;
          /* istanbul ignore next should not happen */
          default:
            yield* this.pop();
            yield* this.step();
        }
      }
      *blockMap(map) {
        const it = map.items[map.items.length - 1];
        switch (this.type) {
          case "newline":
            this.onKeyLine = false;
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              it.start.push(this.sourceToken);
            }
            return;
          case "space":
          case "comment":
            if (it.value) {
              map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              if (this.atIndentedComment(it.start, map.indent)) {
                const prev = map.items[map.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  map.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
        }
        if (this.indent >= map.indent) {
          const atMapIndent = !this.onKeyLine && this.indent === map.indent;
          const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== "seq-item-ind";
          let start2 = [];
          if (atNextItem && it.sep && !it.value) {
            const nl = [];
            for (let i = 0; i < it.sep.length; ++i) {
              const st = it.sep[i];
              switch (st.type) {
                case "newline":
                  nl.push(i);
                  break;
                case "space":
                  break;
                case "comment":
                  if (st.indent > map.indent)
                    nl.length = 0;
                  break;
                default:
                  nl.length = 0;
              }
            }
            if (nl.length >= 2)
              start2 = it.sep.splice(nl[1]);
          }
          switch (this.type) {
            case "anchor":
            case "tag":
              if (atNextItem || it.value) {
                start2.push(this.sourceToken);
                map.items.push({ start: start2 });
                this.onKeyLine = true;
              } else if (it.sep) {
                it.sep.push(this.sourceToken);
              } else {
                it.start.push(this.sourceToken);
              }
              return;
            case "explicit-key-ind":
              if (!it.sep && !it.explicitKey) {
                it.start.push(this.sourceToken);
                it.explicitKey = true;
              } else if (atNextItem || it.value) {
                start2.push(this.sourceToken);
                map.items.push({ start: start2, explicitKey: true });
              } else {
                this.stack.push({
                  type: "block-map",
                  offset: this.offset,
                  indent: this.indent,
                  items: [{ start: [this.sourceToken], explicitKey: true }]
                });
              }
              this.onKeyLine = true;
              return;
            case "map-value-ind":
              if (it.explicitKey) {
                if (!it.sep) {
                  if (includesToken(it.start, "newline")) {
                    Object.assign(it, { key: null, sep: [this.sourceToken] });
                  } else {
                    const start3 = getFirstKeyStartProps(it.start);
                    this.stack.push({
                      type: "block-map",
                      offset: this.offset,
                      indent: this.indent,
                      items: [{ start: start3, key: null, sep: [this.sourceToken] }]
                    });
                  }
                } else if (it.value) {
                  map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start2, key: null, sep: [this.sourceToken] }]
                  });
                } else if (isFlowToken(it.key) && !includesToken(it.sep, "newline")) {
                  const start3 = getFirstKeyStartProps(it.start);
                  const key = it.key;
                  const sep = it.sep;
                  sep.push(this.sourceToken);
                  delete it.key;
                  delete it.sep;
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start3, key, sep }]
                  });
                } else if (start2.length > 0) {
                  it.sep = it.sep.concat(start2, this.sourceToken);
                } else {
                  it.sep.push(this.sourceToken);
                }
              } else {
                if (!it.sep) {
                  Object.assign(it, { key: null, sep: [this.sourceToken] });
                } else if (it.value || atNextItem) {
                  map.items.push({ start: start2, key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [], key: null, sep: [this.sourceToken] }]
                  });
                } else {
                  it.sep.push(this.sourceToken);
                }
              }
              this.onKeyLine = true;
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map.items.push({ start: start2, key: fs, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs);
              } else {
                Object.assign(it, { key: fs, sep: [] });
                this.onKeyLine = true;
              }
              return;
            }
            default: {
              const bv = this.startBlockValue(map);
              if (bv) {
                if (bv.type === "block-seq") {
                  if (!it.explicitKey && it.sep && !includesToken(it.sep, "newline")) {
                    yield* this.pop({
                      type: "error",
                      offset: this.offset,
                      message: "Unexpected block-seq-ind on same line with key",
                      source: this.source
                    });
                    return;
                  }
                } else if (atMapIndent) {
                  map.items.push({ start: start2 });
                }
                this.stack.push(bv);
                return;
              }
            }
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
          case "newline":
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                seq.items.push({ start: [this.sourceToken] });
            } else
              it.start.push(this.sourceToken);
            return;
          case "space":
          case "comment":
            if (it.value)
              seq.items.push({ start: [this.sourceToken] });
            else {
              if (this.atIndentedComment(it.start, seq.indent)) {
                const prev = seq.items[seq.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  seq.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
          case "anchor":
          case "tag":
            if (it.value || this.indent <= seq.indent)
              break;
            it.start.push(this.sourceToken);
            return;
          case "seq-item-ind":
            if (this.indent !== seq.indent)
              break;
            if (it.value || includesToken(it.start, "seq-item-ind"))
              seq.items.push({ start: [this.sourceToken] });
            else
              it.start.push(this.sourceToken);
            return;
        }
        if (this.indent > seq.indent) {
          const bv = this.startBlockValue(seq);
          if (bv) {
            this.stack.push(bv);
            return;
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === "flow-error-end") {
          let top;
          do {
            yield* this.pop();
            top = this.peek(1);
          } while (top?.type === "flow-collection");
        } else if (fc.end.length === 0) {
          switch (this.type) {
            case "comma":
            case "explicit-key-ind":
              if (!it || it.sep)
                fc.items.push({ start: [this.sourceToken] });
              else
                it.start.push(this.sourceToken);
              return;
            case "map-value-ind":
              if (!it || it.value)
                fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              return;
            case "space":
            case "comment":
            case "newline":
            case "anchor":
            case "tag":
              if (!it || it.value)
                fc.items.push({ start: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                it.start.push(this.sourceToken);
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs, sep: [] });
              else if (it.sep)
                this.stack.push(fs);
              else
                Object.assign(it, { key: fs, sep: [] });
              return;
            }
            case "flow-map-end":
            case "flow-seq-end":
              fc.end.push(this.sourceToken);
              return;
          }
          const bv = this.startBlockValue(fc);
          if (bv)
            this.stack.push(bv);
          else {
            yield* this.pop();
            yield* this.step();
          }
        } else {
          const parent = this.peek(2);
          if (parent.type === "block-map" && (this.type === "map-value-ind" && parent.indent === fc.indent || this.type === "newline" && !parent.items[parent.items.length - 1].sep)) {
            yield* this.pop();
            yield* this.step();
          } else if (this.type === "map-value-ind" && parent.type !== "flow-collection") {
            const prev = getPrevProps(parent);
            const start2 = getFirstKeyStartProps(prev);
            fixFlowSeqItems(fc);
            const sep = fc.end.splice(1, fc.end.length);
            sep.push(this.sourceToken);
            const map = {
              type: "block-map",
              offset: fc.offset,
              indent: fc.indent,
              items: [{ start: start2, key: fc, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
          } else {
            yield* this.lineEnd(fc);
          }
        }
      }
      flowScalar(type) {
        if (this.onNewLine) {
          let nl = this.source.indexOf("\n") + 1;
          while (nl !== 0) {
            this.onNewLine(this.offset + nl);
            nl = this.source.indexOf("\n", nl) + 1;
          }
        }
        return {
          type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
      }
      startBlockValue(parent) {
        switch (this.type) {
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return this.flowScalar(this.type);
          case "block-scalar-header":
            return {
              type: "block-scalar",
              offset: this.offset,
              indent: this.indent,
              props: [this.sourceToken],
              source: ""
            };
          case "flow-map-start":
          case "flow-seq-start":
            return {
              type: "flow-collection",
              offset: this.offset,
              indent: this.indent,
              start: this.sourceToken,
              items: [],
              end: []
            };
          case "seq-item-ind":
            return {
              type: "block-seq",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [this.sourceToken] }]
            };
          case "explicit-key-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start2 = getFirstKeyStartProps(prev);
            start2.push(this.sourceToken);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: start2, explicitKey: true }]
            };
          }
          case "map-value-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start2 = getFirstKeyStartProps(prev);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: start2, key: null, sep: [this.sourceToken] }]
            };
          }
        }
        return null;
      }
      atIndentedComment(start2, indent) {
        if (this.type !== "comment")
          return false;
        if (this.indent <= indent)
          return false;
        return start2.every((st) => st.type === "newline" || st.type === "space");
      }
      *documentEnd(docEnd) {
        if (this.type !== "doc-mode") {
          if (docEnd.end)
            docEnd.end.push(this.sourceToken);
          else
            docEnd.end = [this.sourceToken];
          if (this.type === "newline")
            yield* this.pop();
        }
      }
      *lineEnd(token) {
        switch (this.type) {
          case "comma":
          case "doc-start":
          case "doc-end":
          case "flow-seq-end":
          case "flow-map-end":
          case "map-value-ind":
            yield* this.pop();
            yield* this.step();
            break;
          case "newline":
            this.onKeyLine = false;
          // fallthrough
          case "space":
          case "comment":
          default:
            if (token.end)
              token.end.push(this.sourceToken);
            else
              token.end = [this.sourceToken];
            if (this.type === "newline")
              yield* this.pop();
        }
      }
    };
    exports.Parser = Parser;
  }
});

// node_modules/yaml/dist/public-api.js
var require_public_api = __commonJS({
  "node_modules/yaml/dist/public-api.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var errors = require_errors();
    var log = require_log();
    var identity = require_identity();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    function parseOptions(options) {
      const prettyErrors = options.prettyErrors !== false;
      const lineCounter$1 = options.lineCounter || prettyErrors && new lineCounter.LineCounter() || null;
      return { lineCounter: lineCounter$1, prettyErrors };
    }
    function parseAllDocuments(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      const docs = Array.from(composer$1.compose(parser$1.parse(source)));
      if (prettyErrors && lineCounter2)
        for (const doc of docs) {
          doc.errors.forEach(errors.prettifyError(source, lineCounter2));
          doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
        }
      if (docs.length > 0)
        return docs;
      return Object.assign([], { empty: true }, composer$1.streamInfo());
    }
    function parseDocument2(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      let doc = null;
      for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
          doc = _doc;
        else if (doc.options.logLevel !== "silent") {
          doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
          break;
        }
      }
      if (prettyErrors && lineCounter2) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter2));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
      }
      return doc;
    }
    function parse(src, reviver, options) {
      let _reviver = void 0;
      if (typeof reviver === "function") {
        _reviver = reviver;
      } else if (options === void 0 && reviver && typeof reviver === "object") {
        options = reviver;
      }
      const doc = parseDocument2(src, options);
      if (!doc)
        return null;
      doc.warnings.forEach((warning) => log.warn(doc.options.logLevel, warning));
      if (doc.errors.length > 0) {
        if (doc.options.logLevel !== "silent")
          throw doc.errors[0];
        else
          doc.errors = [];
      }
      return doc.toJS(Object.assign({ reviver: _reviver }, options));
    }
    function stringify(value, replacer, options) {
      let _replacer = null;
      if (typeof replacer === "function" || Array.isArray(replacer)) {
        _replacer = replacer;
      } else if (options === void 0 && replacer) {
        options = replacer;
      }
      if (typeof options === "string")
        options = options.length;
      if (typeof options === "number") {
        const indent = Math.round(options);
        options = indent < 1 ? void 0 : indent > 8 ? { indent: 8 } : { indent };
      }
      if (value === void 0) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
          return void 0;
      }
      if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
      return new Document.Document(value, _replacer, options).toString(options);
    }
    exports.parse = parse;
    exports.parseAllDocuments = parseAllDocuments;
    exports.parseDocument = parseDocument2;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/index.js
var require_dist = __commonJS({
  "node_modules/yaml/dist/index.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var Schema = require_Schema();
    var errors = require_errors();
    var Alias = require_Alias();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var cst = require_cst();
    var lexer = require_lexer();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    var publicApi = require_public_api();
    var visit = require_visit();
    exports.Composer = composer.Composer;
    exports.Document = Document.Document;
    exports.Schema = Schema.Schema;
    exports.YAMLError = errors.YAMLError;
    exports.YAMLParseError = errors.YAMLParseError;
    exports.YAMLWarning = errors.YAMLWarning;
    exports.Alias = Alias.Alias;
    exports.isAlias = identity.isAlias;
    exports.isCollection = identity.isCollection;
    exports.isDocument = identity.isDocument;
    exports.isMap = identity.isMap;
    exports.isNode = identity.isNode;
    exports.isPair = identity.isPair;
    exports.isScalar = identity.isScalar;
    exports.isSeq = identity.isSeq;
    exports.Pair = Pair.Pair;
    exports.Scalar = Scalar.Scalar;
    exports.YAMLMap = YAMLMap.YAMLMap;
    exports.YAMLSeq = YAMLSeq.YAMLSeq;
    exports.CST = cst;
    exports.Lexer = lexer.Lexer;
    exports.LineCounter = lineCounter.LineCounter;
    exports.Parser = parser.Parser;
    exports.parse = publicApi.parse;
    exports.parseAllDocuments = publicApi.parseAllDocuments;
    exports.parseDocument = publicApi.parseDocument;
    exports.stringify = publicApi.stringify;
    exports.visit = visit.visit;
    exports.visitAsync = visit.visitAsync;
  }
});

// src/deploy/action.ts
import { randomBytes as randomBytes6 } from "node:crypto";
import { mkdirSync } from "node:fs";
import { hostname as hostname2, tmpdir as tmpdir2 } from "node:os";
import { join as join3 } from "node:path";

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
function artifactUrl(run3, id) {
  return `${run3.serverUrl}/${run3.repository}/actions/runs/${run3.runId}/artifacts/${id}`;
}
function isNotFound(err) {
  return err instanceof Error && err.name === "ArtifactNotFoundError";
}
function storeFromClient(client, run3) {
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
      if (r.id !== void 0 && run3) out.url = artifactUrl(run3, r.id);
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
  const real = () => store ??= import("./chunks/artifact-EVPBXJCV.js").then(
    (m) => storeFromClient(new m.DefaultArtifactClient(), runLocation())
  );
  return {
    upload: async (req) => (await real()).upload(req),
    download: async (req) => (await real()).download(req)
  };
}

// src/windows/release.ts
var DEFAULT_ROOT = "C:\\ProgramData\\winship";
var DEFAULT_KEEP_RELEASES = 3;
function exeName(binaryName) {
  const name = validateFileName(binaryName, "binary name");
  return /\.exe$/i.test(name) ? name : `${name}.exe`;
}
function releasePaths(root, service, version, binaryName) {
  const base = validateWindowsPath(root, "root");
  const svc = validateServiceName(service);
  const ver = validateVersion(version);
  const exe = exeName(binaryName);
  const serviceDir = winJoin(base, svc);
  const releasesDir = winJoin(serviceDir, "releases");
  const releaseDir = winJoin(releasesDir, ver);
  const currentDir = winJoin(serviceDir, "current");
  const lockPath = winJoin(serviceDir, "deploy.lock");
  const paths = {
    serviceDir,
    releasesDir,
    releaseDir,
    releaseFile: winJoin(releaseDir, exe),
    currentDir,
    currentFile: winJoin(currentDir, exe),
    stagedFile: winJoin(currentDir, `${exe}.new`),
    stateFile: winJoin(serviceDir, "state.json"),
    tuningStateFile: winJoin(serviceDir, "tuning-state.json"),
    lockPath,
    lockOwnerFile: winJoin(lockPath, "owner.json")
  };
  validateWindowsPath(paths.stagedFile, "release path");
  return paths;
}
function emptyState(service, binaryName) {
  return { schema: 1, service, binaryName: exeName(binaryName), releases: [] };
}
function isRecord(x) {
  const r = x;
  return typeof r === "object" && r !== null && typeof r.version === "string" && typeof r.sha256 === "string" && typeof r.deployedAt === "string";
}
function parseState(text, file) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(
      `The deploy state file ${file} on the host is not valid JSON: fix or remove it (it records the deployed versions)`
    );
  }
  const s = data;
  const ok = typeof s === "object" && s !== null && s.schema === 1 && typeof s.service === "string" && typeof s.binaryName === "string" && Array.isArray(s.releases) && s.releases.every(isRecord) && (s.current === void 0 || isRecord(s.current)) && (s.previous === void 0 || isRecord(s.previous));
  if (!ok)
    throw new UserError(
      `The deploy state file ${file} on the host has an unknown layout: fix or remove it (expected schema 1)`
    );
  for (const r of s.releases) validateVersion(r.version);
  return s;
}
function serializeState(state) {
  return `${JSON.stringify(state, null, 2)}
`;
}
function recordDeployed(state, record2, keep) {
  if (!Number.isInteger(keep) || keep < 2)
    throw new UserError(
      `keep-releases must be at least 2 (the current and the rollback target), got ${keep}`
    );
  const old = state.current;
  const previous = old && old.version !== record2.version ? old : state.previous;
  const releases = [record2, ...state.releases.filter((r) => r.version !== record2.version)];
  const protectedVersions = new Set([record2.version, previous?.version].filter(Boolean));
  const kept = [];
  const prune = [];
  for (const r of releases) {
    if (kept.length < keep || protectedVersions.has(r.version)) kept.push(r);
    else prune.push(r.version);
  }
  const next = { ...state, current: record2, releases: kept };
  if (previous) next.previous = previous;
  else delete next.previous;
  delete next.lastFailure;
  return { state: next, prune };
}
function recordFailed(state, version, error, at) {
  return { ...state, lastFailure: { version, at, error } };
}
function rollbackTarget(state, version) {
  if (state.current && state.current.version !== version) return state.current;
  if (state.previous && state.previous.version !== version) return state.previous;
  return void 0;
}
function mkdirArgv(dir) {
  return ["cmd.exe", "/c", "mkdir", validateWindowsPath(dir)];
}
function rmdirArgv(dir) {
  return ["cmd.exe", "/c", "rmdir", "/s", "/q", validateWindowsPath(dir)];
}
function copyArgv(from, to) {
  return ["cmd.exe", "/c", "copy", "/b", "/y", validateWindowsPath(from), validateWindowsPath(to)];
}
function moveArgv(from, to) {
  return ["cmd.exe", "/c", "move", "/y", validateWindowsPath(from), validateWindowsPath(to)];
}
function deleteAsidesArgv(currentDir, binaryName) {
  return [
    "cmd.exe",
    "/c",
    "del",
    "/f",
    "/q",
    `${validateWindowsPath(currentDir)}\\${exeName(binaryName)}.*.old`
  ];
}
function asidePath(currentFile, id) {
  if (!/^[0-9a-f]{4,32}$/.test(id)) throw new Error(`invalid aside id ${id}`);
  return validateWindowsPath(`${currentFile}.${id}.old`);
}

// src/windows/sc.ts
var START_TYPES = ["auto", "delayed-auto", "demand", "disabled"];
var ServiceState = {
  STOPPED: 1,
  START_PENDING: 2,
  STOP_PENDING: 3,
  RUNNING: 4,
  CONTINUE_PENDING: 5,
  PAUSE_PENDING: 6,
  PAUSED: 7
};
var STATE_NAMES = {
  1: "STOPPED",
  2: "START_PENDING",
  3: "STOP_PENDING",
  4: "RUNNING",
  5: "CONTINUE_PENDING",
  6: "PAUSE_PENDING",
  7: "PAUSED"
};
function stateName(state) {
  return STATE_NAMES[state] ?? `state ${state}`;
}
function sc(...args) {
  return ["sc.exe", ...args];
}
function fieldArgs(f) {
  const out = [];
  if (f.binPath !== void 0)
    out.push("binPath=", refuseControlCharacters(f.binPath, "binary path"));
  if (f.start !== void 0) {
    if (!START_TYPES.includes(f.start))
      throw new UserError(`Invalid start type '${String(f.start)}': use ${START_TYPES.join(", ")}`);
    out.push("start=", f.start);
  }
  if (f.displayName !== void 0)
    out.push("DisplayName=", refuseControlCharacters(f.displayName, "display name"));
  if (f.dependencies !== void 0) {
    const deps = f.dependencies.map((d) => validateServiceName(d));
    out.push("depend=", deps.length === 0 ? "/" : deps.join("/"));
  }
  if (f.account !== void 0)
    out.push("obj=", refuseControlCharacters(f.account, "service account"));
  if (f.password !== void 0)
    out.push("password=", refuseControlCharacters(f.password, "password"));
  return out;
}
function scCreate(name, fields) {
  return sc("create", validateServiceName(name), ...fieldArgs(fields));
}
function scConfig(name, fields) {
  const args = fieldArgs(fields);
  if (args.length === 0) throw new Error("scConfig without any field to change");
  return sc("config", validateServiceName(name), ...args);
}
function scDescription(name, description) {
  return sc(
    "description",
    validateServiceName(name),
    refuseControlCharacters(description, "description")
  );
}
function scFailure(name, resetSeconds, actions) {
  if (!Number.isInteger(resetSeconds) || resetSeconds < 0 || resetSeconds > 4294967295)
    throw new UserError(`Invalid recovery reset period ${resetSeconds}: use whole seconds from 0`);
  const parts = actions.map((a) => {
    if (!["restart", "none", "reboot", "run"].includes(a.type))
      throw new UserError(`Invalid recovery action '${a.type}': use restart or none`);
    if (!Number.isInteger(a.delayMs) || a.delayMs < 0 || a.delayMs > 4294967295)
      throw new UserError(`Invalid recovery delay ${a.delayMs}: use whole milliseconds from 0`);
    return `${a.type}/${a.delayMs}`;
  });
  return sc(
    "failure",
    validateServiceName(name),
    "reset=",
    String(resetSeconds),
    "actions=",
    parts.join("/")
  );
}
function scFailureFlag(name, on) {
  return sc("failureflag", validateServiceName(name), on ? "1" : "0");
}
var scStart = (name) => sc("start", validateServiceName(name));
var scStop = (name) => sc("stop", validateServiceName(name));
var scQuery = (name) => sc("query", validateServiceName(name));
var scQueryEx = (name) => sc("queryex", validateServiceName(name));
function taskkillPid(pid) {
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`invalid PID ${pid}`);
  return ["taskkill.exe", "/F", "/PID", String(pid)];
}
function redactArgv(argv) {
  return argv.map((a, i) => i > 0 && argv[i - 1]?.toLowerCase() === "password=" ? "***" : a);
}
function parseScError(stdout) {
  for (const raw of stdout.split("\n")) {
    const m = /\[SC\].*?\s(\d+):/.exec(raw);
    if (m) return Number(m[1]);
  }
  return void 0;
}
function parseBlocks(stdout) {
  const blocks = [];
  let block;
  let lastWasName = false;
  for (const raw of stdout.split("\n")) {
    const line = raw.replace(/\r$/, "").replace(/\s+$/, "");
    if (line === "") continue;
    if (!/^\s/.test(line)) {
      const m2 = /^([^\s:[]+):\s*(.*)$/.exec(line);
      const isName2 = m2 !== null && !(m2[2] ?? "").startsWith("\\");
      if (isName2 && !(lastWasName && block?.fields.length === 0)) {
        block = { name: (m2[2] ?? "").trim(), fields: [] };
        blocks.push(block);
      }
      lastWasName = isName2;
      if (!isName2) block = void 0;
      continue;
    }
    lastWasName = false;
    if (!block) continue;
    const m = /^\s+([^\s:(][^:]*?)\s*:\s?(.*)$/.exec(line);
    if (m) {
      block.fields.push({ label: m[1] ?? "", value: (m[2] ?? "").trim() });
      continue;
    }
  }
  return blocks.filter((b) => b.fields.length > 0);
}
function hexNumber(value) {
  const m = /^([0-9a-fA-F]+)\b/.exec(value ?? "");
  return m ? parseInt(m[1] ?? "", 16) : void 0;
}
function leadingNumber(value) {
  const m = /^(0x[0-9a-fA-F]+|\d+)/.exec(value ?? "");
  return m ? Number(m[1]) : void 0;
}
function parseScQueryAll(stdout) {
  const out = [];
  for (const b of parseBlocks(stdout)) {
    const n = b.fields.map((f) => leadingNumber(f.value));
    const [, state, win323, svc, checkpoint, waitHint, pid] = n;
    const type = hexNumber(b.fields[0]?.value);
    if (type === void 0 || state === void 0 || win323 === void 0 || svc === void 0)
      continue;
    if (state < 1 || state > 7) continue;
    const status = {
      name: b.name,
      type,
      state,
      win32ExitCode: win323,
      serviceExitCode: svc,
      checkpoint: checkpoint ?? 0,
      waitHint: waitHint ?? 0
    };
    if (pid !== void 0 && b.fields.length >= 7) status.pid = pid;
    out.push(status);
  }
  return out;
}
function parseScQuery(stdout) {
  return parseScQueryAll(stdout)[0];
}

// src/engine/context.ts
var START_TIMEOUT_SECONDS = 60;
var LOG_TAIL_LINES = 20;
var ReleaseFailure = class extends Error {
  constructor(message, status, startError) {
    super(message);
    this.status = status;
    this.startError = startError;
  }
  status;
  startError;
};
var StoppedAtStart = class extends ReleaseFailure {
};
var Cancelled = class extends ReleaseFailure {
  constructor() {
    super("the run was cancelled (the runner sent SIGINT or SIGTERM)");
  }
};

// src/hosts/executor.ts
async function runEach(exec, argvs, opts) {
  if (exec.runBatch) return exec.runBatch(argvs, opts);
  const results = [];
  for (const argv of argvs) results.push(await exec.run(argv, opts));
  return results;
}

// src/windows/certutil.ts
function certutilSha256(windowsPath) {
  return ["certutil.exe", "-hashfile", validateWindowsPath(windowsPath), "SHA256"];
}
var DIGEST_LENGTHS = /* @__PURE__ */ new Set([32, 40, 64, 96, 128]);
function parseCertutilHash(stdout) {
  for (const raw of stdout.split("\n")) {
    const line = raw.replace(/\r$/, "").trim();
    if (!/^[0-9a-fA-F]{2}( ?[0-9a-fA-F]{2})*$/.test(line)) continue;
    const hex2 = line.replace(/ /g, "").toLowerCase();
    if (DIGEST_LENGTHS.has(hex2.length)) return hex2;
  }
  return void 0;
}

// src/windows/errors.ts
var ERRORS = {
  2: {
    symbol: "ERROR_FILE_NOT_FOUND",
    text: "the program file in the service binary path does not exist"
  },
  3: {
    symbol: "ERROR_PATH_NOT_FOUND",
    text: "a folder in the service binary path does not exist"
  },
  5: {
    symbol: "ERROR_ACCESS_DENIED",
    text: "access denied: run the deploy as an administrator (elevated), and check the service account may read the release folder"
  },
  193: {
    symbol: "ERROR_BAD_EXE_FORMAT",
    text: "the binary is not a valid Windows program for this machine: build it for windows/amd64 (or the host architecture)"
  },
  1053: {
    symbol: "ERROR_SERVICE_REQUEST_TIMEOUT",
    text: "the program does not answer the service control manager: a Go service must call svc.Run from golang.org/x/sys/windows/svc (or use kardianos/service); a plain console program cannot run as a service"
  },
  1054: {
    symbol: "ERROR_SERVICE_NO_THREAD",
    text: "the service control manager could not create a thread for the service"
  },
  1056: { symbol: "ERROR_SERVICE_ALREADY_RUNNING", text: "the service is already running" },
  1057: {
    symbol: "ERROR_INVALID_SERVICE_ACCOUNT",
    text: "the service account name is invalid or does not exist"
  },
  1058: {
    symbol: "ERROR_SERVICE_DISABLED",
    text: "the service is disabled: set its start type to auto or demand"
  },
  1059: {
    symbol: "ERROR_CIRCULAR_DEPENDENCY",
    text: "the service dependencies form a circle: remove one of them"
  },
  1060: {
    symbol: "ERROR_SERVICE_DOES_NOT_EXIST",
    text: "the service is not installed"
  },
  1061: {
    symbol: "ERROR_SERVICE_CANNOT_ACCEPT_CTRL",
    text: "the service cannot accept control messages now (it is starting or stopping)"
  },
  1062: { symbol: "ERROR_SERVICE_NOT_ACTIVE", text: "the service has not been started" },
  1064: {
    symbol: "ERROR_EXCEPTION_IN_SERVICE",
    text: "the service raised an exception while handling a control request"
  },
  1066: {
    symbol: "ERROR_SERVICE_SPECIFIC_ERROR",
    text: "the service stopped and reported an error of its own (see its exit code and log)"
  },
  1067: {
    symbol: "ERROR_PROCESS_ABORTED",
    text: "the service process ended without reporting that it stopped: it crashed, panicked or called os.Exit"
  },
  1068: {
    symbol: "ERROR_SERVICE_DEPENDENCY_FAIL",
    text: "a service this one depends on could not be started"
  },
  1069: {
    symbol: "ERROR_SERVICE_LOGON_FAILED",
    text: "the service could not log on: the account or password is wrong, or the account lacks the 'Log on as a service' right"
  },
  1072: {
    symbol: "ERROR_SERVICE_MARKED_FOR_DELETE",
    text: "the service is marked for deletion: close every program that holds it open (services.msc, Event Viewer) or reboot"
  },
  1073: { symbol: "ERROR_SERVICE_EXISTS", text: "the service already exists" },
  1075: {
    symbol: "ERROR_SERVICE_DEPENDENCY_DELETED",
    text: "a service this one depends on does not exist"
  },
  1077: {
    symbol: "ERROR_SERVICE_NEVER_STARTED",
    text: "the service has never been started since the last boot"
  },
  1078: {
    symbol: "ERROR_DUPLICATE_SERVICE_NAME",
    text: "the display name is already used by another service: choose another"
  },
  1079: {
    symbol: "ERROR_DIFFERENT_SERVICE_ACCOUNT",
    text: "the account differs from the one of other services in the same process"
  },
  1639: {
    symbol: "ERROR_INVALID_COMMAND_LINE",
    text: "sc.exe rejected its arguments (it printed its usage text)"
  }
};
function explainWin32Error(code) {
  const e = ERRORS[code];
  if (e) return `${code} (${e.symbol}): ${e.text}`;
  return `Windows error ${code} (see 'net helpmsg ${code}' on the host)`;
}
function explainServiceExit(win32ExitCode, serviceExitCode) {
  if (win32ExitCode === 0) return "exit code 0";
  if (win32ExitCode === 1066)
    return `exit code ${serviceExitCode} (the service reported ERROR_SERVICE_SPECIFIC_ERROR 1066 with its own code ${serviceExitCode})`;
  return `Win32 exit code ${explainWin32Error(win32ExitCode)}`;
}

// src/windows/reg.ts
var REG_TYPES = [
  "REG_SZ",
  "REG_EXPAND_SZ",
  "REG_MULTI_SZ",
  "REG_DWORD",
  "REG_QWORD",
  "REG_BINARY",
  "REG_NONE"
];
var ROOTS = {
  HKLM: "HKEY_LOCAL_MACHINE",
  HKCU: "HKEY_CURRENT_USER",
  HKCR: "HKEY_CLASSES_ROOT",
  HKU: "HKEY_USERS",
  HKCC: "HKEY_CURRENT_CONFIG"
};
var LONG_ROOTS = Object.values(ROOTS);
function validateRegKey(key) {
  const parts = key.replace(/\\+$/, "").split("\\");
  const root = (parts[0] ?? "").toUpperCase();
  const short = ROOTS[root] ? root : Object.keys(ROOTS).find((k) => ROOTS[k] === root);
  if (!short || parts.length < 2)
    throw new UserError(
      `Invalid registry key '${key}': expected a path under HKLM, HKCU, HKCR, HKU or HKCC such as HKLM\\SOFTWARE\\App`
    );
  const rest = parts.slice(1);
  for (const p of rest) {
    if (p === "" || p.length > 255 || hasControlCharacter(p))
      throw new UserError(
        `Invalid registry key '${key}': empty components, components over 255 characters and control characters are not allowed`
      );
  }
  return [short, ...rest].join("\\");
}
function validateRegValueName(name) {
  if (name.length > 16383 || hasControlCharacter(name))
    throw new UserError(
      `Invalid registry value name ${JSON.stringify(name)}: control characters are not allowed`
    );
  return name;
}
function sameRegKey(a, b) {
  const norm = (k) => {
    const [root = "", ...rest] = k.replace(/\\+$/, "").split("\\");
    return [ROOTS[root.toUpperCase()] ?? root.toUpperCase(), ...rest].join("\\").toUpperCase();
  };
  return norm(a) === norm(b);
}
function valueArgs(name) {
  return name === "" ? ["/ve"] : ["/v", validateRegValueName(name)];
}
function regQuery(key, name) {
  const argv = ["reg.exe", "query", validateRegKey(key)];
  return name === void 0 ? argv : [...argv, ...valueArgs(name)];
}
function regDelete(key, name) {
  return ["reg.exe", "delete", validateRegKey(key), ...valueArgs(name), "/f"];
}
var SEPARATORS = ["|", ";", ",", "#", "~", "*", "+", "=", "@", "$", "`", "\xA7", "\xB6"];
function multiSzArgs(items) {
  if (items.some((i) => i === ""))
    throw new UserError(
      "A REG_MULTI_SZ value cannot contain empty strings: remove the empty items"
    );
  const ambiguous = items.some((i) => i.includes("\\0") || i.endsWith("\\"));
  if (!ambiguous) return ["/d", items.join("\\0")];
  const sep = SEPARATORS.find((s) => items.every((i) => !i.includes(s)));
  if (!sep)
    throw new UserError(
      `Cannot write REG_MULTI_SZ ${JSON.stringify(items)}: every separator reg.exe could use occurs in the data`
    );
  return ["/s", sep, "/d", items.join(sep)];
}
var DWORD_MAX = 4294967295;
var QWORD_MAX = (1n << 64n) - 1n;
function checkRegData(type, data, what) {
  const bad = (expected) => new UserError(
    `Registry value ${what}: ${type} data must be ${expected}, got ${JSON.stringify(String(data))}`
  );
  switch (type) {
    case "REG_DWORD": {
      const n = typeof data === "bigint" ? Number(data) : data;
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > DWORD_MAX)
        throw bad("an integer from 0 to 4294967295");
      return n;
    }
    case "REG_QWORD": {
      let n;
      if (typeof data === "bigint") n = data;
      else if (typeof data === "number" && Number.isSafeInteger(data)) n = BigInt(data);
      else if (typeof data === "string" && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(data)) n = BigInt(data);
      else throw bad("an integer from 0 to 18446744073709551615");
      if (n < 0n || n > QWORD_MAX) throw bad("an integer from 0 to 18446744073709551615");
      return n;
    }
    case "REG_SZ":
    case "REG_EXPAND_SZ":
      if (typeof data !== "string") throw bad("a string");
      if (/[\r\n\0]/.test(data)) throw bad("a single line without NUL");
      return data;
    case "REG_MULTI_SZ":
      if (!Array.isArray(data) || data.some((s) => typeof s !== "string"))
        throw bad("a list of strings");
      if (data.some((s) => /[\r\n\0]/.test(s)))
        throw bad("a list of single-line strings without NUL");
      return [...data];
    case "REG_BINARY":
    case "REG_NONE":
      if (Buffer.isBuffer(data)) return data;
      if (typeof data === "string" && /^([0-9a-fA-F]{2})*$/.test(data))
        return Buffer.from(data, "hex");
      throw bad("hex bytes such as 0a1b2c");
  }
}
function dataText(type, data) {
  if (type === "REG_DWORD" || type === "REG_QWORD") return String(data);
  if (Buffer.isBuffer(data)) return data.toString("hex");
  return String(data);
}
function regAdd(key, name, type, data) {
  const what = `${key}\\${name}`;
  const checked = checkRegData(type, data, what);
  const head = ["reg.exe", "add", validateRegKey(key), ...valueArgs(name), "/t", type];
  if (type === "REG_MULTI_SZ") return [...head, ...multiSzArgs(checked), "/f"];
  return [...head, "/d", dataText(type, checked), "/f"];
}
var VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/;
var KEY_LINE = /^(HKEY_[A-Z_]+)(\\.*)?$/;
function parseData(type, text) {
  switch (type) {
    case "REG_SZ":
    case "REG_EXPAND_SZ":
      return text;
    case "REG_MULTI_SZ":
      return text === "" ? [] : text.split("\\0");
    case "REG_DWORD": {
      const m = /^0x([0-9a-fA-F]{1,8})$/.exec(text.trim());
      return m ? parseInt(m[1] ?? "", 16) : void 0;
    }
    case "REG_QWORD": {
      const m = /^0x([0-9a-fA-F]{1,16})$/.exec(text.trim());
      return m ? BigInt(`0x${m[1]}`) : void 0;
    }
    case "REG_BINARY":
    case "REG_NONE": {
      const hex2 = text.trim();
      return /^([0-9a-fA-F]{2})*$/.test(hex2) ? Buffer.from(hex2, "hex") : void 0;
    }
  }
}
function parseRegQueryKeys(stdout) {
  const blocks = [];
  let current;
  for (const raw of stdout.split("\n")) {
    const line = raw.replace(/\r$/, "");
    const key = KEY_LINE.exec(line);
    if (key && LONG_ROOTS.includes(key[1] ?? "")) {
      current = { key: line, values: [] };
      blocks.push(current);
      continue;
    }
    const m = VALUE_LINE.exec(line);
    if (!m || !current) continue;
    const type = m[2];
    if (!REG_TYPES.includes(type)) continue;
    const data = parseData(type, m[3] ?? "");
    if (data === void 0) continue;
    current.values.push({ name: m[1] ?? "", type, data });
  }
  return blocks;
}
function formatRegData(type, data) {
  switch (type) {
    case "REG_DWORD":
    case "REG_QWORD": {
      const n = typeof data === "bigint" ? data : BigInt(data);
      return `${n} (0x${n.toString(16)})`;
    }
    case "REG_MULTI_SZ":
      return data.join("\\0");
    case "REG_BINARY":
    case "REG_NONE":
      return Buffer.isBuffer(data) ? data.toString("hex") : String(data);
    default:
      return String(data);
  }
}
function sameRegValue(a, b) {
  if (a.type !== b.type) return false;
  const x = a.data;
  const y = b.data;
  if (Array.isArray(x) || Array.isArray(y))
    return Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((s, i) => s === y[i]);
  if (Buffer.isBuffer(x) || Buffer.isBuffer(y))
    return Buffer.isBuffer(x) && Buffer.isBuffer(y) && x.equals(y);
  if (typeof x === "number" || typeof x === "bigint")
    return (typeof y === "number" || typeof y === "bigint") && BigInt(x) === BigInt(y);
  return x === y;
}
function regExport(key, windowsFile) {
  return ["reg.exe", "export", validateRegKey(key), windowsFile, "/y"];
}
function decodeRegFile(buf) {
  if (buf[0] === 255 && buf[1] === 254) return buf.subarray(2).toString("utf16le");
  if (buf[0] === 239 && buf[1] === 187 && buf[2] === 191)
    return buf.subarray(3).toString("utf8");
  return buf.toString("utf8");
}
function unescapeRegString(s) {
  return s.replace(/\\(.)/g, "$1");
}
function hexBytes(list2) {
  const parts = list2.split(",").map((p) => p.trim()).filter((p) => p !== "");
  if (!parts.every((p) => /^[0-9a-fA-F]{2}$/.test(p))) return void 0;
  return Buffer.from(parts.map((p) => parseInt(p, 16)));
}
function utf16z(bytes) {
  const even = bytes.subarray(0, bytes.length - bytes.length % 2);
  return even.toString("utf16le");
}
function exportedValue(text) {
  if (text.startsWith('"') && text.endsWith('"'))
    return { type: "REG_SZ", data: unescapeRegString(text.slice(1, -1)) };
  const dword = /^dword:([0-9a-fA-F]{8})$/.exec(text);
  if (dword) return { type: "REG_DWORD", data: parseInt(dword[1] ?? "0", 16) };
  const hex2 = /^hex(?:\(([0-9a-fA-F]+)\))?:(.*)$/.exec(text);
  if (!hex2) return void 0;
  const bytes = hexBytes(hex2[2] ?? "");
  if (!bytes) return void 0;
  switch ((hex2[1] ?? "3").toLowerCase()) {
    case "0":
      return { type: "REG_NONE", data: bytes };
    case "3":
      return { type: "REG_BINARY", data: bytes };
    case "1":
      return { type: "REG_SZ", data: utf16z(bytes).replace(/\0+$/, "") };
    case "2":
      return { type: "REG_EXPAND_SZ", data: utf16z(bytes).replace(/\0+$/, "") };
    case "4":
      return bytes.length === 4 ? { type: "REG_DWORD", data: bytes.readUInt32LE(0) } : void 0;
    case "7": {
      const items = utf16z(bytes).split("\0");
      while (items.length > 0 && items[items.length - 1] === "") items.pop();
      return { type: "REG_MULTI_SZ", data: items };
    }
    case "b":
      return bytes.length === 8 ? { type: "REG_QWORD", data: bytes.readBigUInt64LE(0) } : void 0;
    default:
      return void 0;
  }
}
function parseRegExport(file) {
  const text = decodeRegFile(file).replace(/\\\r?\n[ \t]*/g, "");
  const blocks = [];
  let current;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("[") && line.endsWith("]")) {
      current = { key: line.slice(1, -1), values: [] };
      blocks.push(current);
      continue;
    }
    if (!current) continue;
    let name;
    let rest;
    if (line.startsWith("@=")) {
      name = "";
      rest = line.slice(2);
    } else {
      const m = /^"((?:[^"\\]|\\.)*)"=(.*)$/.exec(line);
      if (!m) continue;
      name = unescapeRegString(m[1] ?? "");
      rest = m[2] ?? "";
    }
    const value = exportedValue(rest);
    if (value) current.values.push({ name, ...value });
  }
  return blocks;
}

// src/windows/service-spec.ts
var BUILTIN_ACCOUNTS = [
  "localsystem",
  ".\\localsystem",
  "nt authority\\system",
  "nt authority\\localservice",
  "nt authority\\networkservice"
];
function accountNeedsPassword(account) {
  const a = account.toLowerCase();
  return !(BUILTIN_ACCOUNTS.includes(a) || a.startsWith("nt service\\") || a.endsWith("$"));
}
function validateAccount(account) {
  refuseControlCharacters(account, "service account");
  if (!/^[^"/[\]:;|=,+*?<>\\]+(\\[^"/[\]:;|=,+*?<>\\]+)?$/.test(account) || account.length > 256)
    throw new UserError(
      `Invalid service account '${account}': use LocalSystem, NT AUTHORITY\\NetworkService, NT SERVICE\\<name>, DOMAIN\\gmsa$ or DOMAIN\\user`
    );
  return account;
}
var ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
var ENV_REFERENCE = /%([A-Za-z_][A-Za-z0-9_.()-]*)%/;
function environmentReferenceProblem(arg) {
  const m = ENV_REFERENCE.exec(arg);
  if (!m) return void 0;
  return `the service argument '${arg}' contains %${m[1]}% which Windows replaces with the value of the environment variable ${m[1]} when the service starts; write the value itself, or set allow-environment-references: true if the expansion is intended`;
}
function validateServiceSpec(spec) {
  validateServiceName(spec.name);
  if (!START_TYPES.includes(spec.startType))
    throw new UserError(
      `Invalid start type '${String(spec.startType)}': use ${START_TYPES.join(", ")}`
    );
  validateAccount(spec.account);
  if (spec.displayName !== void 0) {
    refuseControlCharacters(spec.displayName, "display name");
    if (spec.displayName.length > 256 || spec.displayName.trim() === "")
      throw new UserError(`Invalid display name '${spec.displayName}': use 1 to 256 characters`);
  }
  if (spec.description !== void 0) refuseControlCharacters(spec.description, "description");
  if (spec.password !== void 0) refuseControlCharacters(spec.password, "password");
  for (const a of spec.args) {
    refuseControlCharacters(a, "service argument");
    const problem = spec.allowEnvironmentReferences ? void 0 : environmentReferenceProblem(a);
    if (problem) throw new UserError(`Invalid service argument: ${problem}`);
  }
  for (const d of spec.dependencies) validateServiceName(d);
  for (const [k, v] of Object.entries(spec.environment)) {
    if (!ENV_NAME.test(k))
      throw new UserError(
        `Invalid environment variable name '${k}': use letters, digits and '_', starting with a letter or '_'`
      );
    refuseControlCharacters(v, `value of environment variable ${k}`);
  }
  if (spec.recovery) {
    const r = spec.recovery;
    if (!Number.isInteger(r.resetSeconds) || r.resetSeconds < 0)
      throw new UserError(
        `Invalid recovery reset period ${r.resetSeconds}: use whole seconds from 0`
      );
    for (const a of r.actions) {
      if (a.type !== "restart" && a.type !== "none")
        throw new UserError(`Invalid recovery action '${String(a.type)}': use restart or none`);
      if (!Number.isInteger(a.delayMs) || a.delayMs < 0)
        throw new UserError(`Invalid recovery delay ${a.delayMs}: use whole milliseconds from 0`);
    }
  }
  if (!Number.isFinite(spec.stopTimeoutSeconds) || spec.stopTimeoutSeconds <= 0)
    throw new UserError(
      `Invalid stop timeout ${spec.stopTimeoutSeconds}: use a number of seconds above 0`
    );
  if (spec.logFile !== void 0) validateWindowsPath(spec.logFile, "log file");
  return spec;
}
function buildImagePath(exePath, args) {
  const program = validateWindowsPath(exePath, "binary path");
  return [
    `"${program}"`,
    ...args.map((a) => quoteArg(refuseControlCharacters(a, "service argument")))
  ].join(" ");
}
function environmentList(env) {
  return Object.keys(env).sort().map((k) => `${k}=${env[k]}`);
}
function desiredConfig(spec, exePath) {
  const cfg = {
    imagePath: buildImagePath(exePath, spec.args),
    startType: spec.startType,
    account: spec.account,
    dependencies: [...spec.dependencies],
    environment: environmentList(spec.environment)
  };
  if (spec.displayName !== void 0) cfg.displayName = spec.displayName;
  if (spec.description !== void 0) cfg.description = spec.description;
  if (spec.recovery) {
    cfg.recovery = {
      resetSeconds: spec.recovery.resetSeconds,
      actions: spec.recovery.actions.map((a) => ({ type: a.type, delayMs: a.delayMs }))
    };
    cfg.failureFlag = spec.recovery.actions.some((a) => a.type === "restart");
  }
  return cfg;
}

// src/windows/service-registry.ts
function serviceKey(name) {
  return `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${validateServiceName(name)}`;
}
var ACTION_TYPES = {
  0: "none",
  1: "restart",
  2: "reboot",
  3: "run"
};
function decodeFailureActions(data) {
  if (data.length < 20) return void 0;
  const resetSeconds = data.readUInt32LE(0);
  const count = data.readUInt32LE(12);
  const offset = data.readUInt32LE(16) || 20;
  if (count > 1024 || offset + count * 8 > data.length) return void 0;
  const actions = [];
  for (let i = 0; i < count; i++) {
    const type = ACTION_TYPES[data.readUInt32LE(offset + i * 8)];
    if (type === void 0) return void 0;
    actions.push({ type, delayMs: data.readUInt32LE(offset + i * 8 + 4) });
  }
  return { resetSeconds, actions };
}
function find(values, name) {
  return values.find((v) => v.name.toLowerCase() === name.toLowerCase());
}
function str(v) {
  return v && typeof v.data === "string" ? v.data : void 0;
}
function num(v) {
  if (!v) return void 0;
  if (typeof v.data === "number") return v.data;
  if (typeof v.data === "bigint") return Number(v.data);
  return void 0;
}
function list(v) {
  if (!v) return [];
  if (Array.isArray(v.data)) return v.data.filter((s) => s !== "");
  if (typeof v.data === "string" && v.data !== "") return [v.data];
  return [];
}
function startTypeOf(start2, delayed) {
  switch (start2) {
    case 2:
      return delayed ? "delayed-auto" : "auto";
    case 3:
      return "demand";
    case 4:
      return "disabled";
    case 0:
      return "boot";
    case 1:
      return "system";
    default:
      return "unknown";
  }
}
function readServiceConfig(values) {
  const cfg = {
    imagePath: str(find(values, "ImagePath")) ?? "",
    startType: startTypeOf(num(find(values, "Start")), num(find(values, "DelayedAutostart")) === 1),
    account: str(find(values, "ObjectName")) ?? "LocalSystem",
    dependencies: list(find(values, "DependOnService")),
    environment: [...list(find(values, "Environment"))].sort(byKey)
  };
  const displayName = str(find(values, "DisplayName"));
  if (displayName !== void 0) cfg.displayName = displayName;
  const description = str(find(values, "Description"));
  if (description !== void 0) cfg.description = description;
  const fa = find(values, "FailureActions");
  const recovery = fa && Buffer.isBuffer(fa.data) ? decodeFailureActions(fa.data) : void 0;
  if (recovery) cfg.recovery = recovery;
  cfg.failureFlag = num(find(values, "FailureActionsOnNonCrashFailures")) === 1;
  return cfg;
}
function byKey(a, b) {
  const ka = a.split("=")[0] ?? "";
  const kb = b.split("=")[0] ?? "";
  return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

// src/windows/plan-item.ts
var ABSENT = "(absent)";

// src/windows/service-fields.ts
function row(ctx, setting, current, desired, changed) {
  const create = ctx.current === void 0;
  return {
    area: "service-config",
    setting: `${ctx.name} ${setting}`,
    current: create ? ABSENT : current,
    desired,
    action: create ? "create" : changed ? "update" : "none"
  };
}
function sameList(a, b, ci) {
  const norm = (l) => [...l].map((s) => ci ? s.toLowerCase() : s).sort();
  const x = norm(a);
  const y = norm(b);
  return x.length === y.length && x.every((s, i) => s === y[i]);
}
function sameAccount(a, b) {
  const n = (s) => {
    const l = s.toLowerCase();
    return l === ".\\localsystem" || l === "nt authority\\system" ? "localsystem" : l;
  };
  return n(a) === n(b);
}
function sameRecovery(a, b) {
  const actionsA = a?.actions ?? [];
  const actionsB = b?.actions ?? [];
  if (actionsA.length === 0 && actionsB.length === 0) return true;
  return (a?.resetSeconds ?? 0) === (b?.resetSeconds ?? 0) && actionsA.length === actionsB.length && actionsA.every((x, i) => x.type === actionsB[i]?.type && x.delayMs === actionsB[i]?.delayMs);
}
function formatRecovery(r) {
  if (!r || r.actions.length === 0) return "(none)";
  return `reset=${r.resetSeconds} actions=${r.actions.map((a) => `${a.type}/${a.delayMs}`).join("/")}`;
}
var show = (s) => s === void 0 || s === "" ? "(empty)" : s;
function planBinaryPath(ctx) {
  const { current, desired } = ctx;
  const changed = current === void 0 || current.imagePath !== desired.imagePath;
  return {
    row: row(ctx, "binary path", current?.imagePath ?? "", desired.imagePath, changed),
    ...changed ? { sc: { binPath: desired.imagePath } } : {}
  };
}
function planStartType(ctx) {
  const { current, desired } = ctx;
  const changed = current === void 0 || current.startType !== desired.startType;
  const want = desired.startType;
  const settable = want !== "boot" && want !== "system" && want !== "unknown";
  return {
    row: row(ctx, "start type", current?.startType ?? "", want, changed),
    ...changed && settable ? { sc: { start: want } } : {}
  };
}
function planAccount(ctx) {
  const { name, current, desired, opts } = ctx;
  const create = current === void 0;
  const changed = create || !sameAccount(current.account, desired.account);
  const needsPassword = accountNeedsPassword(desired.account);
  const refused = changed && needsPassword && opts.password === void 0;
  if (refused && !opts.restoring)
    throw new UserError(
      `Service account '${desired.account}' needs a password: pass it from a secret (service-password), or use a virtual account (NT SERVICE\\${name}) or a gMSA (DOMAIN\\name$)`
    );
  const item = row(ctx, "account", current?.account ?? "", desired.account, changed);
  if (refused)
    return {
      row: {
        ...item,
        action: "refused",
        note: "the previous password is not known: set the account by hand"
      }
    };
  if (!changed) return { row: item };
  return {
    row: item,
    sc: needsPassword ? { account: desired.account, password: opts.password } : { account: desired.account }
  };
}
function planDisplayName(ctx) {
  const { name, current, desired } = ctx;
  if (desired.displayName === void 0) return void 0;
  const cur = current?.displayName ?? name;
  const changed = current === void 0 ? desired.displayName !== name : cur !== desired.displayName;
  return {
    row: row(ctx, "display name", cur, desired.displayName, changed),
    ...changed ? { sc: { displayName: desired.displayName } } : {}
  };
}
function planDependencies(ctx) {
  const { current, desired } = ctx;
  const changed = current === void 0 ? desired.dependencies.length > 0 : !sameList(current.dependencies, desired.dependencies, true);
  return {
    row: row(
      ctx,
      "dependencies",
      (current?.dependencies ?? []).join("/") || "(none)",
      desired.dependencies.join("/") || "(none)",
      changed
    ),
    ...changed ? { sc: { dependencies: desired.dependencies } } : {}
  };
}
function planDescription(ctx) {
  const { name, current, desired } = ctx;
  if (desired.description === void 0) return void 0;
  const cur = current?.description ?? "";
  const changed = cur !== desired.description;
  return {
    row: row(ctx, "description", show(cur), show(desired.description), changed),
    ...changed ? { step: { what: "set the description", argv: scDescription(name, desired.description) } } : {}
  };
}
function planEnvironment(ctx) {
  const { name, current, desired } = ctx;
  const changed = !sameList(current?.environment ?? [], desired.environment, false);
  const key = serviceKey(name);
  const step = desired.environment.length > 0 ? {
    what: "set the environment",
    argv: regAdd(key, "Environment", "REG_MULTI_SZ", desired.environment)
  } : { what: "remove the environment", argv: regDelete(key, "Environment") };
  return {
    row: row(
      ctx,
      "environment",
      (current?.environment ?? []).join(" ") || "(none)",
      desired.environment.join(" ") || "(none)",
      changed
    ),
    ...changed ? { step } : {}
  };
}
function planRecovery(ctx) {
  const { name, current, desired } = ctx;
  if (desired.recovery === void 0) return void 0;
  const changed = !sameRecovery(current?.recovery, desired.recovery);
  const { resetSeconds, actions } = desired.recovery;
  return {
    row: row(
      ctx,
      "recovery",
      formatRecovery(current?.recovery),
      formatRecovery(desired.recovery),
      changed
    ),
    ...changed ? {
      step: {
        what: "set the recovery actions",
        argv: scFailure(name, resetSeconds, actions)
      }
    } : {}
  };
}
function planFailureFlag(ctx) {
  const { name, current, desired } = ctx;
  if (desired.failureFlag === void 0) return void 0;
  const cur = current?.failureFlag ?? false;
  const changed = cur !== desired.failureFlag;
  return {
    row: row(
      ctx,
      "recovery on error exit",
      cur ? "1" : "0",
      desired.failureFlag ? "1" : "0",
      changed
    ),
    ...changed ? {
      step: {
        what: "set the recovery flag",
        argv: scFailureFlag(name, desired.failureFlag)
      }
    } : {}
  };
}

// src/windows/service-plan.ts
var SC_SETTINGS = [planBinaryPath, planStartType, planAccount, planDisplayName, planDependencies];
var OTHER_SETTINGS = [planDescription, planEnvironment, planRecovery, planFailureFlag];
function planServiceChanges(name, current, desired, opts = {}) {
  validateServiceName(name);
  const ctx = { name, current, desired, opts };
  const managed = (p) => p !== void 0;
  const scPlans = SC_SETTINGS.map((plan2) => plan2(ctx)).filter(managed);
  const otherPlans = OTHER_SETTINGS.map((plan2) => plan2(ctx)).filter(managed);
  const fields = Object.assign({}, ...scPlans.map((p) => p.sc ?? {}));
  const steps = [];
  if (current === void 0) {
    steps.push({
      what: "create the service",
      argv: scCreate(name, { ...fields, binPath: desired.imagePath })
    });
  } else if (Object.keys(fields).length > 0) {
    const what = Object.keys(fields).filter((k) => k !== "password").join(", ");
    steps.push({ what: `change ${what}`, argv: scConfig(name, fields) });
  }
  for (const p of otherPlans) if (p.step) steps.push(p.step);
  return {
    create: current === void 0,
    steps,
    rows: [...scPlans, ...otherPlans].map((p) => p.row)
  };
}
function restoreTarget(name, before, desired) {
  const out = { ...before };
  if (desired.displayName === void 0) delete out.displayName;
  else out.displayName = before.displayName ?? name;
  if (desired.description === void 0) delete out.description;
  else out.description = before.description ?? "";
  if (desired.recovery === void 0) {
    delete out.recovery;
    delete out.failureFlag;
  } else {
    out.recovery = before.recovery ?? { resetSeconds: 0, actions: [] };
    out.failureFlag = before.failureFlag ?? false;
  }
  return out;
}

// src/engine/host.ts
var HostCommandError = class extends UserError {
  constructor(argv, result, what) {
    const code = parseScError(result.stdout);
    const detail = code !== void 0 ? explainWin32Error(code) : `exit code ${result.exitCode}${firstLine(result.stderr || result.stdout)}`;
    super(`Could not ${what} on the host: ${detail} (${redactArgv(argv).join(" ")})`);
    this.argv = argv;
    this.result = result;
    this.name = "HostCommandError";
  }
  argv;
  result;
  /** The Win32 error sc.exe printed, if any. */
  get win32Error() {
    return parseScError(this.result.stdout);
  }
};
function firstLine(text) {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== "");
  return line ? `: ${line}` : "";
}
async function runOk(exec, argv, what, timeoutMs = 12e4) {
  const r = await exec.run(argv, { timeoutMs });
  if (r.exitCode !== 0) throw new HostCommandError(argv, r, what);
  return r;
}
async function queryService(exec, name) {
  const r = await exec.run(scQuery(name), { timeoutMs: 3e4 });
  if (r.exitCode !== 0) return void 0;
  return parseScQuery(r.stdout);
}
async function readServiceKey(exec, name) {
  const r = await exec.run(regQuery(serviceKey(name)), { timeoutMs: 3e4 });
  if (r.exitCode !== 0) return void 0;
  return parseRegQueryKeys(r.stdout)[0]?.values ?? [];
}
async function readServiceAndStatus(exec, name) {
  const [key, query] = await runEach(exec, [regQuery(serviceKey(name)), scQuery(name)], {
    timeoutMs: 3e4
  });
  const values = key.exitCode === 0 ? parseRegQueryKeys(key.stdout)[0]?.values ?? [] : void 0;
  const status = query.exitCode === 0 ? parseScQuery(query.stdout) : void 0;
  return { ...values ? { values } : {}, ...status ? { status } : {} };
}
async function waitForState(exec, name, want, timeoutMs, pollMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (; ; ) {
    last = await queryService(exec, name);
    if (last?.state === want) return last;
    if (want === ServiceState.RUNNING && last?.state === ServiceState.STOPPED) return last;
    if (Date.now() >= deadline) return last;
    await sleep(pollMs);
  }
}
async function stopService(exec, name, timeoutSeconds, log) {
  const r = await exec.run(scStop(name), { timeoutMs: 6e4 });
  const code = parseScError(r.stdout);
  if (code === 1062 || parseScQuery(r.stdout)?.state === ServiceState.STOPPED)
    return { killed: false };
  if (r.exitCode !== 0 && code !== void 0 && code !== 1061)
    log.warning(`sc stop ${name}: ${explainWin32Error(code)}`);
  const after = await waitForState(exec, name, ServiceState.STOPPED, timeoutSeconds * 1e3);
  if (after?.state === ServiceState.STOPPED) return { killed: false };
  log.warning(
    `${name} did not stop within ${timeoutSeconds} s (state ${stateName(after?.state ?? 0)}): killing its process`
  );
  const ex = await exec.run(scQueryEx(name), { timeoutMs: 3e4 });
  const pid = ex.exitCode === 0 ? parseScQuery(ex.stdout)?.pid : void 0;
  if (!pid)
    throw new UserError(
      `${name} did not stop within ${timeoutSeconds} s and its process ID could not be read (sc queryex): stop it by hand, or raise the stop timeout`
    );
  await runOk(exec, taskkillPid(pid), `kill process ${pid} of ${name}`);
  log.warning(`${name}: killed process ${pid} after the stop timeout of ${timeoutSeconds} s`);
  const killed = await waitForState(exec, name, ServiceState.STOPPED, 3e4);
  if (killed?.state !== ServiceState.STOPPED)
    throw new UserError(
      `${name} is still not STOPPED after its process was killed: check the host`
    );
  return { killed: true };
}
async function startService(exec, name, timeoutSeconds) {
  const r = await exec.run(scStart(name), { timeoutMs: (timeoutSeconds + 30) * 1e3 });
  const startError = r.exitCode !== 0 ? parseScError(r.stdout) : void 0;
  if (startError !== void 0 && startError !== 1056) {
    const status2 = await queryService(exec, name);
    return { ok: false, startError, ...status2 ? { status: status2 } : {} };
  }
  const status = await waitForState(exec, name, ServiceState.RUNNING, timeoutSeconds * 1e3);
  return { ok: status?.state === ServiceState.RUNNING, ...status ? { status } : {} };
}
async function verifyFile(exec, windowsPath, sha256) {
  const want = sha256.toLowerCase();
  if (exec.capabilities.hashFile) {
    const r = await exec.run(certutilSha256(windowsPath), { timeoutMs: 12e4 });
    const actual2 = r.exitCode === 0 ? parseCertutilHash(r.stdout) : void 0;
    if (actual2 === want) return { ok: true, method: "certutil" };
    return { ok: false, method: "certutil", ...actual2 ? { actual: actual2 } : {} };
  }
  const actual = await exec.sha256File(windowsPath);
  if (!actual) return { ok: false, method: "read back" };
  return actual === want ? { ok: true, method: "read back" } : { ok: false, method: "read back", actual };
}
async function checkTextCarried(exec, service) {
  const text = JSON.stringify(service);
  if (![...text].some((ch) => ch.charCodeAt(0) > 127)) return;
  await exec.run(["cmd.exe", "/d", "/c", "rem", "winship-utf8-probe-\xE9\u3042"], {
    timeoutMs: 6e4
  });
}
async function tailFile(exec, windowsPath, n) {
  const data = await exec.readFile(windowsPath).catch(() => void 0);
  if (!data) return [];
  const lines = data.toString("utf8").split(/\r?\n/);
  while (lines.length > 0 && lines.at(-1)?.trim() === "") lines.pop();
  return lines.slice(-n);
}

// src/engine/types.ts
var PHASES = ["register", "swap", "stop", "start", "health", "rollback"];

// src/engine/journal.ts
function takeTransaction(state, file) {
  const t = state.transaction;
  delete state.transaction;
  if (t === void 0) return void 0;
  const ok = typeof t === "object" && t !== null && typeof t.version === "string" && typeof t.sha256 === "string" && PHASES.includes(t.phase) && typeof t.wasRunning === "boolean" && typeof t.startedAt === "string" && (t.from === void 0 || typeof t.from.version === "string" && typeof t.from.sha256 === "string") && (t.configBefore === void 0 || typeof t.configBefore.imagePath === "string");
  if (!ok)
    throw new UserError(
      `The deploy state file ${file} holds an interrupted deploy record winship cannot read: check the service by hand, then remove the "transaction" entry`
    );
  return t;
}
async function journal(c, phase) {
  c.tx ??= {
    version: c.req.release.version,
    sha256: c.req.release.sha256.toLowerCase(),
    ...c.state.current ? { from: c.state.current } : {},
    phase,
    ...c.before.config ? { configBefore: c.before.config } : {},
    wasRunning: c.before.status?.state === ServiceState.RUNNING,
    startedAt: c.now().toISOString(),
    ...c.lock ? { by: c.lock.owner.by } : {}
  };
  c.tx.phase = phase;
  const state = { ...c.state, transaction: c.tx };
  await c.exec.writeFile(c.paths.stateFile, serializeState(state));
}
async function closeJournal(c, state) {
  const clean = { ...state };
  delete clean.transaction;
  await c.exec.writeFile(c.paths.stateFile, serializeState(clean));
  delete c.tx;
}

// src/engine/lock.ts
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
var LEASE_SECONDS = 90;
var RENEW_SECONDS = 30;
function describeRunner() {
  const run3 = process.env.GITHUB_RUN_ID;
  const repo = process.env.GITHUB_REPOSITORY;
  return run3 ? `${repo ?? "workflow"} run ${run3} on ${hostname()}` : `${hostname()} pid ${process.pid}`;
}
async function readOwner(exec, paths) {
  const data = await exec.readFile(paths.lockOwnerFile);
  if (!data) return void 0;
  try {
    const o = JSON.parse(data.toString("utf8"));
    return typeof o.token === "string" && typeof o.createdAt === "string" ? o : void 0;
  } catch {
    return void 0;
  }
}
async function tryCreate(exec, paths, owner) {
  const r = await exec.run(mkdirArgv(paths.lockPath), { timeoutMs: 3e4 });
  if (r.exitCode !== 0) return false;
  await exec.writeFile(paths.lockOwnerFile, `${JSON.stringify(owner)}
`);
  return true;
}
function renewer(exec, paths, owner, every, now) {
  let busy = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    busy = busy.then(async () => {
      if (stopped) return;
      const current = await readOwner(exec, paths).catch(() => void 0);
      if (stopped || current?.token !== owner.token) return;
      owner.renewedAt = now().toISOString();
      owner.renewals = (owner.renewals ?? 0) + 1;
      await exec.writeFile(paths.lockOwnerFile, `${JSON.stringify(owner)}
`).catch(() => void 0);
    });
  }, every * 1e3);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await busy;
  };
}
async function leaseExpired(exec, paths, other, now, renewSeconds) {
  if (other.renewedAt === void 0 || other.leaseSeconds === void 0) return false;
  const idle = (now().getTime() - Date.parse(other.renewedAt)) / 1e3;
  if (!(idle > other.leaseSeconds)) return false;
  await sleep((renewSeconds + Math.min(renewSeconds, 10)) * 1e3);
  const again = await readOwner(exec, paths);
  return again !== void 0 && again.token === other.token && again.renewedAt === other.renewedAt && again.renewals === other.renewals;
}
async function acquireLock(exec, paths, opts, log) {
  const now = opts.now ?? (() => /* @__PURE__ */ new Date());
  const leaseSeconds = opts.leaseSeconds ?? LEASE_SECONDS;
  const renewSeconds = opts.renewSeconds ?? RENEW_SECONDS;
  const created = now().toISOString();
  const owner = {
    token: randomBytes(12).toString("hex"),
    by: describeRunner(),
    version: opts.version,
    createdAt: created,
    renewedAt: created,
    leaseSeconds,
    renewals: 0
  };
  const held = () => {
    const stop = renewer(exec, paths, owner, renewSeconds, now);
    return {
      owner,
      release: async () => {
        await stop();
        await releaseLock(exec, paths, owner);
      }
    };
  };
  if (await tryCreate(exec, paths, owner)) return held();
  let other = await readOwner(exec, paths);
  if (!other) {
    await sleep(1500);
    other = await readOwner(exec, paths);
  }
  const who = other ? `${other.by} (deploying ${other.version}) since ${other.createdAt}` : "an unknown deploy (no owner file)";
  const ageSeconds = other ? (now().getTime() - Date.parse(other.createdAt)) / 1e3 : void 0;
  if (other && await leaseExpired(exec, paths, other, now, renewSeconds)) {
    log.warning(
      `Taking over the deploy lock ${paths.lockPath} held by ${who}: its lease (${other.leaseSeconds ?? 0} s) was last renewed at ${other.renewedAt ?? "?"}, so that deploy is gone (cancelled or killed)`
    );
    await exec.run(rmdirArgv(paths.lockPath), { timeoutMs: 3e4 });
    if (await tryCreate(exec, paths, owner)) return held();
    throw new UserError(
      `Another deploy took the lock ${paths.lockPath} right after the abandoned one was removed: wait for it and run again`
    );
  }
  const stale = ageSeconds === void 0 || ageSeconds > opts.staleAfterSeconds;
  if (!stale)
    throw new UserError(
      `Another deploy holds the lock ${paths.lockPath}: ${who}. Wait for it to finish and run again${other?.leaseSeconds !== void 0 ? ` (if that deploy was killed, its lock frees itself ${other.leaseSeconds} s after its last renewal)` : ""}`
    );
  const age = ageSeconds === void 0 ? "of unknown age" : `${Math.round(ageSeconds)} s old`;
  if (!opts.breakStale)
    throw new UserError(
      `A stale deploy lock ${paths.lockPath} (${age}, stale after ${opts.staleAfterSeconds} s) is held by ${who}: if that deploy is gone, run again with break-stale-lock: true`
    );
  log.warning(`Breaking the stale deploy lock ${paths.lockPath} (${age}) held by ${who}`);
  await exec.run(rmdirArgv(paths.lockPath), { timeoutMs: 3e4 });
  if (await tryCreate(exec, paths, owner)) return held();
  throw new UserError(
    `Another deploy took the lock ${paths.lockPath} right after the stale one was broken: wait for it and run again`
  );
}
async function releaseLock(exec, paths, owner) {
  for (let attempt = 1; ; attempt++) {
    const current = await readOwner(exec, paths);
    if (!current || current.token !== owner.token) return;
    const r = await exec.run(rmdirArgv(paths.lockPath), { timeoutMs: 3e4 });
    if (await exec.readFile(paths.lockOwnerFile) === void 0) return;
    if (attempt >= 3)
      throw new UserError(
        `The deploy lock ${paths.lockPath} could not be removed (rmdir exit code ${r.exitCode}): remove it by hand before the next deploy`
      );
    await sleep(500);
  }
}

// src/engine/health.ts
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect as tlsConnect } from "node:tls";
function validateHealthSpec(spec) {
  if (!["http", "tcp", "service"].includes(spec.kind))
    throw new UserError(
      `Invalid health check kind '${String(spec.kind)}': use http, tcp or service`
    );
  if (spec.kind === "http") {
    let url;
    try {
      url = new URL(spec.url ?? "");
    } catch {
      throw new UserError(
        `Invalid health URL '${spec.url ?? ""}': use http(s)://host:port/path as seen from the host, e.g. http://127.0.0.1:8080/healthz`
      );
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new UserError(
        `Invalid health URL '${spec.url ?? ""}': only http and https are supported`
      );
    if (url.username || url.password)
      throw new UserError(
        `Invalid health URL '${spec.url ?? ""}': credentials in the URL are not allowed`
      );
  }
  if (spec.kind === "tcp" && !(Number.isInteger(spec.port) && (spec.port ?? 0) > 0 && (spec.port ?? 0) < 65536))
    throw new UserError(`Invalid health port '${String(spec.port)}': use 1 to 65535`);
  if (!(spec.timeoutSeconds > 0))
    throw new UserError(`Invalid health timeout ${spec.timeoutSeconds}: use seconds above 0`);
  if (!(spec.intervalSeconds >= 0))
    throw new UserError(`Invalid health interval ${spec.intervalSeconds}: use seconds from 0`);
  if (!Number.isInteger(spec.retries) || spec.retries < 0)
    throw new UserError(`Invalid health retries ${spec.retries}: use a whole number from 0`);
  return spec;
}
function withTimeout(p, ms, onTimeout) {
  return new Promise((resolve4, reject) => {
    const t = setTimeout(() => {
      onTimeout();
      reject(new Error(`no answer within ${ms / 1e3} s`));
    }, ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve4(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    );
  });
}
async function probeHttp(exec, spec) {
  const url = new URL(spec.url ?? "");
  const https = url.protocol === "https:";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || (https ? 443 : 80));
  let stream;
  const attempt = async () => {
    stream = await exec.openTcp(host, port);
    const socket = https ? tlsConnect({
      socket: stream,
      servername: /^[\d.:]+$/.test(host) ? void 0 : host,
      rejectUnauthorized: false
    }) : stream;
    const res = await new Promise((resolve4, reject) => {
      const req = (https ? httpsRequest : httpRequest)(
        {
          method: "GET",
          host: url.hostname,
          port,
          path: `${url.pathname}${url.search}`,
          headers: { "user-agent": "winship-health", connection: "close" },
          createConnection: () => socket
        },
        (r) => {
          let body = "";
          r.setEncoding("utf8");
          r.on("data", (c) => {
            if (body.length < 65536) body += c;
          });
          r.on("end", () => resolve4({ status: r.statusCode ?? 0, body }));
          r.on("error", reject);
        }
      );
      req.on("error", reject);
      req.end();
    });
    if (res.status < 200 || res.status > 299)
      return { ok: false, detail: `HTTP ${res.status} from ${url.href}` };
    if (spec.expectVersion !== void 0) {
      const mismatch = versionMismatch(res.body, spec.expectVersion);
      if (mismatch)
        return { ok: false, detail: `HTTP ${res.status} from ${url.href} but ${mismatch}` };
    }
    return { ok: true, detail: `HTTP ${res.status} from ${url.href}` };
  };
  try {
    return await withTimeout(attempt(), spec.timeoutSeconds * 1e3, () => stream?.destroy());
  } catch (e) {
    return { ok: false, detail: `${url.href}: ${e.message}` };
  } finally {
    stream?.destroy();
  }
}
var TOKEN = /[A-Za-z0-9._+~-]+/g;
var sameVersion = (found, want) => found === want || found.replace(/^v(?=\d)/, "") === want.replace(/^v(?=\d)/, "");
function versionMismatch(body, version) {
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    json = void 0;
  }
  const field = json && typeof json === "object" && !Array.isArray(json) ? json.version : void 0;
  if (typeof field === "string")
    return sameVersion(field, version) ? void 0 : `it answers version '${field}', not '${version}'`;
  const tokens = (body.match(TOKEN) ?? []).map((t) => t.replace(/\.+$/, ""));
  return tokens.some((t) => sameVersion(t, version)) ? void 0 : `the body does not hold '${version}' as a whole version`;
}
async function probeTcp(exec, spec) {
  const port = spec.port ?? 0;
  let stream;
  try {
    stream = await withTimeout(
      exec.openTcp("127.0.0.1", port),
      spec.timeoutSeconds * 1e3,
      () => void 0
    );
    return { ok: true, detail: `TCP port ${port} accepts connections` };
  } catch (e) {
    return { ok: false, detail: `TCP port ${port}: ${e.message}` };
  } finally {
    stream?.destroy();
  }
}
async function probe(exec, spec, isRunning2) {
  if (spec.kind === "http") return probeHttp(exec, spec);
  if (spec.kind === "tcp") return probeTcp(exec, spec);
  return await isRunning2() ? { ok: true, detail: "the service is RUNNING" } : { ok: false, detail: "the service is not RUNNING" };
}
async function checkHealth(exec, spec, isRunning2) {
  const started = Date.now();
  let detail = "";
  for (let attempt = 1; attempt <= spec.retries + 1; attempt++) {
    const r = await probe(exec, spec, isRunning2);
    detail = r.detail;
    if (r.ok)
      return { ok: true, attempts: attempt, seconds: (Date.now() - started) / 1e3, detail };
    if (spec.kind !== "service" && !await isRunning2())
      return {
        ok: false,
        attempts: attempt,
        seconds: (Date.now() - started) / 1e3,
        detail: `${detail}; the service is no longer running`
      };
    if (attempt <= spec.retries) await sleep(spec.intervalSeconds * 1e3);
  }
  return { ok: false, attempts: spec.retries + 1, seconds: (Date.now() - started) / 1e3, detail };
}

// src/engine/steps.ts
import { randomBytes as randomBytes2 } from "node:crypto";

// src/windows/powercfg.ts
var POWER_SCHEME_ALIASES = {
  SCHEME_MIN: "8c5e7fda-e8bf-4a96-9a85-a6e23a8c635c",
  SCHEME_MAX: "a1841308-3541-4fab-bc81-f71556f20b4a",
  SCHEME_BALANCED: "381b4222-f694-41f0-9685-ff5bb260df2e"
};
var GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
var GUID_ONLY = new RegExp(`^\\{?(${GUID.source})\\}?$`);
function resolvePowerScheme(spec) {
  const alias = spec.trim().toUpperCase();
  if (alias in POWER_SCHEME_ALIASES) return POWER_SCHEME_ALIASES[alias];
  const m = GUID_ONLY.exec(spec.trim());
  if (!m)
    throw new UserError(
      `Invalid power plan '${spec}': use SCHEME_MIN (High performance), SCHEME_BALANCED, SCHEME_MAX (Power saver) or a plan GUID from 'powercfg /list'`
    );
  return (m[1] ?? "").toLowerCase();
}
function describePowerScheme(guid) {
  const alias = Object.entries(POWER_SCHEME_ALIASES).find(([, g]) => g === guid.toLowerCase())?.[0];
  return alias ? `${alias} (${guid})` : guid;
}
function powercfgGetActiveScheme() {
  return ["powercfg.exe", "/getactivescheme"];
}
function powercfgSetActive(scheme) {
  return ["powercfg.exe", "/setactive", resolvePowerScheme(scheme)];
}
function parseActiveScheme(stdout) {
  return GUID.exec(stdout)?.[0].toLowerCase();
}

// src/windows/tuning/settings.ts
function settingId(ref) {
  switch (ref.kind) {
    case "registry":
      return `registry:${ref.key}\\${ref.name}`.toUpperCase();
    case "service-start":
      return `service-start:${ref.service}`.toUpperCase();
    case "power-plan":
      return "POWER-PLAN";
    case "dynamic-port":
      return `DYNAMIC-PORT:${ref.family}`.toUpperCase();
    case "tcp-global":
      return `TCP-GLOBAL:${ref.name}`.toUpperCase();
  }
}
function settingLabel(ref) {
  switch (ref.kind) {
    case "registry":
      return `${ref.key}\\${ref.name}`;
    case "service-start":
      return `service ${ref.service} start type`;
    case "power-plan":
      return "active power plan";
    case "dynamic-port":
      return `TCP dynamic port range (${ref.family})`;
    case "tcp-global":
      return `TCP global ${ref.name}`;
  }
}
function settingArea(ref) {
  switch (ref.kind) {
    case "registry":
      return "registry";
    case "service-start":
      return "service";
    case "power-plan":
      return "power";
    default:
      return "netsh";
  }
}
function formatValue(v) {
  switch (v.kind) {
    case "registry":
      return v.value === null ? ABSENT : `${v.value.type} ${formatRegData(v.value.type, v.value.data)}`;
    case "service-start":
      return v.start;
    case "power-plan":
      return describePowerScheme(v.scheme);
    case "dynamic-port":
      return `start=${v.range.start} num=${v.range.num} (${v.range.start}-${v.range.start + v.range.num - 1})`;
    case "tcp-global":
      return v.value;
  }
}
function sameValue(a, b) {
  if (a.kind === "registry" && b.kind === "registry") {
    if (a.value === null || b.value === null) return a.value === b.value;
    return sameRegValue(a.value, b.value);
  }
  if (a.kind === "service-start" && b.kind === "service-start") return a.start === b.start;
  if (a.kind === "power-plan" && b.kind === "power-plan")
    return a.scheme.toLowerCase() === b.scheme.toLowerCase();
  if (a.kind === "dynamic-port" && b.kind === "dynamic-port")
    return a.range.start === b.range.start && a.range.num === b.range.num;
  if (a.kind === "tcp-global" && b.kind === "tcp-global") return a.value === b.value;
  return false;
}
function valueToJson(v) {
  if (v.kind !== "registry" || v.value === null) return v;
  const { type, data } = v.value;
  const json = typeof data === "bigint" ? data.toString() : Buffer.isBuffer(data) ? data.toString("hex") : data;
  return { kind: "registry", value: { type, data: json } };
}
function valueFromJson(j) {
  const v = j;
  if (v.kind !== "registry" || v.value === null) return v;
  const { type, data } = v.value;
  if (type === "REG_QWORD")
    return { kind: "registry", value: { type, data: BigInt(data) } };
  if (type === "REG_BINARY" || type === "REG_NONE")
    return { kind: "registry", value: { type, data: Buffer.from(data, "hex") } };
  return { kind: "registry", value: { type, data } };
}

// src/windows/tuning/plan.ts
function planTuning(current, profile) {
  const settings = [];
  const rows = [];
  const errors = [];
  for (const setting of profile.settings) {
    const id = settingId(setting.ref);
    const read = current.get(id);
    const base = {
      area: settingArea(setting.ref),
      setting: settingLabel(setting.ref),
      desired: formatValue(setting.desired)
    };
    if (!read || read.ok !== true) {
      const why = read && read.ok === false ? read.error : "not read";
      errors.push(`${base.setting}: ${why}`);
      rows.push({ ...base, current: "(unreadable)", action: "none", note: why });
      continue;
    }
    const change2 = !sameValue(read.value, setting.desired);
    const row2 = {
      ...base,
      current: formatValue(read.value),
      action: change2 ? "set" : "none",
      ...change2 && setting.reboot ? { note: "needs a reboot" } : {}
    };
    rows.push(row2);
    settings.push({ setting, id, current: read.value, change: change2, row: row2 });
  }
  for (const r of profile.refused)
    rows.push({
      area: r.area,
      setting: r.setting,
      current: "",
      desired: r.desired,
      action: "refused",
      note: r.reason
    });
  return { settings, rows, errors };
}

// src/engine/tuning-host.ts
import { win32 } from "node:path";

// src/windows/netsh.ts
var IP_FAMILIES = ["ipv4", "ipv6"];
function netshShowDynamicPort(family) {
  return ["netsh.exe", "int", family, "show", "dynamicport", "tcp"];
}
function validatePortRange(range, what = "TCP dynamic port range") {
  const { start: start2, num: num2 } = range;
  if (!Number.isInteger(start2) || !Number.isInteger(num2) || start2 < 1025 || num2 < 255 || start2 + num2 - 1 > 65535)
    throw new UserError(
      `Invalid ${what} start=${start2} num=${num2}: start must be at least 1025, num at least 255, and start+num-1 at most 65535`
    );
  return range;
}
function netshSetDynamicPort(family, range) {
  const { start: start2, num: num2 } = validatePortRange(range);
  return ["netsh.exe", "int", family, "set", "dynamicport", "tcp", `start=${start2}`, `num=${num2}`];
}
function parseDynamicPort(stdout) {
  const numbers = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /:\s*([0-9]+)\s*$/.exec(line);
    if (m) numbers.push(Number(m[1]));
  }
  const [start2, num2] = numbers;
  if (numbers.length !== 2 || start2 === void 0 || num2 === void 0) return void 0;
  if (start2 < 1 || start2 > 65535 || num2 < 1 || start2 + num2 > 65536) return void 0;
  return { start: start2, num: num2 };
}
var STATE = ["enabled", "disabled"];
var TCP_GLOBAL_PARAMS = {
  rss: { label: "Receive-Side Scaling State", values: STATE },
  autotuninglevel: {
    label: "Receive Window Auto-Tuning Level",
    values: ["disabled", "highlyrestricted", "restricted", "normal", "experimental"]
  },
  ecncapability: { label: "ECN Capability", values: STATE },
  timestamps: { label: "RFC 1323 Timestamps", values: STATE },
  initialrto: { label: "Initial RTO", values: { min: 300, max: 3e3 } },
  rsc: { label: "Receive Segment Coalescing State", values: STATE },
  nonsackrttresiliency: { label: "Non Sack Rtt Resiliency", values: STATE },
  maxsynretransmissions: { label: "Max SYN Retransmissions", values: { min: 2, max: 8 } },
  fastopen: { label: "Fast Open", values: STATE },
  fastopenfallback: { label: "Fast Open Fallback", values: STATE },
  hystart: { label: "HyStart", values: STATE },
  prr: { label: "Proportional Rate Reduction", values: STATE },
  pacingprofile: {
    label: "Pacing Profile",
    values: ["off", "initialwindow", "slowstart", "always"]
  }
};
var READ_ONLY_ROWS = {
  chimney: { label: "Chimney Offload State", values: ["enabled", "disabled", "automatic"] },
  congestionprovider: { label: "Add-On Congestion Control Provider", values: (
    /* any word */
    []
  ) }
};
function checkTcpGlobalValue(name, value) {
  const param = TCP_GLOBAL_PARAMS[name];
  if (!param)
    throw new UserError(
      `Unknown TCP global setting '${name}': supported are ${Object.keys(TCP_GLOBAL_PARAMS).join(", ")}`
    );
  const v = String(value).trim().toLowerCase();
  if (Array.isArray(param.values)) {
    if (!param.values.includes(v))
      throw new UserError(
        `Invalid value '${value}' for TCP global setting ${name}: use one of ${param.values.join(", ")}`
      );
    return v;
  }
  const { min, max } = param.values;
  if (!/^[0-9]+$/.test(v) || Number(v) < min || Number(v) > max)
    throw new UserError(
      `Invalid value '${value}' for TCP global setting ${name}: use a number from ${min} to ${max}`
    );
  return String(Number(v));
}
function netshShowTcpGlobal() {
  return ["netsh.exe", "int", "tcp", "show", "global"];
}
function netshSetTcpGlobal(name, value) {
  return [
    "netsh.exe",
    "int",
    "tcp",
    "set",
    "global",
    `${name}=${checkTcpGlobalValue(name, value)}`
  ];
}
var LAYOUTS = [
  [
    "rss",
    "chimney",
    "autotuninglevel",
    "congestionprovider",
    "ecncapability",
    "timestamps",
    "initialrto",
    "rsc",
    "nonsackrttresiliency",
    "maxsynretransmissions",
    "fastopen",
    "fastopenfallback",
    "pacingprofile"
  ],
  [
    "rss",
    "autotuninglevel",
    "congestionprovider",
    "ecncapability",
    "timestamps",
    "initialrto",
    "rsc",
    "nonsackrttresiliency",
    "maxsynretransmissions",
    "fastopen",
    "fastopenfallback",
    "hystart",
    "prr",
    "pacingprofile"
  ]
];
function fitsDomain(name, value) {
  const domain = (TCP_GLOBAL_PARAMS[name] ?? READ_ONLY_ROWS[name])?.values;
  if (!domain) return false;
  if (Array.isArray(domain))
    return domain.length === 0 ? /^[a-z0-9]+$/.test(value) : domain.includes(value) || value === "default";
  return /^[0-9]+$/.test(value);
}
function parseTcpGlobal(stdout) {
  const rows = [];
  for (const line of stdout.split(/\r?\n/)) {
    const i = line.lastIndexOf(":");
    if (i <= 0) continue;
    const label = line.slice(0, i).trim().replace(/\s+/g, " ");
    const value = line.slice(i + 1).trim().split(/\s+/)[0]?.toLowerCase() ?? "";
    if (label !== "" && value !== "") rows.push({ label, value });
  }
  if (rows.length === 0) return void 0;
  const byLabel = new Map(
    Object.entries({ ...TCP_GLOBAL_PARAMS, ...READ_ONLY_ROWS }).map(([name, p]) => [
      p.label.toLowerCase(),
      name
    ])
  );
  const english = {};
  for (const r of rows) {
    const name = byLabel.get(r.label.toLowerCase());
    if (name) english[name] = r.value;
  }
  if (Object.keys(english).length >= Math.min(3, rows.length)) return english;
  for (const layout of LAYOUTS) {
    if (layout.length !== rows.length) continue;
    if (!layout.every((name, i) => fitsDomain(name, rows[i]?.value ?? ""))) continue;
    return Object.fromEntries(layout.map((name, i) => [name, rows[i]?.value ?? ""]));
  }
  return void 0;
}

// src/windows/tuning/commands.ts
function readCommand(ref) {
  switch (ref.kind) {
    case "registry":
      return regQuery(ref.key);
    case "service-start":
      return regQuery(serviceKey(ref.service));
    case "power-plan":
      return powercfgGetActiveScheme();
    case "dynamic-port":
      return netshShowDynamicPort(ref.family);
    case "tcp-global":
      return netshShowTcpGlobal();
  }
}
function firstLine2(res) {
  const text = `${res.stderr}
${res.stdout}`.split(/\r?\n/).find((l) => l.trim() !== "");
  return text ? `: ${text.trim()}` : "";
}
function failed(argv, res) {
  return `${argv[0]} exited with ${res.exitCode}${firstLine2(res)}`;
}
function startTypeFromRegistry(start2, delayed) {
  switch (start2) {
    case 0:
      return "boot";
    case 1:
      return "system";
    case 2:
      return delayed === 1 ? "delayed-auto" : "auto";
    case 3:
      return "demand";
    case 4:
      return "disabled";
    default:
      return void 0;
  }
}
function readValue(ref, res) {
  const argv = readCommand(ref);
  switch (ref.kind) {
    case "registry": {
      if (res.exitCode === 1) return { ok: true, value: { kind: "registry", value: null } };
      if (res.exitCode !== 0) return { ok: false, error: failed(argv, res) };
      const block = parseRegQueryKeys(res.stdout).find((b) => sameRegKey(b.key, ref.key));
      if (!block)
        return res.stdout.trim() === "" ? { ok: true, value: { kind: "registry", value: null } } : { ok: false, error: `reg.exe printed no block for ${ref.key}` };
      const hit = block.values.find((v) => v.name.toLowerCase() === ref.name.toLowerCase());
      if (!hit) {
        const printed = res.stdout.split(/\r?\n/).some((l) => l.toLowerCase().startsWith(`    ${ref.name.toLowerCase()}    reg_`));
        if (printed) return { ok: "export" };
        return { ok: true, value: { kind: "registry", value: null } };
      }
      if (hit.type === "REG_MULTI_SZ" || hit.type === "REG_QWORD") return { ok: "export" };
      return { ok: true, value: { kind: "registry", value: { type: hit.type, data: hit.data } } };
    }
    case "service-start": {
      if (res.exitCode === 1)
        return { ok: false, error: `service ${ref.service} is not installed on this host` };
      if (res.exitCode !== 0) return { ok: false, error: failed(argv, res) };
      const values = parseRegQueryKeys(res.stdout).find((b) => sameRegKey(b.key, serviceKey(ref.service)))?.values ?? [];
      const num2 = (name) => {
        const v = values.find((x) => x.name.toLowerCase() === name.toLowerCase());
        return v?.type === "REG_DWORD" ? v.data : void 0;
      };
      const start2 = startTypeFromRegistry(num2("Start") ?? -1, num2("DelayedAutostart") ?? 0);
      if (!start2) return { ok: false, error: `service ${ref.service} has no readable Start value` };
      return { ok: true, value: { kind: "service-start", start: start2 } };
    }
    case "power-plan": {
      if (res.exitCode !== 0)
        return {
          ok: false,
          error: `powercfg.exe is missing or failed (exit ${res.exitCode}${firstLine2(res)})`
        };
      const scheme = parseActiveScheme(res.stdout);
      if (!scheme) return { ok: false, error: "powercfg /getactivescheme printed no plan GUID" };
      return { ok: true, value: { kind: "power-plan", scheme } };
    }
    case "dynamic-port": {
      if (res.exitCode !== 0) return { ok: false, error: failed(argv, res) };
      const range = parseDynamicPort(res.stdout);
      if (!range)
        return {
          ok: false,
          error: `netsh printed no ${ref.family} dynamic port range (a stub netsh, such as Wine's, prints nothing)`
        };
      return { ok: true, value: { kind: "dynamic-port", range } };
    }
    case "tcp-global": {
      if (res.exitCode !== 0) return { ok: false, error: failed(argv, res) };
      const value = parseTcpGlobal(res.stdout)?.[ref.name];
      if (!value)
        return {
          ok: false,
          error: `netsh int tcp show global printed no readable ${ref.name} (a stub netsh prints nothing; an unknown display language is not guessed)`
        };
      return { ok: true, value: { kind: "tcp-global", value } };
    }
  }
}
function setCommand(ref, value) {
  if (ref.kind === "registry" && value.kind === "registry")
    return value.value === null ? regDelete(ref.key, ref.name) : regAdd(ref.key, ref.name, value.value.type, value.value.data);
  if (ref.kind === "service-start" && value.kind === "service-start") {
    if (value.start === "boot" || value.start === "system")
      throw new Error(`winship never sets the driver start type ${value.start}`);
    return scConfig(ref.service, { start: value.start });
  }
  if (ref.kind === "power-plan" && value.kind === "power-plan")
    return powercfgSetActive(value.scheme);
  if (ref.kind === "dynamic-port" && value.kind === "dynamic-port")
    return netshSetDynamicPort(ref.family, value.range);
  if (ref.kind === "tcp-global" && value.kind === "tcp-global")
    return netshSetTcpGlobal(ref.name, value.value);
  throw new Error(`value of kind ${value.kind} does not fit setting ${ref.kind}`);
}

// src/engine/tuning-host.ts
async function run(exec, argv) {
  try {
    return await exec.run(argv, { timeoutMs: 6e4 });
  } catch (e) {
    return { exitCode: -1, stdout: "", stderr: errorMessage(e) };
  }
}
async function readExported(exec, ref, scratch) {
  const argv = regExport(ref.key, scratch);
  await exec.writeFile(scratch, "");
  const res = await run(exec, argv);
  if (res.exitCode !== 0)
    return {
      ok: false,
      error: `reg export of ${ref.key} exited with ${res.exitCode}: ${res.stderr.trim() || res.stdout.trim()}`
    };
  const file = await exec.readFile(scratch);
  if (!file) return { ok: false, error: `reg export wrote no file at ${scratch}` };
  const block = parseRegExport(file).find((b) => sameRegKey(b.key, ref.key));
  const v = block?.values.find((x) => x.name.toLowerCase() === ref.name.toLowerCase());
  return {
    ok: true,
    value: { kind: "registry", value: v ? { type: v.type, data: v.data } : null }
  };
}
async function readCurrent(exec, refs, scratch) {
  const outputs = /* @__PURE__ */ new Map();
  const current = /* @__PURE__ */ new Map();
  for (const ref of refs) {
    const argv = readCommand(ref);
    const key = JSON.stringify(argv);
    let res = outputs.get(key);
    if (!res) {
      res = await run(exec, argv);
      outputs.set(key, res);
    }
    const read = readValue(ref, res);
    current.set(
      settingId(ref),
      read.ok === "export" && ref.kind === "registry" ? await readExported(exec, ref, scratch) : read
    );
  }
  return current;
}
function describeFailure(argv, res) {
  const text = `${res.stderr}
${res.stdout}`.split(/\r?\n/).find((l) => l.trim() !== "")?.trim();
  return `${argv[0]} exited with ${res.exitCode}${text ? `: ${text}` : ""}`;
}
async function change(exec, ref, value, scratch) {
  const argv = setCommand(ref, value);
  const res = await run(exec, argv);
  if (res.exitCode !== 0) return describeFailure(argv, res);
  const after = (await readCurrent(exec, [ref], scratch)).get(settingId(ref));
  if (!after || after.ok !== true)
    return `changed, but reading it back failed: ${after && after.ok === false ? after.error : ""}`;
  if (!sameValue(after.value, value))
    return `${argv[0]} reported success but the host holds ${formatValue(after.value)}`;
  return void 0;
}
function scratchFile(stateFile) {
  return win32.join(win32.dirname(stateFile), "tuning-read.reg");
}

// src/engine/tuning-state.ts
async function loadState(exec, stateFile) {
  const buf = await exec.readFile(stateFile);
  if (!buf || buf.length === 0) return { version: 1, entries: [] };
  try {
    const json = JSON.parse(buf.toString("utf8"));
    if (json.version !== 1 || !Array.isArray(json.entries)) throw new Error("unknown layout");
    return {
      version: 1,
      entries: json.entries.map((raw) => {
        const e = raw;
        return {
          id: e.id,
          ref: e.ref,
          previous: valueFromJson(e.previous),
          reboot: e.reboot === true,
          recordedAt: e.recordedAt
        };
      })
    };
  } catch (e) {
    throw new UserError(
      `Tuning state file ${stateFile} on the host is unreadable (${errorMessage(e)}): restore it or move it away before tuning again`
    );
  }
}
async function saveState(exec, stateFile, state) {
  const json = {
    version: 1,
    entries: state.entries.map((e) => ({ ...e, previous: valueToJson(e.previous) }))
  };
  await exec.writeFile(stateFile, JSON.stringify(json, null, 2) + "\n");
}

// src/engine/tuning.ts
var TuningError = class extends UserError {
  constructor(message, report) {
    super(message);
    this.report = report;
    this.name = "TuningError";
  }
  report;
};
async function applyTuning(exec, profile, stateFile, opts) {
  const state = validateWindowsPath(stateFile, "tuning state file");
  const scratch = scratchFile(state);
  const current = await readCurrent(
    exec,
    profile.settings.map((s) => s.ref),
    scratch
  );
  const plan2 = planTuning(current, profile);
  for (const r of profile.refused) opts.log?.warning(`Tuning: refused ${r.setting}: ${r.reason}`);
  const changes = plan2.settings.filter((s) => s.change);
  const report = (changed, rows) => ({
    changed: changed.length,
    unchanged: plan2.settings.length - changes.length,
    ...plan2.errors.length ? { notRead: plan2.errors.length } : {},
    rebootRequired: changed.filter((s) => s.setting.reboot).map((s) => settingLabel(s.setting.ref)),
    rows
  });
  if (plan2.errors.length > 0 && opts.unreadable === "skip") {
    for (const e of plan2.errors)
      opts.log?.warning(`Tuning: skipped (cannot read it on ${exec.label}): ${e}`);
    for (const row2 of plan2.rows)
      if (row2.current === "(unreadable)") row2.note = `skipped: ${row2.note ?? "cannot read"}`;
  } else if (plan2.errors.length > 0)
    throw new TuningError(
      `Cannot read the current value of ${plan2.errors.length} tuning setting(s) on ${exec.label}, nothing was changed: ${plan2.errors.join("; ")}. Use a profile without these settings (or 'none'), or fix the host.`,
      report([], plan2.rows)
    );
  if (opts.dryRun || changes.length === 0) return report(opts.dryRun ? changes : [], plan2.rows);
  const saved = await loadState(exec, state);
  const recorded = new Set(saved.entries.map((e) => e.id));
  const now = (/* @__PURE__ */ new Date()).toISOString();
  for (const c of changes)
    if (!recorded.has(c.id))
      saved.entries.push({
        id: c.id,
        ref: c.setting.ref,
        previous: c.current,
        reboot: c.setting.reboot,
        recordedAt: now
      });
  await saveState(exec, state, saved);
  const done = [];
  const failures = [];
  for (const c of changes) {
    const failure = await change(exec, c.setting.ref, c.setting.desired, scratch);
    if (failure) {
      failures.push(`${settingLabel(c.setting.ref)}: ${failure}`);
      c.row.note = `failed: ${failure}`;
    } else {
      done.push(c);
      opts.log?.info(
        `Tuning: ${c.row.setting}: ${c.row.current} -> ${c.row.desired}${c.setting.reboot ? " (needs a reboot)" : ""}`
      );
    }
  }
  const result = report(done, plan2.rows);
  if (failures.length > 0)
    throw new TuningError(
      `${failures.length} of ${changes.length} tuning change(s) failed on ${exec.label} (the previous values are recorded; revert restores them): ${failures.join("; ")}`,
      result
    );
  return result;
}

// src/engine/steps.ts
async function readState(c) {
  const text = await c.exec.readFile(c.paths.stateFile);
  if (text) c.state = parseState(text.toString("utf8"), c.paths.stateFile);
  if (c.state.service.toLowerCase() !== c.req.service.name.toLowerCase())
    throw new UserError(
      `The state file ${c.paths.stateFile} belongs to service '${c.state.service}', not '${c.req.service.name}': check the root folder`
    );
  const tx = takeTransaction(c.state, c.paths.stateFile);
  if (tx) {
    c.interrupted = tx;
    c.log.warning(
      `[${c.req.service.name}] an earlier deploy of ${tx.version} was interrupted at its '${tx.phase}' step (started ${tx.startedAt}${tx.by ? ` by ${tx.by}` : ""})${c.req.dryRun ? ": a deploy will finish or undo it first" : ""}`
    );
  }
  await readService(c);
}
async function readService(c) {
  delete c.before.config;
  delete c.before.status;
  if (c.state.current) c.versionBefore = c.state.current.version;
  const { values, status } = await readServiceAndStatus(c.exec, c.req.service.name);
  if (values) c.before.config = readServiceConfig(values);
  if (status) c.before.status = status;
  c.log.info(
    `[${c.req.service.name}] ${c.before.config ? `installed, ${stateName(status?.state ?? 0)}, release ${c.state.current?.version ?? "(unknown)"}` : "not installed"}`
  );
}
async function plan(c) {
  const name = c.req.service.name;
  const { version, sha256 } = c.req.release;
  const opts = c.req.service.password !== void 0 ? { password: c.req.service.password } : {};
  c.servicePlan = planServiceChanges(name, c.before.config, c.desired, opts);
  const cur = c.state.current;
  const sameRelease = cur?.version === version && cur.sha256.toLowerCase() === sha256.toLowerCase();
  c.plan.push({
    area: "release",
    setting: `${name} release`,
    current: cur ? cur.version : "(none)",
    desired: version,
    action: sameRelease ? "none" : cur ? "update" : "create",
    ...cur && cur.version === version && !sameRelease ? { note: "same version, different binary: redeployed" } : {}
  });
  c.plan.push(...c.servicePlan.rows);
  const target = rollbackTarget(c.state, version);
  if (!c.req.dryRun && !sameRelease)
    c.log.info(
      `[${name}] rollback target: ${target ? target.version : "none (a failure leaves the service stopped and registered)"}`
    );
  if (!c.req.dryRun && sameRelease && c.servicePlan.steps.length === 0 && c.before.status?.state === ServiceState.RUNNING) {
    const live = await verifyFile(c.exec, c.paths.currentFile, sha256);
    const h = live.ok ? await checkHealth(c.exec, c.req.health, () => isRunning(c)) : void 0;
    if (h?.ok) {
      c.unchanged = true;
      c.log.info(`[${name}] ${version} is already deployed and healthy (${h.detail})`);
    } else {
      c.log.warning(
        `[${name}] ${version} is recorded as deployed but ${h ? `not healthy (${h.detail})` : `${c.paths.currentFile} differs from it`}: deploying it again`
      );
    }
  }
}
async function tuning(c) {
  const profile = c.req.profile;
  if (profile === null) return;
  const apply = c.deps.applyTuning ?? applyTuning;
  let report;
  try {
    report = await apply(c.exec, profile, c.paths.tuningStateFile, {
      dryRun: c.req.dryRun,
      log: c.log,
      ...c.req.tuningUnreadable ? { unreadable: c.req.tuningUnreadable } : {}
    });
  } catch (e) {
    if (e instanceof TuningError) c.plan.push(...e.report.rows);
    throw e;
  }
  c.tuning = {
    changed: report.changed,
    unchanged: report.unchanged,
    ...report.notRead ? { notRead: report.notRead } : {},
    rebootRequired: report.rebootRequired
  };
  c.plan.push(...report.rows);
}
async function upload(c) {
  const { releaseFile } = c.paths;
  const { sha256, localFile, version } = c.req.release;
  const recorded = c.state.releases.some(
    (r) => r.version === version && r.sha256.toLowerCase() === sha256.toLowerCase()
  );
  const existing = recorded ? await verifyFile(c.exec, releaseFile, sha256) : void 0;
  if (existing?.ok) {
    c.log.info(
      `[${c.req.service.name}] ${releaseFile} is already on the host (sha256 checked by ${existing.method})`
    );
    return;
  }
  await abortable(c, c.exec.upload(localFile, releaseFile));
  const v = await verifyFile(c.exec, releaseFile, sha256);
  if (!v.ok) {
    await c.exec.run(rmdirArgv(c.paths.releaseDir), { timeoutMs: 3e4 }).catch(() => void 0);
    throw new UserError(
      `Release ${version} arrived damaged on the host: sha256 ${v.actual ?? "(unreadable)"} by ${v.method}, expected ${sha256.toLowerCase()}; it was removed, run the deploy again`
    );
  }
  c.log.info(`[${c.req.service.name}] uploaded ${releaseFile} (sha256 checked by ${v.method})`);
}
async function register(c) {
  const steps = c.servicePlan?.steps ?? [];
  c.touched = "config";
  for (const s of steps) {
    c.log.info(`[${c.req.service.name}] ${s.what}: ${redactArgv(s.argv).join(" ")}`);
    await runOk(c.exec, s.argv, s.what);
  }
}
async function stage(c) {
  await stageFile(c, c.paths.releaseFile, c.paths.stagedFile, c.req.release.sha256);
}
async function stageFile(c, from, to, sha256) {
  const copy = copyArgv(from, to);
  const [, copied] = await runEach(c.exec, [mkdirArgv(c.paths.currentDir), copy], {
    timeoutMs: 12e4
  });
  if (copied.exitCode !== 0) throw new HostCommandError(copy, copied, `copy ${from} to ${to}`);
  const v = await verifyFile(c.exec, to, sha256);
  if (!v.ok)
    throw new UserError(
      `The staged copy ${to} has sha256 ${v.actual ?? "(unreadable)"}, expected ${sha256}: check the disk of the host`
    );
}
async function putReleaseBack(c, prev, sha256) {
  const kept = await verifyFile(c.exec, prev.releaseFile, sha256);
  if (!kept.ok)
    throw new UserError(
      `the previous release ${prev.releaseFile} is missing or damaged (sha256 by ${kept.method})`
    );
  await stageFile(c, prev.releaseFile, prev.stagedFile, sha256);
  await swapIn(c, prev.stagedFile, prev.currentFile, prev.currentDir);
}
async function swap(c) {
  c.touched = "binary";
  await swapIn(c, c.paths.stagedFile, c.paths.currentFile, c.paths.currentDir);
}
async function swapIn(c, staged, live, dir) {
  const exe = live.split("\\").at(-1) ?? "";
  const aside = asidePath(live, randomBytes2(4).toString("hex"));
  const [, moved, placed] = await runEach(
    c.exec,
    [deleteAsidesArgv(dir, exe), moveArgv(live, aside), moveArgv(staged, live)],
    { timeoutMs: 3e4 }
  );
  if (moved.exitCode === 0) c.aside = aside;
  if (placed.exitCode === 0) return;
  for (let attempt = 2; ; attempt++) {
    await sleep(400);
    try {
      await runOk(c.exec, moveArgv(staged, live), `move ${staged} to ${live}`);
      return;
    } catch (e) {
      if (attempt >= 5) throw e;
    }
  }
}
async function start(c) {
  c.startedAt = Date.now();
  const s = await abortable(c, startService(c.exec, c.req.service.name, START_TIMEOUT_SECONDS));
  if (s.ok) return;
  if (s.startError !== void 0)
    throw new ReleaseFailure(
      `sc start failed with ${explainWin32Error(s.startError)}`,
      s.status,
      s.startError
    );
  if (s.status?.state === ServiceState.STOPPED)
    throw new StoppedAtStart(
      `it stopped during start with ${explainServiceExit(s.status.win32ExitCode, s.status.serviceExitCode)}`,
      s.status
    );
  throw new ReleaseFailure(
    `it did not reach RUNNING within ${START_TIMEOUT_SECONDS} s (state ${s.status ? stateName(s.status.state) : "unknown"})`,
    s.status
  );
}
async function health(c) {
  const h = await abortable(
    c,
    checkHealth(c.exec, c.req.health, () => isRunning(c))
  );
  if (!h.ok) {
    const status = await queryService(c.exec, c.req.service.name);
    throw new ReleaseFailure(
      `the health check failed after ${h.attempts} attempt(s): ${h.detail}`,
      status
    );
  }
  c.healthSeconds = (Date.now() - (c.startedAt ?? Date.now())) / 1e3;
  c.log.info(`[${c.req.service.name}] healthy: ${h.detail}`);
}
async function record(c) {
  const rec = {
    version: c.req.release.version,
    sha256: c.req.release.sha256.toLowerCase(),
    deployedAt: c.now().toISOString()
  };
  const keep = c.req.keepReleases ?? DEFAULT_KEEP_RELEASES;
  const { state, prune } = recordDeployed(
    { ...c.state, binaryName: exeName(c.req.release.binaryName) },
    rec,
    keep
  );
  await closeJournal(c, state);
  c.state = state;
  await pruneReleases(c, prune);
}
async function pruneReleases(c, prune) {
  for (const v of prune) {
    const dir = releasePaths(
      c.req.root,
      c.req.service.name,
      v,
      c.req.release.binaryName
    ).releaseDir;
    const r = await c.exec.run(rmdirArgv(dir), { timeoutMs: 6e4 });
    if (r.exitCode !== 0) c.log.warning(`Could not remove the old release ${dir}`);
    else c.log.info(`[${c.req.service.name}] removed old release ${v}`);
  }
}
async function abortable(c, work) {
  const signal = c.deps.signal;
  if (!signal) return work;
  work.catch(() => void 0);
  if (signal.aborted) throw new Cancelled();
  let onAbort = () => void 0;
  const aborted = new Promise((_, reject) => {
    onAbort = () => reject(new Cancelled());
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
function healthFor(c, version) {
  return c.req.health.expectVersion !== void 0 ? { ...c.req.health, expectVersion: version } : c.req.health;
}
async function isRunning(c) {
  return (await queryService(c.exec, c.req.service.name))?.state === ServiceState.RUNNING;
}

// src/engine/recover.ts
async function recover(c, err, result) {
  const name = c.req.service.name;
  const version = c.req.release.version;
  const reason = errorMessage(err);
  const undo2 = (step, status2, note) => c.steps.push({ name: `rollback: ${step}`, status: status2, ...note ? { note } : {} });
  await journal(c, "rollback").catch(() => void 0);
  let status = err instanceof ReleaseFailure ? err.status : void 0;
  if (c.touched === "binary") status = await queryService(c.exec, name) ?? status;
  const logTail = c.req.service.logFile ? await tailFile(c.exec, c.req.service.logFile, LOG_TAIL_LINES) : [];
  const exitCode = status && status.state === ServiceState.STOPPED && status.win32ExitCode !== 0 ? status.win32ExitCode === 1066 ? status.serviceExitCode : status.win32ExitCode : void 0;
  let what = `Release ${version} of ${name} failed: ${reason}`;
  if (c.touched === "binary" && !(err instanceof StoppedAtStart) && status && status.state === ServiceState.STOPPED)
    what += `; the service stopped with ${explainServiceExit(status.win32ExitCode, status.serviceExitCode)}`;
  if (err instanceof ReleaseFailure && status?.win32ExitCode === 1066)
    what += ` (SCM: ${explainWin32Error(1066)})`;
  else if (status && status.win32ExitCode !== 0 && status.win32ExitCode !== 1066)
    what += ` (SCM: ${explainWin32Error(status.win32ExitCode)})`;
  c.log.warning(what);
  const diag = {
    ...exitCode !== void 0 ? { exitCode } : {},
    ...logTail.length ? { logTail } : {}
  };
  const restore = async () => {
    const n = await restoreConfig(c, c.before.config);
    if (n !== void 0) undo2("restore configuration", "done", n ? `${n} command(s)` : "unchanged");
  };
  const writeFailure = async (undone = true) => {
    const failed2 = recordFailed(c.state, version, what, c.now().toISOString());
    if (undone) await closeJournal(c, failed2).catch(() => void 0);
    else
      await c.exec.writeFile(
        c.paths.stateFile,
        serializeState({ ...failed2, transaction: c.tx })
      ).catch(() => void 0);
    if (undone && !c.state.releases.some((r) => r.version === version))
      await c.exec.run(rmdirArgv(c.paths.releaseDir), { timeoutMs: 6e4 }).catch(() => void 0);
  };
  try {
    if (c.touched === "config") {
      await restore();
      if (c.before.status?.state === ServiceState.RUNNING && !await isRunning(c)) {
        const s2 = await startService(c.exec, name, START_TIMEOUT_SECONDS);
        undo2("start the old release", s2.ok ? "done" : "failed");
      }
      await writeFailure();
      return result("failed", {
        error: c.before.config ? `${what}. The previous release was not replaced and its configuration was restored` : `${what}. No release went live: the service is registered and not started`,
        ...c.state.current ? { versionAfter: c.state.current.version } : {},
        ...diag
      });
    }
    const target = rollbackTarget(c.state, version);
    if (!target) {
      await stopService(c.exec, name, c.req.service.stopTimeoutSeconds, c.log);
      undo2("stop the failed release", "done");
      if (c.before.config) await restore();
      await writeFailure();
      return result("failed", {
        error: c.before.config ? `${what}. No recorded previous release to roll back to (${c.paths.stateFile} has none): the service is stopped, its configuration restored, and its previous binary kept as ${c.aside ?? "(none)"}` : `${what}. No previous release to roll back to (first install): the service is stopped and left registered`,
        ...diag
      });
    }
    c.log.warning(`[${name}] rolling back to ${target.version}`);
    const prev = releasePaths(c.req.root, name, target.version, c.state.binaryName);
    await putReleaseBack(c, prev, target.sha256);
    undo2(`put ${target.version} back`, "done");
    await stopService(c.exec, name, c.req.service.stopTimeoutSeconds, c.log);
    undo2("stop the failed release", "done");
    await restore();
    const s = await startService(c.exec, name, START_TIMEOUT_SECONDS);
    if (!s.ok)
      throw new UserError(
        `${target.version} did not start again (${stateName(s.status?.state ?? 0)})`
      );
    const h = await checkHealth(c.exec, healthFor(c, target.version), () => isRunning(c));
    if (!h.ok) throw new UserError(`${target.version} is running but not healthy: ${h.detail}`);
    undo2(`health of ${target.version}`, "done", h.detail);
    await writeFailure();
    return result("rolled-back", {
      versionAfter: target.version,
      error: `${what}. Rolled back to ${target.version}, which is healthy`,
      ...diag
    });
  } catch (e) {
    undo2("rollback", "failed", errorMessage(e));
    await writeFailure(false);
    return result("failed", {
      error: `${what}. The rollback failed too: ${errorMessage(e)}. Check the host`,
      ...diag
    });
  }
}
async function restoreConfig(c, before) {
  const name = c.req.service.name;
  if (!before) return void 0;
  const values = await readServiceKey(c.exec, name);
  if (!values) return void 0;
  const now = readServiceConfig(values);
  const back = planServiceChanges(name, now, restoreTarget(name, before, c.desired), {
    restoring: true
  });
  for (const s of back.steps) await runOk(c.exec, s.argv, `restore: ${s.what}`);
  return back.steps.length;
}

// src/engine/resume.ts
async function resumeInterrupted(c) {
  const tx = c.interrupted;
  if (!tx) return;
  const finished = await finish(c, tx);
  const note = finished ?? await undo(c, tx);
  delete c.interrupted;
  c.notes.push(note);
  c.log.warning(`[${c.req.service.name}] ${note}`);
  await readService(c);
}
async function finish(c, tx) {
  if (tx.phase !== "start" && tx.phase !== "health") return void 0;
  const live = await verifyFile(c.exec, c.paths.currentFile, tx.sha256);
  if (!live.ok || !await isRunning(c)) return void 0;
  const h = await checkHealth(c.exec, healthFor(c, tx.version), () => isRunning(c));
  if (!h.ok) return void 0;
  const { state, prune } = recordDeployed(
    { ...c.state, binaryName: exeName(c.req.release.binaryName) },
    { version: tx.version, sha256: tx.sha256, deployedAt: c.now().toISOString() },
    c.req.keepReleases ?? DEFAULT_KEEP_RELEASES
  );
  await closeJournal(c, state);
  c.state = state;
  await pruneReleases(c, prune);
  return `Finished the interrupted deploy of ${tx.version} (cut off at its '${tx.phase}' step): it is live and healthy (${h.detail})`;
}
async function undo(c, tx) {
  const name = c.req.service.name;
  const at = `cut off at its '${tx.phase}' step`;
  try {
    if (tx.phase === "register") {
      await restoreConfig(c, tx.configBefore);
      if (tx.wasRunning && !await isRunning(c)) {
        const s = await startService(c.exec, name, START_TIMEOUT_SECONDS);
        if (!s.ok)
          throw new UserError(`${name} did not start again after its configuration was restored`);
      }
      await closeJournal(c, failedState(c, tx));
      return `Undid the interrupted deploy of ${tx.version} (${at}): its configuration change was put back; the binary had not been replaced`;
    }
    const from = tx.from;
    if (!from) {
      await stopService(c.exec, name, c.req.service.stopTimeoutSeconds, c.log);
      await closeJournal(c, failedState(c, tx));
      return `Undid the interrupted first install of ${tx.version} (${at}): the service is stopped and registered, and is installed again now`;
    }
    const prev = releasePaths(c.req.root, name, from.version, c.state.binaryName);
    const live = await verifyFile(c.exec, prev.currentFile, from.sha256);
    if (!live.ok) {
      await putReleaseBack(c, prev, from.sha256);
      await stopService(c.exec, name, c.req.service.stopTimeoutSeconds, c.log);
    } else if (tx.phase !== "swap") {
      await stopService(c.exec, name, c.req.service.stopTimeoutSeconds, c.log);
    }
    await restoreConfig(c, tx.configBefore);
    if (tx.wasRunning && !await isRunning(c)) {
      const s = await startService(c.exec, name, START_TIMEOUT_SECONDS);
      if (!s.ok) throw new UserError(`${from.version} did not start again`);
    }
    let health2 = "";
    if (tx.wasRunning) {
      const h = await checkHealth(c.exec, healthFor(c, from.version), () => isRunning(c));
      if (!h.ok) throw new UserError(`${from.version} is running but not healthy: ${h.detail}`);
      health2 = `, which is healthy (${h.detail})`;
    }
    await closeJournal(c, failedState(c, tx));
    return `Undid the interrupted deploy of ${tx.version} (${at}): ${from.version} was put back${health2}`;
  } catch (e) {
    throw new UserError(
      `An interrupted deploy of ${tx.version} (${at}) could not be undone: ${e instanceof Error ? e.message : String(e)}. Check the host; the record stays in ${c.paths.stateFile} for the next deploy`
    );
  }
}
function failedState(c, tx) {
  return recordFailed(
    c.state,
    tx.version,
    `interrupted at its '${tx.phase}' step (the run was cancelled or killed) and undone by the next deploy`,
    c.now().toISOString()
  );
}

// src/windows/acl.ts
import { createHash } from "node:crypto";
var ADMINISTRATORS_SID = "S-1-5-32-544";
var SYSTEM_SID = "S-1-5-18";
var ALIASES = {
  BA: ADMINISTRATORS_SID,
  SY: SYSTEM_SID,
  LS: "S-1-5-19",
  NS: "S-1-5-20",
  BU: "S-1-5-32-545",
  AU: "S-1-5-11",
  WD: "S-1-1-0",
  CO: "S-1-3-0",
  OW: "S-1-3-4",
  LA: "LA"
};
var NAMES = {
  [ADMINISTRATORS_SID]: "Administrators",
  [SYSTEM_SID]: "SYSTEM",
  "S-1-5-19": "LocalService",
  "S-1-5-20": "NetworkService",
  "S-1-5-32-545": "Users",
  "S-1-5-11": "Authenticated Users",
  "S-1-1-0": "Everyone",
  "S-1-3-0": "CREATOR OWNER"
};
var sidName = (sid2) => NAMES[sid2] ? `${NAMES[sid2]} (${sid2})` : sid2;
function virtualAccountSid(serviceName) {
  const digest = createHash("sha1").update(Buffer.from(serviceName.toUpperCase(), "utf16le")).digest();
  const parts = [0, 4, 8, 12, 16].map((o) => digest.readUInt32LE(o));
  return `S-1-5-80-${parts.join("-")}`;
}
function accountTrustee(account) {
  const a = account.toLowerCase();
  if (a === "localsystem" || a === ".\\localsystem" || a === "nt authority\\system")
    return "system";
  if (a === "nt authority\\localservice") return { sid: "S-1-5-19" };
  if (a === "nt authority\\networkservice") return { sid: "S-1-5-20" };
  if (a.startsWith("nt service\\")) return { sid: virtualAccountSid(account.slice(11)) };
  return { name: account };
}
var FULL = "(OI)(CI)(F)";
var READ_EXECUTE = "(OI)(CI)(RX)";
function lockFolderArgvs(lock) {
  const path = validateWindowsPath(lock.path, "install folder");
  if (/^[A-Za-z]:\\$/.test(path))
    throw new UserError(
      `Invalid install folder '${path}': a drive's root is never locked down by winship; use a folder of its own such as C:\\ProgramData\\winship`
    );
  const grants = [`*${ADMINISTRATORS_SID}:${FULL}`, `*${SYSTEM_SID}:${FULL}`];
  const who = lock.account === void 0 ? "system" : accountTrustee(lock.account);
  if (who !== "system")
    grants.push("sid" in who ? `*${who.sid}:${READ_EXECUTE}` : `${who.name}:${READ_EXECUTE}`);
  return [
    ["icacls.exe", path, "/setowner", `*${ADMINISTRATORS_SID}`],
    ["icacls.exe", path, "/inheritance:r", "/grant:r", ...grants]
  ];
}
function readFolderSecurityArgv(path) {
  const p = validateWindowsPath(path, "install folder");
  if (/['\u2018\u2019\u201a\u201b]/.test(p))
    throw new UserError(`Invalid install folder '${p}': quote characters are not allowed`);
  const script = `$ErrorActionPreference = 'Stop'; $p = '${p}'; if (Test-Path -LiteralPath $p -PathType Container) { (Get-Acl -LiteralPath $p).Sddl } else { 'absent' }`;
  return [
    "powershell.exe",
    "-NoLogo",
    "-NoProfile",
    "-NonInteractive",
    "-EncodedCommand",
    Buffer.from(script, "utf16le").toString("base64")
  ];
}
var RIGHTS = {
  FA: 2032127,
  FR: 1179785,
  FW: 1179926,
  FX: 1179808,
  GA: 268435456,
  GX: 536870912,
  GW: 1073741824,
  GR: 2147483648
};
function mask(rights) {
  if (/^0x[0-9a-f]+$/i.test(rights)) return Number(rights);
  if (!/^([A-Z]{2})+$/.test(rights)) return void 0;
  let m = 0;
  for (const r of rights.match(/[A-Z]{2}/g) ?? []) {
    const v = RIGHTS[r];
    if (v === void 0) return void 0;
    m = (m | v) >>> 0;
  }
  return m;
}
var sid = (s) => ALIASES[s] ?? s;
function parseFolderSecurity(stdout) {
  const lines = stdout.split(/\r?\n/);
  const field = lines.findIndex((l) => /^Sddl\s*:/.test(l));
  let text;
  if (field >= 0) {
    const rest = lines.slice(field + 1);
    const end = rest.findIndex((l) => !/^\s/.test(l) || l.trim() === "");
    const wrapped = end < 0 ? rest : rest.slice(0, end);
    text = [(lines[field] ?? "").replace(/^Sddl\s*:/, ""), ...wrapped].join("");
  } else text = stdout;
  text = text.replace(/\s+/g, "");
  if (text === "absent") return "absent";
  const m = /^(?:O:(S-1-[0-9-]+|[A-Z]{2}))?(?:G:(?:S-1-[0-9-]+|[A-Z]{2}))?D:([A-Z]*)((?:\([^()]*\))*)(?:S:.*)?$/.exec(
    text
  );
  if (!m) return void 0;
  const aces = [...(m[3] ?? "").matchAll(/\(([^()]*)\)/g)].map((a) => {
    const [type = "", flags = "", rights = "", , , who = ""] = (a[1] ?? "").split(";");
    return { type, flags: flags.match(/[A-Z]{2}/g) ?? [], mask: mask(rights), sid: sid(who) };
  });
  return {
    owner: m[1] === void 0 ? void 0 : sid(m[1]),
    protected: (m[2] ?? "").includes("P"),
    aces
  };
}
var RX_MASK = 1179817;
var FA_MASK = 2032127;
function folderSecurityProblems(security, lock) {
  const problems = [];
  if (security.owner !== ADMINISTRATORS_SID)
    problems.push(
      `its owner is ${security.owner === void 0 ? "not shown" : sidName(security.owner)}, not Administrators`
    );
  if (!security.protected || security.aces.some((a) => a.flags.includes("ID")))
    problems.push("it inherits entries from its parent folder");
  const who = lock.account === void 0 ? "system" : accountTrustee(lock.account);
  const wanted = [
    { sid: ADMINISTRATORS_SID, mask: FA_MASK, label: sidName(ADMINISTRATORS_SID) },
    { sid: SYSTEM_SID, mask: FA_MASK, label: sidName(SYSTEM_SID) }
  ];
  if (who !== "system")
    wanted.push({
      sid: "sid" in who ? who.sid : "account",
      mask: RX_MASK,
      label: `the service account ${lock.account ?? ""}${"sid" in who ? ` (${who.sid})` : ""}`
    });
  const left = [...wanted];
  for (const ace of security.aces.filter((a) => !a.flags.includes("ID"))) {
    const inherits = ace.flags.length === 2 && ace.flags.includes("OI") && ace.flags.includes("CI");
    const exact = ace.type === "A" && inherits;
    const i = left.findIndex(
      (w) => exact && w.mask === ace.mask && (w.sid === ace.sid || w.sid === "account" && /^S-1-5-21-/.test(ace.sid))
    );
    if (i >= 0) left.splice(i, 1);
    else
      problems.push(
        `it has an entry ${ace.type === "D" ? "denying" : "granting"} ${sidName(ace.sid)} ${ace.mask === void 0 ? "unknown rights" : `0x${ace.mask.toString(16)}`}${inherits ? "" : ` (${ace.flags.join("") || "this folder only"})`}`
      );
  }
  for (const w of left)
    problems.push(
      `it does not grant ${w.label} ${w.mask === FA_MASK ? "full control" : "read and execute"} to the folder and everything in it`
    );
  return problems;
}
function unlockedFolderError(lock, problems) {
  const commands = lockFolderArgvs(lock).map((argv) => argv.map((a) => /[\s()]/.test(a) ? `"${a}"` : a).join(" ")).join(" && ");
  return new UserError(
    `The folder ${lock.path} exists but is not locked down as winship keeps it: ${problems.join("; ")}. winship does not take over a folder that someone else may have created: check what is in it, then delete it (the next deploy creates and locks it) or, if the folder is winship's alone, lock it yourself as an administrator: ${commands}`
  );
}

// src/engine/secure-folders.ts
function aclsEnforceable(exec) {
  return exec.capabilities.acls;
}
var ACLS_SKIPPED = "this host cannot set or read ACLs (a Wine stand-in): the install folders are not locked down";
async function readSecurity(c, path) {
  const r = await c.exec.run(readFolderSecurityArgv(path), { timeoutMs: 6e4 });
  const security = r.exitCode === 0 ? parseFolderSecurity(r.stdout) : void 0;
  if (security === void 0)
    throw new UserError(
      `Could not read the owner and ACL of ${path} on ${c.exec.label} (PowerShell's Get-Acl, exit code ${r.exitCode}${r.stderr.trim() ? `: ${r.stderr.trim().split(/\r?\n/)[0]}` : ""}): winship checks the folder before it puts anything in it; check that powershell.exe runs for the deploy user`
    );
  return security;
}
async function secure(c, lock) {
  const found = await readSecurity(c, lock.path);
  if (found === "absent") {
    await runOk(c.exec, mkdirArgv(lock.path), `create ${lock.path}`);
    for (const argv of lockFolderArgvs(lock)) await runOk(c.exec, argv, `lock ${lock.path}`);
    const locked = await readSecurity(c, lock.path);
    const problems2 = locked === "absent" ? ["it was not created"] : folderSecurityProblems(locked, lock);
    if (problems2.length > 0)
      throw new UserError(
        `The folder ${lock.path} was created but locking it did not take: ${problems2.join("; ")}`
      );
    c.log.info(
      `[${c.req.service.name}] created ${lock.path}, owned by Administrators, inheritance off`
    );
    return;
  }
  const problems = folderSecurityProblems(found, lock);
  if (problems.length > 0) throw unlockedFolderError(lock, problems);
}
async function secureFolders(c) {
  const dir = c.paths.serviceDir;
  await secure(c, { path: dir.slice(0, dir.lastIndexOf("\\")) || dir });
  await secure(c, { path: c.paths.serviceDir, account: c.req.service.account });
}

// src/engine/validate.ts
import { stat } from "node:fs/promises";
var SHA256 = /^[0-9a-fA-F]{64}$/;
async function validateRequest(req) {
  validateServiceSpec(req.service);
  validateHealthSpec(req.health);
  const paths = releasePaths(
    req.root,
    req.service.name,
    req.release.version,
    req.release.binaryName
  );
  if (!SHA256.test(req.release.sha256))
    throw new UserError(
      `Invalid sha256 '${req.release.sha256}' for release ${req.release.version}: expected 64 hex digits`
    );
  const keep = req.keepReleases ?? DEFAULT_KEEP_RELEASES;
  if (!Number.isInteger(keep) || keep < 2)
    throw new UserError(
      `keep-releases must be a whole number of at least 2 (the running release and the rollback target), got ${keep}`
    );
  if (!(req.lock.staleAfterSeconds > 0))
    throw new UserError(
      `Invalid stale lock timeout ${req.lock.staleAfterSeconds}: use seconds above 0`
    );
  if (!req.uploaded && !req.dryRun) {
    let actual;
    try {
      actual = await localSha256(req.release.localFile);
    } catch {
      throw new UserError(
        `Release file ${req.release.localFile} cannot be read: check the path of the downloaded build`
      );
    }
    if (actual !== req.release.sha256.toLowerCase())
      throw new UserError(
        `Release file ${req.release.localFile} has sha256 ${actual}, expected ${req.release.sha256.toLowerCase()}: the download is corrupt or the checksum belongs to another build`
      );
  }
  return { paths, desired: desiredConfig(req.service, paths.currentFile) };
}
async function localSha256(file) {
  const st = await stat(file);
  const key = `${file}\0${st.size}\0${st.mtimeMs}\0${st.ino}`;
  let digest = localDigests.get(key);
  if (!digest) {
    digest = hashFile(file).then((d) => d.sha256);
    localDigests.set(key, digest);
    digest.catch(() => localDigests.delete(key));
  }
  return digest;
}
var localDigests = /* @__PURE__ */ new Map();

// src/engine/deploy.ts
var notLive = (c) => c.req.dryRun ? "dry run" : c.unchanged ? "already deployed and healthy" : false;
var disabled = (c) => notLive(c) || (c.req.service.startType === "disabled" ? "the service is disabled" : false);
var PIPELINE = [
  {
    name: "secure folders",
    skip: (c) => c.req.dryRun ? "dry run: folders are not created or locked" : aclsEnforceable(c.exec) ? false : ACLS_SKIPPED,
    run: secureFolders
  },
  {
    name: "lock",
    skip: (c) => c.req.dryRun ? "dry run: nothing is changed, no lock taken" : false,
    run: async (c) => {
      c.lock = await acquireLock(
        c.exec,
        c.paths,
        { ...c.req.lock, version: c.req.release.version, now: c.now, ...c.deps.lease },
        c.log
      );
    }
  },
  { name: "read state", run: readState },
  {
    name: "resume interrupted deploy",
    unlistedWhenSkipped: true,
    skip: (c) => !c.interrupted ? "no interrupted deploy" : c.req.dryRun ? `dry run: the deploy of ${c.interrupted.version} cut off at '${c.interrupted.phase}' is left for a real deploy` : false,
    run: resumeInterrupted
  },
  { name: "plan", run: plan },
  {
    name: "tuning",
    skip: (c) => c.req.profile === null ? "no tuning profile" : false,
    run: tuning
  },
  {
    name: "upload release",
    skip: (c) => notLive(c) || (c.req.uploaded ? "uploaded and verified by the caller" : false),
    run: upload
  },
  {
    name: "register service",
    skip: (c) => notLive(c) || (c.servicePlan?.steps.length === 0 ? "configuration unchanged" : false),
    phase: "register",
    run: register
  },
  { name: "stage release", skip: notLive, run: stage },
  { name: "swap", skip: notLive, phase: "swap", run: swap },
  {
    name: "stop",
    skip: (c) => notLive(c) || (c.before.status?.state === ServiceState.RUNNING ? false : "not running"),
    phase: "stop",
    run: async (c) => {
      await stopService(c.exec, c.req.service.name, c.req.service.stopTimeoutSeconds, c.log);
    }
  },
  { name: "start", skip: disabled, phase: "start", run: start },
  { name: "health", skip: disabled, phase: "health", run: health },
  { name: "record", skip: notLive, run: record }
];
async function deployToHost(exec, req, log, deps = {}) {
  const started = Date.now();
  const now = deps.now ?? (() => /* @__PURE__ */ new Date());
  const validated = await validateRequest(req);
  await checkTextCarried(exec, req.service);
  const c = {
    exec,
    req,
    log,
    deps,
    now,
    ...validated,
    state: emptyState(req.service.name, req.release.binaryName),
    before: {},
    plan: [],
    tuning: { changed: 0, unchanged: 0, rebootRequired: [] },
    unchanged: false,
    touched: "none",
    steps: [{ name: "validate", status: "done" }],
    notes: []
  };
  const result = (outcome, extra = {}) => ({
    outcome,
    ...c.versionBefore !== void 0 ? { versionBefore: c.versionBefore } : {},
    tuning: c.tuning,
    ...c.healthSeconds !== void 0 ? { healthSeconds: c.healthSeconds } : {},
    durationSeconds: (Date.now() - started) / 1e3,
    plan: c.plan,
    steps: c.steps,
    ...c.notes.length ? { notes: c.notes } : {},
    ...extra
  });
  try {
    for (const step of PIPELINE) {
      const why = step.skip?.(c);
      if (why) {
        if (!step.unlistedWhenSkipped || c.interrupted)
          c.steps.push({ name: step.name, status: "skipped", note: why });
        continue;
      }
      log.info(`[${req.service.name}] ${step.name}`);
      try {
        if (deps.signal?.aborted && step.name !== "record") throw new Cancelled();
        if (step.phase) await journal(c, step.phase);
        await step.run(c);
        c.steps.push({ name: step.name, status: "done" });
      } catch (e) {
        c.steps.push({ name: step.name, status: "failed", note: errorMessage(e) });
        throw e;
      }
    }
    if (req.dryRun) return result("planned");
    if (c.unchanged) return result("unchanged", { versionAfter: req.release.version });
    return result("deployed", { versionAfter: req.release.version });
  } catch (e) {
    if (c.touched === "none") {
      if (e instanceof Cancelled)
        return result("failed", {
          error: `The run was cancelled before ${req.release.version} was put in: ${req.service.name} was left as it was${c.state.current ? `, on ${c.state.current.version}` : ""}`,
          ...c.state.current ? { versionAfter: c.state.current.version } : {}
        });
      if (!(e instanceof UserError) && !(e instanceof ReleaseFailure)) throw e;
      return result("failed", {
        error: errorMessage(e),
        ...c.state.current ? { versionAfter: c.state.current.version } : {}
      });
    }
    return await recover(c, e, result);
  } finally {
    if (c.lock) {
      await c.lock.release().catch((e) => {
        log.warning(`Could not remove the deploy lock ${c.paths.lockPath}: ${errorMessage(e)}`);
      });
    }
  }
}

// src/engine/revert.ts
async function probeHealth(exec, req) {
  const running = async () => (await queryService(exec, req.service.name))?.state === ServiceState.RUNNING;
  try {
    return await probe(exec, req.health, running);
  } catch (e) {
    return { ok: false, detail: errorMessage(e) };
  }
}
async function revertHost(exec, req, log, deps = {}) {
  const { version, binaryName } = req.release;
  const paths = releasePaths(req.root, req.service.name, version, binaryName);
  const text = await exec.readFile(paths.stateFile);
  const state = text ? parseState(text.toString("utf8"), paths.stateFile) : void 0;
  const current = state?.current;
  if (!current || current.version !== version)
    return {
      ok: false,
      ...current ? { versionAfter: current.version } : {},
      detail: `not rolled back: the host's state file names ${current ? current.version : "no release"} as running, not ${version}`
    };
  const previous = state.previous;
  if (!previous || previous.version === version)
    return {
      ok: false,
      versionAfter: version,
      detail: `not rolled back: ${version} was its first release (no previous release to go back to); it still runs ${version}`
    };
  log.warning(`[${req.service.name}] rolling back to ${previous.version} (the rollout halted)`);
  const back = {
    ...req,
    release: { version: previous.version, sha256: previous.sha256, localFile: "", binaryName },
    // The previous release is on the host already, in its release folder; staging checks its sha256.
    uploaded: true,
    health: req.health.expectVersion !== void 0 ? { ...req.health, expectVersion: previous.version } : req.health,
    dryRun: false
  };
  const r = await deployToHost(exec, back, log, deps);
  if (r.outcome === "deployed" || r.outcome === "unchanged")
    return {
      ok: true,
      versionAfter: previous.version,
      detail: `rolled back to ${previous.version}, which is healthy`,
      deploy: r
    };
  return {
    ok: false,
    ...r.versionAfter !== void 0 ? { versionAfter: r.versionAfter } : {},
    detail: `the rollback to ${previous.version} failed: ${r.error ?? r.outcome}`,
    deploy: r
  };
}

// src/runner/markdown.ts
function escapeCell(text) {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
function table(header, rows) {
  const line = (cells2) => `| ${cells2.map(escapeCell).join(" | ")} |`;
  return [line(header), `| ${header.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n") + "\n";
}
function formatSeconds(s) {
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

// src/engine/plan.ts
var HEADER = ["Area", "Setting", "Current", "Desired", "Action"];
function cells(item) {
  return [
    item.area,
    item.setting,
    item.current,
    item.desired,
    item.note ? `${item.action} (${item.note})` : item.action
  ];
}
function renderPlanMarkdown(items) {
  if (items.length === 0) return "_Nothing to do._\n";
  return table(HEADER, items.map(cells));
}

// src/runner/inputs.ts
var runnerInputs = (name) => getInput(name);
var Inputs = class {
  constructor(source = runnerInputs, mask2 = (s) => coreIO.mask(s)) {
    this.source = source;
    this.mask = mask2;
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

// src/deploy/artifact.ts
import { existsSync, statSync } from "node:fs";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { createHash as createHash2 } from "node:crypto";

// src/build/checksums.ts
function parseSha256Sums(text) {
  return text.split("\n").filter((l) => l !== "").map((line, i) => {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new Error(`SHA256SUMS line ${i + 1} is not '<sha256>  <file>': ${line}`);
    return { sha256: m[1], file: m[2] };
  });
}

// src/build/manifest.ts
var MANIFEST_SCHEMA = "winship/build-manifest@1";
var ManifestError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ManifestError";
  }
};
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

// src/deploy/zip.ts
import { inflateRawSync } from "node:zlib";

// src/deploy/names.ts
var RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
function fileNameProblem(name) {
  if (name === "") return "it is empty";
  if (name === "." || name === "..") return "it names a folder (. or ..)";
  if (name.length > 200) return "it is longer than 200 characters";
  if (/[/\\]/.test(name)) return "it holds a path separator (/ or \\)";
  if (name.includes(":")) return "it holds a colon (a drive letter or an NTFS stream)";
  if (/[\u0000-\u001f\u007f]/.test(name)) return "it holds a control character";
  if (/[<>"|?*]/.test(name)) return 'it holds a character Windows does not allow (<>"|?*)';
  if (/[. ]$/.test(name)) return "it ends with a dot or a space (Windows drops them)";
  if (RESERVED.test(name)) return "it is a device name Windows reserves";
  return void 0;
}
function programNameProblem(name) {
  const p = fileNameProblem(name);
  if (p) return p;
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name))
    return "only letters, digits and . _ + - are allowed, starting with a letter or digit";
  return void 0;
}
function archivePathProblem(path) {
  if (path === "") return "it is empty";
  if (path.startsWith("/")) return "it is an absolute path";
  if (/^[A-Za-z]:/.test(path)) return "it starts with a drive letter";
  if (path.includes("\\")) return "it holds a backslash (a Windows path separator)";
  const segments = path.endsWith("/") ? path.slice(0, -1).split("/") : path.split("/");
  for (const s of segments) {
    if (s === "..") return "it climbs out of its folder (..)";
    const p = fileNameProblem(s);
    if (p) return `its part '${s}' is not a plain name: ${p}`;
  }
  return void 0;
}
function quoted(name) {
  const shown = name.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  return `'${shown}'`;
}

// src/deploy/zip.ts
var EOCD = 101010256;
var CENTRAL = 33639248;
var LOCAL = 67324752;
var UNIX_HOSTS = /* @__PURE__ */ new Set([3, 19]);
var S_IFMT = 61440;
var S_IFLNK = 40960;
function zipEntries(zip, where) {
  const bad = (why) => new UserError(`${where} is not a readable zip archive: ${why}`);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad("no end of central directory");
  const count = zip.readUInt16LE(eocd + 10);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  if (cdOffset === 4294967295 || count === 65535) throw bad("ZIP64 archives are not supported");
  const entries = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== CENTRAL)
      throw bad("broken central directory");
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const name = zip.toString("utf8", p + 46, p + 46 + nameLen);
    const refused = (why) => new UserError(`${where}: entry ${quoted(name)} is refused: ${why}`);
    const problem = archivePathProblem(name);
    if (problem) throw refused(problem);
    const mode = zip.readUInt32LE(p + 38) >>> 16;
    if (UNIX_HOSTS.has(zip.readUInt8(p + 5)) && (mode & S_IFMT) === S_IFLNK)
      throw refused("it is a symbolic link");
    entries.push({
      method: zip.readUInt16LE(p + 10),
      compressedSize: zip.readUInt32LE(p + 20),
      size: zip.readUInt32LE(p + 24),
      name,
      localHeaderOffset: zip.readUInt32LE(p + 42)
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}
function extractEntry(zip, name, where) {
  const entry = zipEntries(zip, where).find((e) => e.name === name);
  if (!entry) return void 0;
  const bad = (why) => new UserError(`${where}: entry ${name} cannot be read: ${why}`);
  const h = entry.localHeaderOffset;
  if (h + 30 > zip.length || zip.readUInt32LE(h) !== LOCAL) throw bad("broken local header");
  const localNameLen = zip.readUInt16LE(h + 26);
  if (zip.toString("utf8", h + 30, h + 30 + localNameLen) !== name)
    throw bad("its local header names another file than the central directory");
  const start2 = h + 30 + localNameLen + zip.readUInt16LE(h + 28);
  const raw = zip.subarray(start2, start2 + entry.compressedSize);
  if (raw.length !== entry.compressedSize) throw bad("truncated");
  let data;
  if (entry.method === 0) data = Buffer.from(raw);
  else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw);
    } catch (e) {
      throw bad(`corrupt deflate data (${e.message})`);
    }
  } else throw bad(`compression method ${entry.method} is not supported (only stored and deflate)`);
  if (data.length !== entry.size) throw bad(`expected ${entry.size} bytes, got ${data.length}`);
  return data;
}

// src/deploy/artifact.ts
var MANIFEST_FILE = "manifest.json";
var CHECKSUMS_FILE = "SHA256SUMS";
var TARGET = /^[a-z0-9]+\/[a-z0-9]+$/;
function chooseRelease(folder, binary, version) {
  const { manifest, sums } = folder;
  if (manifest) {
    checkProgramName(manifest.name, `${MANIFEST_FILE} in ${folder.dir}`);
    let t;
    if (binary === "" || TARGET.test(binary)) {
      const want = binary || "windows/amd64";
      t = manifest.targets.find((x) => x.target === want);
      if (!t)
        throw new InputError(
          "binary",
          `the build has no ${want} target (it has ${manifest.targets.map((x) => x.target).join(", ") || "none"})`
        );
    } else {
      t = manifest.targets.find((x) => x.file === binary || x.archive?.file === binary);
      if (!t)
        throw new InputError(
          "binary",
          `'${binary}' is not a file of the build (files: ${manifest.targets.map((x) => x.file).join(", ")})`
        );
    }
    if (t.goos !== "windows")
      throw new InputError(
        "binary",
        `${t.file} is a ${t.target} binary; deploy-windows needs a windows target`
      );
    if (version && version !== manifest.version)
      throw new InputError(
        "version",
        `'${version}' is not the version of the build (${manifest.version}); leave it empty to use the build's`
      );
    for (const s of sums ?? []) {
      const expected = s.file === t.file ? t.sha256 : s.file === t.archive?.file ? t.archive.sha256 : void 0;
      if (expected && expected !== s.sha256)
        throw new UserError(
          `${MANIFEST_FILE} and ${CHECKSUMS_FILE} in ${folder.dir} disagree about ${s.file}: they are from different builds`
        );
    }
    const base = {
      version: manifest.version,
      binaryName: manifest.name,
      target: t.target,
      sha256: t.sha256
    };
    if (folder.files.includes(t.file)) return { ...base, file: t.file };
    if (t.archive && /\.zip$/i.test(t.archive.file) && folder.files.includes(t.archive.file))
      return {
        ...base,
        archive: { file: t.archive.file, sha256: t.archive.sha256, entry: `${manifest.name}.exe` }
      };
    throw new UserError(
      `Neither ${t.file}${t.archive ? ` nor ${t.archive.file}` : ""} is in ${folder.dir}: add the binary's artifact to 'artifact' (one name a line) next to the manifest's`
    );
  }
  if (sums) {
    const candidates = sums.filter((s) => /\.exe$/i.test(s.file));
    const entry = binary ? sums.find((s) => s.file === binary) : candidates.length === 1 ? candidates[0] : void 0;
    if (!entry)
      throw new InputError(
        "binary",
        binary ? `'${binary}' is not listed in ${CHECKSUMS_FILE}` : `${CHECKSUMS_FILE} lists ${candidates.length} .exe files: name one in 'binary'`
      );
    if (!/\.exe$/i.test(entry.file))
      throw new InputError("binary", `'${entry.file}' is not a Windows program (.exe)`);
    if (!version)
      throw new InputError(
        "version",
        `is required when the release has no ${MANIFEST_FILE} (only ${CHECKSUMS_FILE})`
      );
    if (!folder.files.includes(entry.file))
      throw new UserError(
        `${entry.file} is listed in ${CHECKSUMS_FILE} but is not in ${folder.dir}`
      );
    const stem = entry.file.replace(/\.exe$/i, "");
    const binaryName = stem.replace(new RegExp(`_${escapeRe(version)}_windows_[a-z0-9]+$`), "") || stem;
    return { version, binaryName, sha256: entry.sha256, file: entry.file };
  }
  throw new UserError(
    `${folder.dir} has no ${MANIFEST_FILE} or ${CHECKSUMS_FILE}: deploy the output of actions/build, whose checksums say what the binary must hash to`
  );
}
function checkProgramName(name, where) {
  const problem = programNameProblem(name);
  if (problem)
    throw new UserError(
      `${where}: 'name' ${quoted(name)} is not a valid program name (${problem}); the manifest is not one actions/build wrote`
    );
}
function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
async function readFolder(dir) {
  const files = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name);
  const folder = { dir, files };
  if (files.includes(MANIFEST_FILE)) {
    const where = join(dir, MANIFEST_FILE);
    try {
      folder.manifest = parseManifest(await readFile(where, "utf8"), where);
    } catch (e) {
      throw new UserError(e.message);
    }
    checkProgramName(folder.manifest.name, `${MANIFEST_FILE} in ${dir}`);
  }
  if (files.includes(CHECKSUMS_FILE)) {
    try {
      folder.sums = parseSha256Sums(await readFile(join(dir, CHECKSUMS_FILE), "utf8"));
    } catch (e) {
      throw new UserError(`${join(dir, CHECKSUMS_FILE)}: ${e.message}`);
    }
    for (const { file } of folder.sums) {
      const problem = fileNameProblem(file);
      if (problem)
        throw new UserError(
          `${join(dir, CHECKSUMS_FILE)}: ${quoted(file)} is not a plain file name (${problem})`
        );
    }
  }
  return folder;
}
async function resolveRelease(opts) {
  if (opts.artifact.length === 0) throw new InputError("artifact", "is required and was empty");
  let folder;
  let binary = opts.binary;
  let source;
  const local = opts.artifact.length === 1 ? localPath(opts.artifact[0], opts.workspace) : void 0;
  if (local) {
    const dir = statSync(local).isDirectory() ? local : dirname(local);
    const name = basename(local);
    if (dir !== local && !binary && name !== MANIFEST_FILE && name !== CHECKSUMS_FILE)
      binary = name;
    folder = await readFolder(dir);
    source = local;
  } else {
    const dir = join(opts.workDir, "artifacts");
    await mkdir(dir, { recursive: true });
    for (const name of opts.artifact) {
      if (looksLikePath(name))
        throw new InputError(
          "artifact",
          `'${name}' does not exist (a local path must exist; an artifact name has no / or \\)`
        );
      opts.log?.(`Downloading artifact '${name}'`);
      await opts.store().download({ name, path: dir, ...opts.from ? { from: opts.from } : {} });
    }
    folder = await readFolder(dir);
    source = `artifact ${opts.artifact.map((a) => `'${a}'`).join(", ")}`;
  }
  const choice = chooseRelease(folder, binary, opts.version || void 0);
  let localFile;
  if (choice.file) {
    localFile = join(folder.dir, choice.file);
  } else {
    const a = choice.archive;
    const zipPath = join(folder.dir, a.file);
    const zip = await readFile(zipPath);
    const zipSha = createHash2("sha256").update(zip).digest("hex");
    if (zipSha !== a.sha256)
      throw new UserError(
        `${zipPath} has sha256 ${zipSha}, the build recorded ${a.sha256}: the download is corrupt`
      );
    const data = extractEntry(zip, a.entry, zipPath);
    if (!data) throw new UserError(`${zipPath} has no ${a.entry}`);
    localFile = await writeExtracted(join(opts.workDir, "extracted"), a.entry, data);
    source += ` (${a.entry} from ${a.file})`;
  }
  const { sha256 } = await hashFile(localFile);
  if (sha256 !== choice.sha256)
    throw new UserError(
      `${localFile} has sha256 ${sha256}, but the build recorded ${choice.sha256}: the file is corrupt or from another build`
    );
  return {
    version: choice.version,
    binaryName: choice.binaryName,
    localFile,
    sha256,
    ...choice.target ? { target: choice.target } : {},
    source
  };
}
async function writeExtracted(dir, name, data) {
  const problem = fileNameProblem(name);
  const path = resolve(dir, name);
  if (problem || dirname(path) !== resolve(dir))
    throw new UserError(
      `Refusing to extract ${quoted(name)}: ${problem ?? "not a plain file name"}`
    );
  await mkdir(dir, { recursive: true });
  await writeFile(path, data, { flag: "wx" });
  return path;
}
function looksLikePath(s) {
  return /[\\/]/.test(s) || s.startsWith(".");
}
function localPath(entry, workspace) {
  const p = isAbsolute(entry) ? entry : resolve(workspace, entry);
  return existsSync(p) ? p : void 0;
}

// src/runner/duration.ts
var UNIT_MS = { ms: 1, s: 1e3, m: 6e4, h: 36e5 };
var PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
function sumDurationParts(text, part, unitMs) {
  let ms = 0;
  let pos = 0;
  while (pos < text.length) {
    part.lastIndex = pos;
    const m = part.exec(text);
    if (!m) return void 0;
    ms += Number(m[1]) * unitMs[m[2]];
    pos = part.lastIndex;
  }
  return ms;
}
function parseDuration(text) {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1e3;
  if (s === "") return void 0;
  return sumDurationParts(s, PART, UNIT_MS);
}
function describe(ms) {
  if (ms % 36e5 === 0) return `${ms / 36e5}h`;
  if (ms % 6e4 === 0) return `${ms / 6e4}m`;
  if (ms % 1e3 === 0) return `${ms / 1e3}s`;
  return `${ms}ms`;
}
function durationInput(inputs, name, limits) {
  const text = inputs.string(name);
  if (text === "") return limits.fallbackMs;
  const ms = parseDuration(text);
  if (ms === void 0)
    throw new InputError(
      name,
      `expected a duration like 30s, 10m or 1h (a bare number is seconds), got '${text}'`
    );
  if (limits.minMs !== void 0 && ms < limits.minMs)
    throw new InputError(name, `'${text}' is shorter than the minimum, ${describe(limits.minMs)}`);
  if (limits.maxMs !== void 0 && ms > limits.maxMs)
    throw new InputError(name, `'${text}' is longer than the maximum, ${describe(limits.maxMs)}`);
  return ms;
}
function durationSeconds(inputs, name, limits) {
  return durationInput(inputs, name, {
    fallbackMs: limits.fallback * 1e3,
    ...limits.min !== void 0 ? { minMs: limits.min * 1e3 } : {},
    ...limits.max !== void 0 ? { maxMs: limits.max * 1e3 } : {}
  }) / 1e3;
}

// src/hosts/host-keys.ts
import { createHash as createHash3, createHmac } from "node:crypto";
function fingerprintOf(keyBlob) {
  return `SHA256:${createHash3("sha256").update(keyBlob).digest("base64").replace(/=+$/, "")}`;
}
function keyTypeOf(keyBlob) {
  if (keyBlob.length < 4) return "unknown";
  const len = keyBlob.readUInt32BE(0);
  if (len <= 0 || len > 64 || keyBlob.length < 4 + len) return "unknown";
  return keyBlob.subarray(4, 4 + len).toString("latin1");
}
function knownHostsName(host, port) {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}
var KEY_TYPES = /^(ssh-ed25519|ssh-ed448|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)$/;
function parseKnownHosts(text, input = "known-hosts") {
  const pins = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0]?.startsWith("@")) {
      const marker = fields.shift();
      if (marker === "@revoked") revoked = true;
      else
        throw new InputError(
          input,
          `line ${i + 1}: ${marker} lines are not supported (host certificates cannot be checked here); pin the host keys themselves`
        );
    }
    const [hosts, keyType, keyBase64] = fields;
    if (!hosts || !keyType || !keyBase64)
      throw new InputError(
        input,
        `line ${i + 1} is not 'host keytype base64-key' (use the output of ssh-keyscan)`
      );
    if (!KEY_TYPES.test(keyType))
      throw new InputError(
        input,
        `line ${i + 1}: unknown key type '${keyType}' (expected e.g. ssh-ed25519 or ssh-rsa)`
      );
    const blob = Buffer.from(keyBase64, "base64");
    if (blob.length < 20 || blob.toString("base64").replace(/=+$/, "") !== keyBase64.replace(/=+$/, ""))
      throw new InputError(input, `line ${i + 1}: the key is not valid base64`);
    if (keyTypeOf(blob) !== keyType)
      throw new InputError(
        input,
        `line ${i + 1}: the key data is a '${keyTypeOf(blob)}' key, not '${keyType}'`
      );
    pins.push({
      patterns: parseHostPatterns(hosts, input, i + 1),
      fingerprint: fingerprintOf(blob),
      keyType,
      revoked,
      source: `${input} line ${i + 1}`
    });
  }
  return pins;
}
var KEYGEN_TYPES = {
  ED25519: "ssh-ed25519",
  RSA: "ssh-rsa",
  ECDSA: "ecdsa",
  DSA: "ssh-dss",
  "ED25519-SK": "sk-ssh-ed25519@openssh.com",
  "ECDSA-SK": "sk-ecdsa-sha2-nistp256@openssh.com"
};
function parseFingerprints(text, input = "host-fingerprints") {
  const pins = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (line === "") continue;
    const fields = line.split(/\s+/);
    let hosts;
    let fp;
    let keyType;
    const keygen = /^\d+$/.test(fields[0] ?? "") && fields.length >= 3;
    if (keygen) {
      [, fp, hosts] = fields;
      const type = /^\((.+)\)$/.exec(fields[3] ?? "")?.[1];
      if (type) keyType = KEYGEN_TYPES[type.toUpperCase()];
    } else {
      if (fields.length !== 2)
        throw new InputError(input, `line ${i + 1} is not 'host SHA256:fingerprint': '${line}'`);
      [hosts, fp] = fields;
    }
    if (!fp || !hosts)
      throw new InputError(input, `line ${i + 1} is not 'host SHA256:fingerprint': '${line}'`);
    if (/^MD5:/i.test(fp) || /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/i.test(fp))
      throw new InputError(
        input,
        `line ${i + 1}: MD5 fingerprints are not accepted; use SHA256 (ssh-keygen -lf prints it)`
      );
    const m = /^SHA256:([A-Za-z0-9+/]{43})=?$/.exec(fp);
    if (!m)
      throw new InputError(
        input,
        `line ${i + 1}: '${fp}' is not a SHA256 fingerprint (SHA256: and 43 base64 characters)`
      );
    pins.push({
      patterns: parseHostPatterns(hosts, input, i + 1, true),
      fingerprint: `SHA256:${m[1]}`,
      ...keyType ? { keyType } : {},
      revoked: false,
      source: `${input} line ${i + 1}`
    });
  }
  return pins;
}
function parseHostPatterns(field, input, line, allowHostPort = false) {
  return field.split(",").map((p) => {
    if (p.startsWith("|1|")) {
      const [, , salt, hash] = p.split("|");
      if (!salt || !hash || Buffer.from(salt, "base64").length !== 20 || Buffer.from(hash, "base64").length !== 20)
        throw new InputError(input, `line ${line}: malformed hashed host name '${p}'`);
      return p;
    }
    const hostPort = /^([^[\]:]+):(\d{1,5})$/.exec(p);
    if (allowHostPort && hostPort) return knownHostsName(hostPort[1], Number(hostPort[2]));
    if (p === "" || p === "!" || /[\s\0]/.test(p))
      throw new InputError(input, `line ${line}: malformed host pattern '${p}'`);
    return p.toLowerCase();
  });
}
function globToRegExp(glob) {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}
function hashedMatch(pattern, name) {
  const [, , salt, hash] = pattern.split("|");
  const mac = createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64");
  return mac === hash;
}
function pinMatches(pin, host, port) {
  const name = knownHostsName(host, port);
  let matched = false;
  for (const p of pin.patterns) {
    if (p.startsWith("|1|")) {
      if (hashedMatch(p, name)) matched = true;
      continue;
    }
    const negated = p.startsWith("!");
    const glob = negated ? p.slice(1) : p;
    if (globToRegExp(glob).test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}
function hostKeyAlgorithms(pins) {
  const active = pins.filter((p) => !p.revoked);
  if (active.length === 0 || active.some((p) => !p.keyType)) return void 0;
  const algos = /* @__PURE__ */ new Set();
  for (const { keyType } of active) {
    if (keyType === "ssh-rsa")
      ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"].forEach((a) => algos.add(a));
    else if (keyType === "ecdsa")
      ["ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"].forEach(
        (a) => algos.add(a)
      );
    else algos.add(keyType);
  }
  return [...algos];
}
function checkHostKey(pins, host, port, keyBlob) {
  const fingerprint = fingerprintOf(keyBlob);
  const keyType = keyTypeOf(keyBlob);
  const name = knownHostsName(host, port);
  const forHost = pins.filter((p) => pinMatches(p, host, port));
  const revoked = forHost.find((p) => p.revoked && p.fingerprint === fingerprint);
  if (revoked)
    return {
      accepted: false,
      fingerprint,
      keyType,
      reason: `its key ${fingerprint} is marked @revoked (${revoked.source})`
    };
  const active = forHost.filter((p) => !p.revoked);
  if (active.some((p) => p.fingerprint === fingerprint))
    return { accepted: true, fingerprint, keyType };
  if (active.length === 0)
    return {
      accepted: false,
      fingerprint,
      keyType,
      reason: `no host key is pinned for ${name}; it presented ${keyType} ${fingerprint}. Check that fingerprint out of band (on the host: ssh-keygen -lf C:\\ProgramData\\ssh\\ssh_host_ed25519_key.pub) and add '${name} ${fingerprint}' to host-fingerprints`
    };
  return {
    accepted: false,
    fingerprint,
    keyType,
    reason: `HOST KEY MISMATCH for ${name}: it presented ${keyType} ${fingerprint}, which is not pinned (pinned: ${active.map((p) => `${p.fingerprint} from ${p.source}`).join(", ")}). The host may have been reinstalled or the connection intercepted: verify the key out of band before changing the pin`
  };
}

// src/hosts/cmd-transport.ts
import { randomBytes as randomBytes4 } from "node:crypto";

// src/hosts/sftp.ts
import { randomBytes as randomBytes3 } from "node:crypto";

// src/hosts/ssh-errors.ts
var SshHostError = class extends UserError {
  constructor(host, detail) {
    super(`${host}: ${detail}`);
    this.host = host;
    this.detail = detail;
    this.name = "SshHostError";
  }
  host;
  detail;
};
var HostKeyError = class extends SshHostError {
  constructor(label, check, jumpHost) {
    super(
      label,
      `${jumpHost ? `jump host ${jumpHost}: ` : ""}host key refused before authentication: ${check.reason}`
    );
    this.check = check;
    this.jumpHost = jumpHost;
    this.name = "HostKeyError";
  }
  check;
  jumpHost;
};
var SshConnectionError = class extends SshHostError {
  constructor(label, detail, retryable) {
    super(label, detail);
    this.retryable = retryable;
    this.name = "SshConnectionError";
  }
  retryable;
};
var SftpPathError = class extends SshHostError {
  constructor(label, what, windowsPath, sftpPath, answer) {
    super(
      label,
      `the SFTP server refused ${sftpPath} (${what} of ${windowsPath}): it answered "${answer}". winship names Windows paths the way Windows OpenSSH does (/C:/dir/file): check that the host runs Windows OpenSSH (sshd with its sftp-server or internal-sftp), and that the deploy user can write under the folder (input root)`
    );
    this.what = what;
    this.windowsPath = windowsPath;
    this.sftpPath = sftpPath;
    this.answer = answer;
    this.name = "SftpPathError";
  }
  what;
  windowsPath;
  sftpPath;
  answer;
};
function withoutHost(err) {
  return err instanceof SshHostError ? err.detail : errorMessage(err);
}
function classifyConnectError(label, err) {
  const e = err;
  const msg = errorMessage(err);
  if (e.level === "client-authentication" || /authentication methods failed/i.test(msg))
    return new SshConnectionError(
      label,
      "the host refused the key (authentication failed): add the public key of ssh-private-key to the user's authorized_keys (administrators_authorized_keys for administrators)",
      false
    );
  if (/privateKey|passphrase/i.test(msg))
    return new SshConnectionError(label, `the private key could not be used: ${msg}`, false);
  if (e.level === "client-dns" || e.code === "ENOTFOUND")
    return new SshConnectionError(label, `host name not found (${msg})`, false);
  return new SshConnectionError(label, `cannot connect (${msg})`, true);
}

// src/hosts/sftp.ts
function win32OpenSshPath(windowsPath) {
  const p = validateWindowsPath(windowsPath);
  return `/${p[0].toUpperCase()}:${p.slice(2).replace(/\\/g, "/")}`;
}
function isNoSuchFile(err) {
  const e = err;
  return e?.code === 2 || e?.code === "ENOENT" || /no such file/i.test(e?.message ?? "");
}
function isSftpStatus(err) {
  return typeof err?.code === "number";
}
function cb2p(fn) {
  return new Promise(
    (resolve4, reject) => fn((err, value) => err ? reject(err) : resolve4(value))
  );
}
var SftpFiles = class {
  constructor(conn, mapPath = win32OpenSshPath) {
    this.conn = conn;
    this.mapPath = mapPath;
  }
  conn;
  mapPath;
  madeDirs = /* @__PURE__ */ new Set();
  /** The SFTP path of a Windows path (validated). */
  path(windowsPath) {
    return this.mapPath(validateWindowsPath(windowsPath));
  }
  async mkdirs(windowsDir) {
    const dir = validateWindowsPath(windowsDir);
    if (this.madeDirs.has(dir)) return;
    const parts = dir.slice(3).split("\\").filter(Boolean);
    const prefixes = parts.map((_, i) => `${dir.slice(0, 3)}${parts.slice(0, i + 1).join("\\")}`);
    await this.conn.withSftp(`mkdir ${dir}`, async (s) => {
      const whole = await cb2p((cb) => s.stat(this.path(dir), cb)).catch(() => void 0);
      if (whole?.isDirectory()) {
        for (const p of prefixes) this.madeDirs.add(p);
        return;
      }
      for (let i = 1; i <= parts.length; i++) {
        const win = `${dir.slice(0, 3)}${parts.slice(0, i).join("\\")}`;
        if (this.madeDirs.has(win)) continue;
        const path = this.path(win);
        const stat2 = await cb2p((cb) => s.stat(path, cb)).catch((e) => {
          if (isNoSuchFile(e)) return void 0;
          throw e;
        });
        if (!stat2)
          await cb2p((cb) => s.mkdir(path, cb)).catch(async (e) => {
            const now = await cb2p((cb) => s.stat(path, cb)).catch(() => void 0);
            if (now?.isDirectory()) return;
            if (isSftpStatus(e))
              throw new SftpPathError(
                this.conn.label,
                "making the folder",
                win,
                path,
                errorMessage(e)
              );
            throw e;
          });
        else if (!stat2.isDirectory())
          throw new UserError(`${this.conn.label}: ${win} exists and is not a folder`);
        this.madeDirs.add(win);
      }
    });
  }
  /** Moves a temporary file over its final name (replacing it), as atomically as the server allows. */
  async replace(s, from, to) {
    try {
      await cb2p((cb) => s.ext_openssh_rename(from, to, cb));
      return;
    } catch {
    }
    await cb2p((cb) => s.unlink(to, cb)).catch((e) => {
      if (!isNoSuchFile(e)) throw e;
    });
    await cb2p((cb) => s.rename(from, to, cb));
  }
  tempName(windowsPath, suffix) {
    return `${windowsPath}.${randomBytes3(4).toString("hex")}.${suffix}`;
  }
  /**
   * Runs `write` after making the file's folder. A folder removed meanwhile by a command (the
   * cache of made folders is then wrong) is made again once.
   */
  async intoFolder(file, write) {
    const dir = file.slice(0, file.lastIndexOf("\\"));
    await this.mkdirs(dir);
    try {
      await write();
    } catch (err) {
      if (!isNoSuchFile(err)) throw err;
      this.madeDirs.clear();
      await this.mkdirs(dir);
      await write().catch((again) => {
        if (!isNoSuchFile(again)) throw again;
        throw new SftpPathError(
          this.conn.label,
          "writing",
          file,
          this.path(file),
          errorMessage(again)
        );
      });
    }
  }
  async upload(localPath2, windowsPath) {
    const final = validateWindowsPath(windowsPath);
    await this.conn.retryOnDrop(
      `upload of ${final}`,
      () => this.intoFolder(
        final,
        () => this.conn.withSftp(`upload of ${final}`, async (s) => {
          const temp = this.path(this.tempName(final, "part"));
          try {
            await cb2p((cb) => s.fastPut(localPath2, temp, { concurrency: 32 }, cb));
            await this.replace(s, temp, this.path(final));
          } catch (err) {
            if (this.conn.isConnected) s.unlink(temp, () => void 0);
            throw err;
          }
        })
      )
    );
  }
  readFile(windowsPath) {
    return this.read(windowsPath, (s, path) => cb2p((cb) => s.readFile(path, cb)));
  }
  /**
   * The file's SHA-256 as read back, streamed half a megabyte at a time (ssh2 pipelines the reads
   * of a chunk): a fleet verifying its uploads at once holds that a host, not a release a host.
   */
  sha256File(windowsPath) {
    return this.read(
      windowsPath,
      (s, path) => sha256OfStream(s.createReadStream(path, { highWaterMark: 512 * 1024 }))
    );
  }
  /** Reads `windowsPath` with `how`, again after a dropped connection; a missing file is undefined. */
  async read(windowsPath, how) {
    const path = this.path(windowsPath);
    return this.conn.retryOnDrop(
      `read of ${windowsPath}`,
      () => this.conn.withSftp(`read of ${windowsPath}`, async (s) => {
        try {
          return await how(s, path);
        } catch (err) {
          if (isNoSuchFile(err)) return void 0;
          throw err;
        }
      })
    );
  }
  async writeFile(windowsPath, data) {
    const final = validateWindowsPath(windowsPath);
    await this.conn.retryOnDrop(
      `write of ${final}`,
      () => this.intoFolder(
        final,
        () => this.conn.withSftp(`write of ${final}`, async (s) => {
          const temp = this.path(this.tempName(final, "tmp"));
          await cb2p((cb) => s.writeFile(temp, data, cb));
          await this.replace(s, temp, this.path(final));
        })
      )
    );
  }
};

// src/hosts/cmd-transport.ts
var CmdTransport = class {
  constructor(conn, files, scratchDir, timeoutMs, log) {
    this.conn = conn;
    this.files = files;
    this.scratchDir = scratchDir;
    this.timeoutMs = timeoutMs;
    this.log = log;
    validateWindowsPath(scratchDir, "scratch folder");
    commandLinePath(scratchDir);
  }
  conn;
  files;
  scratchDir;
  timeoutMs;
  log;
  scratch;
  /** Names this connection's command files: `winship-run-<id>-<n>.cmd`. */
  id = randomBytes4(6).toString("hex");
  count = 0;
  /** The last command file, not yet removed (the next command's file removes it). */
  last;
  async run(argv, opts = {}) {
    const result = await this.send(
      (removeFirst) => commandFile(argv, { rcOnStderr: true, ...removeFirst }),
      opts
    );
    const { code, stderr } = takeRcMarker(result.stderr);
    if (code !== void 0 && result.exitCode !== -1) return { ...result, exitCode: code, stderr };
    return { ...result, stderr };
  }
  /** Several commands in one command file: one upload, one channel (see batchCommandFile). */
  async runBatch(argvs, opts = {}) {
    const separator = `WINSHIP-NEXT-${randomBytes4(8).toString("hex")}`;
    const result = await this.send(
      (removeFirst) => batchCommandFile(argvs, { separator, ...removeFirst }),
      opts
    );
    return splitBatch(
      argvs.length,
      result,
      separator,
      result.exitCode === -1 ? result.stderr : "the batch ended before this command ran"
    );
  }
  /**
   * Writes the command file `make` gives (it refuses what cmd.exe cannot carry, before anything
   * is sent) and runs it: the file's upload, then its exec channel.
   */
  async send(make, opts) {
    const dir = await (this.scratch ??= this.scratchFolder());
    const file = commandLinePath(winJoin(dir, `winship-run-${this.id}-${++this.count}.cmd`));
    const script = make(this.last ? { removeFirst: this.last } : {});
    await this.files.intoFolder(
      file,
      () => this.conn.withSftp(
        "command upload",
        (s) => cb2p((cb) => s.writeFile(this.files.path(file), script, cb))
      )
    );
    this.last = file;
    const result = await this.conn.exec(`cmd /c ${file}`, opts.timeoutMs ?? this.timeoutMs);
    refusedAsNotUtf8(this.conn.label, result);
    return result;
  }
  /** Removes the last command file (best effort: the connection may be gone). */
  async cleanUp() {
    const last = this.last;
    this.last = void 0;
    if (!last || !this.conn.isConnected) return;
    await this.conn.withSftp("command file removal", (s) => cb2p((cb) => s.unlink(this.files.path(last), cb))).catch(() => void 0);
  }
  /**
   * Where command files go: the deploy user's own %TEMP% (private to that user, so no other local
   * account can swap a batch file between upload and run), else the configured scratch folder.
   * Straight into %TEMP%, no folder of ours: each file is removed (by the next command, the last
   * by cleanUp), so a dry run leaves the host as it found it.
   */
  async scratchFolder() {
    let r;
    try {
      r = await this.conn.exec("cmd /c echo %TEMP%", this.timeoutMs);
    } catch (e) {
      this.scratch = void 0;
      throw e;
    }
    const temp = r.exitCode === 0 ? r.stdout.trim() : "";
    try {
      return commandLinePath(validateWindowsPath(temp, "TEMP folder"));
    } catch {
      this.log?.info(
        `%TEMP% (${temp || "empty"}) cannot carry command files; using ${this.scratchDir}`
      );
      return this.scratchDir;
    }
  }
};

// src/hosts/round-trips.ts
function noRoundTrips() {
  return { channels: 0, commands: 0, sftpCalls: 0, bytesSent: 0, bytesReceived: 0 };
}
function roundTripTotal(r) {
  return r.channels + r.sftpCalls;
}
function formatRoundTrips(r) {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  return `${roundTripTotal(r)} round trips: ${r.channels} channels (${r.commands} commands), ${r.sftpCalls} SFTP calls; ${kib(r.bytesSent)} sent, ${kib(r.bytesReceived)} received`;
}

// src/hosts/ssh-connection.ts
function targetLabel(t) {
  return `${t.user}@${t.host.includes(":") ? `[${t.host}]` : t.host}:${t.port}`;
}
function decode(buf) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    return buf.toString("latin1");
  }
}
var SshConnection = class {
  constructor(label, target, opts) {
    this.label = label;
    this.target = target;
    this.opts = opts;
  }
  label;
  target;
  opts;
  /** The host key fingerprint the host presented on the last connection. */
  presentedFingerprint;
  ssh;
  /** The bastion's connection under `ssh` when there is a jump host. */
  jumpSsh;
  sftpSession;
  connected = false;
  connecting;
  lastError;
  dropped = new Promise(() => void 0);
  closed = false;
  /** What this connection cost so far (connections already closed and replaced included). */
  counted = noRoundTrips();
  get isConnected() {
    return this.connected;
  }
  /** Channels, commands, SFTP calls and bytes so far, over every connection made. */
  roundTrips() {
    const sock = this.ssh?.connection?._sock;
    return {
      ...this.counted,
      bytesSent: this.counted.bytesSent + (sock?.bytesWritten ?? 0),
      bytesReceived: this.counted.bytesReceived + (sock?.bytesRead ?? 0)
    };
  }
  /** Adds a closing connection's bytes to the count. */
  countBytes(client) {
    this.counted.bytesSent += client._sock?.bytesWritten ?? 0;
    this.counted.bytesReceived += client._sock?.bytesRead ?? 0;
  }
  /** The session with every call counted (one call waits for at least one answer). */
  countedSession(session) {
    const counted = this.counted;
    return new Proxy(session, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (typeof v !== "function") return v;
        const fn = v;
        if (prop === "on" || prop === "end") return fn.bind(target);
        return (...args) => {
          counted.sftpCalls++;
          return fn.apply(target, args);
        };
      }
    });
  }
  /** Connects (with retries and backoff) unless already connected. */
  async connection() {
    if (this.closed) throw new SshConnectionError(this.label, "the connection was closed", false);
    if (this.ssh && this.connected) return this.ssh;
    this.connecting ??= this.connectWithRetries().finally(() => this.connecting = void 0);
    return this.connecting;
  }
  async connectWithRetries() {
    const attempts = this.opts.attempts ?? 3;
    let delay = this.opts.backoffMs ?? 1e3;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.connectOnce();
      } catch (err) {
        if (!(err instanceof SshConnectionError) || !err.retryable || attempt >= attempts)
          throw err;
        this.opts.log?.warning(
          `${err.detail}; attempt ${attempt + 1} of ${attempts} in ${delay / 1e3} s`
        );
        await sleep(delay);
        delay *= 2;
      }
    }
  }
  /** ssh2 options that pin `target`'s host key, and the outcome of the check once it ran. */
  hostKeyOptions(target) {
    const { host, port } = target;
    const policy = this.opts.hostKeys;
    let check;
    const algorithms = policy === "insecure-skip" ? void 0 : hostKeyAlgorithms(policy.pins.filter((p) => pinMatches(p, host, port)));
    const config = {
      // ssh2 accepts the key on ANY truthy return value: this returns a boolean, nothing else.
      hostVerifier: (key) => {
        if (policy === "insecure-skip") {
          check = checkHostKey([], host, port, key);
          this.opts.log?.warning(
            `${target === this.target ? "" : `jump host ${targetLabel(target)}: `}host key ${check.keyType} ${check.fingerprint} NOT VERIFIED (insecure-skip-host-key-check is on)`
          );
          return true;
        }
        check = checkHostKey(policy.pins, host, port, key);
        return check.accepted === true;
      }
    };
    if (algorithms) config.algorithms = { serverHostKey: algorithms };
    return { config, check: () => check };
  }
  auth() {
    return {
      privateKey: this.opts.privateKey,
      ...this.opts.passphrase ? { passphrase: this.opts.passphrase } : {},
      readyTimeout: this.opts.timeoutMs,
      keepaliveInterval: 1e4,
      keepaliveCountMax: 3
    };
  }
  /** The bastion's connection and a tunnel from it to the host, or an error naming the bastion. */
  async openJump(jump) {
    const { NodeSSH } = await import("./chunks/esm-JAPTGETO.js");
    const ssh = new NodeSSH();
    const jl = targetLabel(jump);
    const keys = this.hostKeyOptions(jump);
    try {
      await ssh.connect({
        host: jump.host,
        port: jump.port,
        username: jump.user,
        ...this.auth(),
        ...keys.config
      });
    } catch (err) {
      ssh.dispose();
      const check = keys.check();
      if (check && !check.accepted) throw new HostKeyError(this.label, check, jl);
      const e = classifyConnectError(this.label, err);
      throw new SshConnectionError(this.label, `jump host ${jl}: ${e.detail}`, e.retryable);
    }
    ssh.connection?.on("error", () => void 0);
    try {
      const sock = await ssh.forwardOut("127.0.0.1", 0, this.target.host, this.target.port);
      return { ssh, sock };
    } catch (err) {
      ssh.dispose();
      throw new SshConnectionError(
        this.label,
        `jump host ${jl} did not open a tunnel to ${this.target.host}:${this.target.port} (${errorMessage(err)}): it must allow TCP forwarding (sshd_config AllowTcpForwarding yes) and reach the host`,
        false
      );
    }
  }
  async connectOnce() {
    const jump = this.opts.jump ? await this.openJump(this.opts.jump) : void 0;
    const { NodeSSH } = await import("./chunks/esm-JAPTGETO.js");
    const ssh = new NodeSSH();
    const { host, port, user } = this.target;
    const keys = this.hostKeyOptions(this.target);
    const config = {
      host,
      port,
      username: user,
      ...this.auth(),
      ...keys.config,
      // Through the bastion's tunnel, as ProxyJump: ssh2 speaks SSH over the given stream.
      ...jump ? { sock: jump.sock } : {}
    };
    try {
      await ssh.connect(config);
    } catch (err) {
      ssh.dispose();
      jump?.ssh.dispose();
      const check = keys.check();
      if (check) this.presentedFingerprint = check.fingerprint;
      if (check && !check.accepted) throw new HostKeyError(this.label, check);
      throw classifyConnectError(this.label, err);
    }
    this.presentedFingerprint = keys.check()?.fingerprint;
    const client = ssh.connection;
    client.setNoDelay?.(true);
    client.on("error", (e) => {
      if (this.ssh === ssh) this.lastError = e;
    });
    this.dropped = new Promise(
      (_, reject) => client.on("close", () => {
        if (this.ssh === ssh) {
          this.countBytes(client);
          this.connected = false;
          this.sftpSession = void 0;
        }
        reject(this.lost("the operation"));
      })
    );
    this.dropped.catch(() => void 0);
    this.jumpSsh?.dispose();
    this.jumpSsh = jump?.ssh;
    this.ssh = ssh;
    this.connected = true;
    this.lastError = void 0;
    return ssh;
  }
  lost(what, err) {
    const cause = this.lastError ?? err;
    return new SshConnectionError(
      this.label,
      `connection lost during ${what}${cause ? ` (${withoutHost(cause)})` : ""}`,
      true
    );
  }
  async sftp() {
    const ssh = await this.connection();
    if (this.sftpSession) return this.sftpSession;
    this.counted.channels++;
    const session = this.countedSession(await ssh.requestSFTP());
    session.on("close", () => {
      if (this.sftpSession === session) this.sftpSession = void 0;
    });
    this.sftpSession = session;
    return session;
  }
  /** Waits for `p`, or fails as soon as the connection drops. */
  async unlessDropped(what, p) {
    try {
      return await Promise.race([p, this.dropped]);
    } catch (err) {
      if (!this.connected || this.lastError) {
        const lost = this.lost(what, err instanceof SshConnectionError ? void 0 : err);
        this.discardConnection();
        throw lost;
      }
      throw err;
    }
  }
  discardConnection() {
    this.connected = false;
    this.sftpSession = void 0;
    this.ssh?.dispose();
    this.ssh = void 0;
    this.jumpSsh?.dispose();
    this.jumpSsh = void 0;
  }
  /** Runs an SFTP operation; a connection lost on the way is reported as such. */
  async withSftp(what, op) {
    const s = await this.unlessDropped(what, this.sftp());
    return this.unlessDropped(what, op(s));
  }
  /** Idempotent operations (upload, read, write) are retried over a fresh connection after a drop. */
  async retryOnDrop(what, op) {
    const attempts = this.opts.attempts ?? 3;
    let delay = this.opts.backoffMs ?? 1e3;
    for (let attempt = 1; ; attempt++) {
      try {
        return await op();
      } catch (err) {
        if (!(err instanceof SshConnectionError) || !err.retryable || attempt >= attempts)
          throw err;
        this.opts.log?.warning(`${err.detail}; retrying the ${what} in ${delay / 1e3} s`);
        await sleep(delay);
        delay *= 2;
      }
    }
  }
  /** Runs one ssh command line (an exec channel); -1 with a message when it outlives `timeoutMs`. */
  async exec(line, timeoutMs) {
    const ssh = await this.connection();
    const client = ssh.connection;
    if (!client) throw this.lost("command start");
    this.counted.channels++;
    this.counted.commands++;
    const out = [];
    const errOut = [];
    let code = null;
    const { channel, closed } = await this.unlessDropped(
      "command start",
      new Promise(
        (resolve4, reject) => client.exec(line, (err, ch) => {
          if (err) return reject(this.lost("command start", err));
          ch.on("data", (b) => out.push(b));
          ch.stderr.on("data", (b) => errOut.push(b));
          ch.on("exit", (c) => code = c);
          resolve4({ channel: ch, closed: new Promise((done) => ch.on("close", done)) });
        })
      )
    );
    let timedOut = false;
    channel.end();
    let timer;
    const timeout = new Promise((resolve4) => {
      timer = setTimeout(() => {
        timedOut = true;
        channel.signal?.("KILL");
        channel.close();
        resolve4();
      }, timeoutMs);
    });
    await this.unlessDropped(
      "a command (its outcome is unknown)",
      Promise.race([closed, timeout])
    ).finally(() => clearTimeout(timer));
    const stdout = decode(Buffer.concat(out));
    const stderr = decode(Buffer.concat(errOut));
    if (timedOut)
      return {
        exitCode: -1,
        stdout,
        stderr: `${stderr}
command timed out after ${timeoutMs / 1e3} s`.trimStart()
      };
    if (code === null) throw this.lost("a command (its outcome is unknown)");
    return { exitCode: code, stdout, stderr };
  }
  /** A TCP connection to `host:port` as the host sees it, through the SSH connection. */
  async forward(host, port) {
    const ssh = await this.connection();
    this.counted.channels++;
    try {
      return await this.unlessDropped(
        `a tunnel to ${host}:${port}`,
        ssh.forwardOut("127.0.0.1", 0, host, port)
      );
    } catch (err) {
      if (err instanceof SshConnectionError) throw err;
      if (!this.connected) throw this.lost(`a tunnel to ${host}:${port}`, err);
      throw new SshConnectionError(
        this.label,
        `${host}:${port} refused the tunnel (${withoutHost(err)})`,
        false
      );
    }
  }
  close() {
    if (this.ssh?.connection && this.connected) this.countBytes(this.ssh.connection);
    this.closed = true;
    this.sftpSession?.end();
    this.sftpSession = void 0;
    this.ssh?.dispose();
    this.ssh = void 0;
    this.jumpSsh?.dispose();
    this.jumpSsh = void 0;
    this.connected = false;
  }
};

// src/hosts/ssh.ts
var SshExecutor = class {
  constructor(target, opts) {
    this.target = target;
    this.label = targetLabel(target);
    this.capabilities = opts.capabilities ?? { hashFile: true, acls: true };
    const timeoutMs = opts.timeoutMs ?? 12e4;
    this.conn = new SshConnection(this.label, target, {
      privateKey: opts.privateKey,
      ...opts.passphrase ? { passphrase: opts.passphrase } : {},
      hostKeys: opts.hostKeys,
      timeoutMs,
      ...opts.attempts !== void 0 ? { attempts: opts.attempts } : {},
      ...opts.backoffMs !== void 0 ? { backoffMs: opts.backoffMs } : {},
      ...opts.log ? { log: opts.log } : {},
      ...opts.jump ? { jump: opts.jump } : {}
    });
    this.files = new SftpFiles(this.conn, opts.mapPath ?? win32OpenSshPath);
    this.commands = new CmdTransport(this.conn, this.files, opts.scratchDir, timeoutMs, opts.log);
  }
  target;
  label;
  capabilities;
  conn;
  files;
  commands;
  /** The host key fingerprint the host presented on the last connection. */
  get presentedFingerprint() {
    return this.conn.presentedFingerprint;
  }
  /** Channels, commands, SFTP calls and bytes this executor cost so far. */
  roundTrips() {
    return this.conn.roundTrips();
  }
  /** Connects (with retries and backoff) unless already connected. */
  async connect() {
    await this.conn.connection();
  }
  run(argv, opts) {
    return this.commands.run(argv, opts);
  }
  runBatch(argvs, opts) {
    return this.commands.runBatch(argvs, opts);
  }
  upload(localPath2, windowsPath) {
    return this.files.upload(localPath2, windowsPath);
  }
  readFile(windowsPath) {
    return this.files.readFile(windowsPath);
  }
  sha256File(windowsPath) {
    return this.files.sha256File(windowsPath);
  }
  writeFile(windowsPath, data) {
    return this.files.writeFile(windowsPath, data);
  }
  openTcp(host, port) {
    return this.conn.forward(host, port);
  }
  async close() {
    await this.commands.cleanUp();
    this.conn.close();
  }
};

// src/hosts/lab.ts
function labSettings(env = process.env) {
  const prefix = env.WINSHIP_WINE_PREFIX;
  return {
    sshWineHosts: /^(1|true)$/i.test(env.WINSHIP_SSH_WINE_HOSTS ?? ""),
    ...prefix ? { winePrefix: prefix } : {}
  };
}
function wineSftpPath(windowsPath) {
  const p = validateWindowsPath(windowsPath);
  return `${p[0].toLowerCase()}:${p.slice(2).replace(/\\/g, "/")}`;
}
var WINE_SSH_HOST = {
  mapPath: wineSftpPath,
  capabilities: { hashFile: false, acls: false }
};
function sshHostProfile(env = process.env) {
  return labSettings(env).sshWineHosts ? WINE_SSH_HOST : {};
}

// src/deploy/config.ts
import { readFileSync } from "node:fs";
import { isAbsolute as isAbsolute2, resolve as resolve2 } from "node:path";

// src/deploy/hosts.ts
import { isIP } from "node:net";
var HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
var NUMERIC_LAST_LABEL = /(?:^|\.)(?:\d+|0x[0-9a-f]*)$/i;
var IPV4_HELP = "four numbers from 0 to 255 without leading zeros, like 10.0.0.5";
var USER = /^[A-Za-z0-9._$-]+(?:[\\@][A-Za-z0-9._$-]+)*$/;
function parseHost(entry, input = "hosts") {
  const at = entry.lastIndexOf("@");
  if (at <= 0)
    throw new InputError(input, `'${entry}' has no user: write it as user@${entry || "host"}:22`);
  const user = entry.slice(0, at);
  const rest = entry.slice(at + 1);
  if (!USER.test(user) || user.length > 104)
    throw new InputError(input, `'${entry}': '${user}' is not a valid user name`);
  let host;
  let portText;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1];
    portText = bracketed[2];
    if (isIP(host) !== 6)
      throw new InputError(
        input,
        `'${entry}': '[${host}]' is not an IPv6 address${isIP(host) === 4 ? " (write an IPv4 address without brackets)" : ", like [2001:db8::1]"}`
      );
  } else {
    const parts = rest.split(":");
    if (parts.length > 2)
      throw new InputError(
        input,
        `'${entry}': write an IPv6 address in brackets, like user@[2001:db8::1]:22`
      );
    host = parts[0];
    portText = parts[1];
    if (NUMERIC_LAST_LABEL.test(host)) {
      if (isIP(host) !== 4)
        throw new InputError(input, `'${entry}': '${host}' is not an IPv4 address (${IPV4_HELP})`);
    } else if (!HOSTNAME.test(host))
      throw new InputError(input, `'${entry}': '${host}' is not a host name or IP address`);
  }
  let port = 22;
  if (portText !== void 0) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535)
      throw new InputError(input, `'${entry}': port '${portText}' is not a number from 1 to 65535`);
    port = Number(portText);
  }
  return { user, host: host.toLowerCase(), port };
}
function parseHosts(text, input = "hosts") {
  const targets = splitList(text).map((e) => parseHost(e, input));
  const seen = /* @__PURE__ */ new Set();
  for (const t of targets) {
    const key = `${t.host}:${t.port}`;
    if (seen.has(key)) throw new InputError(input, `${targetLabel(t)} is listed twice`);
    seen.add(key);
  }
  return targets;
}
function parseHostsFile(text, input = "hosts-file") {
  const targets = [];
  const seen = /* @__PURE__ */ new Map();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (line === "") continue;
    if (/[\s,]/.test(line))
      throw new InputError(
        input,
        `line ${i + 1}: '${line}' holds more than one entry: write one user@host:port a line`
      );
    let t;
    try {
      t = parseHost(line, input);
    } catch (e) {
      const message = e.message.replace(/^Input '[^']*': /, "");
      throw new InputError(input, `line ${i + 1}: ${message}`);
    }
    const key = `${t.host}:${t.port}`;
    const before = seen.get(key);
    if (before !== void 0)
      throw new InputError(
        input,
        `line ${i + 1}: ${targetLabel(t)} is listed twice (line ${before} too)`
      );
    seen.set(key, i + 1);
    targets.push(t);
  }
  return targets;
}

// src/deploy/waves.ts
var ON_HALT = ["rollback-wave", "rollback-all", "stop"];
function describeSpec(s) {
  return s.kind === "count" ? String(s.hosts) : `${s.percent}%`;
}
function parseWaves(text, input = "waves") {
  const specs = splitList(text).map((item) => {
    const pct = /^(\d{1,3}(?:\.\d+)?)\s*%$/.exec(item);
    if (pct) {
      const percent = Number(pct[1]);
      if (!(percent > 0) || percent > 100)
        throw new InputError(
          input,
          `'${item}' is not a share of the fleet: write a percentage above 0% and at most 100%`
        );
      return { kind: "percent", percent };
    }
    if (/^\d+$/.test(item)) {
      const hosts = Number(item);
      if (hosts < 1)
        throw new InputError(
          input,
          `'${item}': a wave must hold at least one host (write 1 for a single canary host)`
        );
      return { kind: "count", hosts };
    }
    throw new InputError(
      input,
      `'${item}' is neither a host count nor a percentage: write the hosts done after each wave, e.g. 1, 10%, 50%, 100%`
    );
  });
  for (let i = 1; i < specs.length; i++) {
    const cur = specs[i];
    const before = specs.slice(0, i).filter((s) => s.kind === cur.kind);
    const last = before.at(-1);
    if (!last) continue;
    const grows = cur.kind === "count" ? cur.hosts > last.hosts : cur.percent > last.percent;
    if (!grows)
      throw new InputError(
        input,
        `'${describeSpec(cur)}' after '${describeSpec(last)}': the entries are cumulative (the hosts done after each wave), so each must be larger than the one before`
      );
  }
  return specs;
}
function resolveSpec(spec, fleet) {
  const n = spec.kind === "count" ? spec.hosts : Math.round(spec.percent * fleet * 1e4) / 1e6;
  return Math.min(fleet, Math.max(1, Math.ceil(n)));
}
function planWaves(hosts, specs, input = "waves") {
  if (hosts.length === 0) return [];
  const waves = [];
  let done = 0;
  let lastSpec;
  for (const spec of specs) {
    const upTo = resolveSpec(spec, hosts.length);
    if (upTo < done)
      throw new InputError(
        input,
        `'${describeSpec(spec)}' is ${upTo} of ${hosts.length} host(s), fewer than the ${done} done after '${describeSpec(lastSpec)}': the entries are cumulative, so each must reach at least as far as the one before`
      );
    if (upTo > done) waves.push(hosts.slice(done, upTo));
    done = upTo;
    lastSpec = spec;
  }
  if (done < hosts.length) waves.push(hosts.slice(done));
  return waves;
}
function hostsToRollBack(waves, haltedAt, policy, bakeFailed = []) {
  if (policy === "stop") return [];
  const all = waves.slice(0, haltedAt).flatMap((w) => w.upgraded);
  const chosen = new Set(
    policy === "rollback-all" ? all : [...waves[haltedAt - 1]?.upgraded ?? []]
  );
  for (const h of bakeFailed) if (all.includes(h)) chosen.add(h);
  return all.filter((h) => chosen.has(h));
}

// src/signing/thumbprint.ts
function parseThumbprint(text) {
  const hex2 = text.replace(/^(sha1|sha256|sha-1|sha-256):/i, "").replace(/[\s:]/g, "");
  if (!/^[0-9A-Fa-f]+$/.test(hex2))
    return `'${text}' is not a thumbprint: write the certificate's SHA-256 (64 hex digits) or SHA-1 (40, Windows' Thumbprint)`;
  if (hex2.length === 64) return { algorithm: "sha256", hex: hex2.toUpperCase() };
  if (hex2.length === 40) return { algorithm: "sha1", hex: hex2.toUpperCase() };
  return `'${text}' has ${hex2.length} hex digits: a SHA-256 thumbprint has 64, a SHA-1 thumbprint 40`;
}
function matchingPin(signer, pins) {
  return pins.find((p) => signer[p.algorithm]?.toUpperCase() === p.hex);
}

// src/deploy/config.ts
function parseRequireSignature(items) {
  return items.map((item) => {
    const pin = parseThumbprint(item);
    if (typeof pin === "string") throw new InputError("require-signature", pin);
    return pin;
  });
}
var START_TYPES2 = ["auto", "delayed-auto", "demand", "disabled"];
function parseRecovery(text, resetSeconds) {
  const items = splitList(text);
  if (items.length === 0) return void 0;
  const actions = items.map((item) => {
    const m = /^(restart|none)\/(\d{1,9})$/.exec(item);
    if (!m)
      throw new InputError(
        "recovery",
        `'${item}' is not an action: write restart/<ms> or none/<ms>, e.g. restart/5000, restart/10000, none/0`
      );
    return { type: m[1], delayMs: Number(m[2]) };
  });
  if (actions.length > 3)
    throw new InputError(
      "recovery",
      `has ${actions.length} actions; Windows uses the first three (first, second, subsequent failures)`
    );
  return { resetSeconds, actions };
}
function parseArguments(text) {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
}
function isTagRef(ref) {
  return (ref ?? "").startsWith("refs/tags/");
}
function parseJumpHost(text, hosts) {
  if (splitList(text).length > 1)
    throw new InputError(
      "jump-host",
      `'${text}' lists several hosts: give one bastion, user@host:port (chained jumps are not supported)`
    );
  const jump = parseHost(text, "jump-host");
  const same = hosts.find((h) => h.host === jump.host && h.port === jump.port);
  if (same)
    throw new InputError(
      "jump-host",
      `${targetLabel(jump)} is also in hosts: a host is not reached through itself; remove it from one of the two`
    );
  return jump;
}
function readHostsFile(path, env) {
  if (path.trim() === "") return [];
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const file = isAbsolute2(path) ? path : resolve2(workspace, path);
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(
      "hosts-file",
      `cannot read '${path}' (${e.code ?? "error"}): give a file of the repository, relative to the workspace, with one user@host:port a line`
    );
  }
  return parseHostsFile(text);
}
function readHostList(inputs, env) {
  const listed = parseHosts(inputs.string("hosts"));
  const fromFile = readHostsFile(inputs.string("hosts-file"), env);
  const seen = new Map(listed.map((t) => [`${t.host}:${t.port}`, t]));
  for (const t of fromFile) {
    if (seen.has(`${t.host}:${t.port}`))
      throw new InputError("hosts-file", `${targetLabel(t)} is also in hosts: list each host once`);
    seen.set(`${t.host}:${t.port}`, t);
  }
  return [...listed, ...fromFile];
}
function readConfig(inputs, env = process.env) {
  const mode = inputs.oneOf("mode", ["local", "ssh", "plan", "merge"], "ssh");
  if (mode === "plan" || mode === "merge")
    throw new Error(`readConfig: mode ${mode} deploys nothing (see deploy/fanout.ts)`);
  const hostsText = inputs.string("hosts");
  const hostsFile = inputs.string("hosts-file").trim();
  const jumpText = inputs.string("jump-host").trim();
  const privateKey = inputs.secret("ssh-private-key");
  const passphrase = inputs.secret("ssh-passphrase");
  const knownHosts = inputs.string("known-hosts");
  const fingerprints = inputs.string("host-fingerprints");
  const insecure = inputs.boolean("insecure-skip-host-key-check", false);
  const password = inputs.secret("service-password");
  let hosts = [];
  let jumpHost;
  let hostKeys = { pins: [] };
  if (mode === "ssh") {
    hosts = readHostList(inputs, env);
    if (hosts.length === 0)
      throw new InputError(
        "hosts",
        "is required with mode: ssh (user@host:port, one a line; or a hosts-file)"
      );
    if (jumpText !== "") jumpHost = parseJumpHost(jumpText, hosts);
    if (privateKey === "")
      throw new InputError(
        "ssh-private-key",
        "is required with mode: ssh: pass the deploy key from a secret"
      );
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey))
      throw new InputError(
        "ssh-private-key",
        "is not a private key: pass the whole key file (-----BEGIN OPENSSH PRIVATE KEY----- \u2026) from a secret"
      );
    if (insecure) {
      if (isTagRef(env.GITHUB_REF))
        throw new InputError(
          "insecure-skip-host-key-check",
          `is refused for a tag (${env.GITHUB_REF}): releases deploy only to verified hosts; set host-fingerprints or known-hosts`
        );
      if (knownHosts.trim() || fingerprints.trim())
        throw new InputError(
          "insecure-skip-host-key-check",
          "is true while host keys are given: remove one of the two"
        );
      hostKeys = "insecure-skip";
    } else {
      hostKeys = { pins: [...parseKnownHosts(knownHosts), ...parseFingerprints(fingerprints)] };
    }
  } else {
    if (hostsText.trim() !== "")
      throw new InputError(
        "hosts",
        "is for mode: ssh; mode: local deploys to the machine the job runs on"
      );
    if (hostsFile !== "")
      throw new InputError(
        "hosts-file",
        "is for mode: ssh; mode: local deploys to the machine the job runs on"
      );
    if (jumpText !== "")
      throw new InputError(
        "jump-host",
        "is for mode: ssh; mode: local deploys to the machine the job runs on"
      );
  }
  const version = inputs.string("version");
  const startType = inputs.oneOf("start-type", START_TYPES2, "auto");
  const displayName = inputs.string("display-name");
  const description = inputs.string("description");
  const logFile = inputs.string("log-file");
  const allowEnvRefs = inputs.boolean("allow-environment-references", false);
  if (logFile) validateWindowsPath(logFile, "log file");
  const service = {
    name: inputs.string("service-name"),
    startType,
    account: inputs.string("service-account") || "LocalSystem",
    args: parseArguments(inputs.string("arguments")),
    ...allowEnvRefs ? { allowEnvironmentReferences: true } : {},
    environment: inputs.keyValues("environment"),
    dependencies: inputs.list("dependencies"),
    stopTimeoutSeconds: durationSeconds(inputs, "stop-timeout", {
      min: 1,
      max: 3600,
      fallback: 30
    }),
    ...displayName ? { displayName } : {},
    ...description ? { description } : {},
    ...password ? { password } : {},
    ...logFile ? { logFile } : {}
  };
  const envProblem = allowEnvRefs ? void 0 : service.args.map(environmentReferenceProblem).find(Boolean);
  if (envProblem) throw new InputError("arguments", envProblem);
  const recovery = parseRecovery(
    inputs.string("recovery"),
    inputs.integer("recovery-reset", { min: 0, fallback: 86400 })
  );
  if (recovery) service.recovery = recovery;
  const rootText = inputs.string("install-root") || DEFAULT_ROOT;
  let root;
  try {
    root = validateWindowsPath(rootText, "install root");
  } catch (e) {
    throw new InputError("install-root", e.message);
  }
  if (mode === "ssh" && !/^[A-Za-z]:\\[A-Za-z0-9_.\\-]*$/.test(root))
    throw new InputError(
      "install-root",
      `'${root}' must use only letters, digits, '_', '-', '.' and '\\' with mode: ssh (it appears on the ssh command line)`
    );
  const healthUrl = inputs.string("health-url");
  const healthPortText = inputs.string("health-port");
  let kind = inputs.oneOf("health-check", ["auto", "http", "tcp", "service"], "auto");
  if (kind === "auto") kind = healthUrl ? "http" : healthPortText ? "tcp" : "service";
  if (kind === "http" && !healthUrl)
    throw new InputError(
      "health-url",
      "is required with health-check: http (e.g. http://127.0.0.1:8080/healthz as seen from the host)"
    );
  const health2 = {
    kind,
    timeoutSeconds: durationSeconds(inputs, "health-timeout", { min: 0.1, max: 600, fallback: 5 }),
    intervalSeconds: durationSeconds(inputs, "health-interval", { min: 0, max: 600, fallback: 1 }),
    retries: inputs.integer("health-retries", { min: 0, max: 1e3, fallback: 30 }),
    expectVersion: inputs.boolean("health-expect-version", false) && kind === "http"
  };
  if (kind === "http") {
    try {
      const url = new URL(healthUrl);
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("protocol");
    } catch {
      throw new InputError(
        "health-url",
        `'${healthUrl}' is not an http(s) URL such as http://127.0.0.1:8080/healthz`
      );
    }
    health2.url = healthUrl;
  }
  if (kind === "tcp") health2.port = inputs.integer("health-port", { min: 1, max: 65535 });
  const waves = parseWaves(inputs.string("waves"));
  const bakeFinal = inputs.boolean("bake-final", false);
  const bakeSeconds = durationSeconds(inputs, "bake-time", { min: 0, max: 24 * 3600, fallback: 0 });
  if (bakeSeconds > 0 && waves.length === 0 && !bakeFinal)
    throw new InputError(
      "bake-time",
      "is the wait after each wave but the last: set waves too (e.g. 1, 50%, 100%), or bake-final: true to bake after the only wave"
    );
  const onHalt = inputs.oneOf("on-halt", ON_HALT, "rollback-wave");
  const runId = inputs.string("artifact-run-id");
  if (runId && !/^\d+$/.test(runId))
    throw new InputError("artifact-run-id", `'${runId}' is not a workflow run id`);
  return {
    mode,
    hosts,
    ...jumpHost ? { jumpHost } : {},
    privateKey,
    ...passphrase ? { passphrase } : {},
    hostKeys,
    insecureHostKeys: hostKeys === "insecure-skip",
    artifact: splitList(inputs.required("artifact")),
    ...runId ? { artifactRunId: Number(runId) } : {},
    githubToken: inputs.secret("github-token"),
    binary: inputs.string("binary"),
    ...version ? { version } : {},
    service,
    root,
    keepReleases: inputs.integer("keep-releases", { min: 2, max: 100, fallback: 3 }),
    profile: inputs.string("profile") || "none",
    tuningUnreadable: inputs.oneOf("tuning-unreadable", ["fail", "skip"], "fail"),
    health: health2,
    maxParallel: inputs.integer("max-parallel", { min: 1, max: 256, fallback: 1 }),
    maxFailures: inputs.integer("max-failures", { min: 0, fallback: 0 }),
    waves,
    bakeSeconds,
    bakeFinal,
    onHalt,
    timeoutSeconds: durationSeconds(inputs, "timeout", { min: 5, max: 3600, fallback: 120 }),
    dryRun: inputs.boolean("dry-run", false),
    lock: {
      staleAfterSeconds: durationSeconds(inputs, "lock-stale-after", { min: 1, fallback: 3600 }),
      breakStale: inputs.boolean("break-stale-lock", false)
    },
    sshHost: sshHostProfile(env),
    requireSignature: parseRequireSignature(inputs.list("require-signature"))
  };
}

// src/deploy/report.ts
var INSECURE_WARNING = "Host keys were NOT verified (insecure-skip-host-key-check: true): anyone between this runner and the hosts could have received the release and run commands as the deploy user. Use host-fingerprints or known-hosts outside of labs.";
var RESULT_WORDS = {
  deployed: "deployed",
  unchanged: "unchanged (already deployed)",
  "rolled-back": "FAILED, rolled back",
  failed: "FAILED",
  planned: "planned (dry run)",
  skipped: "skipped",
  reverted: "rolled back (the rollout halted)"
};
var stepOf = (r, name) => r.steps?.find((s) => s.name === name);
function versionBeforeCell(r) {
  if (r.versionBefore !== void 0) return r.versionBefore;
  if (r.outcome === "skipped") return "";
  if (!r.steps || stepOf(r, "read state")?.status === "done") return "(none)";
  const failed2 = r.steps.find((s) => s.status === "failed");
  if (failed2?.name === "connect" && /refused before authentication/.test(failed2.note ?? ""))
    return "not read (refused before authentication)";
  if (failed2?.name === "connect") return "not read (no connection)";
  return failed2 ? `not read (stopped at ${failed2.name})` : "not read";
}
function tuningCell(r) {
  const step = stepOf(r, "tuning");
  if (r.steps && !step) return "";
  if (step?.status === "skipped") return `skipped (${step.note ?? "not needed"})`;
  if (step?.status === "failed") return "failed";
  if (!r.tuning) return "";
  const t = r.tuning;
  const reboot = t.rebootRequired.length ? `; reboot needed: ${t.rebootRequired.join(", ")}` : "";
  const notRead = t.notRead ? `, ${t.notRead} not read (skipped)` : "";
  return `${t.changed} changed, ${t.unchanged} unchanged${notRead}${reboot}`;
}
var WAVE_HOSTS_SHOWN = 4;
function waveHostsCell(w) {
  const names = w.hosts.slice(0, WAVE_HOSTS_SHOWN).join(", ");
  const more = w.hosts.length > WAVE_HOSTS_SHOWN ? `, \u2026 (${w.hosts.length - WAVE_HOSTS_SHOWN} more)` : "";
  return `${w.hosts.length}: ${names}${more}`;
}
function waveResultCell(w) {
  const base = w.result === "failed" ? `FAILED (${w.failed} of ${w.hosts.length} host(s))` : w.result;
  return w.rolledBack ? `${base}; ${w.rolledBack} rolled back` : base;
}
function bakeCell(w, last, haltedAt) {
  const b = w.bake;
  if (!b) {
    if (w.result === "not started" || w.result === "planned") return "";
    if (last) return "(last wave: no bake)";
    return haltedAt === w.wave ? "not run (halted)" : "not run";
  }
  const time = formatSeconds(b.seconds);
  if (b.failed.length)
    return `FAILED after ${time}: ${b.failed.map((f) => `${f.host}: ${f.detail}`).join("; ")}`;
  if (b.verdict === "cancelled")
    return `cancelled after ${time}; every host checked once more: healthy`;
  return `passed (${time})`;
}
function wavesMarkdown(r) {
  const waves = r.waves ?? [];
  return table(
    ["Wave", "Hosts", "Result", "Bake", "Time"],
    waves.map((w, i) => [
      String(w.wave),
      waveHostsCell(w),
      waveResultCell(w),
      bakeCell(w, i === waves.length - 1, r.haltedAtWave),
      w.result === "not started" ? "" : formatSeconds(w.seconds)
    ])
  );
}
var HALT_WORDS = {
  "rollback-wave": "the hosts of that wave (and any host that failed the bake) were rolled back to their previous release",
  "rollback-all": "every host this run upgraded was rolled back to its previous release",
  stop: "the hosts were left as they are (on-halt: stop)"
};
function summaryMarkdown(s) {
  const { reports, stoppedBecause } = s.rollout;
  const parts = [];
  parts.push(
    `## ${s.dryRun ? "Deploy plan (dry run)" : "Deploy"}: ${s.service} ${s.version} (${s.mode === "ssh" ? `${reports.length} host(s) over SSH, max-parallel ${s.maxParallel}, max-failures ${s.maxFailures}` : "this runner"})
`
  );
  if (s.insecureHostKeys) parts.push(`> [!WARNING]
> ${INSECURE_WARNING}
`);
  const haltedAt = s.rollout.haltedAtWave;
  if (haltedAt !== void 0)
    parts.push(
      `> [!CAUTION]
> The rollout halted at wave ${haltedAt} of ${s.rollout.waves?.length ?? haltedAt}: ${HALT_WORDS[s.rollout.onHalt ?? "rollback-wave"]}; the hosts of later waves were not touched.
`
    );
  else if (stoppedBecause === "max-failures")
    parts.push(
      `> [!CAUTION]
> The rollout stopped: more than ${s.maxFailures} host(s) failed; the hosts not yet started were skipped and left untouched.
`
    );
  if (stoppedBecause === "cancelled")
    parts.push(
      "> [!CAUTION]\n> The run was cancelled: hosts in flight stopped and undid their change (the table says how each ended), or finished if they were already healthy; the hosts not yet started were skipped and left untouched.\n"
    );
  if (s.rollout.waves) parts.push(`### Waves

${wavesMarkdown(s.rollout)}
### Hosts
`);
  parts.push(
    table(
      ["Host", "Result", "Version before", "Version after", "Tuning", "Health", "Duration"],
      reports.map((r) => [
        r.host,
        RESULT_WORDS[r.outcome],
        versionBeforeCell(r),
        r.versionAfter ?? "",
        tuningCell(r),
        r.healthSeconds !== void 0 ? formatSeconds(r.healthSeconds) : "",
        r.outcome === "skipped" ? "" : formatSeconds(r.durationSeconds)
      ])
    )
  );
  const problems = reports.filter((r) => r.error && r.outcome !== "skipped");
  if (problems.length) {
    parts.push("\n### What went wrong\n");
    for (const r of problems) {
      const error = r.error.startsWith(`${r.host}: `) ? r.error.slice(r.host.length + 2) : r.error;
      parts.push(`- **${escapeCell(r.host)}**: ${escapeCell(error)}`);
    }
    parts.push("");
  }
  const notes = reports.filter((r) => r.notes?.length);
  if (notes.length) {
    parts.push("\n### Interrupted deploys found\n");
    for (const r of notes)
      for (const n of r.notes ?? []) parts.push(`- **${escapeCell(r.host)}**: ${escapeCell(n)}`);
    parts.push("");
  }
  if (s.dryRun) {
    for (const r of reports.filter((x) => x.plan)) {
      parts.push(`
### Plan for ${r.host}
`);
      parts.push(renderPlanMarkdown(r.plan));
    }
  }
  return parts.join("\n");
}
function ringsMarkdown(rings, fleet) {
  return `## Deploy plan: ${fleet} host(s) in ${rings.length} ring(s)

${table(
    ["Ring", "Name", "Hosts", "Waves", "Bake"],
    rings.map((r) => [
      String(r.index),
      r.name,
      `${r.count}: ${r.hosts.split("\n").slice(0, WAVE_HOSTS_SHOWN).join(", ")}${r.count > WAVE_HOSTS_SHOWN ? `, \u2026 (${r.count - WAVE_HOSTS_SHOWN} more)` : ""}`,
      r.waves || "one wave",
      r["bake-time"] ? `${r["bake-time"]}${r["bake-final"] ? ", then the next ring" : " between waves"}` : ""
    ])
  )}`;
}
function mergeMarkdown(m) {
  const total = m.rings.reduce((n, r) => n + r.hosts.length, 0);
  const parts = [`## Deploy by rings: ${m.deployed.length} of ${total} host(s) run the release
`];
  if (!m.complete)
    parts.push(
      `> [!CAUTION]
> The rollout is not complete: ${m.failed.length} host(s) failed, ${m.reverted.length} rolled back by a halt, ${m.skipped.length} not started.
`
    );
  parts.push(
    table(
      [
        "Ring",
        "Job",
        "Hosts",
        "Deployed",
        "Failed",
        "Rolled back",
        "Not started",
        "Halted at wave"
      ],
      m.rings.map((r) => [
        r.name,
        r.job,
        String(r.hosts.length),
        String(r.deployed.length),
        String(r.failed.length),
        String(r.reverted.length),
        String(r.skipped.length),
        r.haltedAtWave !== void 0 ? String(r.haltedAtWave) : ""
      ])
    )
  );
  if (m.failed.length) parts.push(`
Failed: ${m.failed.map(escapeCell).join(", ")}
`);
  return parts.join("\n");
}

// src/deploy/rollout.ts
function planBatches(hosts, maxParallel) {
  if (!Number.isInteger(maxParallel) || maxParallel < 1)
    throw new Error(`max-parallel must be a whole number of at least 1, got ${maxParallel}`);
  const batches = [];
  for (let i = 0; i < hosts.length; i += maxParallel) batches.push(hosts.slice(i, i + maxParallel));
  return batches;
}
function isFailure(outcome) {
  return outcome === "failed" || outcome === "rolled-back";
}
function isSuccess(outcome) {
  return outcome === "deployed" || outcome === "unchanged";
}
async function runRollout(opts) {
  const waves = opts.waves ?? (opts.hosts.length ? [opts.hosts] : []);
  const multi = waves.length > 1 || opts.bakeLast === true;
  const now = opts.now ?? Date.now;
  const byHost = /* @__PURE__ */ new Map();
  const waveReports = [];
  let failures = 0;
  let batchNo = 0;
  let stoppedBecause;
  let haltedAtWave;
  let haltWhy = "";
  const upgradedByRun = /* @__PURE__ */ new Set();
  const skip = (h, why) => byHost.set(h, {
    host: opts.label(h),
    outcome: "skipped",
    durationSeconds: 0,
    error: why,
    batch: 0
  });
  const skipWhy = () => stoppedBecause === "cancelled" ? "skipped: the run was cancelled before this host started" : haltedAtWave !== void 0 ? `skipped: the rollout halted at wave ${haltedAtWave} (${haltWhy})` : `skipped: ${failures} host(s) failed, more than max-failures (${opts.maxFailures})`;
  for (const [wi, wave] of waves.entries()) {
    const w = wi + 1;
    const report = {
      wave: w,
      hosts: wave.map(opts.label),
      result: "not started",
      failed: 0,
      rolledBack: 0,
      seconds: 0
    };
    waveReports.push(report);
    if (!stoppedBecause && opts.cancelled()) stoppedBecause = "cancelled";
    if (stoppedBecause) {
      for (const h of wave) skip(h, skipWhy());
      continue;
    }
    opts.onWaveStart?.(w, wave);
    const waveStarted = now();
    for (const batch of planBatches(wave, opts.maxParallel)) {
      if (!stoppedBecause && opts.cancelled()) stoppedBecause = "cancelled";
      if (!stoppedBecause && !opts.dryRun && failures > opts.maxFailures) {
        stoppedBecause = "max-failures";
        if (multi) haltAt(w, `more than max-failures (${opts.maxFailures}) host(s) failed`);
      }
      if (stoppedBecause) {
        for (const h of batch) skip(h, skipWhy());
        continue;
      }
      batchNo++;
      const n = batchNo;
      opts.onBatchStart?.(n, batch);
      const results = await Promise.all(
        batch.map(async (h) => {
          const started = now();
          try {
            return await opts.deploy(h, n);
          } catch (err) {
            return {
              host: opts.label(h),
              outcome: "failed",
              durationSeconds: (now() - started) / 1e3,
              error: err instanceof Error ? err.message : String(err),
              batch: n
            };
          }
        })
      );
      for (const [i, r] of results.entries()) {
        byHost.set(batch[i], { ...r, ...multi ? { wave: w } : {} });
        if (r.outcome === "deployed") upgradedByRun.add(batch[i]);
        if (isFailure(r.outcome)) {
          failures++;
          report.failed++;
        }
      }
    }
    report.result = opts.dryRun ? "planned" : report.failed ? "failed" : "deployed";
    if (!stoppedBecause && opts.cancelled()) stoppedBecause = "cancelled";
    if (stoppedBecause === "cancelled" && wave.some((h) => byHost.get(h)?.outcome === "skipped"))
      report.result = "cancelled";
    if (!stoppedBecause && !opts.dryRun && failures > opts.maxFailures) {
      stoppedBecause = "max-failures";
      if (multi) haltAt(w, `more than max-failures (${opts.maxFailures}) host(s) failed`);
    }
    const running = waves.slice(0, w).flat().filter((h) => isSuccess(byHost.get(h)?.outcome ?? "skipped"));
    if (haltedAtWave === void 0 && stoppedBecause !== "max-failures" && (w < waves.length || opts.bakeLast === true) && !opts.dryRun && opts.bake && running.length) {
      const verdict = await opts.bake(w, running);
      report.bake = {
        verdict: verdict.verdict,
        seconds: verdict.seconds,
        failed: verdict.failed.map((f) => ({ host: opts.label(f.host), detail: f.detail }))
      };
      if (verdict.failed.length) {
        const first = verdict.failed[0];
        stoppedBecause = opts.cancelled() ? "cancelled" : "bake";
        haltAt(
          w,
          `${verdict.failed.length} host(s) failed the health check during the bake, first ${opts.label(first.host)}: ${first.detail}`
        );
        for (const f of verdict.failed) {
          const r = byHost.get(f.host);
          failures++;
          byHost.set(f.host, {
            ...r,
            outcome: "failed",
            error: `failed the health check during the bake after wave ${w}: ${f.detail}`
          });
        }
      } else if (verdict.verdict === "cancelled" || opts.cancelled()) stoppedBecause = "cancelled";
    }
    report.seconds = (now() - waveStarted) / 1e3;
    if (haltedAtWave === w) await applyHalt(w, report);
  }
  function haltAt(w, why) {
    if (haltedAtWave !== void 0) return;
    haltedAtWave = w;
    haltWhy = why;
  }
  async function applyHalt(w, report) {
    const policy = opts.onHalt ?? "rollback-wave";
    const upgraded = waves.slice(0, w).map((wave) => ({
      upgraded: wave.filter((h) => upgradedByRun.has(h))
    }));
    const bakeFailed = (report.bake?.failed ?? []).map(
      (f) => waves.flat().find((h) => opts.label(h) === f.host)
    );
    const targets = hostsToRollBack(upgraded, w, policy, bakeFailed);
    if (targets.length && !opts.revert)
      throw new Error("runRollout: a halt to roll back needs revert");
    for (const batch of planBatches(targets, opts.maxParallel)) {
      const done = await Promise.all(
        batch.map(async (h) => {
          try {
            return await opts.revert(h, haltWhy);
          } catch (err) {
            return {
              ok: false,
              detail: err instanceof Error ? err.message : String(err),
              durationSeconds: 0
            };
          }
        })
      );
      for (const [i, rv] of done.entries()) {
        const h = batch[i];
        const r = byHost.get(h);
        const failedBake = bakeFailed.includes(h);
        const hw = waveReports[(r.wave ?? 1) - 1];
        if (rv.ok && hw) hw.rolledBack++;
        byHost.set(h, {
          ...r,
          outcome: rv.ok ? failedBake ? "rolled-back" : "reverted" : "failed",
          ...rv.versionAfter !== void 0 ? { versionAfter: rv.versionAfter } : {},
          durationSeconds: r.durationSeconds + rv.durationSeconds,
          error: `${failedBake ? `${r.error}; ` : `the rollout halted at wave ${w} (${haltWhy}); `}${rv.detail}`
        });
        if (!rv.ok && !failedBake) failures++;
      }
    }
  }
  const reports = waves.flat().map((h) => byHost.get(h));
  return {
    reports,
    ...stoppedBecause ? { stoppedBecause } : {},
    ...multi ? { waves: waveReports } : {},
    ...haltedAtWave !== void 0 ? { haltedAtWave, onHalt: opts.onHalt ?? "rollback-wave" } : {}
  };
}
function outcomeLists(reports) {
  return {
    deployed: reports.filter((r) => isSuccess(r.outcome)).map((r) => r.host),
    failed: reports.filter((r) => isFailure(r.outcome)).map((r) => r.host),
    skipped: reports.filter((r) => r.outcome === "skipped").map((r) => r.host),
    reverted: reports.filter((r) => r.outcome === "reverted").map((r) => r.host)
  };
}

// src/deploy/profile.ts
import { readFile as readFile2 } from "node:fs/promises";
import { isAbsolute as isAbsolute3, relative, resolve as resolve3 } from "node:path";

// src/windows/tuning/sources.ts
var SOURCES = {
  /** "Performance Tuning Network Adapters": offloads, autotuning, "Deprecated TCP parameters". */
  nicTuning: "https://learn.microsoft.com/en-us/windows-server/networking/technologies/network-subsystem/net-sub-performance-tuning-nics",
  /** "Power and performance tuning": Balanced default, High Performance for low latency, aliases. */
  powerPlans: "https://learn.microsoft.com/en-us/windows-server/administration/performance-tuning/hardware/power/power-performance-tuning",
  /** KB 929851: dynamic port range 49152-65535, netsh syntax and limits. */
  dynamicPorts: "https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/default-dynamic-port-range-tcpip-chang",
  /** TcpTimedWaitDelay: 2-300 s on Windows Server 2012 R2 and later, default 120, recommended 30. */
  timedWaitDelay: "https://learn.microsoft.com/en-us/biztalk/technical-guides/settings-that-can-be-modified-to-improve-network-performance",
  /** KB 328890: TcpAckFrequency lives under Tcpip\Parameters\Interfaces\<interface GUID>. */
  ackFrequency: "https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/registry-entry-control-tcp-acknowledgment-behavior",
  /** Service guidance: SysMain "No guidance" (keep the default), WSearch "Already disabled". */
  services: "https://learn.microsoft.com/en-us/windows-server/security/windows-services/security-guidelines-for-disabling-system-services-in-windows-server"
};

// src/windows/tuning/builtin.ts
var TCPIP = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters";
var PORTS = { start: 1e4, num: 55535 };
function defaultProfile() {
  return {
    name: "default",
    refused: [],
    settings: [
      {
        ref: { kind: "power-plan" },
        desired: { kind: "power-plan", scheme: POWER_SCHEME_ALIASES.SCHEME_MIN },
        why: "High performance plan: processors stay at their highest performance state, for low-latency services (costs energy).",
        reboot: false,
        source: SOURCES.powerPlans
      },
      ...["ipv4", "ipv6"].map((family) => ({
        ref: { kind: "dynamic-port", family },
        desired: { kind: "dynamic-port", range: { ...PORTS } },
        why: "Ephemeral ports 10000-65534 instead of 49152-65535, so bursts of outbound connections do not run out of ports; keep listening ports below 10000.",
        reboot: false,
        source: SOURCES.dynamicPorts
      })),
      {
        ref: { kind: "registry", key: TCPIP, name: "TcpTimedWaitDelay" },
        desired: { kind: "registry", value: { type: "REG_DWORD", data: 30 } },
        why: "Closed connections leave TIME_WAIT after 30 s instead of 120 s, so their ports are reused sooner (Microsoft's recommended value).",
        reboot: true,
        source: SOURCES.timedWaitDelay
      },
      {
        ref: { kind: "tcp-global", name: "autotuninglevel" },
        desired: { kind: "tcp-global", value: "normal" },
        why: "Receive window autotuning at its default level, undoing old scripts that disabled it (the modern replacement for TcpWindowSize).",
        reboot: false,
        source: SOURCES.nicTuning
      }
    ]
  };
}

// src/windows/tuning/profile.ts
var import_yaml = __toESM(require_dist(), 1);

// src/windows/tuning/refusals.ts
var TCPIP_PARAMETERS = /^HKLM\\SYSTEM\\(CurrentControlSet|ControlSet\d{3})\\Services\\Tcpip6?\\Parameters$/i;
var TCPIP_TREE = /^HKLM\\SYSTEM\\(CurrentControlSet|ControlSet\d{3})\\Services\\Tcpip6?\\Parameters(\\.*)?$/i;
function registryRefusal(v) {
  const name = v.name.toLowerCase();
  if (TCPIP_TREE.test(v.key) && ["tcpwindowsize", "numtcbtablepartitions", "maxhashtablesize"].includes(name))
    return `${v.name} is ignored since Windows Server 2008: receive window autotuning sizes the TCP window. Use tcp-global: { autotuninglevel: normal } (netsh int tcp set global autotuninglevel=normal). Source: ${SOURCES.nicTuning}#deprecated-tcp-parameters`;
  if (TCPIP_PARAMETERS.test(v.key) && name === "tcpackfrequency")
    return `TcpAckFrequency is read per interface, under Tcpip\\Parameters\\Interfaces\\{interface GUID}; at the global Tcpip\\Parameters key it does nothing. Put it under the interface's key. Source: ${SOURCES.ackFrequency}`;
  if (TCPIP_PARAMETERS.test(v.key) && name === "maxuserport")
    return `MaxUserPort does not set the ephemeral port range since Windows Server 2008: the range is set with netsh int ipv4 set dynamicport. Use tcp-dynamic-ports instead. Source: ${SOURCES.dynamicPorts}`;
  if (TCPIP_PARAMETERS.test(v.key) && name === "disabletaskoffload" && Number(v.data) !== 0 && !v.allowDisableTaskOffload)
    return `DisableTaskOffload=1 turns off network adapter offloads, which Microsoft recommends keeping on. Set allow-disable-task-offload: true in the profile if you have measured that you need it. Source: ${SOURCES.nicTuning}`;
  return void 0;
}
function tcpGlobalRefusal(name) {
  if (name.toLowerCase() === "chimney")
    return `TCP Chimney Offload is deprecated since Windows Server 2016 and Microsoft advises against it. Source: ${SOURCES.nicTuning}`;
  return void 0;
}

// src/windows/tuning/profile.ts
var PROFILE_REG_TYPES = [
  "REG_DWORD",
  "REG_QWORD",
  "REG_SZ",
  "REG_EXPAND_SZ",
  "REG_MULTI_SZ"
];
var START_TYPES3 = ["auto", "delayed-auto", "demand", "disabled"];
var TOP_KEYS = [
  "extends",
  "allow-disable-task-offload",
  "power-plan",
  "tcp-dynamic-ports",
  "tcp-global",
  "services",
  "registry"
];
var Reader = class {
  constructor(file, lc) {
    this.file = file;
    this.lc = lc;
  }
  file;
  lc;
  line(node) {
    const range = node?.range;
    return range ? this.lc.linePos(range[0]).line : void 0;
  }
  fail(node, message) {
    const line = this.line(node);
    throw new UserError(`${this.file}${line ? `:${line}` : ""}: ${message}`, this.file, line);
  }
  /** Runs a check that throws UserError and adds the file and line to its message. */
  at(node, check) {
    try {
      return check();
    } catch (e) {
      if (e instanceof UserError) this.fail(node, e.message);
      throw e;
    }
  }
  pairs(node, what, allowed) {
    if (!(0, import_yaml.isMap)(node)) this.fail(node, `${what} must be a mapping (key: value)`);
    const out = /* @__PURE__ */ new Map();
    for (const pair of node.items) {
      const key = pair.key;
      if (!(0, import_yaml.isScalar)(key) || typeof key.value !== "string")
        this.fail(key ?? node, `${what}: keys must be names`);
      const name = key.value;
      if (allowed && !allowed.includes(name))
        this.fail(key, `unknown key '${name}' in ${what}: use ${allowed.join(", ")}`);
      out.set(name, { key, value: pair.value });
    }
    return out;
  }
  items(node, what) {
    if (!(0, import_yaml.isSeq)(node)) this.fail(node, `${what} must be a list`);
    return node.items;
  }
  scalar(node, what) {
    if (!(0, import_yaml.isScalar)(node)) this.fail(node, `${what} must be a single value`);
    return node.value;
  }
  string(node, what) {
    const v = this.scalar(node, what);
    if (typeof v !== "string" || v === "") this.fail(node, `${what} must be a non-empty string`);
    return v;
  }
  scalarString(node, what) {
    const v = this.scalar(node, what);
    if (typeof v !== "string") this.fail(node, `${what} must be a string`);
    return v;
  }
  integer(node, what) {
    const v = this.scalar(node, what);
    const n = typeof v === "bigint" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isSafeInteger(n))
      this.fail(node, `${what} must be a whole number`);
    return n;
  }
  boolean(node, what) {
    const v = this.scalar(node, what);
    if (typeof v !== "boolean") this.fail(node, `${what} must be true or false`);
    return v;
  }
};
function registryData(r, node, type, what) {
  if (type === "REG_MULTI_SZ")
    return r.items(node, `${what} data`).map((n) => r.scalarString(n, `${what} data item`));
  const v = r.scalar(node, `${what} data`);
  if (type === "REG_DWORD" || type === "REG_QWORD") {
    let n;
    if (typeof v === "bigint") n = v;
    else if (typeof v === "number" && Number.isSafeInteger(v)) n = BigInt(v);
    else if (typeof v === "string" && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(v.trim()))
      n = BigInt(v.trim());
    else r.fail(node, `${what}: ${type} data must be a whole number (decimal or 0x hex)`);
    return type === "REG_DWORD" && n <= 0xffffffffn && n >= 0n ? Number(n) : n;
  }
  if (typeof v !== "string")
    r.fail(node, `${what}: ${type} data must be a string (quote numbers: "30")`);
  return v;
}
function parseProfile(text, file) {
  const lc = new import_yaml.LineCounter();
  const doc = (0, import_yaml.parseDocument)(text, { lineCounter: lc, intAsBigInt: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e?.linePos?.[0].line;
    const msg = (e?.message ?? "invalid YAML").split("\n")[0];
    throw new UserError(`${file}${line ? `:${line}` : ""}: ${msg}`, file, line);
  }
  const r = new Reader(file, lc);
  if (doc.contents === null || (0, import_yaml.isScalar)(doc.contents) && doc.contents.value === null)
    throw new UserError(
      `${file}: the tuning profile is empty: write settings, or use 'none' for no tuning`,
      file
    );
  const top = r.pairs(doc.contents, "the profile", TOP_KEYS);
  const settings = /* @__PURE__ */ new Map();
  const refused = [];
  const add = (node, s) => {
    const id = settingId(s.ref);
    if (settings.has(id) && settings.get(id)?.line !== void 0)
      r.fail(node, `${settingLabel(s.ref)} is set twice (also on line ${settings.get(id)?.line})`);
    settings.set(id, { ...s, line: r.line(node) });
  };
  const refuse = (node, area, setting, desired, reason) => refused.push({ area, setting, desired, reason, line: r.line(node) });
  const ext = top.get("extends");
  if (ext) {
    const base = r.string(ext.value, "extends");
    if (base === "default")
      for (const s of defaultProfile().settings) settings.set(settingId(s.ref), s);
    else if (base !== "none")
      r.fail(ext.value, `extends must be 'default' or 'none', not '${base}'`);
  }
  const allowOffload = top.get("allow-disable-task-offload");
  const allowDisableTaskOffload = allowOffload ? r.boolean(allowOffload.value, "allow-disable-task-offload") : false;
  const plan2 = top.get("power-plan");
  if (plan2) {
    const scheme = r.at(plan2.value, () => resolvePowerScheme(r.string(plan2.value, "power-plan")));
    add(plan2.value, {
      ref: { kind: "power-plan" },
      desired: { kind: "power-plan", scheme },
      reboot: false
    });
  }
  const ports = top.get("tcp-dynamic-ports");
  if (ports)
    for (const [family, { value }] of r.pairs(ports.value, "tcp-dynamic-ports", IP_FAMILIES)) {
      const fields = r.pairs(value, `tcp-dynamic-ports.${family}`, ["start", "num"]);
      const start2 = fields.get("start");
      const num2 = fields.get("num");
      if (!start2 || !num2) r.fail(value, `tcp-dynamic-ports.${family} needs start and num`);
      const range = r.at(
        value,
        () => validatePortRange({
          start: r.integer(start2.value, "start"),
          num: r.integer(num2.value, "num")
        })
      );
      add(value, {
        ref: { kind: "dynamic-port", family },
        desired: { kind: "dynamic-port", range },
        reboot: false
      });
    }
  const global = top.get("tcp-global");
  if (global)
    for (const [name, { key, value }] of r.pairs(global.value, "tcp-global")) {
      const v = r.scalar(value, `tcp-global.${name}`);
      const refusal = tcpGlobalRefusal(name);
      if (refusal) {
        refuse(key, "netsh", `TCP global ${name}`, String(v), refusal);
        continue;
      }
      if (!(name in TCP_GLOBAL_PARAMS))
        r.fail(
          key,
          `unknown TCP global setting '${name}': use ${Object.keys(TCP_GLOBAL_PARAMS).join(", ")}`
        );
      const checked = r.at(
        value,
        () => checkTcpGlobalValue(name, typeof v === "bigint" ? Number(v) : v)
      );
      add(key, {
        ref: { kind: "tcp-global", name },
        desired: { kind: "tcp-global", value: checked },
        reboot: false
      });
    }
  const services = top.get("services");
  if (services)
    for (const item of r.items(services.value, "services")) {
      const f = r.pairs(item, "a services entry", ["name", "start"]);
      const nameNode = f.get("name");
      const startNode = f.get("start");
      if (!nameNode || !startNode) r.fail(item, "a services entry needs name and start");
      const service = r.at(
        nameNode.value,
        () => validateServiceName(r.string(nameNode.value, "service name"))
      );
      const start2 = r.string(startNode.value, "start");
      if (!START_TYPES3.includes(start2))
        r.fail(startNode.value, `start must be one of ${START_TYPES3.join(", ")}, not '${start2}'`);
      add(item, {
        ref: { kind: "service-start", service },
        desired: { kind: "service-start", start: start2 },
        reboot: false
      });
    }
  const registry = top.get("registry");
  if (registry)
    for (const item of r.items(registry.value, "registry")) {
      const f = r.pairs(item, "a registry entry", ["key", "name", "type", "data", "reboot", "why"]);
      for (const k of ["key", "name", "type", "data"])
        if (!f.has(k))
          r.fail(item, `a registry entry needs key, name, type and data (missing ${k})`);
      const keyNode = f.get("key")?.value;
      const key = r.at(keyNode, () => validateRegKey(r.string(keyNode, "key")));
      if (!key.toUpperCase().startsWith("HKLM\\"))
        r.fail(keyNode, `key '${key}': tuning is machine-wide, use a key under HKLM`);
      const nameNode = f.get("name")?.value;
      const name = r.at(nameNode, () => validateRegValueName(r.string(nameNode, "name")));
      const typeNode = f.get("type")?.value;
      const type = r.string(typeNode, "type").toUpperCase();
      if (!PROFILE_REG_TYPES.includes(type))
        r.fail(typeNode, `type must be one of ${PROFILE_REG_TYPES.join(", ")}, not '${type}'`);
      const dataNode = f.get("data")?.value;
      const data = r.at(
        dataNode,
        () => checkRegData(type, registryData(r, dataNode, type, name), `${key}\\${name}`)
      );
      const rebootNode = f.get("reboot");
      const whyNode = f.get("why");
      const ref = { kind: "registry", key, name };
      const desired = { kind: "registry", value: { type, data } };
      const refusal = registryRefusal({ key, name, data, allowDisableTaskOffload });
      if (refusal) {
        refuse(item, settingArea(ref), settingLabel(ref), formatValue(desired), refusal);
        continue;
      }
      add(item, {
        ref,
        desired,
        reboot: rebootNode ? r.boolean(rebootNode.value, "reboot") : /^HKLM\\SYSTEM\\/i.test(key),
        ...whyNode ? { why: r.string(whyNode.value, "why") } : {}
      });
    }
  return { name: file, settings: [...settings.values()], refused };
}

// src/deploy/profile.ts
async function loadProfile(spec, workspace) {
  const s = spec.trim();
  if (s === "none") return null;
  if (s === "default") return defaultProfile();
  if (s === "")
    throw new UserError(
      "Tuning profile is empty: use 'default', 'none' or the path of a YAML/JSON profile file"
    );
  const file = resolve3(workspace, s);
  const rel = relative(resolve3(workspace), file);
  if (rel === "" || rel.startsWith("..") || isAbsolute3(rel))
    throw new UserError(
      `Tuning profile '${s}' is outside the repository: give a path inside the workspace`
    );
  let text;
  try {
    text = await readFile2(file, "utf8");
  } catch (e) {
    const code = e.code;
    if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR")
      throw new UserError(
        `Tuning profile '${s}' not found in the repository: use 'default', 'none' or the path of a YAML/JSON file`
      );
    throw e;
  }
  return parseProfile(text, rel.split("\\").join("/"));
}

// src/hosts/local.ts
import { randomBytes as randomBytes5 } from "node:crypto";
import { mkdir as mkdir2, rm, writeFile as writeFile2 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { win32 as win322 } from "node:path";
var LocalWindowsExecutor = class {
  label = "local";
  capabilities = { hashFile: true, acls: true };
  upload;
  readFile;
  sha256File;
  writeFile;
  openTcp;
  /** `mapPath`: this machine's paths as they are (tests on Linux map them into a folder). */
  constructor(mapPath = (p) => validateWindowsPath(p)) {
    const files = localFileOps((p) => mapPath(validateWindowsPath(p)));
    this.upload = files.upload;
    this.readFile = files.readFile;
    this.sha256File = files.sha256File;
    this.writeFile = files.writeFile;
    this.openTcp = files.openTcp;
  }
  async run(argv, opts = {}) {
    const script = commandFile(argv);
    const dir = win322.join(tmpdir(), "winship-cmd");
    const file = win322.join(dir, `${randomBytes5(8).toString("hex")}.cmd`);
    await mkdir2(dir, { recursive: true });
    await writeFile2(file, script, "utf8");
    try {
      const result = await this.spawnCmd(file, opts.timeoutMs);
      refusedAsNotUtf8(this.label, result);
      return result;
    } finally {
      await rm(file, { force: true });
    }
  }
  async spawnCmd(file, timeoutMs) {
    const r = await runProcess("cmd.exe", ["/d", "/c", file], {
      ...timeoutMs !== void 0 ? { timeoutMs } : {},
      // Console output is in the OEM code page; parsers read ASCII fields only.
      encoding: "latin1",
      missing: "Cannot run cmd.exe: it is not on PATH (mode: local needs a Windows runner)"
    });
    return {
      exitCode: r.timedOut || r.signal ? -1 : r.code,
      stdout: r.stdout,
      stderr: r.timedOut ? `${r.stderr}
timed out after ${timeoutMs} ms` : r.stderr
    };
  }
  async close() {
  }
};
async function localExecutor(env = process.env, platform = process.platform) {
  if (platform === "win32") return new LocalWindowsExecutor();
  const { winePrefix } = labSettings(env);
  if (winePrefix) {
    const { WineExecutor } = await import("./chunks/wine-QRJAXVNR.js");
    return new WineExecutor({ prefix: winePrefix, keepServer: true });
  }
  throw new UserError(
    `mode: local deploys to the machine the job runs on, which must be Windows (this is ${platform}): use a self-hosted Windows runner, or mode: ssh`
  );
}

// src/deploy/bake.ts
var MIN_BAKE_INTERVAL_MS = 100;
function abortableSleep(sleep2, ms, signal) {
  if (!signal) return sleep2(ms);
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve4) => {
    const done = () => {
      signal.removeEventListener("abort", done);
      resolve4();
    };
    signal.addEventListener("abort", done, { once: true });
    void sleep2(ms).then(done);
  });
}
async function bake(opts) {
  const now = opts.now ?? Date.now;
  const sleep2 = opts.sleep ?? sleep;
  const started = now();
  const interval = Math.max(opts.intervalMs, MIN_BAKE_INTERVAL_MS);
  let rounds = 0;
  const round = async () => {
    rounds++;
    const results = await Promise.all(
      opts.hosts.map(async (host) => {
        try {
          return { host, ...await opts.probe(host) };
        } catch (e) {
          return { host, ok: false, detail: e instanceof Error ? e.message : String(e) };
        }
      })
    );
    return results.filter((r) => !r.ok).map(({ host, detail }) => ({ host, detail }));
  };
  const end = (verdict, failed2) => ({
    verdict,
    failed: failed2,
    rounds,
    seconds: (now() - started) / 1e3
  });
  for (; ; ) {
    const cancelled = opts.signal?.aborted === true;
    const failed2 = await round();
    if (failed2.length) return end("failed", failed2);
    if (cancelled) return end("cancelled", []);
    const left = opts.durationMs - (now() - started);
    if (left <= 0) return end("passed", []);
    await abortableSleep(sleep2, Math.min(interval, left), opts.signal);
  }
}

// src/deploy/run.ts
function hostRequest(config, release, profile, serviceName) {
  const { expectVersion, ...health2 } = config.health;
  return {
    service: { ...config.service, name: serviceName },
    release: {
      version: release.version,
      localFile: release.localFile,
      sha256: release.sha256,
      binaryName: release.binaryName
    },
    root: config.root,
    profile,
    tuningUnreadable: config.tuningUnreadable,
    health: { ...health2, ...expectVersion ? { expectVersion: release.version } : {} },
    keepReleases: config.keepReleases,
    lock: config.lock,
    dryRun: config.dryRun
  };
}
function hostIO(io, label, stream, held) {
  const line = (text) => stream ? io.info(text) : void held.push(text);
  return {
    ...io,
    info: line,
    debug: (m) => io.debug(`${label}: ${m}`),
    warning: (m, props) => stream ? io.warning(`${label}: ${m}`, props) : line(`WARNING: ${m}`),
    error: (m, props) => stream ? io.error(`${label}: ${m}`, props) : line(`ERROR: ${m}`),
    logGroup: (title, text) => {
      line(title);
      quotedLines(text, line);
    },
    group: (title, body) => {
      line(title);
      return body();
    }
  };
}
async function rollOut(config, req, deps, localLabel) {
  const hosts = config.mode === "ssh" ? config.hosts.map((target) => ({ kind: "ssh", target, label: targetLabel(target) })) : [{ kind: "local", label: localLabel }];
  const stream = config.maxParallel === 1 || hosts.length === 1;
  const out = deps.io;
  const waves = planWaves(hosts, config.waves);
  const staged = waves.length > 1 || config.bakeFinal;
  const kept = /* @__PURE__ */ new Map();
  const newExecutor = async (host, log) => host.kind === "ssh" ? new SshExecutor(host.target, {
    privateKey: config.privateKey,
    ...config.passphrase ? { passphrase: config.passphrase } : {},
    hostKeys: config.hostKeys,
    ...config.jumpHost ? { jump: config.jumpHost } : {},
    ...config.sshHost,
    scratchDir: winJoin(config.root, "_cmd"),
    timeoutMs: config.timeoutSeconds * 1e3,
    log
  }) : await (deps.local ?? localExecutor)();
  const executorFor = async (host) => {
    const have = kept.get(host);
    if (have) return have;
    const exec = await newExecutor(host, hostIO(out, host.label, false, []));
    if (exec instanceof SshExecutor)
      await exec.connect().catch(async (e) => {
        await exec.close().catch(() => void 0);
        throw e;
      });
    kept.set(host, exec);
    return exec;
  };
  const deployOne = async (host, batch) => {
    const held = [];
    const log = hostIO(out, host.label, stream, held);
    if (stream)
      return out.group(
        `${host.label}: ${config.dryRun ? "plan" : "deploy"} ${req.release.version}`,
        () => deployHost(host, batch, log)
      );
    out.info(`${host.label}: started (batch ${batch})`);
    const report = await deployHost(host, batch, log);
    out.logGroup(`${host.label}: ${report.outcome}`, held.join("\n"));
    return report;
  };
  const deployHost = async (host, batch, log) => {
    const line = (text) => log.info(text);
    const started = Date.now();
    let exec;
    let report;
    let stage2 = "deploy";
    try {
      exec = await newExecutor(host, log);
      if (exec instanceof SshExecutor) {
        stage2 = "connect";
        await exec.connect();
        stage2 = "deploy";
        log.info(`connected to ${host.label}; host key ${exec.presentedFingerprint ?? "?"}`);
      }
      const r = await deployToHost(exec, req, log, deps.signal ? { signal: deps.signal } : {});
      report = {
        host: host.label,
        outcome: r.outcome,
        ...r.versionBefore !== void 0 ? { versionBefore: r.versionBefore } : {},
        ...r.versionAfter !== void 0 ? { versionAfter: r.versionAfter } : {},
        tuning: r.tuning,
        ...r.healthSeconds !== void 0 ? { healthSeconds: r.healthSeconds } : {},
        durationSeconds: r.durationSeconds,
        ...r.error ? { error: r.error } : {},
        plan: r.plan,
        ...r.notes ? { notes: r.notes } : {},
        batch,
        steps: r.steps
      };
      if (r.logTail?.length) line(`last lines of the service log:
${r.logTail.join("\n")}`);
    } catch (err) {
      const message = err instanceof UserError ? err.message : `unexpected error (a bug in winship, please report it): ${errorMessage(err)}`;
      report = {
        host: host.label,
        outcome: "failed",
        durationSeconds: (Date.now() - started) / 1e3,
        error: message,
        batch,
        steps: [{ name: stage2, status: "failed", note: withoutHost(err) }]
      };
    } finally {
      if (exec instanceof SshExecutor)
        line(`${host.label}: ${formatRoundTrips(exec.roundTrips())}`);
      if (exec && staged && !config.dryRun && isSuccess(report.outcome)) kept.set(host, exec);
      else await exec?.close().catch(() => void 0);
    }
    line(`${host.label}: ${report.outcome}${report.error ? `: ${report.error}` : ""}`);
    return report;
  };
  const bakeWave = async (wave, running) => {
    out.info(
      `Bake after wave ${wave}: ${running.length} host(s) must stay healthy for ${config.bakeSeconds} s (checked every ${config.health.intervalSeconds} s)`
    );
    const verdict = await bake({
      hosts: running,
      durationMs: config.bakeSeconds * 1e3,
      intervalMs: config.health.intervalSeconds * 1e3,
      probe: async (h) => probeHealth(await executorFor(h), req),
      ...deps.signal ? { signal: deps.signal } : {}
    });
    for (const f of verdict.failed)
      out.warning(
        `${f.host.label}: failed the health check during the bake after wave ${wave}: ${f.detail}`
      );
    out.info(
      `Bake after wave ${wave}: ${verdict.verdict} after ${verdict.seconds.toFixed(1)} s (${verdict.rounds} round(s) of checks)`
    );
    return verdict;
  };
  const revert = async (host, why) => {
    const started = Date.now();
    const held = [];
    const log = hostIO(out, host.label, false, held);
    try {
      const exec = await executorFor(host);
      const r = await revertHost(exec, req, log);
      return {
        ok: r.ok,
        ...r.versionAfter !== void 0 ? { versionAfter: r.versionAfter } : {},
        detail: r.detail,
        durationSeconds: (Date.now() - started) / 1e3
      };
    } catch (err) {
      return {
        ok: false,
        detail: `the rollback failed: ${errorMessage(err)}`,
        durationSeconds: (Date.now() - started) / 1e3
      };
    } finally {
      out.logGroup(`${host.label}: roll back (${why})`, held.join("\n"));
    }
  };
  try {
    return await runRollout({
      hosts,
      label: (h) => h.label,
      maxParallel: config.maxParallel,
      maxFailures: config.maxFailures,
      dryRun: config.dryRun,
      deploy: deployOne,
      cancelled: deps.cancelled,
      waves,
      ...config.bakeFinal ? { bakeLast: true } : {},
      bake: bakeWave,
      onHalt: config.onHalt,
      revert,
      onWaveStart: (n, wave) => {
        if (waves.length > 1) out.info(`Wave ${n} of ${waves.length}: ${wave.length} host(s)`);
      },
      onBatchStart: (n, batch) => {
        if (hosts.length > 1) out.info(`Batch ${n}: ${batch.map((h) => h.label).join(", ")}`);
      }
    });
  } finally {
    for (const exec of kept.values()) await exec.close().catch(() => void 0);
  }
}

// src/signing/inspect.ts
import { existsSync as existsSync2, readFileSync as readFileSync2 } from "node:fs";
import { mkdtemp, rm as rm2, writeFile as writeFile3 } from "node:fs/promises";
import { join as join2 } from "node:path";

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
function holdsRoot(certs) {
  return certs.some((c) => c.selfSigned);
}

// src/signing/osslsigncode.ts
var OSSLSIGNCODE = "osslsigncode";
var OPENSSL = "openssl";
var INSTALL_HINT = "install it first: on Ubuntu/Debian runners 'sudo apt-get install -y osslsigncode' (a step before this one), on macOS 'brew install osslsigncode'";
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
function extractSignatureArgs(file, out) {
  return ["extract-signature", "-pem", "-in", file, "-out", out];
}
function signatureCertificatesArgs(sigPem) {
  return ["pkcs7", "-in", sigPem, "-print_certs"];
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

// src/signing/sign.ts
function osslsigncode(args) {
  return runProcess(OSSLSIGNCODE, args, {
    missing: `'osslsigncode' is not on PATH: Windows binaries are signed with it; ${INSTALL_HINT}`
  });
}

// src/signing/inspect.ts
var stripZeros = (hex2) => hex2.replace(/^0+/, "").toUpperCase();
async function inspectSignature(file, workDir) {
  const dir = await mkdtemp(join2(workDir, "signature-"));
  const tool = "osslsigncode";
  try {
    const sig = join2(dir, "signature.pem");
    const x = await osslsigncode(extractSignatureArgs(file, sig));
    if (x.code !== 0 || !existsSync2(sig)) {
      const text = x.stdout + x.stderr;
      if (/No signature found|Unable to extract existing signature/i.test(text))
        return { signed: false, verified: false, problems: [], tool };
      throw new UserError(
        `cannot read the signature of ${file} (osslsigncode extract-signature): ${tail(text, 3).replace(/\n+/g, " | ")}`
      );
    }
    const p = await runProcess(OPENSSL, signatureCertificatesArgs(sig), {
      missing: "'openssl' is not on PATH: the signature's certificates are read with it (sudo apt-get install -y openssl)"
    });
    const certs = p.code === 0 ? splitPemCertificates(p.stdout).map(describeCertificate) : [];
    const trust = join2(dir, "trust.pem");
    await writeFile3(
      trust,
      certs.map((c) => c.pem).join("") + (!holdsRoot(certs) && existsSync2(SYSTEM_CA_BUNDLE) ? readFileSync2(SYSTEM_CA_BUNDLE, "utf8") : "")
    );
    const first = await osslsigncode(verifyArgs({ file, caFile: trust }));
    const report = parseVerifyOutput(first.stdout + first.stderr, first.code);
    const codeSigners = certs.filter((c) => !c.isCa && c.eku?.includes(CODE_SIGNING_EKU));
    const leaf = report.signer ? certs.find((c) => stripZeros(c.serial) === stripZeros(report.signer.serial)) : codeSigners.length === 1 ? codeSigners[0] : void 0;
    const signer = leaf ? { subject: leaf.subject, sha1: leaf.sha1, sha256: leaf.sha256 } : report.signer ? { subject: report.signer.subject } : void 0;
    if (!leaf || !report.ok)
      return {
        signed: true,
        verified: false,
        ...signer ? { signer } : {},
        problems: report.problems,
        tool
      };
    const second = await osslsigncode(verifyArgs({ file, caFile: trust, leafSha256: leaf.sha256 }));
    const pinned = parseVerifyOutput(second.stdout + second.stderr, second.code);
    return { signed: true, verified: pinned.ok, signer, problems: pinned.problems, tool };
  } finally {
    await rm2(dir, { recursive: true, force: true });
  }
}

// src/signing/require.ts
var describePin = (p) => `${p.algorithm === "sha256" ? "SHA-256" : "SHA-1"} ${p.hex}`;
function describeSigner(s) {
  if (!s) return "an unknown signer";
  const prints = [s.sha256 && `SHA-256 ${s.sha256}`, s.sha1 && `SHA-1 ${s.sha1}`].filter(Boolean);
  return `'${s.subject ?? "?"}'${prints.length ? ` (${prints.join(", ")})` : ""}`;
}
function judgeSignature(file, found, pins) {
  const allowed = pins.map(describePin).join(", ");
  if (!found.signed)
    return {
      ok: false,
      message: `${file} is not signed (${found.tool}); require-signature allows only binaries signed by ${allowed}: sign the build (windows-signing-certificate, docs/signing.md). No host was touched.`
    };
  if (!found.signer?.sha1 && !found.signer?.sha256)
    return {
      ok: false,
      message: `${file} has a signature whose signer cannot be read (${found.tool}${found.problems.length ? `: ${found.problems.join("; ")}` : ""}); require-signature allows only ${allowed}. No host was touched.`
    };
  const pin = matchingPin(found.signer, pins);
  if (!pin)
    return {
      ok: false,
      message: `${file} is signed by ${describeSigner(found.signer)}, which require-signature does not allow (allowed: ${allowed}). No host was touched.`
    };
  if (!found.verified)
    return {
      ok: false,
      message: `${file} carries a signature by ${describeSigner(found.signer)} that does not verify (${found.tool}: ${found.problems.join("; ") || "no reason given"}): the file was changed after signing, or the signature is damaged. No host was touched.`
    };
  return {
    ok: true,
    pin,
    message: `Signature: ${file} is signed by ${describeSigner(found.signer)}, allowed by require-signature (${describePin(pin)}), verified by ${found.tool}`
  };
}

// src/windows/authenticode.ts
var AUTHENTICODE_FILE_ENV = "WINSHIP_AUTHENTICODE_FILE";
var SHA256_LINE = "SignerCertificateSha256";
var SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  `$s = Get-AuthenticodeSignature -LiteralPath $env:${AUTHENTICODE_FILE_ENV}`,
  // Wide enough that no subject or message is wrapped by the host's console width.
  "$s | Format-List | Out-String -Width 4096",
  "if ($s.SignerCertificate) {",
  "  $h = [Security.Cryptography.SHA256]::Create().ComputeHash($s.SignerCertificate.RawData)",
  `  '${SHA256_LINE} : ' + [BitConverter]::ToString($h).Replace('-', '')`,
  "}"
].join("; ");
function authenticodeCommand(file) {
  return {
    program: "powershell.exe",
    args: [
      "-NoLogo",
      "-NoProfile",
      "-NonInteractive",
      "-ExecutionPolicy",
      "Bypass",
      "-Command",
      SCRIPT
    ],
    env: { [AUTHENTICODE_FILE_ENV]: file }
  };
}
function parseAuthenticodeList(text) {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const fields = /* @__PURE__ */ new Map();
  let current;
  for (const line of lines) {
    const m = /^([A-Za-z][A-Za-z0-9]*)\s*:\s?(.*)$/.exec(line);
    if (m) {
      current = [m[2]];
      if (!fields.has(m[1])) fields.set(m[1], current);
    } else if (current) current.push(line);
  }
  const joined = (name) => {
    const v = fields.get(name);
    if (!v) return void 0;
    const text2 = v.map((l) => l.trim()).filter((l) => l !== "").join(" ");
    return text2 === "" ? void 0 : text2;
  };
  const report = {};
  const status = joined("Status");
  if (status) report.status = status;
  const message = joined("StatusMessage");
  if (message) report.statusMessage = message;
  const cert = fields.get("SignerCertificate");
  const sha256 = joined(SHA256_LINE);
  if (cert && cert.some((l) => l.trim() !== "")) {
    const parts = /* @__PURE__ */ new Map();
    let label;
    for (const raw of cert) {
      const l = raw.trim();
      const h = /^\[([^\]]+)\]$/.exec(l);
      if (h) {
        label = h[1];
        parts.set(label, "");
      } else if (label && l !== "") parts.set(label, `${parts.get(label)} ${l}`.trim());
    }
    const thumbprint = parts.get("Thumbprint")?.replace(/\s/g, "").toUpperCase();
    report.signer = {
      ...parts.get("Subject") ? { subject: parts.get("Subject") } : {},
      ...thumbprint && /^[0-9A-F]{40}$/.test(thumbprint) ? { sha1: thumbprint } : {},
      ...sha256 && /^[0-9A-Fa-f]{64}$/.test(sha256) ? { sha256: sha256.toUpperCase() } : {}
    };
  }
  return report;
}

// src/deploy/signature.ts
async function requireSignature(file, label, pins, deps) {
  const found = (deps.platform ?? process.platform) === "win32" ? await inspectOnWindows(file) : await inspectSignature(file, deps.workDir);
  const verdict = judgeSignature(label, found, pins);
  if (!verdict.ok) throw new UserError(verdict.message);
  deps.io.info(verdict.message);
}
async function inspectOnWindows(file) {
  const cmd = authenticodeCommand(file);
  const r = await runProcess(cmd.program, cmd.args, {
    env: { ...process.env, ...cmd.env },
    missing: "'powershell.exe' is not on PATH: require-signature uses Get-AuthenticodeSignature on Windows runners"
  });
  const report = parseAuthenticodeList(r.stdout);
  if (r.code !== 0 || !report.status)
    throw new UserError(
      `Get-AuthenticodeSignature could not read ${file}: ${tail(r.stderr || r.stdout, 4).replace(/\n+/g, " | ")}`
    );
  return fromAuthenticode(report);
}
function fromAuthenticode(report) {
  const tool = "Get-AuthenticodeSignature";
  if (report.status === "NotSigned") return { signed: false, verified: false, problems: [], tool };
  return {
    signed: true,
    verified: report.status === "Valid",
    ...report.signer ? { signer: report.signer } : {},
    problems: report.status === "Valid" ? [] : [`${report.status}: ${report.statusMessage ?? ""}`.trim()],
    tool
  };
}

// src/deploy/rings.ts
var NAME = /^[a-z][a-z0-9_-]{0,39}$/;
function parseRings(text, input = "rings") {
  const rings = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (line === "") continue;
    const where = `line ${i + 1}`;
    const [name = "", share = "", ...rest] = line.split(/\s+/);
    if (!NAME.test(name))
      throw new InputError(
        input,
        `${where}: '${name}' is not a ring name: use lower-case letters, digits, '-' and '_' (it becomes a job's name in the plan), e.g. canary 1 bake=10m`
      );
    if (rings.some((r) => r.name === name))
      throw new InputError(input, `${where}: the ring '${name}' is defined twice`);
    if (share === "")
      throw new InputError(
        input,
        `${where}: '${name}' has no share: write the hosts done after it, e.g. '${name} 10%' or '${name} 1'`
      );
    const [spec] = parseWaves(share, input);
    if (!spec || share.includes(","))
      throw new InputError(input, `${where}: '${share}' is not one host count or percentage`);
    const ring = { name, share: spec, waves: "", bake: "" };
    for (const opt of rest) {
      const m = /^(waves|bake)=(.+)$/.exec(opt);
      if (!m)
        throw new InputError(
          input,
          `${where}: '${opt}' is not an option of a ring: write waves=10%,50%,100% or bake=10m`
        );
      if (m[1] === "waves") {
        parseWaves(m[2], input);
        ring.waves = m[2].split(",").join(", ");
      } else {
        if (parseDuration(m[2]) === void 0)
          throw new InputError(
            input,
            `${where}: bake=${m[2]} is not a duration like 30s, 10m or 1h`
          );
        ring.bake = m[2];
      }
    }
    rings.push(ring);
  }
  return rings;
}
function planRings(hosts, specs, fallback, input = "rings") {
  const defined = specs.length ? specs : planWaves(hosts, fallback.waves).map((_, i) => ({
    name: `wave-${i + 1}`,
    share: { kind: "count", hosts: 0 },
    waves: "",
    bake: fallback.bake
  }));
  const groups = specs.length ? planWaves(
    hosts,
    specs.map((s) => s.share),
    input
  ) : planWaves(hosts, fallback.waves);
  if (specs.length && groups.length < specs.length) {
    const sizes = specs.map(
      (s) => s.share.kind === "count" ? s.share.hosts : `${s.share.percent}%`
    );
    throw new InputError(
      input,
      `the ${specs.length} rings (${sizes.join(", ")}) leave a ring without hosts on a fleet of ${hosts.length}: each ring must reach further than the one before`
    );
  }
  if (specs.length && groups.length > specs.length)
    throw new InputError(
      input,
      `the last ring '${specs.at(-1).name}' ends before the fleet does (${groups.slice(0, specs.length).flat().length} of ${hosts.length} hosts): give it 100%`
    );
  return groups.map((group, i) => {
    const spec = defined[i];
    return {
      name: spec.name,
      index: i + 1,
      hosts: group.join("\n"),
      count: group.length,
      waves: spec.waves,
      "bake-time": spec.bake,
      "bake-final": spec.bake !== "" && i < groups.length - 1
    };
  });
}
function hostList(text, what) {
  if (text === void 0 || text === "") return [];
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    throw new InputError("results", `${what} is not a JSON list of hosts: '${text.slice(0, 80)}'`);
  }
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string"))
    throw new InputError("results", `${what} is not a JSON list of hosts`);
  return v;
}
function mergeRings(results) {
  let needs;
  try {
    needs = JSON.parse(results);
  } catch {
    throw new InputError(
      "results",
      "is not JSON: pass the jobs of the rollout as `results: ${{ toJSON(needs) }}`"
    );
  }
  if (!needs || typeof needs !== "object" || Array.isArray(needs))
    throw new InputError("results", "is not an object of jobs: pass `${{ toJSON(needs) }}`");
  const planJob = Object.entries(needs).find(([, j]) => j?.outputs?.rings);
  if (!planJob)
    throw new InputError(
      "results",
      "holds no plan (no job with a 'rings' output): list the plan job in the merge job's needs"
    );
  let plan2;
  try {
    plan2 = JSON.parse(planJob[1].outputs.rings);
  } catch {
    throw new InputError("results", `the ${planJob[0]} job's rings output is not JSON`);
  }
  const rings = Object.values(plan2).sort((a, b) => a.index - b.index).map((ring) => {
    const hosts = ring.hosts.split("\n").filter(Boolean);
    const job = needs[ring.name];
    const out = job?.outputs ?? {};
    const ran = out.deployed !== void 0 || out.failed !== void 0;
    if (!ran)
      return {
        name: ring.name,
        job: job?.result ?? "missing",
        hosts,
        deployed: [],
        failed: [],
        skipped: hosts,
        reverted: []
      };
    const deployed = hostList(out.deployed, `${ring.name}'s deployed`);
    const failed2 = hostList(out.failed, `${ring.name}'s failed`);
    const reverted = hostList(out.reverted, `${ring.name}'s reverted`);
    const seen = /* @__PURE__ */ new Set([...deployed, ...failed2, ...reverted]);
    const skipped = hosts.filter((h) => !seen.has(h));
    const halted = /^\d+$/.test(out["halted-at-wave"] ?? "") ? Number(out["halted-at-wave"]) : void 0;
    return {
      name: ring.name,
      job: job?.result ?? "missing",
      hosts,
      deployed,
      failed: failed2,
      skipped,
      reverted,
      ...halted !== void 0 ? { haltedAtWave: halted } : {}
    };
  });
  const all = (k) => rings.flatMap((r) => r[k]);
  const total = rings.reduce((n, r) => n + r.hosts.length, 0);
  return {
    rings,
    deployed: all("deployed"),
    failed: all("failed"),
    skipped: all("skipped"),
    reverted: all("reverted"),
    complete: all("deployed").length === total
  };
}

// src/deploy/fanout.ts
async function runPlan(inputs, io, env) {
  const hosts = readHostList(inputs, env).map(targetLabel);
  if (hosts.length === 0)
    throw new InputError(
      "hosts",
      "is required with mode: plan (or a hosts-file): the fleet to split into rings"
    );
  const specs = parseRings(inputs.string("rings"));
  const waves = parseWaves(inputs.string("waves"));
  if (specs.length && waves.length)
    throw new InputError(
      "waves",
      "is given with rings: give each ring its waves in rings (waves=10%,50%,100%), or leave rings empty to make a ring of each wave"
    );
  const rings = planRings(hosts, specs, { waves, bake: inputs.string("bake-time").trim() });
  io.output(DEPLOY_OUTPUTS.matrix, JSON.stringify({ include: rings }));
  io.output(
    DEPLOY_OUTPUTS.rings,
    JSON.stringify(Object.fromEntries(rings.map((r) => [r.name, r])))
  );
  for (const r of rings)
    io.info(
      `Ring ${r.index} ${r.name}: ${r.count} host(s)${r.waves ? `, waves ${r.waves}` : ""}${r["bake-time"] ? `, bake ${r["bake-time"]}` : ""}`
    );
  await io.summary(ringsMarkdown(rings, hosts.length));
}
async function runMerge(inputs, io) {
  const merged = mergeRings(inputs.required("results"));
  io.output(DEPLOY_OUTPUTS.deployed, JSON.stringify(merged.deployed));
  io.output(DEPLOY_OUTPUTS.failed, JSON.stringify(merged.failed));
  io.output(DEPLOY_OUTPUTS.skipped, JSON.stringify(merged.skipped));
  io.output(DEPLOY_OUTPUTS.reverted, JSON.stringify(merged.reverted));
  await io.summary(mergeMarkdown(merged));
  if (!merged.complete)
    io.warning(
      `The rollout by rings is not complete: ${merged.deployed.length} of ${merged.rings.reduce((n, r) => n + r.hosts.length, 0)} host(s) run the release, ${merged.failed.length} failed, ${merged.skipped.length} not started (see the job summary)`
    );
}

// src/deploy/action.ts
async function runDeployAction(deps = {}) {
  const env = deps.env ?? process.env;
  const io = deps.io ?? coreIO;
  const inputs = deps.inputs ?? new Inputs(void 0, (s) => io.mask(s));
  const mode = inputs.string("mode");
  if (mode === "plan") return runPlan(inputs, io, env);
  if (mode === "merge") return runMerge(inputs, io);
  const config = readConfig(inputs, env);
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  if (config.insecureHostKeys)
    io.warning(INSECURE_WARNING, { title: "deploy-windows: host keys not verified" });
  if (config.mode === "ssh" && config.hostKeys !== "insecure-skip" && config.hostKeys.pins.length === 0)
    io.warning(
      "No host keys are pinned (host-fingerprints / known-hosts): every host will be refused and its fingerprint reported. Check those fingerprints out of band before pinning them.",
      { title: "deploy-windows: no host keys" }
    );
  const workDir = join3(
    env.RUNNER_TEMP || tmpdir2(),
    `winship-deploy-${randomBytes6(6).toString("hex")}`
  );
  mkdirSync(workDir, { recursive: true, mode: 448 });
  io.saveState(DEPLOY_STATE.workDir, workDir);
  let store;
  const release = await resolveRelease({
    artifact: config.artifact,
    binary: config.binary,
    ...config.version ? { version: config.version } : {},
    workspace,
    workDir,
    store: () => store ??= (deps.store ?? githubArtifactStore)(),
    ...config.artifactRunId !== void 0 ? {
      from: {
        token: config.githubToken,
        runId: config.artifactRunId,
        owner: (env.GITHUB_REPOSITORY ?? "/").split("/")[0],
        repo: (env.GITHUB_REPOSITORY ?? "/").split("/")[1]
      }
    } : {},
    log: (m) => io.info(m)
  });
  io.info(
    `Release ${release.version}: ${release.localFile} (sha256 ${release.sha256}, from ${release.source})`
  );
  if (config.requireSignature.length > 0)
    await requireSignature(
      release.localFile,
      `${release.binaryName}.exe ${release.version}`,
      config.requireSignature,
      {
        io,
        workDir
      }
    );
  const profile = await loadProfile(config.profile, workspace);
  const serviceName = config.service.name || release.binaryName;
  const req = hostRequest(config, release, profile, serviceName);
  validateServiceSpec(req.service);
  validateHealthSpec(req.health);
  let cancelled = false;
  const abort = new AbortController();
  const onSignal = (signal) => {
    if (cancelled) return;
    cancelled = true;
    abort.abort();
    io.warning(
      `${signal}: cancelling the rollout; hosts in flight stop and undo what they changed, hosts not yet started are skipped`
    );
  };
  const sigint = () => onSignal("SIGINT");
  const sigterm = () => onSignal("SIGTERM");
  process.on("SIGINT", sigint);
  process.on("SIGTERM", sigterm);
  let rollout;
  try {
    rollout = await rollOut(
      config,
      req,
      {
        io,
        cancelled: () => cancelled,
        signal: abort.signal,
        ...deps.local ? { local: deps.local } : {}
      },
      hostname2()
    );
  } finally {
    process.off("SIGINT", sigint);
    process.off("SIGTERM", sigterm);
  }
  const lists = outcomeLists(rollout.reports);
  io.output(DEPLOY_OUTPUTS.deployed, JSON.stringify(lists.deployed));
  io.output(DEPLOY_OUTPUTS.failed, JSON.stringify(lists.failed));
  io.output(DEPLOY_OUTPUTS.skipped, JSON.stringify(lists.skipped));
  io.output(DEPLOY_OUTPUTS.reverted, JSON.stringify(lists.reverted));
  io.output(DEPLOY_OUTPUTS.haltedAtWave, String(rollout.haltedAtWave ?? ""));
  io.output(DEPLOY_OUTPUTS.matrix, "");
  io.output(DEPLOY_OUTPUTS.rings, "");
  await io.summary(
    summaryMarkdown({
      service: serviceName,
      version: release.version,
      mode: config.mode,
      dryRun: config.dryRun,
      maxParallel: config.maxParallel,
      maxFailures: config.maxFailures,
      insecureHostKeys: config.insecureHostKeys,
      rollout
    })
  );
  const failed2 = rollout.reports.filter((r) => isFailure(r.outcome));
  for (const r of failed2) io.error(r.error ?? r.outcome, { title: `deploy-windows: ${r.host}` });
  if (rollout.haltedAtWave !== void 0) {
    const first = rollout.waves?.[rollout.haltedAtWave - 1]?.bake?.failed[0];
    throw new UserError(
      `The rollout halted at wave ${rollout.haltedAtWave} of ${rollout.waves?.length ?? 1}: ${first ? `${first.host} failed its health check during the bake (${first.detail})` : `${failed2.length} host(s) failed, more than max-failures (${config.maxFailures})`}; on-halt ${rollout.onHalt ?? config.onHalt}: ${rollout.waves?.reduce((n, w) => n + w.rolledBack, 0) ?? 0} host(s) rolled back, ${lists.skipped.length} not started: see the job summary`
    );
  }
  if (rollout.stoppedBecause === "cancelled")
    throw new UserError(
      `The rollout was cancelled: ${lists.skipped.length} host(s) skipped, ${failed2.length} failed`
    );
  if (failed2.length > config.maxFailures)
    throw new UserError(
      `${failed2.length} of ${rollout.reports.length} host(s) failed (max-failures: ${config.maxFailures})${lists.skipped.length ? `; ${lists.skipped.length} not started` : ""}: see the job summary`
    );
  if (failed2.length > 0)
    io.warning(`${failed2.length} host(s) failed, within max-failures (${config.maxFailures})`);
}

// src/actions/deploy-windows/main.ts
async function run2() {
  await runAction("deploy-windows", (io) => runDeployAction({ io }));
}

// src/actions/deploy-windows/index.ts
await run2();
