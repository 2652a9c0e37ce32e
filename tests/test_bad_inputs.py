"""Bad and unusual contributions, kept as real files on disk, run through check and build.

Each folder of ``tests/fixtures/bad-inputs/`` is one malformed contribution: the files it
adds to or replaces in ``tests/fixtures/valid/``, and an ``item.yml`` saying what it proves
and which ``path:line: field: message`` lines a contributor must read. For each one:

- ``python -m casebook --root PROJECT check`` exits 1 and prints those lines, one line per
  problem, every problem in a file the contribution touched (run in-process, with a time
  limit; a sample of items also goes through a real ``python -m casebook`` process);
- a real ``mkdocs build`` fails with the same lines and writes no HTML page at all.

Each folder of ``tests/fixtures/unusual-inputs/`` is a valid but unusual case (BOM, CRLF,
non-Latin names, template syntax in the body…): check accepts it, and one build of all of
them together has each page in both languages, its text printed literally and escaped.

Items whose ``item.yml`` has ``engine_bug`` document an engine bug: a strict xfail. Builds
(about a second each) run in parallel subprocesses, started once for the selected tests.
"""

from __future__ import annotations

import contextlib
import gzip
import html.parser
import io
import os
import re
import shutil
import signal
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from casebook.__main__ import main as casebook_main
from casebook.book import SECTIONS
from tests.conftest import ENV, PREFIXES, ROOT, make_project, mkdocs_build
from tests.conftest import load_book as load

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"
BAD = FIXTURES / "bad-inputs"
UNUSUAL = FIXTURES / "unusual-inputs"
# Seconds; checking the valid fixture takes a few hundredths, a busy CI machine more.
CHECK_TIMEOUT = 20
PROBLEM_LINE = re.compile(
    r"^(?P<path>[^\s:][^:]*):(?P<line>\d+): (?P<field>[^:]+?): (?P<message>.+)$"
)
LANGUAGES = PREFIXES  # language → prefix of its pages in the site


@dataclass(frozen=True)
class Item:
    """One corpus folder: the files it adds or replaces, and its ``item.yml``."""

    name: str
    folder: Path
    meta: dict

    def files(self) -> dict[str, bytes]:
        """Project-relative path → bytes; ``NAME.gz`` is stored compressed and gives ``NAME``."""
        out = {}
        for path in sorted(self.folder.rglob("*")):
            if path.is_file() and path.name != "item.yml":
                rel, data = path.relative_to(self.folder).as_posix(), path.read_bytes()
                if rel.endswith(".gz"):
                    rel, data = rel[: -len(".gz")], gzip.decompress(data)
                out[rel] = data
        return out


def items(corpus: Path) -> list[Item]:
    return [
        Item(p.name, p, yaml.safe_load((p / "item.yml").read_text(encoding="utf-8")))
        for p in sorted(corpus.iterdir())
        if (p / "item.yml").is_file()
    ]


def params(corpus: Path, *, with_bugs: bool = True) -> list:
    """One pytest param per item; a documented engine bug makes it a strict xfail."""
    return [
        pytest.param(
            item,
            id=item.name,
            marks=[pytest.mark.xfail(strict=True, reason=item.meta["engine_bug"])]
            if with_bugs and "engine_bug" in item.meta
            else [],
        )
        for item in items(corpus)
    ]


def with_items(baseline: Path, where: Path, *chosen: Item) -> Path:
    """A copy of the baseline project with the items' files written over it."""
    project = where / "project"
    shutil.copytree(baseline, project)
    for item in chosen:
        for rel, data in item.files().items():
            path = project / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return project


def matches(line: str, expected: dict) -> bool:
    """Does ``line`` read ``path:line: field: …message…`` as ``expected`` (from item.yml) says?"""
    found = PROBLEM_LINE.match(line)
    if not found or found["path"] != expected["path"]:
        return False
    lines = expected["line"]
    low, high = (lines, lines) if isinstance(lines, int) else lines
    fields = [expected["field"]] if isinstance(expected["field"], str) else expected["field"]
    return (
        low <= int(found["line"]) <= high
        and any(
            found["field"] == f or found["field"].startswith((f + "[", f + ".")) for f in fields
        )
        and expected.get("message", "") in found["message"]
    )


def show(expected: dict) -> str:
    line, field = expected["line"], expected["field"]
    line = line if isinstance(line, int) else "{}-{}".format(*line)
    field = field if isinstance(field, str) else " or ".join(field)
    return f"{expected['path']}:{line}: {field}: {expected.get('message', '')}"


# --- running check and build ---------------------------------------------------------


