// Finding the `ecrgen` binary. Kept free of the `vscode` module so that it can be unit-tested
// with plain node.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Where a server binary came from, for messages. */
export type ServerSource = "setting" | "bundled" | "PATH";

export interface ServerBinary {
  path: string;
  source: ServerSource;
}

export interface FindOptions {
  /** The `ecrgen.server.path` setting ("" when unset). */
  settingPath: string;
  /** The extension's install folder (holds `server/ecrgen` in a platform build). */
  extensionPath: string;
  /** A folder to resolve a relative setting against (the first workspace folder). */
  workspaceFolder?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

/** The result of a search: the binary, or an explanation of what was tried. */
export type FindResult = { ok: true; binary: ServerBinary } | { ok: false; message: string };

export function expandHome(p: string, home: string = os.homedir()): string {
  if (p === "~") {
    return home;
  }
  if (p.startsWith("~/") || p.startsWith("~\\")) {
    return path.join(home, p.slice(2));
  }
  return p;
}

function isExecutableFile(p: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(p).isFile()) {
      return false;
    }
    if (platform !== "win32") {
      fs.accessSync(p, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** `ecrgen` on PATH, honouring PATHEXT on Windows. */
export function searchPath(
  name: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): string | undefined {
  const pathVar = env.PATH ?? env.Path ?? "";
  const delimiter = platform === "win32" ? ";" : ":";
  const exts =
    platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";").filter((e) => e) : [""];
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) {
      continue;
    }
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext.toLowerCase());
      if (isExecutableFile(candidate, platform)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/**
 * The server binary, in this order: the `ecrgen.server.path` setting, the binary bundled in the
 * extension (`server/ecrgen` or `server/ecrgen.exe`), then `ecrgen` on PATH.
 */
export function findServer(opts: FindOptions): FindResult {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const setting = opts.settingPath.trim();
  if (setting) {
    let p = expandHome(setting);
    if (!path.isAbsolute(p) && opts.workspaceFolder) {
      p = path.join(opts.workspaceFolder, p);
    }
    if (isExecutableFile(p, platform)) {
      return { ok: true, binary: { path: p, source: "setting" } };
    }
    return {
      ok: false,
      message: `ecrgen: the server binary set in "ecrgen.server.path" (${p}) does not exist or is not executable.`,
    };
  }
  const exe = platform === "win32" ? "ecrgen.exe" : "ecrgen";
  const bundled = path.join(opts.extensionPath, "server", exe);
  if (isExecutableFile(bundled, platform)) {
    return { ok: true, binary: { path: bundled, source: "bundled" } };
  }
  const onPath = searchPath("ecrgen", env, platform);
  if (onPath) {
    return { ok: true, binary: { path: onPath, source: "PATH" } };
  }
  return {
    ok: false,
    message:
      'ecrgen: no language server found. Install ecrgen ("cargo install --path crates/ecrgen" in the ecrgen repository) ' +
      'and put it on PATH, or set "ecrgen.server.path" to the binary.',
  };
}
