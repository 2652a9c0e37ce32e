"""Whole-site build benchmark: the project against a plain Material site of the same pages.

What is measured, for N synthetic cases per language (``--sizes 100,1000``; ``--quick`` is
N = 20 and 100) and a 100-term glossary:

* the project's build: a temp copy of the engine (mkdocs.yml, hooks/, overrides/, docs/)
  with generated, validator-clean content, built by ``mkdocs build --strict`` in a fresh
  subprocess (cold: ``.cache/docs`` removed first), as the project builds on this machine:
  with two or more CPUs the languages are built side by side (hooks/parallel_languages.py).
  Wall-clock seconds, seconds per HTML page, and peak memory: the sum, sampled every
  50 ms, of the proportional set size (PSS) of the build and its forked language builds
  (the largest single process's ``ru_maxrss`` and the summed RSS are reported too);
* the same project built with the languages one after the other (``CASEBOOK_BUILD_JOBS=1``),
  to show what the parallel build is worth;
* a *plain* build of the same Markdown bodies in the same run: Material + search +
  mkdocs-static-i18n (suffix structure), no hooks, a title-only front matter and a ``nav``
  that lists every case and glossary page, as a site without the engine has to;
* the hooks' share, judged: the timed one-after-the-other build times every hook event
  (``_common.RUNNER``) and reports their sum (and the hooks' import) against its
  in-process build time; the figure judged is the median over ``--share-runs`` such builds
  (3 by default: one reading moves by two points either way with the machine's load).
  "Hooks" is read as what the project's hook events cost the build;
  two stricter readings are reported beside it, not judged: the same plus the methods of
  the classes hooks install in plugins (the search index whose splitter replaces
  Material's parser, timed the same way), and a profiled build (cProfile): time spent in
  functions defined under ``hooks/`` and ``casebook/`` (entry points called from outside
  those folders, so nested calls are not counted twice) divided by the profile's total,
  a figure cProfile inflates for code made of many small calls.

The project's temp copy also holds the real cases, cahiers and glossary (its docs/ pages
link to them), so it builds a few dozen more pages than the plain site; per-page figures
use the pages actually written.

Absolute times depend on the machine, so the script judges only ratios measured in the
same run — project against plain, N = 1000 against N = 100, hooks against the whole build —
plus peak memory. Targets are printed as PASS/FAIL; nothing is asserted.

Run from the repository root: ``python benchmarks/build.py [--sizes 100,1000] [--quick]``;
``--ref HEAD`` measures the project as committed (a ``git archive`` snapshot) instead of
the working tree, which keeps a long run consistent while someone edits the engine.
Results go to ``benchmarks/out/build.json``. Temp projects live outside the repository
and are removed unless ``--keep``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _common as c

TARGETS = {
    "speedup": 4.0,  # plain build time / project build time at the largest N, at least
    "scaling": 1.3,  # seconds per page at the largest N / at the smallest N, at most
    "hooks_share": 0.15,  # share of a build spent in hook events (timed, no profiler), below
    "peak_mb": 500.0,  # peak memory of a project build, below
}


def measure(
    size: int, terms: int, words: int, repeat: int, share_runs: int, profile: bool, keep: bool
) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"casebook-bench-build-{size}-"))
    try:
        started = time.perf_counter()
        glossary = c.make_glossary(terms)
        cases = c.make_cases(size, glossary, words=words)
        term_files = c.glossary_files(glossary)
        project = c.make_project(tmp, {**term_files, **c.case_files(cases)})
        plain = c.make_plain_project(tmp, cases, glossary, term_files)
        generated = time.perf_counter() - started
        check_seconds = c.check_project(project)
        print(f"N={size}: content generated in {generated:.1f} s, checked in {check_seconds:.1f} s")

        def cold_build(site: str, what: str, jobs: int | None = None) -> c.BuildResult:
            """A project build from scratch (no staging cache), which must succeed."""
            shutil.rmtree(project / ".cache", ignore_errors=True)
            result = c.run_build(project, tmp / site, jobs=jobs)
            c.require_success(result, f"{what} (N={size})")
            return result

        project_runs, sequential_runs, plain_runs = [], [], []
        for run in range(repeat):  # interleaved, so a slow patch of the machine hits all
            project_runs.append(cold_build("site-project", "project build"))
            sequential_runs.append(cold_build("site-sequential", "sequential project build", 1))
            result = c.run_build(plain, tmp / "site-plain")
            c.require_success(result, f"plain build (N={size})")
            plain_runs.append(result)
            print(
                f"N={size} run {run + 1}: project {project_runs[-1].seconds:.1f} s "
                f"({project_runs[-1].processes} processes), languages one after the other "
                f"{sequential_runs[-1].seconds:.1f} s, plain {plain_runs[-1].seconds:.1f} s"
            )
        for run in range(len(sequential_runs), share_runs):  # more readings of the share
            sequential_runs.append(cold_build("site-sequential", "sequential project build", 1))
            print(f"N={size} share reading {run + 1}: {_share(sequential_runs[-1]):.1%}")
        best_project = min(project_runs, key=lambda r: r.seconds)
        best_sequential = min(sequential_runs, key=lambda r: r.seconds)
        best_plain = min(plain_runs, key=lambda r: r.seconds)

        shares = None
        if profile:
            shutil.rmtree(project / ".cache", ignore_errors=True)
            prof = tmp / "project.prof"
            result = c.run_build(project, tmp / "site-profiled", profile=prof, jobs=1)
            c.require_success(result, f"profiled project build (N={size})")
            shares = {
                "hooks_and_casebook": c.profile_share(prof, [project / "hooks", c.CASEBOOK_DIR]),
                "hooks_glossary_links": c.profile_share(
                    prof, [project / "hooks" / "glossary_links.py"]
                ),
                "hooks_content": c.profile_share(prof, [project / "hooks" / "content.py"]),
                "profiled_wall_seconds": result.seconds,
                "top_functions": c.top_functions(prof),
            }
            if keep:
                print(f"profile kept: {prof}")
        return {
            "size": size,
            "terms": terms,
            "check_seconds": check_seconds,
            "content_files": c.content_counts(project),
            "project": _summary(best_project, project_runs),
            "sequential": _summary(best_sequential, sequential_runs),
            "plain": _summary(best_plain, plain_runs),
            "speedup": best_plain.seconds / best_project.seconds,
            "speedup_sequential": best_plain.seconds / best_sequential.seconds,
            "profile": shares,
            "temp": str(tmp) if keep else None,
        }
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


def _share(run: c.BuildResult) -> float:
    return run.hooks_seconds / run.build_seconds


def _summary(best: c.BuildResult, runs: list[c.BuildResult]) -> dict:
    return {
        "seconds": best.seconds,
        "in_process_build_seconds": best.build_seconds,
        "processes": best.processes,
        "hooks_seconds_timed": best.hooks_seconds,
        "hooks_share_timed": _share(best),
        "hooks_share_timed_all_runs": [_share(r) for r in runs],
        "hooks_share_timed_median": statistics.median(_share(r) for r in runs),
        "installed_seconds_timed": best.installed_seconds,
        "hooks_and_installed_share_timed": (best.hooks_seconds + best.installed_seconds)
        / best.build_seconds,
        "installed": dict(sorted(best.installed.items(), key=lambda item: -item[1])),
        "hook_events": dict(sorted(best.hook_events.items(), key=lambda item: -item[1])),
        "hook_loading": best.hook_loading,
        "seconds_all_runs": [r.seconds for r in runs],
        "mkdocs_reported_seconds": best.reported,
        "pages": best.pages,
        "seconds_per_page": best.seconds / best.pages,
        "peak_mb": max(r.peak_mb for r in runs),
        "peak_pss_mb_all_processes": max(r.tree_pss_mb for r in runs),
        "peak_rss_mb_all_processes": max(r.tree_rss_mb for r in runs),
        "max_rss_mb_one_process": max(r.max_rss_mb for r in runs),
    }


def verdicts(results: list[dict]) -> list[tuple[str, str, bool | None]]:
    small, large = results[0], results[-1]
    out: list[tuple[str, str, bool | None]] = []
    speedup = large["speedup"]
    out.append(
        (
            f"project ≥ {TARGETS['speedup']:g}× faster than plain (N={large['size']})",
            f"plain/project = {speedup:.2f}×",
            speedup >= TARGETS["speedup"],
        )
    )
    out.append(
        (
            "  diagnostic: the same project, languages one after the other (CASEBOOK_BUILD_JOBS=1)",
            f"plain/project = {large['speedup_sequential']:.2f}×",
            None,
        )
    )
    if len(results) > 1:
        scaling = large["project"]["seconds_per_page"] / small["project"]["seconds_per_page"]
        out.append(
            (
                f"s/page at N={large['size']} within {TARGETS['scaling']:g}× of N={small['size']}",
                f"{large['project']['seconds_per_page'] * 1000:.1f} / "
                f"{small['project']['seconds_per_page'] * 1000:.1f} ms = {scaling:.2f}×",
                scaling <= TARGETS["scaling"],
            )
        )
        added = (large["project"]["seconds"] - small["project"]["seconds"]) / (
            large["project"]["pages"] - small["project"]["pages"]
        )
        out.append(
            (
                "  diagnostic: marginal s/page between the two sizes, against s/page at "
                f"N={small['size']} (the glossary's pages are a fixed, cheaper share of small sites)",
                f"{added * 1000:.1f} / {small['project']['seconds_per_page'] * 1000:.1f} ms "
                f"= {added / small['project']['seconds_per_page']:.2f}×",
                None,
            )
        )
    else:
        out.append(("s/page scaling", "needs two sizes", None))
    sequential = large["sequential"]
    timed = sequential["hooks_share_timed_median"]
    readings = ", ".join(f"{share:.1%}" for share in sequential["hooks_share_timed_all_runs"])
    out.append(
        (
            f"hooks < {TARGETS['hooks_share']:.0%} of build: hook events, timed, one-after-the-other "
            f"build (N={large['size']}), median of its readings",
            f"{timed:.1%} ({readings})",
            timed < TARGETS["hooks_share"],
        )
    )
    installed = sequential["hooks_and_installed_share_timed"]
    out.append(
        (
            "  diagnostic: the same, with the methods of the search index the hooks install in "
            "Material's plugin (it cuts pages into sections instead of Material's slower parser)",
            f"{installed:.1%}",
            None,
        )
    )
    if large["profile"]:
        share = large["profile"]["hooks_and_casebook"]["share"]
        out.append(
            (
                "  diagnostic: all code under hooks/ and casebook/, cProfile (which inflates code "
                "made of many small calls, the search splitter above all)",
                f"{share:.1%}",
                None,
            )
        )
    peak = max(r["project"]["peak_mb"] for r in results)
    worst = max(results, key=lambda r: r["project"]["peak_mb"])["project"]
    out.append(
        (
            f"peak memory < {TARGETS['peak_mb']:g} MB (project builds, PSS summed over processes)",
            f"{peak:.0f} MB (summed RSS {worst['peak_rss_mb_all_processes']:.0f} MB, "
            f"largest process {worst['max_rss_mb_one_process']:.0f} MB)",
            peak < TARGETS["peak_mb"],
        )
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="cases per language, comma-separated")
    parser.add_argument("--quick", action="store_true", help="smoke run: --sizes 20,100")
    parser.add_argument("--terms", type=int, default=100, help="glossary entries (default 100)")
    parser.add_argument("--words", type=int, default=800, help="words per case body")
    parser.add_argument("--repeat", type=int, default=1, help="timed builds per size (best kept)")
    parser.add_argument(
        "--share-runs",
        type=int,
        default=3,
        help="one-after-the-other builds per size whose median hooks' share is judged (default 3)",
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile build")
    parser.add_argument("--keep", action="store_true", help="keep the temp projects")
    parser.add_argument("--ref", help="measure the project as committed at this git ref")
    args = parser.parse_args(argv)
    c.use_source(args.ref)
    sizes = [20, 100] if args.quick else sorted(int(s) for s in args.sizes.split(","))

    results = [
        measure(
            size,
            args.terms,
            args.words,
            args.repeat,
            args.share_runs,
            not args.no_profile,
            args.keep,
        )
        for size in sizes
    ]

    rows = []
    for r in results:
        share = r["profile"]["hooks_and_casebook"]["share"] if r["profile"] else None
        gloss = r["profile"]["hooks_glossary_links"]["share"] if r["profile"] else None
        rows.append(
            [
                r["size"],
                f"{r['project']['pages']}/{r['plain']['pages']}",
                f"{r['project']['seconds']:.1f}",
                f"{r['sequential']['seconds']:.1f}",
                f"{r['plain']['seconds']:.1f}",
                f"{r['project']['seconds_per_page'] * 1000:.1f}",
                f"{r['plain']['seconds_per_page'] * 1000:.1f}",
                f"{r['speedup']:.2f}×",
                f"{r['project']['peak_mb']:.0f}/{r['plain']['peak_mb']:.0f}",
                "—" if share is None else f"{share:.1%}",
                f"{r['sequential']['hooks_share_timed_median']:.1%}",
                "—" if gloss is None else f"{gloss:.1%}",
            ]
        )
    header = ["N/lang", "pages prj/plain", "project s", "one-by-one s", "plain s", "prj ms/page"]
    header += [
        "plain ms/page",
        "plain/prj",
        "peak MB prj/plain",
        "hooks+casebook",
        "hooks (timers, median)",
        "glossary hook",
    ]
    print()
    print(c.table(rows, header))
    print()
    checks = verdicts(results)
    for label, value, ok in checks:
        status = "    " if ok is None else ("PASS" if ok else "FAIL")
        print(f"{status}  {label}: {value}")
    large = results[-1]
    if large["profile"]:
        print(f"\nhook events, N={large['size']} (s, unprofiled one-after-the-other build):")
        for name, seconds in list(large["sequential"]["hook_events"].items())[:8]:
            print(f"  {seconds:8.2f}  {name}")
        print(f"\nhooks/ and casebook/ entry points, N={large['size']} (cumulative s, profiled):")
        for row in large["profile"]["hooks_and_casebook"]["entry_points"][:8]:
            print(f"  {row['cumulative_seconds']:8.2f}  {row['function']}")
        print(f"\nwhole build, top functions by own time, N={large['size']} (profiled):")
        for row in large["profile"]["top_functions"][:10]:
            print(f"  {row['own_seconds']:8.2f}  {row['calls']:>9}  {row['function']}")
    path = c.write_json(
        "build.json",
        {
            "targets": TARGETS,
            "results": results,
            "verdicts": [{"target": t, "value": v, "pass": ok} for t, v, ok in checks],
        },
    )
    print(f"\nwritten: {path.relative_to(c.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
