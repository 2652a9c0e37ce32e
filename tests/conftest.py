"""Shared fixtures: the real site built once, served over HTTP, and a headless Chromium.

Build tests follow mkdocs-static-i18n's own tests: build a site, assert on the output.
Chromium is Debian's (``apt-get install chromium``); Playwright drives it, never
downloading a browser of its own.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess:
    """Build ``project`` into ``site`` in a fresh process (plugins keep state between builds)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
    )


def make_project(tmp: Path, files: dict[str, str | bytes], *, with_docs: bool = True) -> Path:
    """A copy of the project's engine (config, hooks, overrides, docs) with the given content files."""
    project = tmp / "project"
    project.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("hooks", "overrides"):
        shutil.copytree(ROOT / folder, project / folder, dirs_exist_ok=True)
    if with_docs:
        shutil.copytree(ROOT / "docs", project / "docs", dirs_exist_ok=True)
    for folder in ("cases", "cahiers", "glossary"):
        (project / folder).mkdir(exist_ok=True)
    for rel, content in files.items():
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real casebook, built once per test session."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr[-5000:]
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@pytest.fixture(scope="session")
def served(site) -> str:
    """The built site over HTTP on localhost (file:// misreads some URLs)."""
    port = _free_port()
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()


@pytest.fixture(scope="session")
def base_url(served) -> str:
    return served


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def watched_page(page, served):
    """A page that records console errors, page errors and failed or foreign requests."""
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    page.on(
        "request",
        lambda r: (
            problems.append(f"foreign request: {r.url}")
            if not r.url.startswith(served)
            and not r.url.startswith("data:")
            and not r.url.startswith("blob:")
            else None
        ),
    )
    page.problems = problems
    return page
