"""Open data and citation: the casebook as JSON, CSV and a Frictionless data package;
schema.org JSON-LD for each case; formatted references, BibTeX and CSL-JSON.

Everything is computed from the checked content, so the data a researcher downloads is
exactly what the site shows.
"""

from __future__ import annotations

import csv
import io
import json

from . import localise
from .content import Casebook, Entry
from .regions import region_of
from .vocabularies import DEFAULT_LANGUAGE, LANGUAGES, language_prefix

SITE_NAME = {"fr": "Villes en coopération", "en": "Cities in cooperation"}
PUBLISHER = "Villes en coopération / Cities in cooperation contributors"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"


def page_url(site_url: str, section: str, page_id: str, language: str) -> str:
    return f"{site_url.rstrip('/')}/{language_prefix(language)}{section}/{page_id}.html"


def case_record(entry: Entry, site_url: str) -> dict:
    """Every structured field of a case, texts in both languages."""
    facts = entry.data[DEFAULT_LANGUAGE]
    return {
        "id": entry.id,
        "kind": facts["kind"],
        "period": facts["period"],
        "themes": facts["themes"],
        "instruments": facts["instruments"],
        "partners": [
            {
                **p,
                "name": {lang: entry.data[lang]["partners"][i]["name"] for lang in LANGUAGES},
                "region": region_of(p["country"]),
            }
            for i, p in enumerate(facts["partners"])
        ],
        "milestones": [
            {
                "year": m["year"],
                "label": {lang: entry.data[lang]["milestones"][i]["label"] for lang in LANGUAGES},
            }
            for i, m in enumerate(facts["milestones"])
        ],
        "indicators": [
            {
                **{k: v for k, v in ind.items() if k != "label"},
                "label": {lang: entry.data[lang]["indicators"][i]["label"] for lang in LANGUAGES},
            }
            for i, ind in enumerate(facts["indicators"])
        ],
        "title": {lang: entry.data[lang]["title"] for lang in LANGUAGES},
        "summary": {lang: entry.data[lang]["summary"] for lang in LANGUAGES},
        "sources": facts["sources"],
        "last_reviewed": facts["last_reviewed"],
        "authors": facts.get("authors") or [],
        "url": {lang: page_url(site_url, "cases", entry.id, lang) for lang in LANGUAGES},
    }


def cases_json(book: Casebook, site_url: str) -> str:
    records = [case_record(e, site_url) for e in sorted(book.cases.values(), key=lambda e: e.id)]
    # Compact: one serialisation by json's C encoder (indented output goes through its pure
    # Python one, several times slower, for a file that tools read).
    return json.dumps({"cases": records}, ensure_ascii=False, separators=(",", ":")) + "\n"


CASE_COLUMNS = [
    ("id", "string", "Case identifier (also the page name)"),
    ("kind", "string", "Kind of international action (vocabulary 'kind')"),
    ("period_start", "integer", "First year"),
    ("period_end", "integer", "Last year; empty while the relationship continues"),
    ("countries", "string", "ISO 3166-1 alpha-2 codes of the partners, separated by spaces"),
    ("partners", "string", "Partner names (French), separated by ' | '"),
    ("themes", "string", "Theme keys (vocabulary 'theme'), separated by spaces"),
    ("instruments", "string", "Instrument keys (vocabulary 'instrument'), separated by spaces"),
    ("title_fr", "string", "Title in French"),
    ("title_en", "string", "Title in English"),
    ("summary_fr", "string", "Summary in French"),
    ("summary_en", "string", "Summary in English"),
    ("sources", "integer", "Number of sources cited"),
    ("last_reviewed", "date", "Date the case was last checked against its sources"),
    ("url_fr", "string", "Page in French"),
    ("url_en", "string", "Page in English"),
]


