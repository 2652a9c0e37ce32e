"""Open data and citation: the cases and the glossary as JSON, CSV, SKOS and a Frictionless
data package; schema.org JSON-LD for each case page; a formatted reference, BibTeX and
CSL-JSON for each case.

Everything is computed from the checked content, so the data a researcher downloads is
exactly what the site shows, in every language of the site. Each CSV file is described
once, by its table of columns (name, type, description, value), from which both the file
and its schema in the data package are made.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from . import localise
from .book import Casebook, Entry
from .regions import region_of
from .site import Site

PUBLISHER = "Villes en coopération / Cities in cooperation contributors"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"


def page_url(site: Site, section: str, page_id: str, language: str) -> str:
    return site.url(language, f"{section}/{page_id}.html")


def _per_language(entry: Entry, languages: tuple[str, ...], get: Callable[[dict], Any]) -> dict:
    return {language: get(entry.data[language]) for language in languages}


def case_record(entry: Entry, site: Site) -> dict:
    """Every structured field of a case, its texts in every language."""
    languages = site.languages
    facts = entry.data[site.default]
    record = {
        "id": entry.id,
        "kind": facts["kind"],
        "brief": facts["brief"],
        "period": facts["period"],
        "themes": facts["themes"],
        "instruments": facts["instruments"],
        "partners": [
            {
                **p,
                "name": _per_language(entry, languages, lambda d, i=i: d["partners"][i]["name"]),
                "region": region_of(p["country"]),
            }
            for i, p in enumerate(facts["partners"])
        ],
        "milestones": [
            {
                "year": m["year"],
                "label": _per_language(
                    entry, languages, lambda d, i=i: d["milestones"][i]["label"]
                ),
            }
            for i, m in enumerate(facts["milestones"])
        ],
        "indicators": [
            {
                **{k: v for k, v in indicator.items() if k != "label"},
                "label": _per_language(
                    entry, languages, lambda d, i=i: d["indicators"][i]["label"]
                ),
            }
            for i, indicator in enumerate(facts["indicators"])
        ],
        "reproduce": _reproduce_record(entry, languages) if facts.get("reproduce") else None,
        "title": _per_language(entry, languages, lambda d: d["title"]),
        "summary": _per_language(entry, languages, lambda d: d["summary"]),
        "translated": [language for language in languages if entry.translated(language)],
        "sources": facts["sources"],
        "last_reviewed": facts["last_reviewed"],
        "authors": facts.get("authors") or [],
        "url": {language: page_url(site, "cases", entry.id, language) for language in languages},
    }
    return record


REPRODUCE_GROUPS = ("preconditions", "first_steps", "involve", "pitfalls", "indicators")


def _reproduce_record(entry: Entry, languages: tuple[str, ...]) -> dict:
    facts = entry.data[languages[0]]["reproduce"]
    record: dict[str, Any] = {
        group: [
            {
                "text": _per_language(
                    entry, languages, lambda d, g=group, i=i: d["reproduce"][g][i]["text"]
                ),
                "source": advice["source"],
                "reading": advice["reading"],
            }
            for i, advice in enumerate(facts[group])
        ]
        for group in REPRODUCE_GROUPS
    }
    record["cahiers"] = facts["cahiers"]
    return record


Column = tuple[str, str, str, Callable[[dict], Any]]
"""A CSV column: name, Frictionless type, description, and its value from a record."""


def _joined(values: list, separator: str = " ") -> str:
    return separator.join(str(v) for v in values)


def case_columns(site: Site) -> list[Column]:
    """The columns of ``cases.csv``: texts once per language of the site."""
    default = site.default

    def per_language(name: str, what: str, key: str) -> list[Column]:
        return [
            (
                f"{name}_{language}",
                "string",
                f"{what} in {localise.language_name(language, 'en')}",
                lambda r, language=language: r[key][language],
            )
            for language in site.languages
        ]

    return [
        ("id", "string", "Case identifier (also the page name)", lambda r: r["id"]),
        ("kind", "string", "Kind of international action (vocabulary 'kind')", lambda r: r["kind"]),
        ("period_start", "integer", "First year", lambda r: r["period"]["start"]),
        (
            "period_end",
            "integer",
            "Last year; empty while the relationship continues",
            lambda r: "" if r["period"]["end"] is None else r["period"]["end"],
        ),
        (
            "countries",
            "string",
            "ISO 3166-1 alpha-2 codes of the partners, separated by spaces",
            lambda r: _joined(dict.fromkeys(p["country"] for p in r["partners"])),
        ),
        (
            "partners",
            "string",
            f"Partner names ({localise.language_name(default, 'en')}), separated by ' | '",
            lambda r: _joined([p["name"][default] for p in r["partners"]], " | "),
        ),
        (
            "themes",
            "string",
            "Theme keys (vocabulary 'theme'), separated by spaces",
            lambda r: _joined(r["themes"]),
        ),
        (
            "instruments",
            "string",
            "Instrument keys (vocabulary 'instrument'), separated by spaces",
            lambda r: _joined(r["instruments"]),
        ),
        *per_language("title", "Title", "title"),
        *per_language("summary", "Summary", "summary"),
        (
            "translated",
            "string",
            "Languages the case is written in, separated by spaces",
            lambda r: _joined(r["translated"]),
        ),
        (
            "first_steps",
            "string",
            f"'Reproduce it': first steps ({localise.language_name(default, 'en')}), separated by ' | '",
            lambda r: _joined(
                [a["text"][default] for a in (r["reproduce"] or {}).get("first_steps", [])], " | "
            ),
        ),
        ("sources", "integer", "Number of sources cited", lambda r: len(r["sources"])),
        (
            "last_reviewed",
            "date",
            "Date the case was last checked against its sources",
            lambda r: r["last_reviewed"],
        ),
        *[
            (
                f"url_{language}",
                "string",
                f"Page in {localise.language_name(language, 'en')}",
                lambda r, language=language: r["url"][language],
            )
            for language in site.languages
        ],
    ]


def glossary_columns(book: Casebook) -> list[Column]:
    """The columns of ``glossary.csv``: the term in every site language and its
    equivalents in other languages, then each site language's forms and definition."""
    site = book.site
    names = {language: localise.language_name(language, "en") for language in site.languages}
    equivalents = sorted(
        {code for e in book.terms.values() for code in e.data[site.default]["equivalents"]}
        - set(site.languages)
    )

    def column(name: str, description: str) -> Column:
        return (name, "string", description, lambda record: record.get(name, ""))

    return [
        column("id", "Entry identifier"),
        *[column(f"term_{lang}", f"Term in {names[lang]}") for lang in site.languages],
        *[
            column(f"term_{code}", f"{localise.language_name(code, 'en')} equivalent, if any")
            for code in equivalents
        ],
        *[
            column(f"aliases_{lang}", f"Other {names[lang]} forms, separated by ' | '")
            for lang in site.languages
        ],
        *[
            column(f"definition_{lang}", f"One-sentence definition in {names[lang]}")
            for lang in site.languages
        ],
        column("related", "Identifiers of related entries, separated by spaces"),
    ]


