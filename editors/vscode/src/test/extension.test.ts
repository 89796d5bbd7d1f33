// Smoke test of the extension's wiring without VS Code: a fake `vscode` module records what
// `activate` registers and shows. Covers the manifest/command-id agreement and the
// "no server found" path; talking to a real server is covered by the Neovim end-to-end test.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";

const extensionRoot = path.resolve(__dirname, "..", "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ecrgen-vscode-ext-"));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Recorded {
  commands: Map<string, (...args: unknown[]) => unknown>;
  errors: { message: string; items: string[] }[];
  executed: unknown[][];
  choice: string | undefined;
}

const rec: Recorded = { commands: new Map(), errors: [], executed: [], choice: undefined };

/** Anything the extension or vscode-languageclient touches that the fake does not define. */
const permissive: ProxyHandler<object> = {
  get: (_t, p) => (p === "then" ? undefined : new Proxy(function () {}, permissive)),
  apply: () => new Proxy(function () {}, permissive),
  construct: () => new Proxy({}, permissive),
};

class FakeUri {
  constructor(readonly path: string) {}
  toString(): string {
    return "file://" + this.path;
  }
}

class FakeEventEmitter {
  event = (): { dispose(): void } => ({ dispose() {} });
  fire(): void {}
  dispose(): void {}
}

const fakeVscode = {
  Uri: FakeUri,
  EventEmitter: FakeEventEmitter,
  ViewColumn: { Beside: -2 },
  window: {
    activeTextEditor: undefined,
    createOutputChannel: () => ({ appendLine() {}, show() {}, dispose() {} }),
    showErrorMessage: (message: string, ...items: string[]) => {
      rec.errors.push({ message, items });
      return Promise.resolve(rec.choice);
    },
    showInformationMessage: () => Promise.resolve(undefined),
  },
  commands: {
    registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
      rec.commands.set(id, fn);
      return { dispose() {} };
    },
    executeCommand: (...args: unknown[]) => {
      rec.executed.push(args);
      return Promise.resolve();
    },
  },
  workspace: {
    workspaceFolders: undefined,
    getConfiguration: () => ({ get: <T>(_key: string, def: T): T => def }),
    registerTextDocumentContentProvider: () => ({ dispose() {} }),
    onDidChangeConfiguration: () => ({ dispose() {} }),
  },
};

interface ExtensionModule {
  activate(context: unknown): Promise<void>;
  deactivate(): Promise<void>;
}

let ext: ExtensionModule;
const savedPath = process.env.PATH;

before(() => {
  const stub = path.join(tmp, "vscode.js");
  fs.writeFileSync(stub, "module.exports = globalThis.__ecrgenFakeVscode;\n");
  (globalThis as Record<string, unknown>).__ecrgenFakeVscode = new Proxy(fakeVscode, {
    get: (t, p) => (p in t ? t[p as keyof typeof t] : permissive.get!(t, p, t)) as unknown,
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require("node:module") as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (req: string, ...rest: unknown[]) {
    return req === "vscode" ? stub : resolve.call(this, req, ...rest);
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ext = require("../extension") as ExtensionModule;
});

after(() => {
  process.env.PATH = savedPath;
});

describe("extension activation", () => {
  test("without a server: registers every manifest command and offers the settings", async () => {
    process.env.PATH = path.join(tmp, "empty-bin");
    rec.choice = "Open settings";
    const context = { subscriptions: [] as unknown[], extensionPath: path.join(tmp, "no-ext") };
    await ext.activate(context);

    const manifest = JSON.parse(fs.readFileSync(path.join(extensionRoot, "package.json"), "utf8")) as {
      contributes: { commands: { command: string }[] };
    };
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual([...rec.commands.keys()].sort(), declared);
    assert.ok(context.subscriptions.length >= declared.length);

    assert.equal(rec.errors.length, 1);
    assert.match(rec.errors[0].message, /no language server found/);
    assert.deepEqual(rec.errors[0].items, ["Open settings"]);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(rec.executed, [["workbench.action.openSettings", "ecrgen.server.path"]]);
  });

  test("generating without a running server says so instead of throwing", async () => {
    rec.errors.length = 0;
    rec.choice = undefined;
    await rec.commands.get("ecrgen.generateCloudFormation")!(new FakeUri("/tmp/a.ecr.hcl"));
    assert.equal(rec.errors.length, 1);
    assert.match(rec.errors[0].message, /not running/);
    await ext.deactivate();
  });
});