def cases_csv(book: Casebook, site_url: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([name for name, _, _ in CASE_COLUMNS])
    for entry in sorted(book.cases.values(), key=lambda e: e.id):
        record = case_record(entry, site_url)
        writer.writerow(
            [
                record["id"],
                record["kind"],
                record["period"]["start"],
                "" if record["period"]["end"] is None else record["period"]["end"],
                " ".join(dict.fromkeys(p["country"] for p in record["partners"])),
                " | ".join(p["name"]["fr"] for p in record["partners"]),
                " ".join(record["themes"]),
                " ".join(record["instruments"]),
                record["title"]["fr"],
                record["title"]["en"],
                record["summary"]["fr"],
                record["summary"]["en"],
                len(record["sources"]),
                record["last_reviewed"],
                record["url"]["fr"],
                record["url"]["en"],
            ]
        )
    return buffer.getvalue()


GLOSSARY_COLUMNS = [
    ("id", "string", "Entry identifier"),
    ("term_fr", "string", "Term in French"),
    ("term_en", "string", "Term in English"),
    ("term_es", "string", "Spanish equivalent, if any"),
    ("term_pt", "string", "Portuguese equivalent, if any"),
    ("aliases_fr", "string", "Other French forms, separated by ' | '"),
    ("aliases_en", "string", "Other English forms, separated by ' | '"),
    ("definition_fr", "string", "One-sentence definition in French"),
    ("definition_en", "string", "One-sentence definition in English"),
    ("related", "string", "Identifiers of related entries, separated by spaces"),
]


def datapackage() -> str:
    def resource(name: str, path: str, title: str, columns: list[tuple[str, str, str]]) -> dict:
        return {
            "name": name,
            "path": path,
            "title": title,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [{"name": n, "type": t, "description": d} for n, t, d in columns],
                "primaryKey": ["id"],
            },
        }

    package = {
        "name": "villes-en-cooperation",
        "title": "Villes en coopération / Cities in cooperation",
        "description": "Cases of local governments' international action and the glossary of the trade, in French and English.",
        "licenses": [
            {"name": "CC-BY-4.0", "path": LICENSE_URL, "title": "Creative Commons Attribution 4.0"}
        ],
        "resources": [
            resource("cases", "cases.csv", "Cases", CASE_COLUMNS),
            resource("glossary", "glossary.csv", "Glossary", GLOSSARY_COLUMNS),
        ],
    }
    return json.dumps(package, ensure_ascii=False, indent=1) + "\n"


def _script_json(data: dict) -> str:
    """JSON safe inside ``<script>``: no ``</script>`` or ``<!--`` can close or open anything."""
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def case_jsonld(entry: Entry, language: str, site_url: str) -> str:
    """schema.org description of a case page: the case, its places and its sources."""
    data = entry.data[language]
    url = page_url(site_url, "cases", entry.id, language)
    document = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": url,
        "url": url,
        "headline": data["title"],
        "description": data["summary"],
        "inLanguage": language,
        "dateModified": data["last_reviewed"],
        "license": LICENSE_URL,
        "isPartOf": {"@type": "WebSite", "name": SITE_NAME[language], "url": site_url},
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


def citation(entry: Entry, language: str, site_url: str) -> dict[str, str]:
    """A formatted reference in the page's language, BibTeX and CSL-JSON for one case."""
    data = entry.data[language]
    url = page_url(site_url, "cases", entry.id, language)
    reviewed = data["last_reviewed"]
    year = reviewed[:4]
    authors = data.get("authors") or [PUBLISHER]
    site = SITE_NAME[language]
    if language == "fr":
        formatted = f"{', '.join(authors)}, « {data['title']} », {site}, relu le {localise.long_date(reviewed, language)}. {url}"
    else:
        formatted = f"{', '.join(authors)}, “{data['title']}”, {site}, last reviewed {localise.long_date(reviewed, language)}. {url}"
    bibtex = "\n".join(
        [
            f"@misc{{casebook-{entry.id}-{language},",
            f"  author = {{{' and '.join('{' + a + '}' for a in authors)}}},",
            f"  title = {{{{{data['title']}}}}},",
            f"  howpublished = {{{site}}},",
            f"  year = {{{year}}},",
            f"  url = {{{url}}},",
            f"  note = {{{'Relu le' if language == 'fr' else 'Last reviewed'} {reviewed}}},",
            f"  language = {{{language}}}",
            "}",
        ]
    )
    csl = {
        "id": f"casebook-{entry.id}-{language}",
        "type": "webpage",
        "title": data["title"],
        "author": [{"literal": a} for a in authors],
        "container-title": site,
        "URL": url,
        "language": language,
        "issued": {"date-parts": [[int(part) for part in reviewed.split("-")]]},
        "accessed": {"date-parts": [[int(part) for part in reviewed.split("-")]]},
    }
    return {
        "formatted": formatted,
        "bibtex": bibtex,
        "csl": csl_json(csl),
        "url": url,
        "reviewed": localise.long_date(reviewed, language),
    }


def csl_json(item: dict) -> str:
    """One CSL-JSON item, as reference managers import it: an array of one object, a field
    per line. Each value goes through json's C encoder: an indented ``json.dumps`` would
    go through its pure-Python one, a tenth of the time spent rendering a case page."""
    fields = ",\n".join(
        f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in item.items()
    )
    return "[\n {\n" + fields + "\n }\n]"
