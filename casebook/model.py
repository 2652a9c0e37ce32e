"""The content model: what a case, a cahier and a glossary entry may say.

Each kind of page has two models. The *source* model (the French file) holds every
field, facts included. The *translation* model (the English file) holds the texts and
may repeat a fact, which must then be equal to the source's (checked in
:mod:`casebook.content`). Strict types catch YAML's surprises: ``no`` read as false,
``2019-07-09`` read as a date, ``"1992"`` given where a year is expected.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .vocabularies import literal

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MARKUP = re.compile(r"[<>]")


def casebook_error(message: str, expected: str) -> PydanticCustomError:
    """A validation error whose message and expectation reach the contributor verbatim."""
    return PydanticCustomError("casebook", message, {"expected": expected})


def _plain_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise casebook_error("is empty", "some text")
    if "TODO" in value:
        raise casebook_error("still holds a TODO placeholder", "your own text")
    if MARKUP.search(value):
        raise casebook_error("contains HTML markup or angle brackets", "plain text without < or >")
    return value


def _country(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{2}", value) or pycountry.countries.get(alpha_2=value) is None:
        raise casebook_error(
            f"{value!r} is not an ISO 3166-1 alpha-2 country code",
            "two capital letters such as FR, MX or KR",
        )
    return value


def _iso_date(value: Any) -> str:
    """Accept ``2022-11-28`` quoted or not (YAML makes the bare form a date)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        try:
            parts = [int(p) for p in value.split("-")] + [1, 1]
            dt.date(parts[0], parts[1], parts[2])
        except ValueError:
            pass
        else:
            return value
    raise casebook_error(f"{value!r} is not a date", "YYYY-MM-DD, YYYY-MM or YYYY")


PlainText = Annotated[str, AfterValidator(_plain_text)]
Slug = Annotated[str, Field(pattern=SLUG, description="lower-case words joined by hyphens")]
Year = Annotated[int, Field(ge=1800, le=2100, description="a year such as 1992")]
Latitude = Annotated[float, Field(ge=-90, le=90, description="decimal degrees, -90 to 90")]
Longitude = Annotated[float, Field(ge=-180, le=180, description="decimal degrees, -180 to 180")]
Country = Annotated[
    str,
    AfterValidator(_country),
    Field(description="ISO 3166-1 alpha-2 code", pattern=r"^[A-Z]{2}$"),
]
IsoDate = Annotated[
    str,
    BeforeValidator(_iso_date),
    Field(description="YYYY-MM-DD", pattern=r"^\d{4}(-\d{2}){0,2}$"),
]
Url = Annotated[str, Field(pattern=r"^https?://[^\s<>\"]+$", description="an http(s) address")]

Kind = literal("kind")
Theme = literal("theme")
Instrument = literal("instrument")
Audience = literal("audience")


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Source(Strict):
    """A reference the page relies on; ``id`` lets an indicator name it."""

    id: Slug = Field(description="short key used by indicators, e.g. cemeri-2022")
    title: PlainText = Field(description="title of the document, in its own language")
    author: PlainText | None = None
    publisher: PlainText | None = None
    year: Year | None = Field(None, description="year of publication; null if undated")
    date: IsoDate | None = None
    url: Url | None = None
    note: PlainText | None = Field(None, description="what the source supports, or a caveat")

    @model_validator(mode="after")
    def _who_and_when(self) -> Source:
        if not (self.author or self.publisher):
            raise casebook_error("names neither an author nor a publisher", "author or publisher")
        if "year" not in self.model_fields_set and "date" not in self.model_fields_set:
            raise casebook_error(
                "has no year or date", "year: 2021, date: 2021-03-30, or year: null if undated"
            )
        return self


class Partner(Strict):
    name: PlainText = Field(description="the place's usual name in the page's language")
    country: Country
    lat: Latitude
    lon: Longitude


class Period(Strict):
    start: Year
    end: Year | None = Field(description="last year, or null if still running")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end is not None and self.end < self.start:
            raise casebook_error(
                f"ends ({self.end}) before it starts ({self.start})", "end ≥ start, or end: null"
            )
        return self


class Milestone(Strict):
    year: Year
    label: PlainText


class Indicator(Strict):
    """A figure reported for the case, always tied to a year and a listed source."""

    label: PlainText = Field(description="what is measured, in the page's language")
    value: float | None = Field(None, description="the figure, if the source gives one")
    year: Year = Field(description="year the figure refers to (or was published)")
    source: Slug = Field(description="id of an entry of sources")


def _unique(values: list) -> list:
    seen = [v for i, v in enumerate(values) if v in values[:i]]
    if seen:
        raise casebook_error(f"lists {seen[0]!r} twice", "each value once")
    return values


