// Tokenizes specs with the real TextMate engine VS Code uses (vscode-textmate + oniguruma WASM)
// and checks the scopes the grammar gives. Runs with `node --test`, no VS Code needed.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, test } from "node:test";
import * as oniguruma from "vscode-oniguruma";
import * as vsctm from "vscode-textmate";

const extensionRoot = path.resolve(__dirname, "..", "..");
const repoRoot = path.resolve(extensionRoot, "..", "..");
const sharedDir = process.env.ECRGEN_SHARED_DIR ?? path.resolve(repoRoot, "..", "shared");
const casesDir = path.join(sharedDir, "conformance", "cases");

let grammar: vsctm.IGrammar;

before(async () => {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: (scopeName: string) => {
      if (scopeName !== "source.ecrgen") {
        return Promise.resolve(null);
      }
      const file = path.join(extensionRoot, "syntaxes", "ecrgen.tmLanguage.json");
      return Promise.resolve(vsctm.parseRawGrammar(fs.readFileSync(file, "utf8"), file));
    },
  });
  const loaded = await registry.loadGrammar("source.ecrgen");
  assert.ok(loaded, "grammar source.ecrgen did not load");
  grammar = loaded;
});

interface Token {
  line: number;
  start: number;
  end: number;
  text: string;
  scopes: string[];
}

interface Tokenized {
  lines: string[];
  tokens: Token[];
  /** The rule stack after the last line: back at the top level when every construct closed. */
  endState: vsctm.StateStack;
}

