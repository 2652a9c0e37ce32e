"""The content model: what a case, a cahier and a glossary entry may say.

Each kind of page has a *source* model (the default language's file), which holds every
field, facts included. Its *translation* model is derived from it (:func:`translation_of`):
a translation gives the texts (the fields a model names in ``TEXTS``), item by item for
lists of things that have texts (partners, milestones…), and may repeat a fact only to
say the same thing (checked in :mod:`casebook.checks`). Strict types catch YAML's
surprises: ``no`` read as false, ``2019-07-09`` read as a date, ``"1992"`` given where a
year is expected.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import typing
from functools import cache
from typing import Annotated, Any, ClassVar

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    create_model,
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


EU_CODES = {"UK": "GB", "EL": "GR"}
"""The European Union's codes for the United Kingdom and Greece, where ISO 3166-1 has others."""


def _country(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{2}", value) or pycountry.countries.get(alpha_2=value) is None:
        meant = _meant_country(value)
        raise casebook_error(
            f"{value!r} is not an ISO 3166-1 alpha-2 country code"
            + (f"; did you mean {meant.alpha_2!r} ({meant.name})?" if meant else ""),
            "two capital letters such as FR, MX or KR",
        )
    return value


def _meant_country(value: str) -> Any:
    """The country a contributor probably meant by a code in lower case, an EU code, an
    alpha-3 code or an English name (pycountry's lookup), if any."""
    try:
        return pycountry.countries.lookup(EU_CODES.get(value.strip().upper(), value.strip()))
    except LookupError:
        return None


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


def _unique(values: list) -> list:
    seen = [v for i, v in enumerate(values) if v in values[:i]]
    if seen:
        raise casebook_error(f"lists {seen[0]!r} twice", "each value once")
    return values


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
Names = Annotated[
    list[PlainText],
    # One name may be written without a list; a list is one validation path, so a wrong
    # name is reported at its place (author[1]), not once per way it could have been written.
    BeforeValidator(lambda names: [names] if isinstance(names, str) else names),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            "description": "one name, or a list of names (each language joins them its way)",
        }
    ),
]
Url = Annotated[str, Field(pattern=r"^https?://[^\s<>\"]+$", description="an http(s) address")]

Kind = literal("kind")
Theme = literal("theme")
Instrument = literal("instrument")
Audience = literal("audience")


class Strict(BaseModel):
    """Unknown keys refused, no type coercion, values frozen once checked."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    TEXTS: ClassVar[frozenset[str]] = frozenset()
    """Fields a translation gives in its own language; every other field is a fact."""
    TRANSLATED_WHOLE: ClassVar[frozenset[str]] = frozenset()
    """Lists of things with texts that a translation must give in full when the source has
    them (the others, such as partners, may be left out: their texts are then inherited)."""


class Source(Strict):
    """A reference the page relies on; ``id`` lets an indicator or an advice name it."""

    TEXTS = frozenset({"note"})

    id: Slug = Field(description="short key used by indicators, e.g. cemeri-2022")
    title: PlainText = Field(description="title of the document, in its own language")
    author: Names | None = None
    publisher: PlainText | None = None
    issue: int | None = Field(
        None, ge=1, description="number of the journal issue (the journal is the publisher)"
    )
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
    TEXTS = frozenset({"name"})

    name: PlainText = Field(description="the place's usual name in the page's language")
    country: Country
    lat: Latitude
    lon: Longitude


class Period(Strict):
    start: Year
    end: Year | None = Field(description="last year, or null if still running")
    approximate: bool = Field(
        False, description="true when the sources only let the start year be estimated"
    )

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end is not None and self.end < self.start:
            raise casebook_error(
                f"ends ({self.end}) before it starts ({self.start})", "end ≥ start, or end: null"
            )
        return self


class Milestone(Strict):
    TEXTS = frozenset({"label"})

    year: Year
    label: PlainText


class Indicator(Strict):
    """A figure reported for the case, always tied to a year and a listed source."""

    TEXTS = frozenset({"label"})

    label: PlainText = Field(description="what is measured, in the page's language")
    value: float | None = Field(None, description="the figure, if the source gives one")
    year: Year = Field(description="year the figure refers to (or was published)")
    source: Slug = Field(description="id of an entry of sources")


class Advice(Strict):
    """One piece of "reproduce it" advice: a listed source supports it, or it is the
    casebook's own reading, and the page says which."""

    TEXTS = frozenset({"text"})

    text: PlainText = Field(max_length=300, description="one or two sentences of advice")
    source: Slug | None = Field(None, description="id of the entry of sources that supports it")
    reading: bool = Field(False, description="true when it is the casebook's own reading")

    @model_validator(mode="after")
    def _grounded(self) -> Advice:
        if (self.source is None) == (not self.reading):
            raise casebook_error(
                "must either cite a source or be flagged as the casebook's reading, not both",
                "source: ID, or reading: true",
            )
        return self


AdviceList = Annotated[list[Advice], Field(min_length=1, max_length=6)]


