"""Glossary linker benchmark: linking terms against converting Markdown, page for page.

500 terms (with a plural each) and 1,000 synthetic pages of about 800 words: the pages
are converted by Python-Markdown with the site's extensions, then linked by
:func:`casebook.glossary.link_terms`. Reported: milliseconds per page for each, and their
ratio (compiling the terms' patterns included in the linker's time), best of three.
``python benchmarks/glossary_linker.py [--terms 500] [--pages 1000]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import markdown

import content

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from casebook.glossary import Term, link_terms, matcher  # noqa: E402

EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc", "pymdownx.superfences"]


def best(function, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    _, forms = content.glossary(args.terms, ("fr",))
    terms = [Term(f"t{i}", [form, form + "s"], f"Définition {i}") for i, form in enumerate(forms)]
    rng = random.Random(3)
    bodies = [content._body(rng, "fr", forms, [], 800) for _ in range(args.pages)]
    converter = markdown.Markdown(extensions=EXTENSIONS)
    pages: list[str] = []

    def convert() -> None:
        pages[:] = [converter.reset().convert(body) for body in bodies]

    def link() -> None:
        compiled = matcher(terms)
        for page in pages:
            link_terms(page, compiled, lambda term_id: f"../glossary/{term_id}.html")

    converting, linking = best(convert), best(link)
    print(f"{args.terms} terms × {args.pages} pages of about 800 words")
    print(f"Markdown conversion: {converting / args.pages * 1000:.2f} ms/page")
    print(f"glossary linking:    {linking / args.pages * 1000:.2f} ms/page "
          f"({linking / converting:.2f} × the conversion)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
