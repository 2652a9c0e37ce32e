"""The controlled vocabularies (kinds, themes, instruments, audiences) and packaged data.

Keys are language-neutral and written once in front matter; each language's labels live in
its locale file (:mod:`casebook.localise`). Keeping the keys in one YAML file lets a
contributor add a theme without touching code.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any, Literal

import yaml

SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader, on libyaml's parser when PyYAML was built with it: no tag can
construct a Python object either way."""


def packaged_data(name: str) -> Any:
    """A YAML file shipped in the package (``vocabularies.yml``, ``locales/fr.yml``…)."""
    text = files("casebook").joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=SAFE_LOADER)


@cache
def vocabularies() -> dict[str, dict[str, dict[str, str]]]:
    return packaged_data("vocabularies.yml")


def keys(name: str) -> tuple[str, ...]:
    return tuple(vocabularies()[name])


def description(name: str, key: str) -> str:
    return vocabularies()[name][key]["description"]


def literal(name: str):
    """A ``Literal`` type of a vocabulary's keys, so the model and its JSON Schema enumerate them."""
    return Literal[keys(name)]  # type: ignore[valid-type]