def glossary_record(entry: Entry, site: Site) -> dict[str, str]:
    """A glossary entry's row: its texts in each language it is written in; in the others,
    the equivalent the French file gives, if any."""
    facts = entry.data[site.default]
    record = {"id": entry.id, "related": _joined(facts["related"])}
    for code, word in facts["equivalents"].items():
        record[f"term_{code}"] = word
    for language in site.languages:
        data = entry.data[language] if entry.translated(language) else {}
        record[f"term_{language}"] = data.get("term") or facts["equivalents"].get(language, "")
        record[f"aliases_{language}"] = _joined(data.get("aliases", []), " | ")
        record[f"definition_{language}"] = data.get("short", "")
    return record


def _csv(columns: list[Column], records: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([name for name, *_ in columns])
    for record in records:
        writer.writerow([value(record) for *_, value in columns])
    return buffer.getvalue()


def datapackage(book: Casebook) -> str:
    def resource(name: str, path: str, title: str, columns: list[Column]) -> dict:
        return {
            "name": name,
            "path": path,
            "title": title,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [{"name": n, "type": t, "description": d} for n, t, d, _ in columns],
                "primaryKey": ["id"],
            },
        }

    *others, last = [localise.language_name(language, "en") for language in book.site.languages]
    names = f"{', '.join(others)} and {last}" if others else last
    package = {
        "name": "villes-en-cooperation",
        "title": "Villes en coopération / Cities in cooperation",
        "description": f"Cases of local governments' international action and the glossary of the trade, in {names}.",
        "licenses": [
            {"name": "CC-BY-4.0", "path": LICENSE_URL, "title": "Creative Commons Attribution 4.0"}
        ],
        "resources": [
            resource("cases", "cases.csv", "Cases", case_columns(book.site)),
            resource("glossary", "glossary.csv", "Glossary", glossary_columns(book)),
        ],
    }
    return json.dumps(package, ensure_ascii=False, indent=1) + "\n"


