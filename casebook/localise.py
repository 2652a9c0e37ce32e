"""Localised names, dates and interface strings.

Country names and dates come from CLDR through Babel (a maintained library), so a new
partner country needs no translation work; interface strings live in ``interface.yml``.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from .vocabularies import label as vocabulary_label
from .vocabularies import packaged_data


@cache
def _strings() -> dict[str, dict[str, str]]:
    return packaged_data("interface.yml")


def t(language: str, key: str, **values: object) -> str:
    """An interface string in ``language``, with ``{placeholders}`` filled in."""
    return _strings()[language][key].format(**values)


def template(language: str, key: str) -> str:
    """An interface string with its ``{placeholders}`` left for the browser to fill."""
    return _strings()[language][key]


@cache
def _locale(language: str) -> Locale:
    """Parsed once: Babel parses a locale string on every call it is given one."""
    return Locale.parse(language)


@cache
def country_name(code: str, language: str) -> str:
    return _locale(language).territories.get(code, code)


@lru_cache(maxsize=None, typed=True)  # 1 and 1.0 kept apart, as Babel would print them
def number(value: float, language: str) -> str:
    """``12500`` → « 12 500 » / “12,500”. Kept once formatted: each indicator's figure
    is printed on its case page and again on the explorer's card for the case."""
    return format_decimal(value, locale=_locale(language))


@cache  # the same few dates (reviews, milestones) recur on thousands of pages
def long_date(iso: str, language: str) -> str:
    """``2026-11-23`` → « 23 novembre 2026 » / “November 23, 2026”; partial dates kept as written."""
    if len(iso) != 10:
        return iso
    return format_date(dt.date.fromisoformat(iso), format="long", locale=_locale(language))


def vocabulary(name: str, key: str, language: str) -> str:
    return vocabulary_label(name, key, language)


def duration(minutes: int, language: str) -> str:
    if minutes < 60:
        return t(language, "minutes", n=minutes)
    hours, rest = divmod(minutes, 60)
    return t(language, "hours_minutes", h=hours, m=rest) if rest else t(language, "hours", h=hours)
