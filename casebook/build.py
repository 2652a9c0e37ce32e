"""``python -m casebook build``: each language built by its own ``mkdocs build``, side by
side, then merged into one site.

mkdocs-static-i18n builds the languages one after the other, each from the previous one's
``post_build``. The languages share nothing but their sources, so this command runs one
plain ``mkdocs build`` per language in parallel processes (``CASEBOOK_LANGUAGE`` tells the
MkDocs adapter which one to build; each checks the content, as every build does) and
merges what they wrote: the default language's build, with each other language's folder
(``en/``…). The result is the site ``mkdocs build`` writes, byte for byte (tested), in
about half the time on two cores; ``mkdocs build`` and ``mkdocs serve`` keep working as
they are.

With ``--pdf`` the builds link each case and cahier page to its PDFs (``CASEBOOK_PDF``),
which :mod:`casebook.pdf` then makes from the merged site: never in ``mkdocs build`` or
``mkdocs serve``, which stay as fast as they were.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

from . import site

LANGUAGE_VARIABLE = "CASEBOOK_LANGUAGE"
"""Set by this command for each of its builds: the one language that build writes."""
PDF_VARIABLE = "CASEBOOK_PDF"
"""Set by ``build --pdf`` for its builds: the pages link to the PDFs made after them."""
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
"""MkDocs and Material announce MkDocs 2.0 in every build; this project pins MkDocs 1."""


def build(
    root: Path,
    site_dir: Path,
    *,
    config_file: str = "mkdocs.yml",
    jobs: int = 0,
    pdf: bool = False,
) -> int:
    """Build every language side by side, merge, then (``pdf``) make the PDFs; 0 when built."""
    started = time.monotonic()
    config = site.read(root, config_file)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    extra = {PDF_VARIABLE: "1"} if pdf else {}
    # Beside the site folder, so that merging is renaming, not copying.
    with tempfile.TemporaryDirectory(prefix=".casebook-build-", dir=site_dir.parent) as temporary:
        outputs = {language: Path(temporary) / language for language in config.languages}
        failed = _run_all(root, config_file, outputs, jobs or len(outputs), extra)
        if failed:
            print(f"The {', '.join(failed)} build failed: nothing was written.", file=sys.stderr)
            return 1
        _merge(outputs, config, site_dir)
    print(
        f"{len(outputs)} languages built side by side into {site_dir} "
        f"in {time.monotonic() - started:.1f} s",
        file=sys.stderr,
    )
    if pdf:
        from .pdf import make_all  # WeasyPrint is loaded only by the builds that use it

        return make_all(root, site_dir, config_file=config_file, jobs=jobs)
    return 0


def _run_all(
    root: Path, config_file: str, outputs: dict[str, Path], jobs: int, extra: dict[str, str]
) -> list[str]:
    """Run the language builds, at most ``jobs`` at a time; print each one's messages in
    turn (once when several say the same: a problem in the content stops them all); the
    languages whose build failed. Messages go to files, not pipes: a build that says a lot
    never waits for this process to read it."""
    waiting = list(outputs.items())
    running: dict[str, tuple[subprocess.Popen, IO[str]]] = {}
    failed, printed = [], set()
    while waiting or running:
        while waiting and len(running) < jobs:
            language, output = waiting.pop(0)
            log = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed once read)
            command = [
                "mkdocs",
                "build",
                "--strict",
                "-q",
                "-f",
                config_file,
                "--site-dir",
                str(output),
            ]
            running[language] = (
                subprocess.Popen(
                    [sys.executable, "-m", *command],
                    cwd=root,
                    env={**QUIET, **os.environ, **extra, LANGUAGE_VARIABLE: language},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                ),
                log,
            )
        language, (process, log) = next(iter(running.items()))
        process.wait()
        del running[language]
        log.seek(0)
        messages = log.read()
        log.close()
        if messages.strip() and messages not in printed:
            printed.add(messages)
            print(f"--- {language} ---\n{messages.rstrip()}", file=sys.stderr)
        if process.returncode != 0:
            failed.append(language)
    return failed


def _merge(outputs: dict[str, Path], config: site.Site, site_dir: Path) -> None:
    """The default language's build, with each other language's own folder."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    outputs[config.default].rename(site_dir)
    for language in config.others:
        (outputs[language] / language).rename(site_dir / language)