def skos(book: Casebook) -> dict:
    """The glossary as a SKOS concept scheme in JSON-LD: every language of the site has
    full entries (label, forms, definition), other languages an equivalent label."""
    site = book.site
    scheme = site.url(site.default, "glossary/index.html")

    def url(term_id: str, language: str) -> str:
        return page_url(site, "glossary", term_id, language)

    graph: list[dict] = [
        {
            "@id": scheme,
            "@type": "skos:ConceptScheme",
            "skos:prefLabel": [
                {"@value": localise.t(language, "glossary_scheme"), "@language": language}
                for language in site.languages
            ],
        }
    ]
    for entry in sorted(book.terms.values(), key=lambda e: e.id):
        pref, alt, definition = [], [], []
        translated = [language for language in site.languages if entry.translated(language)]
        for language in translated:
            data = entry.data[language]
            pref.append({"@value": data["term"], "@language": language})
            alt += [{"@value": a, "@language": language} for a in data.get("aliases", [])]
            definition.append({"@value": data["short"], "@language": language})
        facts = entry.data[site.default]
        pref += [
            {"@value": word, "@language": code}
            for code, word in facts["equivalents"].items()
            if code not in translated
        ]
        graph.append(
            {
                "@id": url(entry.id, site.default),
                "@type": "skos:Concept",
                "skos:inScheme": {"@id": scheme},
                "skos:notation": entry.id,
                "skos:prefLabel": pref,
                "skos:altLabel": alt,
                "skos:definition": definition,
                "skos:related": [{"@id": url(r, site.default)} for r in facts["related"]],
                "skos:exactMatch": [{"@id": url(entry.id, lang)} for lang in translated[1:]],
            }
        )
    return {"@context": {"skos": "http://www.w3.org/2004/02/skos/core#"}, "@graph": graph}


def downloads(book: Casebook) -> dict[str, str]:
    """The open-data files, by their path in the site (:data:`casebook.book.DOWNLOADS`)."""
    cases = [case_record(e, book.site) for e in sorted(book.cases.values(), key=lambda e: e.id)]
    terms = [glossary_record(e, book.site) for e in sorted(book.terms.values(), key=lambda e: e.id)]
    return {
        "data/cases.json": json.dumps({"cases": cases}, ensure_ascii=False, separators=(",", ":"))
        + "\n",
        "data/cases.csv": _csv(case_columns(book.site), cases),
        "data/glossary.csv": _csv(glossary_columns(book), terms),
        "data/glossary.skos.jsonld": json.dumps(
            skos(book), ensure_ascii=False, separators=(",", ":")
        )
        + "\n",
        "data/datapackage.json": datapackage(book),
    }