class CaseSource(Strict):
    """Front matter of a case in the default language (French): texts and facts."""

    id: Slug = Field(description="slug equal to the file name, e.g. seoul-mexico-city")
    title: PlainText = Field(max_length=120)
    summary: PlainText = Field(max_length=300, description="one or two sentences, ≤ 300 characters")
    kind: Kind  # type: ignore[valid-type]
    partners: list[Partner] = Field(min_length=1)
    period: Period
    themes: Annotated[list[Theme], AfterValidator(_unique)] = Field(min_length=1)  # type: ignore[valid-type]
    instruments: Annotated[list[Instrument], AfterValidator(_unique)] = []  # type: ignore[valid-type]
    milestones: list[Milestone] = Field(min_length=1)
    indicators: list[Indicator] = []
    sources: list[Source] = Field(min_length=1)
    last_reviewed: IsoDate = Field(description="date the case was last checked against its sources")
    authors: list[PlainText] = Field([], description="who wrote this page")


class PartnerText(Strict):
    name: PlainText | None = None
    country: Country | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None


class MilestoneText(Strict):
    year: Year | None = None
    label: PlainText


class IndicatorText(Strict):
    label: PlainText
    value: float | None = None
    year: Year | None = None
    source: Slug | None = None


class CaseTranslation(Strict):
    """Front matter of a case's translation: its texts; facts only if equal to the source's."""

    id: Slug | None = None
    title: PlainText = Field(max_length=120)
    summary: PlainText = Field(max_length=300)
    kind: Kind | None = None  # type: ignore[valid-type]
    partners: list[PartnerText] | None = None
    period: Period | None = None
    themes: list[Theme] | None = None  # type: ignore[valid-type]
    instruments: list[Instrument] | None = None  # type: ignore[valid-type]
    milestones: list[MilestoneText] | None = None
    indicators: list[IndicatorText] | None = None
    sources: list[Source] | None = None
    last_reviewed: IsoDate | None = None
    authors: list[PlainText] | None = None
    source_reviewed: IsoDate | None = Field(
        None, description="date the translation was last checked against the French text"
    )


class CahierSource(Strict):
    """Front matter of a training module (cahier) in French."""

    id: Slug
    number: int = Field(ge=1, le=99, description="position in the series of cahiers")
    title: PlainText = Field(max_length=120)
    summary: PlainText = Field(max_length=300)
    objectives: list[PlainText] = Field(min_length=1, description="learning objectives")
    duration_minutes: int = Field(ge=15, le=2400, description="estimated duration in minutes")
    audience: Annotated[list[Audience], AfterValidator(_unique)] = Field(min_length=1)  # type: ignore[valid-type]
    cases: list[Slug] = Field([], description="ids of the cases the cahier works with")
    sources: list[Source] = Field(min_length=1)
    last_reviewed: IsoDate
    authors: list[PlainText] = []


class CahierTranslation(Strict):
    id: Slug | None = None
    number: int | None = None
    title: PlainText = Field(max_length=120)
    summary: PlainText = Field(max_length=300)
    objectives: list[PlainText] = Field(min_length=1)
    duration_minutes: int | None = None
    audience: list[Audience] | None = None  # type: ignore[valid-type]
    cases: list[Slug] | None = None
    sources: list[Source] | None = None
    last_reviewed: IsoDate | None = None
    authors: list[PlainText] | None = None
    source_reviewed: IsoDate | None = Field(
        None, description="date the translation was last checked against the French text"
    )


class Equivalents(Strict):
    es: PlainText | None = Field(None, description="Spanish equivalent")
    pt: PlainText | None = Field(None, description="Portuguese equivalent")


class TermSource(Strict):
    """Front matter of a glossary entry in French."""

    id: Slug
    term: PlainText = Field(max_length=80)
    aliases: Annotated[list[PlainText], AfterValidator(_unique)] = Field(
        [], description="other forms that should link here: plurals, inflections, acronyms"
    )
    short: PlainText = Field(max_length=250, description="one-sentence definition (tooltip)")
    equivalents: Equivalents = Equivalents()
    related: Annotated[list[Slug], AfterValidator(_unique)] = []
    sources: list[Source] = Field(min_length=1)
    last_reviewed: IsoDate


class TermTranslation(Strict):
    id: Slug | None = None
    term: PlainText = Field(max_length=80)
    aliases: Annotated[list[PlainText], AfterValidator(_unique)] = []
    short: PlainText = Field(max_length=250)
    equivalents: Equivalents | None = None
    related: list[Slug] | None = None
    sources: list[Source] | None = None
    last_reviewed: IsoDate | None = None
    source_reviewed: IsoDate | None = Field(
        None, description="date the translation was last checked against the French text"
    )


class PageSource(Strict):
    """Front matter of a hand-written page in ``docs/`` (home, about, trainers…)."""

    title: PlainText = Field(max_length=120)
    description: PlainText | None = Field(None, max_length=300)
    render_macros: bool = Field(False, description="opt in to mkdocs-macros rendering")
    hide: list[str] = []
    template: str | None = None
    source_reviewed: IsoDate | None = Field(
        None, description="translations only: date last checked against the French page"
    )


MODELS = {
    "case": (CaseSource, CaseTranslation),
    "cahier": (CahierSource, CahierTranslation),
    "term": (TermSource, TermTranslation),
    "page": (PageSource, PageSource),
}
