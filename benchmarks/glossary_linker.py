"""Glossary linker benchmark: what linking terms costs, against what a build costs anyway.

What is measured (all in one run, so only ratios are judged, never absolute times):

1. In process, on 1,000 generated French pages (~800 words: ``##`` sections with anchors,
   paragraphs, a list, links, inline and fenced code) and a 500-term glossary (made-up
   French-like words with accents, 2–3 aliases each: inflections, sometimes an acronym):

   * baseline: ``markdown.markdown(...)`` of every page with the project's extensions,
     which is what MkDocs does for every page anyway (it builds one ``Markdown`` per page);
   * ``casebook.glossary.matcher(...)`` once, then ``link_terms(...)`` on the HTML of every
     page, with the ``href`` the hook uses, per page (cases) and per section (cahiers);
   * an anatomy of ``link_terms``: finding and masking the skipped regions alone, the patterns' scan of
     the text nodes alone, and the ``href`` callable alone;
   * scaling with the glossary's size (the same 100 pages, 50 … 1,000 terms).

2. Unless ``--no-site``: a generated fixture site built with the real project (a temp copy
   of mkdocs.yml, hooks/, overrides/, docs/ as ``tests/conftest.py`` does) with 1,000 cases
   per language and the 500-term glossary: one timed build (seconds per page, the
   "realistic build time per page"), then one under cProfile, where the glossary hook's
   share is the inclusive time of ``hooks/glossary_links.py`` (calls entering that file
   from outside it, so nested calls count once) divided by the profile's total.

The timed build also times every hook event (see ``_common.RUNNER``), which gives the
glossary hook's share without a profiler's distortion, as a cross-check.

The linker's cost is reported as a share of the baseline and of the realistic per-page
build time. ``--ref HEAD`` measures the project as committed (a ``git archive``
snapshot) instead of the working tree. Run from the repository root: ``python benchmarks/glossary_linker.py``
(``--quick`` for a small smoke run). Results go to ``benchmarks/out/glossary_linker.json``.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import _common as c
import markdown

engine = None  # casebook.glossary, imported by main() once the source is chosen (--ref)


def best_of(repeat: int, function):
    """Run ``function`` ``repeat`` times; the fastest run's seconds and its result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        outcome = function()
        seconds = time.perf_counter() - started
        if seconds < best:  # its result too: a figure in it (matcher time) is subtracted
            best, result = seconds, outcome
    return best, result


def to_html(pages: list[str]) -> list[str]:
    return [
        markdown.markdown(
            page, extensions=c.MARKDOWN_EXTENSIONS, extension_configs=c.MARKDOWN_CONFIGS
        )
        for page in pages
    ]


GLOSSARY_FROM_CASES = posixpath.relpath("glossary", "cases") + "/"


def href(term_id: str) -> str:
    """What hooks/glossary_links.py passes for a French case page (one relpath per page)."""
    return f"{GLOSSARY_FROM_CASES}{term_id}.html"


def engine_terms(glossary: list[c.GlossaryTerm], language: str = "fr") -> list:
    return [engine.Term(t.id, t.forms[language], t.short[language]) for t in glossary]


def link_all(terms: list[engine.Term], pages: list[str], per_section: bool = False):
    re.purge()  # the re module caches compiled patterns: measure the real compile
    started = time.perf_counter()
    compiled = engine.matcher(terms)
    built = time.perf_counter() - started
    results = [engine.link_terms(h, compiled, href, per_section=per_section) for h in pages]
    return built, results


