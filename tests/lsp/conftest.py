"""Fixtures: an `ecrgen lsp` process per test, initialized as VS Code (UTF-16) or Neovim
(which offers UTF-8), and helpers to wait for diagnostics."""

import asyncio
import os
import sys

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

BIN = os.environ.get("ECRGEN_BIN", "ecrgen")
TIMEOUT = 10.0


def _config():
    return ClientServerConfig(server_command=[BIN, "lsp"])


def _accept_registrations(lsp_client: LanguageClient):
    """The server registers a file watcher when the client allows it; accept like an editor."""

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        lsp_client.registrations = list(params.registrations)
        return None


@pytest_lsp.fixture(config=_config())
async def client(lsp_client: LanguageClient):
    """A server initialized with VS Code 1.65's capabilities (UTF-16, snippets, Markdown)."""
    _accept_registrations(lsp_client)
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=_config())
async def nvim(lsp_client: LanguageClient):
    """A server initialized with Neovim 0.11's capabilities (offers UTF-8 positions)."""
    _accept_registrations(lsp_client)
    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("neovim@v0.11.0"))
    )
    lsp_client.init_result = result
    yield
    await lsp_client.shutdown_session()


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="ecrgen", version=version, text=text)
        )
    )


async def wait_diagnostics(client: LanguageClient, uri: str, predicate, timeout: float = TIMEOUT):
    """Polls the diagnostics last published for `uri` until `predicate(diagnostics)` holds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        diags = client.diagnostics.get(uri)
        if diags is not None and predicate(list(diags)):
            return list(diags)
        if asyncio.get_running_loop().time() > deadline:
            print(f"diagnostics of {uri}: {diags}", file=sys.stderr)
            raise AssertionError(f"timed out waiting for the diagnostics of {uri}")
        await asyncio.sleep(0.02)


def rng(l1, c1, l2, c2):
    return types.Range(start=types.Position(line=l1, character=c1), end=types.Position(line=l2, character=c2))
