"""Explorer benchmark, in the browser: today's explorer against an earlier one, same content.

Both sites are built from the same N synthetic cases per language (default 1000) plus
the real content: one by this checkout's engine, one by the engine of ``--baseline``
(a commit, taken with ``git archive``). Headless Chromium (Debian's) then opens each
explorer and measures, in one run:

* **weight**: the bytes of everything the page loads, gzip-compressed as a host sends them;
* **filter**: milliseconds from ticking a country to the next painted frame (median of 11);
* **ready**: milliseconds to DOMContentLoaded.

Reported as values and as ratios (this ÷ baseline). ``python benchmarks/explorer.py
[--size 1000] [--baseline b62220d]``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
from pathlib import Path

import content

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from casebook.site import read  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
TICK = """async (value) => {
  const box = document.querySelector(`input[name=country][value="${value}"]`);
  const times = [];
  for (let i = 0; i < 11; i++) {
    const started = performance.now();
    box.click();
    await new Promise(done => requestAnimationFrame(() => setTimeout(done)));
    times.push(performance.now() - started);
  }
  return times;
}"""


def engine(commit: str | None, into: Path) -> Path:
    """This checkout as it is (``None``), or ``commit``'s tree."""
    into.mkdir(parents=True)
    if commit is None:
        archive = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        for name in archive.stdout.decode().split("\0"):
            if name and (ROOT / name).is_file():
                (into / name).parent.mkdir(parents=True, exist_ok=True)
                (into / name).write_bytes((ROOT / name).read_bytes())
        return into
    tree = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(tree.stdout)) as archive:
        archive.extractall(into, filter="data")
    return into


def build(project: Path, files: dict[str, str]) -> Path:
    content.write(project, files)
    site = project / "site"
    subprocess.run(
        [sys.executable, "-m", "casebook", "build", "--site-dir", str(site)],
        cwd=project,
        env={**ENV, "PYTHONPATH": str(project)},
        check=True,
        capture_output=True,
    )
    return site


def measure(site: Path, browser) -> dict[str, float]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"http://127.0.0.1:{server.server_address[1]}/cases/index.html")
    page.wait_for_load_state("networkidle")
    weight = sum(len(gzip.compress(r.body())) for r in responses if r.ok) / 1024
    ready = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    country = page.eval_on_selector("input[name=country]", "box => box.value")
    filtering = statistics.median(page.evaluate(TICK, country))
    page.close()
    server.shutdown()
    return {"weight": weight, "filter": filtering, "ready": ready}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1000, help="cases per language")
    parser.add_argument("--baseline", default="b62220d", help="the commit to compare with")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    languages = read(ROOT).languages
    glossary_files, forms = content.glossary(100, languages)
    files = {**glossary_files, **content.cases(args.size, languages, forms)}
    with tempfile.TemporaryDirectory(prefix="casebook-explorer-") as parent:
        sites = {
            "this": build(engine(None, Path(parent) / "this"), files),
            "baseline": build(engine(args.baseline, Path(parent) / "baseline"), files),
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            results = {name: measure(site, browser) for name, site in sites.items()}
            browser.close()
    this, base = results["this"], results["baseline"]
    print(f"N = {args.size} cases per language; baseline {args.baseline}")
    print("| | weight (gzip) | filter | ready |")
    print("|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['weight']:.0f} KB | {r['filter']:.1f} ms | {r['ready']:.0f} ms |")
    print(
        f"| this ÷ baseline | {this['weight'] / base['weight']:.2f}× | "
        f"{this['filter'] / base['filter']:.2f}× | {this['ready'] / base['ready']:.2f}× |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
