"""Glossary linking (unit tests of the matcher), its build output and its exports."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import rdflib
from rdflib.namespace import SKOS

from casebook.exports import downloads
from casebook.glossary import Term, link_terms, matcher, matcher_for
from tests.conftest import LANGUAGES, PREFIXES, ROOT
from tests.conftest import load_book as load

TERMS = matcher(
    [
        Term(
            "cooperation-decentralisee",
            ["Coopération décentralisée", "coopérations décentralisées"],
            'Une "définition" <courte>',
        ),
        Term("cooperation", ["coopération"], "Agir ensemble."),
        Term("jumelage", ["jumelage", "jumelages", "jumelée", "jumelées"], "Lien entre villes."),
        Term("internationalisation", ["internationalisation"], "Ouverture."),
        Term("odd", ["ODD", "Objectifs de développement durable"], "Les 17 objectifs."),
        Term("al-las", ["AL-LAs"], "Alliance."),
    ]
)


def link(html: str, **options) -> tuple[str, list[str]]:
    result = link_terms(html, TERMS, lambda term: f"g/{term}.html", **options)
    return result.html, result.used


def anchors(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="cb-term" href="g/([^"]+)\.html"[^>]*>([^<]+)</a>', html)


def test_links_term_with_its_definition_as_tooltip():
    html, used = link("<p>Le jumelage est ancien.</p>")
    assert (
        html
        == '<p>Le <a class="cb-term" href="g/jumelage.html" title="Lien entre villes.">jumelage</a> est ancien.</p>'
    )
    assert used == ["jumelage"]


@pytest.mark.parametrize("word", ["jumelages", "jumelée", "Jumelées", "JUMELAGE"])
def test_inflections_and_case(word):
    assert anchors(link(f"<p>Deux villes {word} ici.</p>")[0]) == [("jumelage", word)]


def test_longest_match_first():
    html, _ = link("<p>La coopération décentralisée et la coopération.</p>")
    assert anchors(html) == [
        ("cooperation-decentralisee", "coopération décentralisée"),
        ("cooperation", "coopération"),
    ]


@pytest.mark.parametrize(
    "text", ["COOPERATION DECENTRALISEE", "COOPÉRATION DÉCENTRALISÉE", "coopěration decentralisēe"]
)
def test_accents_are_ignored(text):
    assert anchors(link(f"<p>{text}</p>")[0]) == [("cooperation-decentralisee", text)]


@pytest.mark.parametrize("text", ["l'internationalisation", "l’internationalisation"])
def test_elisions(text):
    html, _ = link(f"<p>Vers {text} des villes.</p>")
    assert anchors(html) == [("internationalisation", "internationalisation")]
    assert html.startswith(f"<p>Vers {text[:2]}<a ")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("jumelage", [("jumelage", "jumelage")]),
        ("ODD et jumelage", [("odd", "ODD"), ("jumelage", "jumelage")]),
        ("<p>ODD-jumelage</p>", []),
        ("<p>ODD jumelage</p>", [("odd", "ODD"), ("jumelage", "jumelage")]),
        ("<p>(jumelage)</p>", [("jumelage", "jumelage")]),
        ("<p>xjumelage jumelage</p>", [("jumelage", "jumelage")]),
        ("<p>déjumelage, ñjumelage, ωjumelage, 二jumelage</p>", []),
        ("<p>déjumelage «\u00a0jumelage\u00a0»</p>", [("jumelage", "jumelage")]),
        ("<p>éODD ODD</p>", [("odd", "ODD")]),
    ],
    ids=[
        "page starts with a form",
        "text only",
        "joined by a hyphen",
        "one space",
        "brackets",
        "inside a word first",
        "after letters beyond ASCII",
        "after a letter beyond ASCII, then after a no-break space",
        "acronym after a letter beyond ASCII",
    ],
)
def test_forms_start_where_a_word_starts(html, expected):
    """The word pattern matches the character before a form: a form at the page's first
    character, or right after another form, is still found, and never inside a word."""
    assert anchors(link(html)[0]) == expected


def test_whole_words_only():
    assert anchors(link("<p>internationalisations, surjumelage, coopérationnel</p>")[0]) == []


def test_acronyms_match_only_in_capitals():
    assert anchors(link("<p>An odd result, the Odd, then the ODD.</p>")[0]) == [("odd", "ODD")]


def test_first_occurrence_per_page():
    html, _ = link("<p>jumelage</p><h2>Suite</h2><p>jumelage encore</p>")
    assert len(anchors(html)) == 1


def test_first_occurrence_per_section_when_configured():
    html, _ = link("<p>jumelage</p><h2>Suite</h2><p>jumelage encore</p>", per_section=True)
    assert len(anchors(html)) == 2


@pytest.mark.parametrize(
    "html",
    [
        "<h2 id='x'>Le jumelage</h2>",
        "<h3>jumelage</h3>",
        "<p><code>jumelage</code></p>",
        "<pre><code>jumelage\n</code></pre>",
        '<p><a href="x.html">le jumelage</a></p>',
        '<p><a href="x.html"><em>le jumelage</em></a></p>',
        '<div class="no-glossary"><p>jumelage</p></div>',
        "<p><!-- no-glossary -->jumelage<!-- /no-glossary --></p>",
        '<section class="cb-facts"><p>jumelage</p></section>',
    ],
    ids=[
        "heading",
        "h3",
        "code",
        "pre",
        "link",
        "nested in link",
        "opt-out class",
        "opt-out comment",
        "fact sheet",
    ],
)
def test_never_inside_headings_links_code_or_opted_out(html):
    assert link(html)[0] == html


def test_never_inside_comments_or_unclosed_links():
    assert link("<p><!-- le jumelage --></p>")[0] == "<p><!-- le jumelage --></p>"
    unclosed = '<p><a href="x.html">jumelage</p><p>jumelage</p>'
    assert link(unclosed)[0] == unclosed  # rather no link than a link inside a link


def test_opted_out_element_ends_at_its_own_end_tag():
    html, _ = link('<div class="no-glossary"><div>x</div><p>jumelage</p></div><p>jumelage</p>')
    assert html.endswith(
        '<p><a class="cb-term" href="g/jumelage.html" title="Lien entre villes.">jumelage</a></p>'
    )
    assert html.count("cb-term") == 1


def test_terms_next_to_skipped_elements_are_linked():
    html, _ = link("<p>jumelage<code>x</code>coopération</p>")
    assert anchors(html) == [("jumelage", "jumelage"), ("cooperation", "coopération")]


def test_term_broken_across_lines():
    html, _ = link("<p>La coopération\ndécentralisée.</p>")
    assert anchors(html) == [("cooperation-decentralisee", "coopération\ndécentralisée")]


def test_text_after_a_skipped_element_is_linked():
    html, _ = link("<h2>jumelage</h2><p>Un jumelage.</p>")
    assert anchors(html) == [("jumelage", "jumelage")]
    assert html.startswith("<h2>jumelage</h2>")


def test_not_on_the_entry_own_page():
    assert anchors(link("<p>jumelage et coopération</p>", skip="jumelage")[0]) == [
        ("cooperation", "coopération")
    ]


def test_definition_is_escaped_in_the_attribute():
    html, _ = link("<p>coopération décentralisée</p>")
    assert 'title="Une &quot;définition&quot; &lt;courte&gt;"' in html


def test_entities_and_attributes_are_left_alone():
    html = '<p title="jumelage">A &amp; B <img alt="jumelage"></p>'
    out, _ = link(html)
    assert out.startswith('<p title="jumelage">A &amp; B <img alt="jumelage">')


BOOK = load(ROOT)
FILES = downloads(BOOK)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_network_named_like_a_common_word_is_linked_by_its_name_only(language):
    """Metropolis, the association of large cities, is in the glossary; "a metropolis"
    (any large city) is not about it."""
    result = link_terms(
        "<p>A metropolis is a large city. Metropolis trains officials.</p>",
        matcher_for(BOOK, language),
        lambda term: f"{term}.html",
    )
    assert result.html.count('href="metropolis.html"') == 1
    assert ">Metropolis</a> trains" in result.html


def test_skos_export_parses_with_labels_and_relations():
    graph = rdflib.Graph().parse(data=FILES["data/glossary.skos.jsonld"], format="json-ld")
    concept = rdflib.URIRef(BOOK.site.url("fr", "glossary/jumelage.html"))
    labels = {(str(o), o.language) for o in graph.objects(concept, SKOS.prefLabel)}
    assert ("Jumelage", "fr") in labels
    assert ("Twinning", "en") in labels
    assert ("Hermanamiento", "es") in labels
    assert ("geminação", "pt") in labels  # an equivalent in a language the site has not
    assert {o.language for o in graph.objects(concept, SKOS.definition)} == set(LANGUAGES)
    assert any(str(o).endswith("ville-soeur.html") for o in graph.objects(concept, SKOS.related))
    assert len(set(graph.subjects(rdflib.RDF.type, SKOS.Concept))) == len(BOOK.terms)
    for concept in graph.subjects(rdflib.RDF.type, SKOS.Concept):
        for language in LANGUAGES:
            assert (
                len([o for o in graph.objects(concept, SKOS.prefLabel) if o.language == language])
                == 1
            )


def test_csv_export_has_every_term_in_both_languages():
    rows = list(csv.DictReader(io.StringIO(FILES["data/glossary.csv"])))
    assert len(rows) == len(BOOK.terms) >= 30
    assert all(
        row["term_fr"] and row["term_en"] and row["definition_fr"] and row["definition_en"]
        for row in rows
    )


def test_case_pages_link_glossary_terms(site):
    fr = (site / "cases" / "suresnes-cap-haitien.html").read_text(encoding="utf-8")
    en = (site / "en" / "cases" / "suresnes-cap-haitien.html").read_text(encoding="utf-8")
    assert re.search(
        r'<a class="cb-term" href="\.\./glossary/cooperation-decentralisee\.html" title="[^"]+">',
        fr,
    )
    assert re.search(r'<a class="cb-term" href="\.\./glossary/[a-z0-9-]+\.html" title="[^"]+">', en)
    for html in (fr, en):
        for heading in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, re.DOTALL):
            assert "cb-term" not in heading


def test_glossary_pages_list_their_backlinks_and_related_terms(site):
    html = (site / "glossary" / "jumelage.html").read_text(encoding="utf-8")
    used = html.split('id="cb-used-in"', 1)[1].split("</section>", 1)[0]
    assert "../cases/seoul-mexico-city.html" in used
    assert 'id="cb-related"' in html
    en = (site / "en" / "glossary" / "jumelage.html").read_text(encoding="utf-8")
    assert "Used in" in en and "../cases/seoul-mexico-city.html" in en


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_term_is_used_by_a_case_or_cahier_in_every_language(site, language):
    """A term no page uses in a language is a glossary page with no way in (the build
    reports it): a missing alias, most often, such as the bare adjective "multi-level"."""
    unused = [
        entry.id
        for entry in BOOK.terms.values()
        if 'id="cb-used-in"'
        not in (site / PREFIXES[language] / "glossary" / f"{entry.id}.html").read_text(
            encoding="utf-8"
        )
    ]
    assert unused == []


def test_used_in_lists_cases_then_cahiers_by_title(site):
    """The order is computed once for all glossary pages of a language, then filtered."""
    checked = 0
    for page in sorted((site / "glossary").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        if 'id="cb-used-in"' not in html:
            continue
        used = html.split('id="cb-used-in"', 1)[1].split("</section>", 1)[0]
        links = re.findall(r'<li><a href="\.\./(cases|cahiers)/[^"]+">([^<]+)</a></li>', used)
        assert links, page.name
        keys = [(section == "cahiers", title) for section, title in links]
        assert keys == sorted(keys), page.name
        checked += any(section == "cahiers" for section, _ in links) and len(links) > 1
    assert checked, "no glossary page lists both cases and cahiers or several pages"


def test_glossary_index_has_letters_equivalents_and_downloads(site):
    html = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'href="#letter-j"' in html and 'id="letter-j"' in html
    assert "Espagnol" in html and "Portugais" in html and "Anglais" in html
    assert 'href="../data/glossary.csv"' in html and 'href="../data/glossary.skos.jsonld"' in html
    assert (site / "data" / "glossary.csv").is_file()
    json.loads((site / "data" / "glossary.skos.jsonld").read_text(encoding="utf-8"))
    en = (site / "en" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../data/glossary.csv"' in en and "French" in en


@pytest.mark.parametrize("prefix, own", [("", "Français"), ("en/", "English"), ("es/", "Español")])
def test_glossary_index_names_each_column_by_its_language_the_page_language_first(
    site, prefix, own
):
    page = (site / prefix / "glossary" / "index.html").read_text(encoding="utf-8")
    heads = re.findall(r"<thead>\s*<tr>\s*<th>([^<]+)</th>", page)
    assert heads and set(heads) == {own}
