"""`ecrgen lsp` end to end: the real binary over stdio, driven by pytest-lsp."""

import json
import subprocess

from lsprotocol import types

from conftest import BIN, open_doc, rng, wait_diagnostics

BROKEN = """repository "Api" {
  image_scan_on_pus    = true
  image_tag_mutability = "IMMUTABL"
  lifecycle_rule {
    max_image_count = 10
  }
}
output "Uri" {
  value = repository.Api.repository_uri
}
"""

FIXED = BROKEN.replace("_on_pus ", "_on_push").replace('"IMMUTABL"', '"IMMUTABLE"')


def summary(diags):
    return [(d.code, d.severity, d.range, d.message, d.source) for d in diags]


async def test_diagnostics_appear_and_clear(client, tmp_path):
    uri = (tmp_path / "app.ecr.hcl").as_uri()
    open_doc(client, uri, BROKEN)
    diags = await wait_diagnostics(client, uri, lambda d: len(d) > 0)
    assert summary(diags) == [
        (
            "W0101",
            types.DiagnosticSeverity.Warning,
            rng(0, 11, 0, 16),
            "ECR.1: repository `Api` does not scan images on push\n"
            "help: set `image_scan_on_push = true` (or configure `registry_scanning`)",
            "ecrgen",
        ),
        (
            "E0102",
            types.DiagnosticSeverity.Error,
            rng(1, 2, 1, 19),
            "unknown attribute `image_scan_on_pus` in `repository`\nhelp: did you mean `image_scan_on_push`?",
            "ecrgen",
        ),
        (
            "E0104",
            types.DiagnosticSeverity.Error,
            rng(2, 25, 2, 35),
            'invalid value "IMMUTABL" for `image_tag_mutability`: expected one of "MUTABLE", "IMMUTABLE", '
            '"MUTABLE_WITH_EXCLUSION", "IMMUTABLE_WITH_EXCLUSION"\nhelp: did you mean "IMMUTABLE"?',
            "ecrgen",
        ),
    ]
    # Fix both errors with incremental edits: the warnings go with them.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(range=rng(1, 19, 1, 20), text="h"),
                types.TextDocumentContentChangePartial(range=rng(2, 34, 2, 34), text="E"),
            ],
        )
    )
    assert await wait_diagnostics(client, uri, lambda d: len(d) == 0) == []
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


async def test_completion_in_a_half_typed_document(client, tmp_path):
    uri = (tmp_path / "a.ecr.hcl").as_uri()
    open_doc(client, uri, 'repository "R" {\n  image_tag_mutability = "IM\n  ima')
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=5))
    )
    items = result if isinstance(result, list) else result.items
    labels = [i.label for i in items]
    assert labels[:4] == ["repository_name", "image_scan_on_push", "image_tag_mutability_exclusion_filters", "encryption"]
    assert "image_tag_mutability" not in labels  # already set in this block
    scan = items[1]
    assert scan.insert_text_format == types.InsertTextFormat.Snippet
    assert scan.text_edit == types.TextEdit(range=rng(2, 2, 2, 5), new_text="image_scan_on_push = ${1|true,false|}")
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=28))
    )
    items = result if isinstance(result, list) else result.items
    assert [(i.label, i.text_edit.new_text) for i in items] == [
        ("MUTABLE", 'MUTABLE"'),
        ("IMMUTABLE", 'IMMUTABLE"'),
        ("MUTABLE_WITH_EXCLUSION", 'MUTABLE_WITH_EXCLUSION"'),
        ("IMMUTABLE_WITH_EXCLUSION", 'IMMUTABLE_WITH_EXCLUSION"'),
    ]


async def test_hover_on_an_attribute(client, tmp_path):
    uri = (tmp_path / "app.ecr.hcl").as_uri()
    open_doc(client, uri, FIXED)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=4, character=8))
    )
    assert hover.range == rng(4, 4, 4, 19)
    assert hover.contents == types.MarkupContent(
        kind=types.MarkupKind.Markdown,
        value="**max_image_count** `number (whole, >= 1)`\n\n"
        "Keep at most this many images (countType imageCountMoreThan).\n\n"
        "CDK: `LifecycleRule.maxImageCount`\n\n```hcl\nmax_image_count = 30\n```",
    )


async def test_definition_across_files(client, tmp_path):
    (tmp_path / "roles.ecr.hcl").write_text('iam_role "Ci" {\n  assumed_by = "codebuild.amazonaws.com"\n}\n')
    uri = (tmp_path / "app.ecr.hcl").as_uri()
    open_doc(client, uri, FIXED.replace("  lifecycle_rule", "  grant_push = [iam_role.Ci]\n  lifecycle_rule"))
    assert await wait_diagnostics(client, uri, lambda d: True) == []
    result = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=3, character=26))
    )
    assert result == types.Location(uri=(tmp_path / "roles.ecr.hcl").as_uri(), range=rng(0, 10, 0, 12))


