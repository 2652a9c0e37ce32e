"""Shared fixtures: the real site built once, served over HTTP, and a headless Chromium.

Build tests follow mkdocs-static-i18n's own tests: build a site, assert on the output.
Chromium is Debian's (``apt-get install chromium``); Playwright drives it, never
downloading a browser of its own.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "DISABLE_MKDOCS_2_WARNING": "true",
    "PYTHONPATH": os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    ),  # this checkout's engine
}


def _prefixes() -> dict[str, str]:
    from casebook.site import read

    site = read(ROOT)
    return {language: site.prefix(language) for language in site.languages}


PREFIXES = _prefixes()
"""Each language of the site → where its pages live (``""`` for French, ``"en/"``…)."""
LANGUAGES = tuple(PREFIXES)

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


def load_book(root: Path | str, **options):
    """The checked casebook of a project folder, as the build and ``casebook check`` see it."""
    from casebook import checks, site

    return checks.load(site.read(Path(root)), **options)


def mkdocs_build(
    project: Path,
    site: Path,
    site_url: str | None = None,
    *,
    side_by_side: bool = False,
    pdf: bool = False,
) -> subprocess.CompletedProcess:
    """Build ``project`` into ``site`` in a fresh process (plugins keep state between builds).

    ``side_by_side``: with ``python -m casebook build`` (one ``mkdocs build`` per language,
    in parallel, merged), and with ``pdf`` its ``--pdf`` (then every PDF); otherwise with
    ``mkdocs build``, languages one after the other.
    """
    env = {**ENV, "CASEBOOK_SITE_URL": site_url} if site_url else dict(ENV)
    command = (
        ["casebook", "build", *(["--pdf"] if pdf else []), "--site-dir"]
        if side_by_side or pdf
        else ["mkdocs", "build", "--strict", "--site-dir"]
    )
    return subprocess.run(
        [sys.executable, "-m", *command, str(site)],
        cwd=project,
        env=env,
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
        # Hand-written pages link to the real cases; in a fixture project they become stubs.
        for page in (project / "docs").glob("*.*.md"):
            if not page.name.startswith("index."):
                title = next(
                    line
                    for line in page.read_text(encoding="utf-8").splitlines()
                    if line.startswith("title:")
                )
                page.write_text(f"---\n{title}\n---\n\nStub.\n", encoding="utf-8")
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site_port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def site_url(site_port) -> str:
    """The site is built for the address it is served from, as it is for its real host."""
    return f"http://127.0.0.1:{site_port}/"


@pytest.fixture(scope="session")
def site(tmp_path_factory, site_url) -> Path:
    """The real casebook, built once per test session as it is published: with its PDFs."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(ROOT, out, site_url=site_url, side_by_side=True, pdf=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return out


@pytest.fixture(scope="session")
def plain_site(tmp_path_factory, site_url) -> Path:
    """The real casebook built by ``python -m casebook build`` without PDFs (a few seconds):
    what ``mkdocs build`` and ProperDocs must build byte for byte."""
    out = tmp_path_factory.mktemp("plain") / "site"
    result = mkdocs_build(ROOT, out, site_url=site_url, side_by_side=True)
    assert result.returncode == 0, result.stderr[-5000:]
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host does (GitHub Pages compresses text with gzip)."""

    _compressed: dict[str, bytes] = {}

    def log_message(self, *args) -> None:  # keep test output readable
        pass

    def end_headers(self) -> None:
        # LinkChecker throttles to ~3 requests/s unless the server says it welcomes it.
        self.send_header("LinkChecker", "welcome")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        if (
            not gzip_ok
            or not os.path.isfile(path)
            or not path.endswith(
                (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".jsonld", ".csv")
            )
        ):
            return super().send_head()
        if path not in self._compressed:
            with open(path, "rb") as handle:
                self._compressed[path] = gzip.compress(handle.read(), mtime=0)
        body = self._compressed[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="session")
def served(site, site_port, site_url) -> str:
    """The built site over HTTP on localhost (file:// misreads some URLs)."""
    port = site_port
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site_url
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


@pytest.fixture(scope="session")
def axe():
    """axe-core, as pinned by axe-playwright-python, run in the page under test."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def watched_page(page, served):
    """A page that records console errors, page errors and failed or foreign requests."""
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on(
        "requestfailed",
        lambda r: (
            problems.append(f"failed request: {r.url} ({r.failure})")
            if "ERR_ABORTED" not in (r.failure or "")  # cancelled by a navigation, not a failure
            else None
        ),
    )
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