function tokenize(text: string): Tokenized {
  const lines = text.split(/\r?\n/);
  const tokens: Token[] = [];
  let state = vsctm.INITIAL;
  lines.forEach((line, i) => {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens) {
      tokens.push({ line: i, start: t.startIndex, end: t.endIndex, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    state = result.ruleStack;
  });
  return { lines, tokens, endState: state };
}

const identChar = /[\w-]/;

/** Whether `needle` at `col` is not part of a longer identifier (checked only at word-character edges). */
function standsAlone(line: string, needle: string, col: number): boolean {
  const before = col > 0 ? line[col - 1] : "";
  const after = line[col + needle.length] ?? "";
  return (
    !(/\w/.test(needle[0]) && identChar.test(before)) &&
    !(/\w/.test(needle[needle.length - 1]) && identChar.test(after))
  );
}

/**
 * The scopes of the tokens that make up the `occurrence`-th (0-based) appearance of `needle`,
 * counting only appearances that are not part of a longer identifier.
 */
function scopesOf(doc: Tokenized, needle: string, occurrence = 0): string[][] {
  let seen = 0;
  for (let i = 0; i < doc.lines.length; i++) {
    let col = doc.lines[i].indexOf(needle);
    while (col >= 0) {
      if (!standsAlone(doc.lines[i], needle, col)) {
        col = doc.lines[i].indexOf(needle, col + 1);
        continue;
      }
      if (seen === occurrence) {
        const end = col + needle.length;
        const covering = doc.tokens.filter((t) => t.line === i && t.end > col && t.start < end);
        return covering.map((t) => t.scopes);
      }
      seen++;
      col = doc.lines[i].indexOf(needle, col + 1);
    }
  }
  throw new Error(`"${needle}" (occurrence ${occurrence}) not found in the text`);
}

/** Asserts that every token of `needle` has a scope starting with `scope`. */
function assertScope(doc: Tokenized, needle: string, scope: string, occurrence = 0): void {
  const scopes = scopesOf(doc, needle, occurrence);
  assert.ok(scopes.length > 0, `no tokens for "${needle}"`);
  for (const s of scopes) {
    assert.ok(
      s.some((x) => x === scope || x.startsWith(scope + ".")),
      `"${needle}" should have scope ${scope}, got ${JSON.stringify(s)}`,
    );
  }
}

function assertNoScope(doc: Tokenized, needle: string, scope: string, occurrence = 0): void {
  for (const s of scopesOf(doc, needle, occurrence)) {
    assert.ok(
      !s.some((x) => x === scope || x.startsWith(scope + ".")),
      `"${needle}" should not have scope ${scope}, got ${JSON.stringify(s)}`,
    );
  }
}

function assertBalanced(doc: Tokenized, what: string): void {
  const initialDepth = grammar.tokenizeLine("", vsctm.INITIAL).ruleStack.depth;
  assert.equal(doc.endState.depth, initialDepth, `${what}: the grammar did not return to the top level`);
  const invalid = doc.tokens.filter((t) => t.scopes.some((s) => s.startsWith("invalid")));
  assert.deepEqual(invalid, [], `${what}: invalid tokens`);
}

/**
 * One expectation: the `occurrence`-th (default 0) standalone appearance of `needle` has `scope`
 * on every token, or, written "!scope", on none.
 */
type Expectation = [needle: string, scope: string, occurrence?: number];

function check(doc: Tokenized, what: string, expect: Expectation[]): void {
  for (const [needle, scope, occurrence] of expect) {
    if (scope.startsWith("!")) {
      assertNoScope(doc, needle, scope.slice(1), occurrence);
    } else {
      assertScope(doc, needle, scope, occurrence);
    }
  }
  assertBalanced(doc, what);
}

const SEED_EXPECT: Expectation[] = [
  ["repository", "comment.line.number-sign"], // in the opening comment
  ["repository", "entity.name.type", 1],
  ["Repo", "entity.name.label"],
  ['"Repo"', "string.quoted.double"],
  ["image_scan_on_push", "entity.other.attribute-name"],
  ["image_tag_mutability", "entity.other.attribute-name"],
  ['"IMMUTABLE"', "string.quoted.double"],
  ["true", "constant.language.boolean"],
  ["9999", "comment.line.number-sign"],
  ["9999", "constant.numeric", 1],
  ["30", "constant.numeric", 1],
  ["# The original", "comment.line.number-sign"],
  ["lifecycle_rule", "entity.name.type"],
  ["max_image_age_days", "entity.other.attribute-name"],
  ["ImageScanComplete", "entity.name.label"],
  ["iam_user.User", "meta.reference"],
  ["iam_user", "support.class", 1],
  ["User", "variable.other.constant", 2],
  ["authorization_token", "entity.name.type"],
];

/** Constructed snippets for what the conformance specs do not show. */
const SNIPPETS: { name: string; lines: string[]; expect: Expectation[] }[] = [
  {
    name: "blocks, labels and attributes",
    lines: [
      'repository "Api" {',
      "  repository_name = \"team/api\"",
      "  grant_pull      = [iam_role.Ci, \"123456789012\"]",
      '  on_event "Pushed" {',
      '    target { arn = "arn:aws:sns:us-east-1:123456789012:t" }',
      "  }",
      "}",
      "iam_user Dev {}",
      "registry_scanning {",
      '  scan_type = "ENHANCED"',
      "}",
    ],
    expect: [
      ["repository", "entity.name.type"],
      ["Api", "entity.name.label"],
      ["{", "punctuation.section.block.begin"],
      ["repository_name", "entity.other.attribute-name"],
      ["=", "keyword.operator.assignment"],
      ["grant_pull", "entity.other.attribute-name"],
      ["iam_role", "support.class"],
      ["Ci", "variable.other.constant"],
      ["on_event", "entity.name.type"],
      ["Pushed", "entity.name.label"],
      ["target", "entity.name.type"],
      ["arn", "entity.other.attribute-name"],
      ["iam_user", "entity.name.type"],
      ["Dev", "entity.name.label"],
      ["registry_scanning", "entity.name.type"],
      ["scan_type", "entity.other.attribute-name"],
    ],
  },
  {
    name: "strings, templates and their escapes",
    lines: [
      'description = "literal $${not_a_template} and %%{not_a_directive}"',
      'name        = "app-${local.env}"',
      'rule_name   = "a\\"b\\n"',
      'other       = "%{ if true }x%{ endif }"',
    ],
    expect: [
      ["$${", "constant.character.escape.template"],
      ["$${", "string.quoted.double"],
      ["$${", "!meta.interpolation"],
      ["not_a_template}", "string.quoted.double"],
      ["not_a_template}", "!meta.interpolation"],
      ["%%{", "constant.character.escape.template"],
      ["${", "punctuation.definition.template-expression.begin", 1], // 0 is inside $${
      ["local", "meta.interpolation"],
      ["env", "variable.other.property"],
      ['\\"', "constant.character.escape"],
      ["\\n", "constant.character.escape"],
      ["%{", "punctuation.definition.template-expression.begin", 1], // 0 is inside %%{
      ["if", "keyword.control"],
      ["endif", "keyword.control"],
    ],
  },
  {
    name: "numbers, booleans, null and comments",
    lines: [
      "# hash comment",
      "// slash comment",
      "/* block",
      "   comment */ rule_priority = 10",
      "max_image_count = 1.5e3 // trailing",
      "empty_on_delete = false",
      "x = null",
      "true_name = 1",
    ],
    expect: [
      ["# hash comment", "comment.line.number-sign"],
      ["// slash comment", "comment.line.double-slash"],
      ["/* block", "comment.block"],
      ["   comment */", "comment.block"],
      ["10", "constant.numeric"],
      ["1.5e3", "constant.numeric"],
      ["// trailing", "comment.line.double-slash"],
      ["false", "constant.language.boolean"],
      ["null", "constant.language.null"],
      ["true_name", "entity.other.attribute-name"],
      ["true_name", "!constant.language.boolean"],
    ],
  },
  {
    name: "references, objects and heredocs",
    lines: [
      'output "Uri" {',
      "  value = repository.Api.repository_uri",
      "}",
      'on_image_scan_completed "Scan" {',
      "  event_pattern = {",
      '    "detail-type" = ["ECR Image Scan"]',
      "    detail        = { result = [\"COMPLETE\"] }",
      "  }",
      "}",
      "description = <<-EOT",
      "  keep ${count} images, not $${this}",
      "  EOT",
      "after = upper(\"x\")",
    ],
    expect: [
      ["repository.Api.repository_uri", "meta.reference"],
      ["repository", "support.class"],
      ["Api", "variable.other.constant"],
      ["repository_uri", "variable.other.property"],
      ["event_pattern", "entity.other.attribute-name"],
      ['"detail-type"', "entity.other.attribute-name"],
      ["detail", "entity.other.attribute-name"],
      ["result", "entity.other.attribute-name"],
      ['"COMPLETE"', "string.quoted.double"],
      ["<<-", "keyword.operator.heredoc"],
      ["<<-EOT", "string.unquoted.heredoc"],
      ["  keep ", "string.unquoted.heredoc"],
      ["count", "meta.interpolation"],
      ["$${", "constant.character.escape.template"],
      ["EOT", "keyword.control.heredoc"], // the closing line; the opener is part of <<-EOT
      ["after", "entity.other.attribute-name"],
      ["after", "!string.unquoted.heredoc"],
      ["upper", "support.function"],
    ],
  },
];

describe("ecrgen.tmLanguage.json", () => {
  test("the seed conformance spec", (t) => {
    const file = path.join(casesDir, "01-seed", "spec.ecr.hcl");
    if (!fs.existsSync(file)) {
      t.skip(`${file} is missing (set ECRGEN_SHARED_DIR)`);
      return;
    }
    check(tokenize(fs.readFileSync(file, "utf8")), "01-seed", SEED_EXPECT);
  });

  for (const snippet of SNIPPETS) {
    test(snippet.name, () => check(tokenize(snippet.lines.join("\n")), snippet.name, snippet.expect));
  }

  test("every conformance spec tokenizes back to the top level", (t) => {
    if (!fs.existsSync(casesDir)) {
      t.skip(`${casesDir} is missing (set ECRGEN_SHARED_DIR)`);
      return;
    }
    let count = 0;
    for (const name of fs.readdirSync(casesDir).sort()) {
      const file = path.join(casesDir, name, "spec.ecr.hcl");
      if (fs.existsSync(file)) {
        assertBalanced(tokenize(fs.readFileSync(file, "utf8")), name);
        count++;
      }
    }
    assert.ok(count > 0, "no spec.ecr.hcl found under " + casesDir);
  });
});
