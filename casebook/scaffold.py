"""``python -m casebook new ID``: start a case from the template, in every language.

The placeholders (``TODO``) fail validation on purpose, so an unfinished case can never
be published by accident.
"""

from __future__ import annotations

import os
import re
import sys
from importlib.resources import files

from .model import SLUG
from .site import Site


def new_case(site: Site, case_id: str) -> int:
    """The case's file in every language of the site that has a template
    (``templates/case.LANG.md``): the default language's holds the facts, the others texts
    only. A language without one shows the French text until someone translates it."""
    root = site.root
    if not re.fullmatch(SLUG, case_id):
        print(
            f"{case_id!r}: not a valid id (expected lower-case words joined by hyphens)",
            file=sys.stderr,
        )
        return 2
    templates = files("casebook").joinpath("templates")
    languages = [lang for lang in site.languages if templates.joinpath(f"case.{lang}.md").is_file()]
    targets = [root / "cases" / f"{case_id}.{language}.md" for language in languages]
    existing = [t for t in targets if t.exists()]
    if existing:
        print(f"{existing[0]}: already exists (expected a new id)", file=sys.stderr)
        return 1
    for language, target in zip(languages, targets, strict=True):
        template = templates.joinpath(f"case.{language}.md").read_text(encoding="utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.replace("{id}", case_id), encoding="utf-8")
        print(os.path.relpath(target))
    print(
        "Fill in every TODO, then run: python -m casebook check "
        + " ".join(os.path.relpath(t) for t in targets),
        file=sys.stderr,
    )
    return 0