class Reproduce(Strict):
    """How a practitioner could do the same at home: the "Reproduce it" section of a case."""

    TRANSLATED_WHOLE = frozenset(
        {"preconditions", "first_steps", "involve", "pitfalls", "indicators"}
    )

    preconditions: AdviceList = Field(description="what must be in place before starting")
    first_steps: AdviceList = Field(description="the first concrete steps")
    involve: AdviceList = Field(description="who to involve")
    pitfalls: AdviceList = Field(description="typical pitfalls")
    indicators: AdviceList = Field(description="indicators to start with")
    cahiers: Annotated[list[Slug], AfterValidator(_unique)] = Field(
        min_length=1, description="ids of the cahiers to read"
    )


class CaseSource(Strict):
    """Front matter of a case in the default language (French): texts and facts."""

    TEXTS = frozenset({"title", "summary"})
    TRANSLATED_WHOLE = frozenset({"milestones", "indicators", "reproduce"})

    id: Slug = Field(description="slug equal to the file name, e.g. seoul-mexico-city")
    title: PlainText = Field(max_length=120)
    summary: PlainText = Field(max_length=300, description="one or two sentences, ≤ 300 characters")
    kind: Kind  # type: ignore[valid-type]
    brief: bool = Field(
        False, description="true for a short case whose sources say little (400 to 800 words)"
    )
    partners: list[Partner] = Field(min_length=1)
    period: Period
    themes: Annotated[list[Theme], AfterValidator(_unique)] = Field(min_length=1)  # type: ignore[valid-type]
    instruments: Annotated[list[Instrument], AfterValidator(_unique)] = []  # type: ignore[valid-type]
    milestones: list[Milestone] = Field(min_length=1)
    indicators: list[Indicator] = []
    reproduce: Reproduce | None = Field(None, description="the 'Reproduce it' section")
    sources: list[Source] = Field(min_length=1)
    last_reviewed: IsoDate = Field(description="date the case was last checked against its sources")
    authors: list[PlainText] = Field([], description="who wrote this page")


class CahierSource(Strict):
    """Front matter of a training module (cahier) in French."""

    TEXTS = frozenset({"title", "summary", "objectives"})

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


LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$", description="ISO 639 code")]


class TermSource(Strict):
    """Front matter of a glossary entry in French."""

    TEXTS = frozenset({"term", "aliases", "short"})

    id: Slug
    term: PlainText = Field(max_length=80)
    aliases: Annotated[list[PlainText], AfterValidator(_unique)] = Field(
        [], description="other forms that should link here: plurals, inflections, acronyms"
    )
    short: PlainText = Field(max_length=250, description="one-sentence definition (tooltip)")
    match_case: bool = Field(
        False, description="link forms only as written: a name that is also a common word"
    )
    equivalents: dict[LanguageCode, PlainText] = Field(
        {}, description="the term in other languages, by ISO 639 code: es, pt"
    )
    related: Annotated[list[Slug], AfterValidator(_unique)] = []
    sources: list[Source] = Field(min_length=1)
    last_reviewed: IsoDate


class PageSource(Strict):
    """Front matter of a hand-written page in ``docs/`` (home, about, trainers…)."""

    TEXTS = frozenset({"title", "description", "render_macros", "hide", "template"})

    title: PlainText = Field(max_length=120)
    description: PlainText | None = Field(None, max_length=300)
    render_macros: bool = Field(False, description="opt in to mkdocs-macros rendering")
    hide: list[str] = []
    template: str | None = None


def texts_model(annotation: Any) -> type[Strict] | None:
    """The model with texts inside ``annotation`` (``list[Partner]``, ``Reproduce | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, Strict):
        return annotation if annotation.TEXTS or annotation.TRANSLATED_WHOLE else None
    for argument in typing.get_args(annotation):
        found = texts_model(argument)
        if found is not None:
            return found
    return None


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list or any(
        typing.get_origin(a) is list for a in typing.get_args(annotation)
    )


@cache
def translation_of(model: type[Strict], *, top: bool = True) -> type[Strict]:
    """The translation model of a source model: its texts as the source has them; each
    list or group with texts as the same list of the derived item model; every fact
    optional (a translation inherits it, and may repeat it only if equal)."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in model.TEXTS:
            fields[name] = (info.annotation, copy.copy(info))
            continue
        inner = texts_model(info.annotation)
        if inner is not None:
            derived = translation_of(inner, top=False)
            annotation = list[derived] if _is_list(info.annotation) else derived  # type: ignore[valid-type]
        else:
            annotation = info.annotation
        fields[name] = (annotation | None, Field(None, description=info.description))
    if top:
        fields["source_reviewed"] = (
            IsoDate | None,
            Field(
                None, description="date the translation was last checked against the French text"
            ),
        )
    return create_model(  # type: ignore[call-overload]
        f"{model.__name__.removesuffix('Source')}Translation",
        __base__=Strict,
        __doc__=f"A translation of {model.__name__}: texts only; facts inherited.",
        **fields,
    )


SOURCES: dict[str, type[Strict]] = {
    "case": CaseSource,
    "cahier": CahierSource,
    "term": TermSource,
    "page": PageSource,
}
"""The source model of each kind of page; :func:`translation_of` gives its translation's."""
