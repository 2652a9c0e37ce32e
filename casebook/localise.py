"""Localised names, dates, numbers and interface strings.

Country, region and language names, dates and numbers come from CLDR through Babel, so a
new partner country needs no translation work. What the engine itself prints (fact sheet
labels, explorer facets, banners) and the vocabularies' labels live in one file per
language, ``casebook/locales/<language>.yml``: a new language of the site is one more file.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import cache

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal

from .vocabularies import packaged_data


@cache
def _locale_file(language: str) -> dict:
    try:
        return packaged_data(f"locales/{language}.yml")
    except FileNotFoundError:
        raise LookupError(
            f"casebook/locales/{language}.yml:1: file: is missing "
            f"(expected the interface strings and vocabulary labels of every site language)"
        ) from None


def t(language: str, key: str, **values: object) -> str:
    """An interface string in ``language``, with ``{placeholders}`` filled in."""
    return template(language, key).format(**values)


def template(language: str, key: str) -> str:
    """An interface string with its ``{placeholders}`` left for the browser to fill."""
    return _locale_file(language)["interface"][key]


def vocabulary(name: str, key: str, language: str) -> str:
    return _locale_file(language)["vocabulary"][name][key]


def spacing(language: str) -> tuple[str, str]:
    """The punctuation marks that take a no-break space before them, and after them, in
    ``language``'s typography (French: ``: ; ? ! »`` and ``«``); none unless its file says."""
    rule = _locale_file(language).get("spacing") or {}
    return rule.get("before", ""), rule.get("after", "")


@cache
def _locale(language: str) -> Locale:
    """The CLDR locale the language's file names (``es_419``: Latin-American Spanish)."""
    return Locale.parse(_locale_file(language).get("babel", language))


def country_name(code: str, language: str) -> str:
    return _locale(language).territories.get(code, code)


def region_name(code: str, language: str) -> str:
    """A UN M49 region's name (``005`` → South America)."""
    return _locale(language).territories.get(code, code)


def language_name(code: str, language: str) -> str:
    """The name of language ``code`` in ``language``, as a label (``es`` in French: « Espagnol »)."""
    name = _locale(language).languages.get(code, code)
    return name[:1].upper() + name[1:]


def number(value: float, language: str) -> str:
    """``12500`` → « 12 500 » / “12,500”."""
    return format_decimal(value, locale=_locale(language))


def long_date(iso: str, language: str) -> str:
    """``2026-11-23`` → « 23 novembre 2026 » / “November 23, 2026”; ``2007-01`` → « janvier
    2007 » / “January 2007”; a year alone as written."""
    if len(iso) == 7:
        month = dt.date(int(iso[:4]), int(iso[5:]), 1)
        return format_skeleton("yMMMM", month, locale=_locale(language))
    if len(iso) != 10:
        return iso
    return format_date(dt.date.fromisoformat(iso), format="long", locale=_locale(language))


def conjoined(items: list[str], language: str) -> str:
    """``["Séoul", "Mexico"]`` → « Séoul et Mexico » / “Seoul and Mexico City”."""
    return format_list(items, locale=_locale(language)) if items else ""


def duration(minutes: int, language: str) -> str:
    if minutes < 60:
        return t(language, "minutes", n=minutes)
    hours, rest = divmod(minutes, 60)
    return t(language, "hours_minutes", h=hours, m=rest) if rest else t(language, "hours", h=hours)


def sort_key(text: str) -> str:
    """How lists sort names: accents and case ignored (« Évaluation » among the E)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
