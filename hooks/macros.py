"""mkdocs-macros module: variables for the few hand-written pages that opt in.

Only pages with ``render_macros: true`` are rendered (``render_by_default: false``), so
contributed text containing ``{{ … }}`` is always printed literally.
"""

from __future__ import annotations

from pathlib import Path

from casebook.book import counts


def define_env(env) -> None:
    i18n = env.conf.plugins["i18n"]
    env.variables["counts"] = counts(Path(env.conf.config_file_path).parent, i18n.default_language)