def anatomy(terms: list[engine.Term], pages: list[str], repeat: int) -> dict:
    compiled = engine.matcher(terms)
    prepared = []
    for page in pages:
        stretches = engine._linkable(page)
        prepared.append((*engine._page_text(page, stretches), engine._spans(stretches)))

    def regions():
        for page in pages:
            engine._page_text(page, engine._linkable(page))

    def scan():
        return sum(
            1
            for text, lowered, spans in prepared
            for _ in engine._matches(compiled, text, lowered, spans)
        )

    skipping, _ = best_of(repeat, regions)
    scanning, matches = best_of(repeat, scan)
    links = sum(len(r.used) for r in [engine.link_terms(h, compiled, href) for h in pages])
    ids = [t.id for t in terms] * (links // max(1, len(terms)) + 1)
    hrefs, _ = best_of(repeat, lambda: [href(i) for i in ids[:links]])
    patterns = [p.pattern for p in (compiled.words, compiled.acronyms) if p is not None]
    return {
        "pattern_matches": matches,
        "links": links,
        "regions_seconds": skipping,
        "scan_seconds": scanning,
        "href_seconds": hrefs,
        "pattern_alternatives": sum(p.count("|") + 1 for p in patterns),
        "pattern_chars": sum(map(len, patterns)),
    }


def in_process(args) -> dict:
    big = c.make_glossary(max([args.terms, *args.scaling]))
    glossary = big[: args.terms]  # make_glossary is a stream: the first terms are the same
    cases = c.make_cases(args.pages, glossary, words=args.words)
    sources = [case.body["fr"] for case in cases]
    words = sum(len(re.findall(r"\w+", s)) for s in sources) / len(sources)
    print(f"{len(sources)} pages of ~{words:.0f} words, {len(glossary)} terms: converting…")

    markdown_seconds, pages = best_of(args.repeat, lambda: to_html(sources))
    terms = engine_terms(glossary)
    runs = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        built, results = link_all(terms, pages)
        runs.append((time.perf_counter() - started, built, results))
    link_seconds, matcher_seconds, results = min(runs, key=lambda r: r[0])
    section_seconds, _ = best_of(args.repeat, lambda: link_all(terms, pages, per_section=True))
    parts = anatomy(terms, pages, args.repeat)

    scaling = []
    subset = pages[: args.scaling_pages]
    for size in args.scaling:
        subset_terms = engine_terms(big[:size])
        seconds, (built, linked) = best_of(args.repeat, lambda t=subset_terms: link_all(t, subset))
        scan = anatomy(subset_terms, subset, args.repeat)["scan_seconds"]
        scaling.append(
            {
                "terms": size,
                "forms": sum(len(t.forms) for t in subset_terms),
                "matcher_seconds": built,
                "per_page_ms": (seconds - built) / len(subset) * 1000,
                "scan_per_page_ms": scan / len(subset) * 1000,
                "links_per_page": sum(len(r.used) for r in linked) / len(subset),
            }
        )
    return {
        "pages": len(pages),
        "terms": len(glossary),
        "forms": sum(len(t.forms) for t in terms),
        "words_per_page": words,
        "html_chars_per_page": sum(map(len, pages)) / len(pages),
        "links_per_page": sum(len(r.used) for r in results) / len(results),
        "distinct_terms_linked": len({t for r in results for t in r.used}),
        "markdown_seconds": markdown_seconds,
        "matcher_seconds": matcher_seconds,
        "link_seconds": link_seconds,  # matcher() included
        "link_per_section_seconds": section_seconds,
        "anatomy": parts,
        "scaling": scaling,
    }


def site(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="casebook-bench-glossary-"))
    try:
        glossary = c.make_glossary(args.terms)
        cases = c.make_cases(args.site_pages, glossary, words=args.words)
        files = {**c.glossary_files(glossary), **c.case_files(cases)}
        project = c.make_project(tmp, files)
        check_seconds = c.check_project(project)
        print(f"site: {args.site_pages} cases per language, {args.terms} terms, building…")
        timed = c.run_build(project, tmp / "site")
        c.require_success(timed, "fixture site build")
        shutil.rmtree(project / ".cache", ignore_errors=True)
        prof = tmp / "build.prof"
        profiled = c.run_build(project, tmp / "site-profiled", profile=prof)
        c.require_success(profiled, "profiled fixture site build")
        hook = c.profile_share(prof, [project / "hooks" / "glossary_links.py"])
        linker = c.profile_share(prof, [c.CASEBOOK_DIR / "glossary.py"])
        engine_share = c.profile_share(prof, [project / "hooks", c.CASEBOOK_DIR])
        return {
            "cases_per_language": args.site_pages,
            "terms": args.terms,
            "check_seconds": check_seconds,
            "content_files": c.content_counts(project),
            "build_seconds": timed.seconds,
            "mkdocs_reported_seconds": timed.reported,
            "pages": timed.pages,
            "seconds_per_page": timed.seconds / timed.pages,
            "peak_mb": timed.max_rss_mb,
            "in_process_build_seconds": timed.build_seconds,
            "hook_events": dict(sorted(timed.hook_events.items(), key=lambda item: -item[1])),
            "glossary_hook_seconds_timed": sum(
                seconds
                for name, seconds in timed.hook_events.items()
                if name.startswith("hooks/glossary_links.py:")
            ),
            "profiled_build_seconds": profiled.seconds,
            "glossary_hook": hook,
            "casebook_glossary_module": linker,
            "hooks_and_casebook": engine_share,
            "top_functions": c.top_functions(prof),
            "temp": str(tmp) if args.keep else None,
        }
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def report(data: dict) -> None:
    m = data["in_process"]
    n = m["pages"]
    ms = lambda seconds: f"{seconds / n * 1000:.2f}"  # noqa: E731
    base = m["markdown_seconds"]
    parts = m["anatomy"]

    def row(label: str, seconds: float) -> list[str]:
        return [label, f"{seconds:.2f}", ms(seconds), f"{seconds / base:.2f}"]

    rows = [
        row("markdown.markdown (baseline)", base),
        ["matcher() once", f"{m['matcher_seconds']:.3f}", ms(m["matcher_seconds"]), "—"],
        row("matcher + link_terms, per page", m["link_seconds"]),
        row("matcher + link_terms, per section", m["link_per_section_seconds"]),
        row("  of which: find and mask skipped regions", parts["regions_seconds"]),
        row("  of which: pattern scans", parts["scan_seconds"]),
        row("  of which: href (one string per link)", parts["href_seconds"]),
    ]
    print()
    print(
        f"{n} pages, ~{m['words_per_page']:.0f} words, {m['terms']} terms ({m['forms']} forms, "
        f"two patterns (words, acronyms) of {parts['pattern_chars']:,} chars with "
        f"{parts['pattern_alternatives']} '|' branches); {m['links_per_page']:.1f} links per page"
    )
    print(c.table(rows, ["measure", "total s", "ms/page", "× markdown"]))
    print("\nscaling with glossary size (same pages):")
    print(
        c.table(
            [
                [
                    s["terms"],
                    s["forms"],
                    f"{s['matcher_seconds'] * 1000:.0f}",
                    f"{s['per_page_ms']:.2f}",
                    f"{s['scan_per_page_ms']:.2f}",
                    f"{s['links_per_page']:.1f}",
                ]
                for s in m["scaling"]
            ],
            ["terms", "forms", "matcher ms", "link ms/page", "scan ms/page", "links/page"],
        )
    )
    s = data.get("site")
    if s:
        linker_page = m["link_seconds"] / n
        print(
            f"\nfixture site: {s['pages']} pages built in {s['build_seconds']:.1f} s "
            f"({s['seconds_per_page'] * 1000:.1f} ms/page, peak {s['peak_mb']:.0f} MB); "
            f"profiled build {s['profiled_build_seconds']:.1f} s"
        )
        rows = [
            [
                "linker (in process) / build time per page",
                f"{linker_page * 1000:.2f} / {s['seconds_per_page'] * 1000:.1f} ms",
                f"{linker_page / s['seconds_per_page']:.1%}",
            ],
            [
                "hooks/glossary_links.py events, unprofiled (timers)",
                f"{s['glossary_hook_seconds_timed']:.1f} / {s['in_process_build_seconds']:.1f} s",
                f"{s['glossary_hook_seconds_timed'] / s['in_process_build_seconds']:.1%}",
            ],
            [
                "hooks/glossary_links.py, inclusive (cProfile)",
                f"{s['glossary_hook']['inside_seconds']:.1f} / {s['glossary_hook']['total_seconds']:.1f} s",
                f"{s['glossary_hook']['share']:.1%}",
            ],
            [
                "casebook/glossary.py, inclusive (cProfile)",
                f"{s['casebook_glossary_module']['inside_seconds']:.1f} s",
                f"{s['casebook_glossary_module']['share']:.1%}",
            ],
            [
                "all of hooks/ + casebook/ (cProfile)",
                f"{s['hooks_and_casebook']['inside_seconds']:.1f} s",
                f"{s['hooks_and_casebook']['share']:.1%}",
            ],
        ]
        print(c.table(rows, ["share of the build", "measured", "share"]))
        files = s["content_files"]
        print(
            f"(source files: {files['cases.fr']} cases, {files['glossary.fr']} terms and "
            f"{files['cahiers.fr']} cahiers per language, the real ones included)"
        )
        print("\nhook events of the unprofiled build (s, all calls):")
        for name, seconds in list(s["hook_events"].items())[:4]:
            print(f"  {seconds:8.2f}  {name}")
        print("\nglossary hook entry points (cumulative s, profiled):")
        for row in s["glossary_hook"]["entry_points"][:5]:
            print(f"  {row['cumulative_seconds']:8.2f}  {row['function']}")
        print("glossary module, own time (s, profiled):")
        for row in s["casebook_glossary_module"]["own_time"][:5]:
            print(f"  {row['own_seconds']:8.2f}  {row['function']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--pages", type=int, default=1000, help="pages linked in process")
    parser.add_argument("--words", type=int, default=800, help="words per page")
    parser.add_argument("--repeat", type=int, default=3, help="in-process runs (best kept)")
    parser.add_argument("--scaling", default="50,100,250,500,1000", help="glossary sizes")
    parser.add_argument("--scaling-pages", type=int, default=100)
    parser.add_argument("--site-pages", type=int, default=1000, help="cases per language")
    parser.add_argument("--no-site", action="store_true", help="skip the fixture site build")
    parser.add_argument("--quick", action="store_true", help="100 pages, site of 100 cases")
    parser.add_argument("--keep", action="store_true", help="keep the temp project")
    parser.add_argument("--ref", help="measure the project as committed at this git ref")
    args = parser.parse_args(argv)
    c.use_source(args.ref)
    global engine
    from casebook import glossary as engine

    if args.quick:
        args.pages, args.site_pages, args.repeat, args.scaling_pages = 100, 100, 1, 50
    args.scaling = [int(s) for s in args.scaling.split(",")]

    data = {"in_process": in_process(args)}
    if not args.no_site:
        data["site"] = site(args)
    report(data)
    path = c.write_json("glossary_linker.json", data)
    print(f"\nwritten: {path.relative_to(c.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
