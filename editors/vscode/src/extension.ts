// The ecrgen extension: starts `ecrgen lsp` and adds generate/preview commands. Everything
// about the language itself lives in the server; this file only wires VS Code to it.
import * as path from "path";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { findServer } from "./serverPath";

type Target = "cfn" | "tf" | "tf-json";

interface GenerateResult {
  target: string;
  content: string;
}

const TARGETS: { target: Target; label: string; description: string; ext: string }[] = [
  { target: "cfn", label: "CloudFormation", description: "cfn: template JSON", ext: "json" },
  { target: "tf", label: "Terraform module", description: "tf: HCL", ext: "tf" },
  { target: "tf-json", label: "Terraform JSON", description: "tf-json: cdk.tf.json layout", ext: "tf.json" },
];

const PREVIEW_SCHEME = "ecrgen-preview";

let client: LanguageClient | undefined;
let outputChannel: vscode.OutputChannel;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  outputChannel = vscode.window.createOutputChannel("ecrgen");
  const previews = new PreviewProvider();
  context.subscriptions.push(
    outputChannel,
    previews,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    vscode.commands.registerCommand("ecrgen.generateCloudFormation", (uri?: vscode.Uri) =>
      generateToEditor(uri, "cfn"),
    ),
    vscode.commands.registerCommand("ecrgen.generateTerraform", (uri?: vscode.Uri) =>
      generateToEditor(uri, "tf"),
    ),
    vscode.commands.registerCommand("ecrgen.preview", (uri?: vscode.Uri) => preview(uri, previews)),
    vscode.commands.registerCommand("ecrgen.restartServer", () => restart(context)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("ecrgen.server")) {
        const choice = await vscode.window.showInformationMessage(
          "ecrgen: the server settings changed.",
          "Restart server",
        );
        if (choice) {
          await restart(context);
        }
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("ecrgen");
  const found = findServer({
    settingPath: config.get<string>("server.path", ""),
    extensionPath: context.extensionPath,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  });
  if (!found.ok) {
    outputChannel.appendLine(found.message);
    void vscode.window.showErrorMessage(found.message, "Open settings").then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand("workbench.action.openSettings", "ecrgen.server.path");
      }
    });
    return;
  }
  const binary = found.binary;
  outputChannel.appendLine(`Starting ${binary.path} lsp (from ${binary.source})`);
  const extraArgs = config.get<string[]>("server.extraArgs", []);
  const logLevel = config.get<string>("server.logLevel", "warn");
  const run = {
    command: binary.path,
    args: ["lsp", ...extraArgs],
    transport: TransportKind.stdio,
    options: { env: { ...process.env, ECRGEN_LOG: logLevel } },
  };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "ecrgen" },
      { scheme: "untitled", language: "ecrgen" },
    ],
    outputChannel,
  };
  // The id "ecrgen" makes the client read the "ecrgen.trace.server" setting.
  client = new LanguageClient("ecrgen", "ecrgen language server", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    const message = `ecrgen: the language server (${binary.path}) failed to start: ${errorText(err)}`;
    outputChannel.appendLine(message);
    void vscode.window.showErrorMessage(message, "Open settings", "Show log").then((choice) => {
      if (choice === "Open settings") {
        void vscode.commands.executeCommand("workbench.action.openSettings", "ecrgen.server");
      } else if (choice === "Show log") {
        outputChannel.show();
      }
    });
  }
}

async function stop(): Promise<void> {
  const old = client;
  client = undefined;
  if (old) {
    try {
      await old.stop();
    } catch (err) {
      outputChannel.appendLine(`ecrgen: stopping the server failed: ${errorText(err)}`);
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  // Settings are read again, so a changed "ecrgen.server.path" takes effect.
  await start(context);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The spec to generate from: the command's argument (explorer menu) or the active editor. */
function specUri(arg: vscode.Uri | undefined): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) {
    return arg;
  }
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.languageId === "ecrgen") {
    return editor.document.uri;
  }
  void vscode.window.showErrorMessage("ecrgen: open an *.ecr.hcl spec first.");
  return undefined;
}

/** Calls the server's `ecrgen.generate` command; shows the server's error and returns undefined on failure. */
async function generate(uri: vscode.Uri, target: Target): Promise<string | undefined> {
  if (!client || !client.isRunning()) {
    void vscode.window.showErrorMessage("ecrgen: the language server is not running.", "Restart server").then(
      (choice) => {
        if (choice) {
          void vscode.commands.executeCommand("ecrgen.restartServer");
        }
      },
    );
    return undefined;
  }
  try {
    const result = (await client.sendRequest(ExecuteCommandRequest.type, {
      command: "ecrgen.generate",
      arguments: [{ uri: uri.toString(), target }],
    })) as GenerateResult | null;
    if (!result || typeof result.content !== "string") {
      void vscode.window.showErrorMessage(`ecrgen: the server returned no ${target} output.`);
      return undefined;
    }
    return result.content;
  } catch (err) {
    void vscode.window.showErrorMessage(`ecrgen: generating ${target} failed: ${errorText(err)}`);
    return undefined;
  }
}

/** The language to show a target's output in: JSON, or Terraform/HCL when such a language is installed. */
async function outputLanguage(target: Target): Promise<string> {
  if (target !== "tf") {
    return "json";
  }
  const known = await vscode.languages.getLanguages();
  return ["terraform", "hcl"].find((id) => known.includes(id)) ?? "plaintext";
}

async function generateToEditor(arg: vscode.Uri | undefined, target: Target): Promise<void> {
  const uri = specUri(arg);
  if (!uri) {
    return;
  }
  const content = await generate(uri, target);
  if (content === undefined) {
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: await outputLanguage(target), content });
  await vscode.window.showTextDocument(doc, { preview: false });
}

async function preview(arg: vscode.Uri | undefined, previews: PreviewProvider): Promise<void> {
  const uri = specUri(arg);
  if (!uri) {
    return;
  }
  const pick = await vscode.window.showQuickPick(
    TARGETS.map((t) => ({ label: t.label, description: t.description, target: t })),
    { placeHolder: "ecrgen: preview which output?" },
  );
  if (!pick) {
    return;
  }
  const content = await generate(uri, pick.target.target);
  if (content === undefined) {
    return;
  }
  const base = path.basename(uri.path).replace(/\.ecr\.hcl$/, "");
  const previewUri = vscode.Uri.from({
    scheme: PREVIEW_SCHEME,
    path: `/${base}.${pick.target.target}.${pick.target.ext}`,
    query: uri.toString(),
  });
  previews.set(previewUri, content);
  let doc = await vscode.workspace.openTextDocument(previewUri);
  doc = await vscode.languages.setTextDocumentLanguage(doc, await outputLanguage(pick.target.target));
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

/** Read-only documents holding generated output, one per spec and target. */
class PreviewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, content: string): void {
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? "";
  }

  dispose(): void {
    this.changed.dispose();
  }
}
