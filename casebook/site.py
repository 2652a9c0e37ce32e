"""The site's languages and address, as ``mkdocs.yml`` configures them.

Which languages the casebook has is configuration, never code: the list is
mkdocs-static-i18n's ``languages`` (the default one first), each language's site name its
``site_name`` override. The MkDocs adapter builds a :class:`Site` from the loaded
configuration; the command line reads the same file without MkDocs.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Site:
    """Languages (default first), their names, and the published address."""

    root: Path
    languages: tuple[str, ...]
    site_url: str = "/"
    names: dict[str, str] = field(default_factory=dict, compare=False)
    site_names: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def default(self) -> str:
        return self.languages[0]

    @property
    def others(self) -> tuple[str, ...]:
        return self.languages[1:]

    def prefix(self, language: str) -> str:
        """Where a language's pages live: ``""`` for the default, ``"en/"`` for English."""
        return "" if language == self.default else f"{language}/"

    def url(self, language: str, path: str) -> str:
        """The absolute address of a page, from its path without language (``cases/x.html``)."""
        return f"{self.site_url.rstrip('/')}/{self.prefix(language)}{path}"

    def relative(self, from_page: str, to_path: str) -> str:
        """A link from a page's URL (``en/cases/x.html``) to a site path (``en/glossary/``)."""
        target = posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")
        if to_path.endswith("/"):
            return "" if target == "." else target + "/"
        return target


def from_i18n(root: Path, site_url: str, site_name: str, languages: list[Any]) -> Site:
    """A :class:`Site` from mkdocs-static-i18n's ``languages`` entries (mappings, or the
    plugin's config objects, which read like mappings)."""
    entries = sorted(languages, key=lambda entry: not entry.get("default"))
    return Site(
        root=root,
        languages=tuple(entry["locale"] for entry in entries),
        site_url=site_url or "/",
        names={entry["locale"]: entry.get("name") or entry["locale"] for entry in entries},
        site_names={entry["locale"]: entry.get("site_name") or site_name for entry in entries},
    )


class _ConfigLoader(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` as MkDocs does for what the casebook needs: ``!ENV`` resolved,
    other tags (Python objects for Markdown extensions) read as nothing."""


def _environment(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
    values = [names] if names is not None else loader.construct_sequence(node)
    *variables, default = values if len(values) > 1 else (*values, None)
    return next((os.environ[v] for v in variables if v in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _environment)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read(root: Path, config_file: str = "mkdocs.yml") -> Site:
    """The :class:`Site` that ``mkdocs.yml`` (in ``root``) describes."""
    config = yaml.load((root / config_file).read_text(encoding="utf-8"), Loader=_ConfigLoader)
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = plugin["i18n"]["languages"]
            break
    else:
        raise ValueError(f"{root / config_file}: no i18n plugin with its languages")
    return from_i18n(
        root.resolve(), config.get("site_url") or "/", config.get("site_name", ""), languages
    )
