"""Finding cases: the explorer (cards and facets), the map, the timeline and the comparison.

Everything is generated at build time as HTML that reads well without JavaScript (a full
list, a plain table, a map with links, see :mod:`casebook.maps`); ``docs/assets/explorer.js``
adds the facet filters, live counts, sorting, the URL state and the map following the
filters on top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup

from . import localise, maps, render
from .book import Casebook
from .maps import Partner
from .regions import region_of


@dataclass
class CaseRecord:
    """What the finding tools need to know of a case, in one language."""

    id: str
    title: str
    summary: str
    kind: str
    kind_label: str
    themes: list[tuple[str, str]]
    instruments: list[str]
    partners: list[Partner]
    regions: list[tuple[str, str]]
    start: int
    end: int | None
    milestones: list[tuple[int, str]]
    indicators: list[str] = field(default_factory=list)
    first_steps: list[str] = field(default_factory=list)
    """The first steps of its "reproduce it" advice, for the comparison."""
    updated: str = ""
    """When the case was last checked against its sources (ISO date): the explorer sorts
    on it for "recently updated"."""

    @property
    def href(self) -> str:
        """URL relative to the ``cases/`` folder, where every finding page lives."""
        return f"{self.id}.html"

    @cached_property
    def countries(self) -> list[tuple[str, str]]:
        return list(dict.fromkeys((p.country, p.country_name) for p in self.partners))

    @property
    def end_year(self) -> int:
        """The period's end for explorer.js's period filter: a case still running ends
        in :data:`ONGOING`."""
        return self.end if self.end is not None else ONGOING

    @cached_property
    def facets(self) -> dict[str, str]:
        """The values explorer.js filters on (``data-*`` attributes), the period aside:
        a card carries the case's, a timeline item its milestone's year."""
        return {
            "kind": self.kind,
            "theme": " ".join(key for key, _ in self.themes),
            "country": " ".join(code for code, _ in self.countries),
            "region": " ".join(code for code, _ in self.regions),
        }

    @cached_property
    def facet_attributes(self) -> Markup:
        """The facets as ``data-*`` attributes, escaped once: a card shows them, and so does
        each of the case's milestones on the timeline."""
        return Markup("").join(
            Markup(' data-{}="{}"').format(key, value) for key, value in self.facets.items()
        )


SORTS = ("start", "title", "updated")
"""How the explorer's cards may be ordered (the first is the order they are written in)."""

ONGOING = 9999
"""The end year given to a case with no end, so that every period filter includes it."""


def records(book: Casebook, language: str) -> list[CaseRecord]:
    out = []
    for entry in book.cases.values():
        data = entry.data[language]
        partners = [
            Partner(
                p["name"],
                p["country"],
                localise.country_name(p["country"], language),
                p["lat"],
                p["lon"],
            )
            for p in data["partners"]
        ]
        regions = list(dict.fromkeys(region_of(p.country) for p in partners))
        indicators = []
        for indicator in data["indicators"]:
            value = indicator.get("value")
            figure = f"{localise.number(value, language)} — " if value is not None else ""
            indicators.append(f"{figure}{indicator['label']} ({indicator['year']})")
        out.append(
            CaseRecord(
                id=entry.id,
                title=data["title"],
                summary=data["summary"],
                kind=data["kind"],
                kind_label=localise.vocabulary("kind", data["kind"], language),
                themes=[
                    (key, localise.vocabulary("theme", key, language)) for key in data["themes"]
                ],
                instruments=[
                    localise.vocabulary("instrument", key, language) for key in data["instruments"]
                ],
                partners=partners,
                regions=[(code, localise.region_name(code, language)) for code in regions],
                start=data["period"]["start"],
                end=data["period"]["end"],
                milestones=[(m["year"], m["label"]) for m in data["milestones"]],
                indicators=indicators,
                first_steps=[a["text"] for a in (data["reproduce"] or {}).get("first_steps", [])],
                updated=data["last_reviewed"],
            )
        )
    return sorted(out, key=lambda r: (r.start, r.title))


def facet_options(cases: list[CaseRecord]) -> dict[str, list[tuple[str, str]]]:
    """Every value each facet takes, labelled, in a stable order."""
    kinds = dict((c.kind, c.kind_label) for c in cases)
    themes = dict(t for c in cases for t in c.themes)
    countries = dict(p for c in cases for p in c.countries)
    regions = dict(r for c in cases for r in c.regions)

    def by_label(items: dict[str, str]) -> list[tuple[str, str]]:
        return sorted(items.items(), key=lambda item: localise.sort_key(item[1]))

    return {
        "kind": by_label(kinds),
        "theme": by_label(themes),
        "country": by_label(countries),
        "region": by_label(regions),
    }


def explorer_html(cases: list[CaseRecord], language: str, assets: str) -> str:
    """The explorer: filters, the map of every case, and a card per case. ``assets``: the
    relative URL of the site's ``assets/`` folder, where the map's world is."""
    return render.fragment(
        "explorer.html",
        language,
        cases=cases,
        options=facet_options(cases),
        years=(
            min((c.start for c in cases), default=1900),
            max((c.end or c.start for c in cases), default=2100),
        ),
        count_template=localise.template(language, "shown_count"),
        none_template=localise.template(language, "no_case"),
        hint_template=localise.template(language, "no_case_hint"),
        sorts=SORTS,
        world_map=maps.draw(
            cases,
            language,
            title=localise.t(language, "map_title"),
            description=localise.t(language, "map_desc"),
            assets=assets,
            map_id="cb-map",
            whole_world=True,
        ),
    )


def timeline_html(cases: list[CaseRecord], language: str) -> str:
    """Every milestone of every case, year by year, with the explorer's filters."""
    milestones = sorted(
        ((year, label, case) for case in cases for year, label in case.milestones),
        key=lambda m: (m[0], m[2].title),
    )
    return render.fragment(
        "timeline.html",
        language,
        milestones=milestones,
        options=facet_options(cases),
        years=(
            min((m[0] for m in milestones), default=1900),
            max((m[0] for m in milestones), default=2100),
        ),
        count_template=localise.template(language, "shown_count_timeline"),
        none_template=localise.template(language, "no_milestone"),
        hint_template=localise.template(language, "no_milestone_hint"),
        sorts=(),
    )


def compare_html(cases: list[CaseRecord], language: str) -> str:
    """The cases side by side, in a table that sorts by column."""
    return render.fragment("compare.html", language, cases=cases)


def case_map(case: CaseRecord, language: str, assets: str) -> str:
    """A case's map, framed around its partners, described by their names and countries."""
    partners = localise.conjoined([f"{p.name} ({p.country_name})" for p in case.partners], language)
    return maps.draw(
        [case],
        language,
        title=localise.t(language, "map_case_title", title=case.title),
        description=localise.t(language, "map_case_desc", partners=partners),
        assets=assets,
        map_id="cb-case-map",
    )
