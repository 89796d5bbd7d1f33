// The order in which the extension looks for the server: setting, bundled binary, PATH.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, test } from "node:test";
import { expandHome, findServer } from "../serverPath";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ecrgen-vscode-"));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function executable(p: string): string {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, "#!/bin/sh\n");
  fs.chmodSync(p, 0o755);
  return p;
}

const platform: NodeJS.Platform = "linux";
const extensionPath = path.join(tmp, "ext");
const binDir = path.join(tmp, "bin");
const onPath = executable(path.join(binDir, "ecrgen"));
const env = { PATH: ["/nonexistent", binDir].join(":") };

describe("findServer", { skip: process.platform === "win32" && "uses POSIX permissions" }, () => {
  test("PATH when nothing else is set", () => {
    assert.deepEqual(findServer({ settingPath: "", extensionPath, env, platform }), {
      ok: true,
      binary: { path: onPath, source: "PATH" },
    });
  });

  test("the bundled binary wins over PATH", () => {
    const bundled = executable(path.join(tmp, "ext2", "server", "ecrgen"));
    const r = findServer({ settingPath: "", extensionPath: path.join(tmp, "ext2"), env, platform });
    assert.deepEqual(r, { ok: true, binary: { path: bundled, source: "bundled" } });
  });

  test("the setting wins, relative to the workspace folder", () => {
    const own = executable(path.join(tmp, "ws", "target", "release", "ecrgen"));
    const r = findServer({
      settingPath: "target/release/ecrgen",
      workspaceFolder: path.join(tmp, "ws"),
      extensionPath,
      env,
      platform,
    });
    assert.deepEqual(r, { ok: true, binary: { path: own, source: "setting" } });
  });

  test("a setting that points nowhere is an error, not a silent fallback", () => {
    const r = findServer({ settingPath: path.join(tmp, "missing"), extensionPath, env, platform });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : "", /ecrgen\.server\.path/);
  });

  test("nothing found explains what to do", () => {
    const r = findServer({ settingPath: "", extensionPath, env: { PATH: "/nonexistent" }, platform });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : "", /PATH.*ecrgen\.server\.path/);
  });

  test("~ expands to the home folder", () => {
    assert.equal(expandHome("~/bin/ecrgen", "/home/u"), path.join("/home/u", "bin/ecrgen"));
    assert.equal(expandHome("/abs/ecrgen", "/home/u"), "/abs/ecrgen");
  });
});
