"""The controlled vocabularies (kinds, themes, instruments, audiences) and their labels.

Keys are language-neutral and written once in front matter; labels are per language.
Keeping them in one YAML file lets a contributor add a theme without touching code.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any, Literal

import yaml

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


def language_prefix(language: str, default: str = DEFAULT_LANGUAGE) -> str:
    """Where a language's pages live in the site: ``""`` for French, ``"en/"`` for English."""
    return "" if language == default else f"{language}/"


SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader on libyaml's parser when PyYAML was built with it (about ten
times faster than its own parser, same values), else its own: no tag can construct a
Python object either way."""


def packaged_data(name: str) -> Any:
    """A YAML file shipped in the package, read with :data:`SAFE_LOADER` (PyYAML's own
    parser took some 20 ms a file, in every build; both read these files the same,
    tested)."""
    text = files("casebook").joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=SAFE_LOADER)


@cache
def vocabularies() -> dict[str, dict[str, dict[str, str]]]:
    return packaged_data("vocabularies.yml")


def keys(name: str) -> tuple[str, ...]:
    return tuple(vocabularies()[name])


def label(name: str, key: str, language: str) -> str:
    return vocabularies()[name][key][language]


def literal(name: str):
    """A ``Literal`` type of a vocabulary's keys, so the model and its JSON Schema enumerate them."""
    return Literal[keys(name)]  # type: ignore[valid-type]