def check_in_process(project: Path) -> tuple[int, str, str]:
    """``python -m casebook --root PROJECT check`` in this process: (exit code, stdout, stderr).

    Raises :class:`TimeoutError` after ``CHECK_TIMEOUT`` seconds (Unix), so that an input
    that makes the checker hang fails its test instead of the whole run.
    """
    out, err = io.StringIO(), io.StringIO()

    def interrupt(signum, frame):
        raise TimeoutError(f"check did not finish within {CHECK_TIMEOUT} s")

    alarm = hasattr(signal, "SIGALRM")
    previous = signal.signal(signal.SIGALRM, interrupt) if alarm else None
    if alarm:
        signal.alarm(CHECK_TIMEOUT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = casebook_main(["--root", str(project), "check"])
    finally:
        if alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    return code, out.getvalue(), err.getvalue()


def check_subprocess(project: Path) -> subprocess.CompletedProcess:
    """The real command, as contributors, pre-commit and CI run it."""
    return subprocess.run(
        [sys.executable, "-m", "casebook", "--root", str(project), "check"],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )


@dataclass
class Run:
    project: Path
    site: Path
    check: subprocess.CompletedProcess | None = None
    build: subprocess.CompletedProcess | None = None


def build(run: Run) -> Run:
    run.build = mkdocs_build(run.project, run.site)
    return run


def check_only(run: Run) -> Run:
    run.check = check_subprocess(run.project)
    return run


def check_and_build(run: Run) -> Run:
    run.check = check_subprocess(run.project)
    return build(run)


class Runs:
    """Builds (and real check commands) of the selected items, started at once in parallel.

    Items documenting an engine bug are not built in advance: their test fails before it
    needs the build (and the build could hang); once the bug is fixed, the test builds.
    """

    def __init__(self, baseline: Path, tmp: Path, bad: list[Item], cli: list[Item], unusual):
        self.baseline, self.tmp = baseline, tmp
        self.pool = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2))
        self.futures: dict[str, Future] = {}
        if unusual:  # one project holding every unusual case: the longest build, first
            run = Run(with_items(baseline, tmp / "unusual", *unusual), tmp / "unusual" / "site")
            self.futures["unusual"] = self.pool.submit(check_and_build, run)
        for item in cli:
            run = Run(with_items(baseline, tmp / f"cli-{item.name}", item), tmp / "unused")
            self.futures[f"cli:{item.name}"] = self.pool.submit(check_only, run)
        for item in bad:
            if "engine_bug" not in item.meta:
                self.futures[item.name] = self.pool.submit(build, self.run_of(item))

    def run_of(self, item: Item) -> Run:
        folder = self.tmp / item.name
        project = folder / "project"
        if not project.exists():
            with_items(self.baseline, folder, item)
        return Run(project, folder / "site")

    def __getitem__(self, key: str) -> Run:
        return self.futures[key].result()

    def built(self, item: Item) -> Run:
        if item.name not in self.futures:  # not built in advance: build now
            self.futures[item.name] = self.pool.submit(build, self.run_of(item))
        return self[item.name]


def _selected(session: pytest.Session, test: str) -> list[Item]:
    return [
        it.callspec.params["item"]
        for it in session.items
        if getattr(it, "originalname", None) == test and hasattr(it, "callspec")
    ]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """The engine (config, hooks, overrides, docs) with the valid fixture: every item's base."""
    files = {p.relative_to(VALID).as_posix(): p.read_bytes() for p in VALID.rglob("*.md")}
    return make_project(tmp_path_factory.mktemp("baseline"), files)


@pytest.fixture(scope="module")
def runs(request, baseline, tmp_path_factory) -> Runs:
    session = request.session
    started = Runs(
        baseline,
        tmp_path_factory.mktemp("runs"),
        _selected(session, "test_bad_input_is_reported_and_builds_nothing"),
        _selected(session, "test_the_real_check_command_reports_it"),
        _selected(session, "test_unusual_input_is_built_in_every_language"),
    )
    yield started
    started.pool.shutdown(wait=True, cancel_futures=True)


# --- the corpus itself ---------------------------------------------------------------


def test_the_corpus_is_large_and_documented():
    bad, unusual = items(BAD), items(UNUSUAL)
    assert len(bad) >= 25 and len(unusual) >= 6
    readme = (BAD / "README.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(" `"): line
        for line in readme.splitlines()
        if line.startswith("| `")
    }
    for item in bad + unusual:
        assert item.name in rows, f"{item.name} is not listed in {BAD / 'README.md'}"
        marked = "Engine bug" in rows[item.name]
        assert marked == bool(item.meta.get("engine_bug")), (
            f"{BAD / 'README.md'}: {item.name} is {'not ' if marked else ''}an engine bug "
            "(its item.yml says otherwise)"
        )
        assert item.meta.get("proves"), f"{item.name}/item.yml says not what it proves"
        assert item.files(), f"{item.name} adds no file"
    for item in bad:
        assert item.meta["expect"], item.name