async def test_document_symbols(client, tmp_path):
    uri = (tmp_path / "app.ecr.hcl").as_uri()
    open_doc(client, uri, FIXED)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    outline = [(s.name, s.detail, s.kind, s.range, [(c.name, c.kind) for c in s.children]) for s in symbols]
    assert outline == [
        (
            "Api",
            "repository",
            types.SymbolKind.Module,
            rng(0, 0, 6, 1),
            [
                ("image_scan_on_push", types.SymbolKind.Field),
                ("image_tag_mutability", types.SymbolKind.Field),
                ("lifecycle_rule", types.SymbolKind.Struct),
            ],
        ),
        ("Uri", "output", types.SymbolKind.Variable, rng(7, 0, 9, 1), [("value", types.SymbolKind.Field)]),
    ]


async def test_formatting(client, tmp_path):
    uri = (tmp_path / "app.ecr.hcl").as_uri()
    open_doc(client, uri, 'output "Uri" {\n  value=repository.Api.repository_uri\n  description = "d"\n}\n')
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert list(edits) == [
        types.TextEdit(
            range=rng(1, 0, 2, 0),
            new_text="  value       = repository.Api.repository_uri\n",
        )
    ]


async def test_quick_fix_for_a_misspelled_attribute(client, tmp_path):
    uri = (tmp_path / "app.ecr.hcl").as_uri()
    open_doc(client, uri, BROKEN)
    diags = await wait_diagnostics(client, uri, lambda d: len(d) > 0)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=rng(1, 4, 1, 4),
            context=types.CodeActionContext(diagnostics=[d for d in diags if d.code == "E0102"]),
        )
    )
    assert [(a.title, a.kind, a.is_preferred, {k: list(v) for k, v in a.edit.changes.items()}) for a in actions] == [
        (
            "Replace with `image_scan_on_push`",
            types.CodeActionKind.QuickFix,
            True,
            {uri: [types.TextEdit(range=rng(1, 2, 1, 19), new_text="image_scan_on_push")]},
        )
    ]


async def test_utf8_positions_for_neovim(nvim, tmp_path):
    assert nvim.init_result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    uri = (tmp_path / "app.ecr.hcl").as_uri()
    open_doc(nvim, uri, 'stack "S" {\n  description = "é😀" tags = {}\n}\n')
    diags = await wait_diagnostics(nvim, uri, lambda d: len(d) > 0)
    # The error is at `tags`: byte 25 of the line (its UTF-16 column is 22).
    assert [(d.code, d.range) for d in diags] == [("E0001", rng(1, 25, 1, 26))]


async def test_generate_cloudformation(client, tmp_path):
    uri = (tmp_path / "app.ecr.hcl").as_uri()
    open_doc(client, uri, 'repository "Repo" {}\n')
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="ecrgen.generate", arguments=[{"uri": uri, "target": "cfn"}])
    )
    assert result["target"] == "cfn"
    template = json.loads(result["content"])
    assert template["Resources"] == {
        "Repo02AC86CF": {"Type": "AWS::ECR::Repository", "UpdateReplacePolicy": "Retain", "DeletionPolicy": "Retain"}
    }


def _frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_exit_ends_the_process_even_with_stdin_open():
    server = subprocess.Popen([BIN, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for message in [
            {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
            {"jsonrpc": "2.0", "method": "initialized", "params": {}},
            {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
            {"jsonrpc": "2.0", "method": "exit"},
        ]:
            server.stdin.write(_frame(message))
        server.stdin.flush()
        assert server.wait(timeout=10) == 0
        out = server.stdout.read()
        assert out.count(b"Content-Length:") == 2  # the initialize and shutdown responses
        assert server.stderr.read() == b""  # nothing logged at the default level
    finally:
        server.kill()
        server.stdin.close()


def _session(messages, close_stdin=False):
    """Runs `ecrgen lsp` on `messages`; returns its exit code (a freeze fails the test)."""
    server = subprocess.Popen([BIN, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for message in messages:
            server.stdin.write(_frame(message))
        server.stdin.flush()
        if close_stdin:
            server.stdin.close()
        return server.wait(timeout=10)
    finally:
        server.kill()


def test_exit_without_shutdown_exits_1_and_the_end_of_input_ends_the_process():
    init = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
    ]
    assert _session(init + [{"jsonrpc": "2.0", "method": "exit"}]) == 1
    shutdown = {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": {}}
    assert _session(init + [shutdown, {"jsonrpc": "2.0", "method": "exit"}]) == 0
    # A hover on a pathological line is still running (it took 16 s) when the input ends.
    text = "f( " * 100_000
    work = [
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "untitled:f", "languageId": "ecrgen", "version": 1, "text": text}}},
        {"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {"textDocument": {"uri": "untitled:f"}, "position": {"line": 0, "character": 150_000}}},
    ]
    assert _session(init + work, close_stdin=True) == 1
