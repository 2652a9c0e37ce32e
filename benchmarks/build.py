"""Whole-site build benchmark: the project against plain Material + mkdocs-static-i18n.

For N synthetic cases per language (``--sizes``, default 1000) and a 100-term glossary,
in every language of the site, three builds of the same Markdown bodies, in one run:

* **project**: a copy of this repository with the generated content added, built by
  ``python -m casebook build`` (one ``mkdocs build`` per language, side by side);
* **plain**: Material + search + mkdocs-static-i18n, no hooks, a navigation listing every
  case and glossary page (the default a MkDocs user writes);
* **careful**: the same, with cases and glossary entries kept out of the navigation.

It reports wall-clock seconds and the peak memory in use (the sum of the proportional
set sizes of a build's processes, sampled), and the ratios judged: plain ÷ project ≥ 4,
careful ÷ project ≥ 1.5, peak memory < 500 MB. Only ratios measured in one run compare:
this machine's speed drifts. ``python benchmarks/build.py [--sizes 100,1000] [--repeat 2]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

import content

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from casebook.site import read  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
TARGETS = {"plain": 4.0, "careful": 1.5, "memory_mb": 500}
MARKDOWN = ["attr_list", "md_in_html", "tables", "admonition", "footnotes", "def_list", "abbr",
            "pymdownx.details", "pymdownx.superfences", {"toc": {"permalink": True}}]  # fmt: skip


def project_copy(parent: Path, files: dict[str, str]) -> Path:
    """This repository's engine and content, plus the generated content."""
    project = parent / "project"
    for folder in ("hooks", "overrides", "docs", "cases", "cahiers", "glossary"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy(ROOT / "mkdocs.yml", project)
    content.write(project, files)
    return project


def plain_copy(
    parent: Path, name: str, files: dict[str, str], languages: tuple[str, ...], careful: bool
) -> Path:
    """The same bodies as a stock Material + mkdocs-static-i18n site (title-only front matter)."""
    project = parent / name
    pages = {}
    for rel, text in files.items():
        data = yaml.safe_load(text.split("---\n")[1])
        title = data.get("title") or data.get("term")
        pages[f"docs/{rel}"] = f"---\ntitle: {title!r}\n---\n\n{text.split('---', 2)[2]}"
    for language in languages:
        pages[f"docs/index.{language}.md"] = "---\ntitle: Accueil\n---\n\nUn recueil.\n"

    def listed(folder: str) -> list[str]:
        suffix = f".{languages[0]}.md"
        return sorted(
            p[5:].replace(suffix, ".md")
            for p in pages
            if p.startswith(f"docs/{folder}/") and p.endswith(suffix)
        )

    nav = [{"Accueil": "index.md"}]
    if not careful:
        nav += [{"Cas": listed("cases")}, {"Glossaire": listed("glossary")}]
    config = {
        "site_name": "Plain", "site_url": "https://example.org/plain/", "docs_dir": "docs",
        "use_directory_urls": False, "theme": {"name": "material", "language": languages[0], "font": False,
        "features": ["navigation.tabs", "navigation.top", "navigation.indexes", "toc.follow"]},
        "markdown_extensions": MARKDOWN, "nav": nav,
        "not_in_nav": "cases/*\nglossary/*" if careful else "",
        "plugins": ["search", {"i18n": {"docs_structure": "suffix", "reconfigure_material": True,
            "languages": [{"locale": lang, "name": lang, "default": lang == languages[0], "build": True} for lang in languages]}}],
    }  # fmt: skip
    content.write(project, pages)
    (project / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
    )
    return project


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from /proc (Linux)."""
    out, stack = [], [pid]
    while stack:
        current = stack.pop()
        out.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as f:
                    stack += [int(child) for child in f.read().split()]
        except OSError:
            continue
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
    except OSError:
        return 0


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``command``; its wall-clock seconds and the peak of its processes' summed PSS (MB)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], sum(_pss_kb(pid) for pid in _tree(process.pid)))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{output[-4000:]}")
    return seconds, peak[0] / 1024


def measure(size: int, repeat: int, keep: bool) -> dict[str, tuple[float, float]]:
    languages = read(ROOT).languages
    glossary_files, forms = content.glossary(100, languages)
    files = {**glossary_files, **content.cases(size, languages, forms)}
    parent = Path(tempfile.mkdtemp(prefix=f"casebook-bench-{size}-"))
    projects = {
        "project": project_copy(parent, files),
        "plain": plain_copy(parent, "plain", files, languages, careful=False),
        "careful": plain_copy(parent, "careful", files, languages, careful=True),
    }
    commands = {
        "project": [sys.executable, "-m", "casebook", "build", "--site-dir", "site"],
        "plain": [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", "site"],
        "careful": [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", "site"],
    }
    results = {}
    for name, project in projects.items():
        runs = [timed(commands[name], project) for _ in range(repeat)]
        results[name] = (min(s for s, _ in runs), max(m for _, m in runs))
        print(
            f"  N = {size}, {name}: {results[name][0]:.1f} s, peak {results[name][1]:.0f} MB",
            flush=True,
        )
    if not keep:
        shutil.rmtree(parent)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000", help="cases per language, comma-separated")
    parser.add_argument(
        "--repeat", type=int, default=1, help="builds of each kind; the fastest counts"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    args = parser.parse_args()
    print(f"languages: {', '.join(read(ROOT).languages)}; {os.cpu_count()} CPUs")
    print("| N | project | plain | careful | plain ÷ project | careful ÷ project | peak memory |")
    print("|---|---|---|---|---|---|---|")
    failed = False
    rows = []
    for size in (int(n) for n in args.sizes.split(",")):
        r = measure(size, args.repeat, args.keep)
        versus_plain, versus_careful = (
            r["plain"][0] / r["project"][0],
            r["careful"][0] / r["project"][0],
        )
        rows.append(
            f"| {size} | {r['project'][0]:.1f} s | {r['plain'][0]:.1f} s | {r['careful'][0]:.1f} s "
            f"| {versus_plain:.2f}× | {versus_careful:.2f}× | {r['project'][1]:.0f} MB |"
        )
        failed |= versus_plain < TARGETS["plain"] or versus_careful < TARGETS["careful"]
        failed |= r["project"][1] >= TARGETS["memory_mb"]
    print("\n".join(rows))
    print(f"targets: plain ÷ project ≥ {TARGETS['plain']}, careful ÷ project ≥ {TARGETS['careful']}, "
          f"peak memory < {TARGETS['memory_mb']} MB: {'FAIL' if failed else 'PASS'}")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