def _script_json(data: dict) -> str:
    """JSON safe inside ``<script>``: no ``</script>`` or ``<!--`` can close or open anything."""
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def case_jsonld(entry: Entry, language: str, site: Site) -> str:
    """schema.org description of a case page: the case, its places and its sources."""
    data = entry.data[language]
    url = page_url(site, "cases", entry.id, language)
    document = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": url,
        "url": url,
        "headline": data["title"],
        "description": data["summary"],
        "inLanguage": language if entry.translated(language) else site.default,
        "dateModified": data["last_reviewed"],
        "license": LICENSE_URL,
        "isPartOf": {"@type": "WebSite", "name": site.site_names[language], "url": site.site_url},
        "publisher": {"@type": "Organization", "name": PUBLISHER},
        "about": {"@type": "Thing", "name": localise.vocabulary("kind", data["kind"], language)},
        "keywords": [localise.vocabulary("theme", key, language) for key in data["themes"]],
        "temporalCoverage": f"{data['period']['start']}/{data['period']['end'] or '..'}",
        "spatialCoverage": [
            {
                "@type": "Place",
                "name": p["name"],
                "address": {"@type": "PostalAddress", "addressCountry": p["country"]},
                "geo": {"@type": "GeoCoordinates", "latitude": p["lat"], "longitude": p["lon"]},
            }
            for p in data["partners"]
        ],
        "citation": [
            {
                "@type": "CreativeWork",
                "name": s["title"],
                **({"author": s["author"]} if s.get("author") else {}),
                **({"publisher": s["publisher"]} if s.get("publisher") else {}),
                **(
                    {"datePublished": s["date"] or str(s["year"])}
                    if (s.get("date") or s.get("year"))
                    else {}
                ),
                **({"url": s["url"]} if s.get("url") else {}),
            }
            for s in data["sources"]
        ],
    }
    return _script_json(document)


def citation(entry: Entry, language: str, site: Site) -> dict[str, str]:
    """A formatted reference in the page's language, BibTeX and CSL-JSON for one case (or
    one cahier: its PDF says how to cite it)."""
    data = entry.data[language]
    url = page_url(site, entry.section, entry.id, language)
    reviewed = data["last_reviewed"]
    authors = data.get("authors") or [PUBLISHER]
    name = site.site_names[language]
    formatted = localise.t(
        language,
        "cite_reference",
        authors=", ".join(authors),
        title=data["title"],
        site=name,
        date=localise.long_date(reviewed, language),
        url=url,
    )
    bibtex = "\n".join(
        [
            f"@misc{{casebook-{entry.id}-{language},",
            f"  author = {{{' and '.join('{' + a + '}' for a in authors)}}},",
            f"  title = {{{{{data['title']}}}}},",
            f"  howpublished = {{{name}}},",
            f"  year = {{{reviewed[:4]}}},",
            f"  url = {{{url}}},",
            f"  note = {{{localise.t(language, 'last_reviewed', date=reviewed)}}},",
            f"  language = {{{language}}}",
            "}",
        ]
    )
    date_parts = {"date-parts": [[int(part) for part in reviewed.split("-")]]}
    csl = {
        "id": f"casebook-{entry.id}-{language}",
        "type": "webpage",
        "title": data["title"],
        "author": [{"literal": a} for a in authors],
        "container-title": name,
        "URL": url,
        "language": language,
        "issued": date_parts,
        "accessed": date_parts,
    }
    return {
        "formatted": formatted,
        "bibtex": bibtex,
        "csl": csl_json(csl),
        "url": url,
        "reviewed": localise.long_date(reviewed, language),
    }


def csl_json(item: dict) -> str:
    """One CSL-JSON item, as reference managers import it: an array of one object, a
    field per line."""
    fields = ",\n".join(
        f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in item.items()
    )
    return "[\n {\n" + fields + "\n }\n]"
