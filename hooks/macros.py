"""mkdocs-macros module: variables for the few hand-written pages that opt in.

Only pages with ``render_macros: true`` are rendered (``render_by_default: false``), so
contributed text containing ``{{ … }}`` is always printed literally.
"""

from __future__ import annotations

from casebook.staging import staged_book


def define_env(env) -> None:
    book = staged_book(env.conf["docs_dir"])
    env.variables["counts"] = {
        "cases": len(book.cases),
        "cahiers": len(book.cahiers),
        "terms": len(book.terms),
    }