def test_the_corpus_never_reaches_the_real_site():
    """Corpus files live under tests/, which the engine never reads; no corpus case leaks."""
    for corpus in (BAD, UNUSUAL):
        assert corpus.relative_to(ROOT).parts[0] not in {*SECTIONS, "docs"}
    book = load(ROOT, strict=False)
    read = {f.path for entry in book.entries() for f in entry.files.values()}
    assert read and not [p for p in read if p.startswith("tests/")]
    corpus_cases = {
        Path(rel).name.split(".")[0]
        for item in items(BAD) + items(UNUSUAL)
        for rel in item.files()
        if rel.startswith("cases/")
    }
    assert not corpus_cases & set(book.cases)


# --- bad inputs ----------------------------------------------------------------------


@pytest.mark.parametrize("item", params(BAD))
def test_bad_input_is_reported_and_builds_nothing(item, runs, tmp_path):
    expected = item.meta["expect"]
    project = with_items(runs.baseline, tmp_path, item)

    # What contributors and pre-commit run: exit 1, one path:line: field: line per problem.
    try:
        code, printed, logged = check_in_process(project)
    except Exception as error:  # a crash or a hang instead of a report
        crash = f"{type(error).__name__}: {error}"
    else:
        crash = None
    assert crash is None, f"check crashed instead of reporting path:line: {crash}"
    assert code == 1, printed + logged
    lines = printed.splitlines()
    for want in expected:
        assert any(matches(line, want) for line in lines), f"no line {show(want)!r} in:\n{printed}"
    assert lines and all(PROBLEM_LINE.match(line) for line in lines), printed

    # The same problems as objects: each in a file the contribution added or replaced.
    errors = load(project, strict=False).errors
    assert [str(p) for p in errors] == lines
    assert {p.path for p in errors} <= set(item.files()), lines

    # A real build refuses it with the same lines, and nothing reaches the output.
    run = runs.built(item)
    assert run.build.returncode != 0, run.build.stderr[-3000:]
    log = run.build.stderr.splitlines()
    for want in expected:
        assert any(matches(line, want) for line in log), (
            f"no line {show(want)!r} in the build's log:\n{run.build.stderr[-3000:]}"
        )
    written = sorted(p.relative_to(run.site).as_posix() for p in run.site.rglob("*.html"))
    assert written == [], written


CLI_SAMPLE = [
    "yaml-tab-indentation",
    "missing-key",
    "kind-outside-vocabulary",
    "latin-1-file",
    "contradicting-milestone-year",
    "duplicate-id",
]
"""One item per family, checked again through a real ``python -m casebook`` process."""


@pytest.mark.parametrize("item", [i for i in params(BAD) if i.id in CLI_SAMPLE])
def test_the_real_check_command_reports_it(item, runs):
    check = runs[f"cli:{item.name}"].check
    assert check.returncode == 1, check.stdout + check.stderr[-3000:]
    for want in item.meta["expect"]:
        assert any(matches(line, want) for line in check.stdout.splitlines()), check.stdout
    assert check.stderr.endswith("found.\n"), check.stderr


# --- unusual but valid inputs --------------------------------------------------------


@pytest.mark.parametrize("item", params(UNUSUAL, with_bugs=False))
def test_unusual_input_is_accepted(item, baseline, tmp_path):
    book = load(with_items(baseline, tmp_path, item), strict=False)
    assert [str(p) for p in book.errors] == []
    case = book.cases[item.meta["case"]]
    assert set(case.data) == set(LANGUAGES)


class _Meta(html.parser.HTMLParser):
    """The attributes of every ``<meta name="description">`` of a page."""

    def __init__(self, text: str):
        super().__init__()
        self.descriptions: list[dict] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "meta" and ("name", "description") in attrs:
            self.descriptions.append(dict(attrs))


@pytest.mark.parametrize("item", params(UNUSUAL))
def test_unusual_input_is_built_in_every_language(item, runs):
    run = runs["unusual"]
    assert run.check is not None and run.check.returncode == 0, run.check and run.check.stdout
    assert run.build.returncode == 0, run.build.stderr[-3000:]
    case, expected = item.meta["case"], item.meta.get("html", {})
    data = load(run.project, strict=False).cases[case].data
    for language, prefix in LANGUAGES.items():
        page = run.site / f"{prefix}cases/{case}.html"
        assert page.is_file(), f"no {language} page for {case}"
        text = page.read_text(encoding="utf-8")
        assert f'<html lang="{language}"' in text
        for wanted in expected.get(language, []):
            assert wanted in text, f"{wanted!r} not in {page.relative_to(run.site)}"
        for unwanted in expected.get("none", []):
            assert unwanted not in text, f"{unwanted!r} in {page.relative_to(run.site)}"
        # No template ran: the theme's base.html appears once, the body's text as written.
        assert text.lower().count("<!doctype html") == 1
        # The summary is printed as text, whole, inside its attribute.
        assert _Meta(text).descriptions == [
            {"name": "description", "content": data[language]["summary"]}
        ]
