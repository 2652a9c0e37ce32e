"""Glossary cross-linking: terms linked in every page, with their definition as a tooltip.

Terms and their aliases become links to their entry, with the one-sentence definition as
a tooltip. The work is one pass per page: two trie-shaped patterns per language (word
forms and acronyms; the longest form wins) run over the page's HTML, with headings,
links, code and passages the author opted out of masked; a match inside a tag is
dropped. Matching ignores case and accents (``COOPERATION`` finds *coopération*), except
for acronyms written in capitals (``CUF``, ``ODD``), which match only in capitals so that
English "odd" never links to *ODD*.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from .book import Casebook

BLOCKED_TAGS = {
    "a",
    "code",
    "pre",
    "kbd",
    "samp",
    "script",
    "style",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "button",
    "svg",
    "title",
    "textarea",
}
BLOCKED_CLASSES = {"no-glossary", "cb-facts", "cb-sources"}
"""Elements never linked inside, whatever their tag. Headings' permalinks (``headerlink``)
need no class rule: they are links inside headings, both skipped by tag, and a class rule
would have every page's start tags read for their classes."""
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
OPT_OUT = re.compile(r"<!--\s*(/?)no-glossary\s*-->")
SECTION_START = re.compile(r"<h[23](?=[\s/>])", re.IGNORECASE)
_OPENING = r"(?=[\s/>])[^>]*(?<!/)>"  # an opening tag's end, not self-closing
SKIPPED = re.compile(
    rf"<(?:!--.*?-->|({'|'.join(sorted(BLOCKED_TAGS))}){_OPENING}"
    r"(?:[^<]*(?:<(?!/\1\s*>)[^<]*)*</\1\s*>|.*))",
    re.DOTALL | re.IGNORECASE,
)
"""Comments, and blocked elements up to their end tag (to the end of the page if unclosed:
rather no link than a link inside a link). Blocked elements do not nest in themselves."""
CLASS_ATTRIBUTE = re.compile(r"""class\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
TAG_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])")
ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9&-]{1,7}$")


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    return base if len(base) == 1 and len(decomposed) > 1 else char


FOLD = {
    code: _fold_char(chr(code)) for code in range(0xC0, 0x250) if _fold_char(chr(code)) != chr(code)
}
FOLD.update({ord("’"): "'"})


def fold(text: str) -> str:
    """Remove accents without changing the length, so match positions map back to the text."""
    return text.translate(FOLD)


@dataclass
class Term:
    id: str
    forms: list[str]
    definition: str
    match_case: bool = False
    """Forms link only as written (a proper name that is also a common word: Metropolis)."""


def _variants(lowercase: bool) -> dict[str, tuple[str, ...]]:
    """For each base character, the Latin-1 characters (and ’) that fold to it, itself first.

    The patterns match accented text as it is written, so pages are not folded (folding
    a whole page costs more than scanning it). Letters beyond Latin-1 are rare in pages
    and would make each class slow to compile: :func:`_fold_extended` folds those alone.
    ``lowercase``: for the lowered page (word forms); otherwise for the page as written
    (acronyms, which keep their case).
    """
    found: dict[str, set[str]] = {}
    for code, base in FOLD.items():
        char = chr(code)
        if code not in EXTENDED_FOLD and (char.lower() == char) == lowercase:
            found.setdefault(base.lower() if lowercase else base, set()).add(char)
    return {base: (base, *sorted(chars - {base})) for base, chars in found.items()}


EXTENDED_FOLD = {code: base for code, base in FOLD.items() if 0xFF < code < 0x250}
EXTENDED = re.compile("[\u0100-\u024f]")
LOWER_VARIANTS = _variants(lowercase=True)
UPPER_VARIANTS = _variants(lowercase=False)


def _fold_extended(text: str) -> str:
    """Fold the letters beyond Latin-1 (ō, ș, ę…), which the patterns' classes leave out."""
    if not EXTENDED.search(text):
        return text
    return EXTENDED.sub(lambda m: EXTENDED_FOLD.get(ord(m[0]), m[0]), text)


@dataclass
class Matcher:
    """All terms of one language, compiled into two trie-shaped patterns.

    ``words`` runs over the lowered page (case-insensitive forms) and ``acronyms`` over the
    page as written (capitals only): a case-sensitive pattern without ``re.IGNORECASE``
    is about twice as fast, and the acronyms' first letters let the regex engine skip
    straight to the few capitals of a page.
    """

    words: re.Pattern | None
    acronyms: re.Pattern | None
    by_form: dict[str, str]
    terms: dict[str, Term]
    tooltips: dict[str, str] = field(default_factory=dict)  # definitions, escaped once
    _found: dict[str, str | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.tooltips = {i: html.escape(t.definition, quote=True) for i, t in self.terms.items()}

    def term_of(self, matched: str) -> str | None:
        """The term a matched text stands for (the same few texts recur on every page)."""
        try:
            return self._found[matched]
        except KeyError:
            key = " ".join(fold(matched).split())  # a form may be matched across a line break
            found = self._found[matched] = self.by_form.get(key) or self.by_form.get(key.casefold())
            return found


def matcher(terms: Iterable[Term]) -> Matcher:
    """Compile every form of every term into patterns shaped as a trie.

    A plain alternation of N forms makes the regex engine try N alternatives at every
    position of every page; a trie-shaped pattern only follows the branches that match, so
    the cost barely grows with the size of the glossary. Optional branches are greedy, and
    the final word-boundary check makes the engine back off to a shorter form when a longer
    one does not end on a word boundary: the longest match always wins.
    """
    by_form: dict[str, str] = {}
    acronyms: set[str] = set()
    words: set[str] = set()
    table = {}
    for term in terms:
        table[term.id] = term
        for form in term.forms:
            form = " ".join(form.split())
            if not form or "<" in form or ">" in form:  # escaped in text: could never match
                continue
            folded = fold(form)
            if term.match_case or ACRONYM.match(form):
                by_form.setdefault(folded, term.id)
                acronyms.add(folded)
            else:
                by_form.setdefault(folded.casefold(), term.id)
                words.add(folded.lower())
    word_pattern = acronym_pattern = None
    if words:
        # The character before a form is matched, not looked behind at: the engine then
        # skips at C speed to the page's few non-word characters (one in eight), where a
        # look-behind has it try the pattern at every position. Group 1 is the form.
        trie = _node_pattern(_trie(words), LOWER_VARIANTS)
        word_pattern = re.compile(rf"[^\w-]({trie})(?![\w-])")
    if acronyms:
        # The word-start check comes after the first character, which the engine then
        # looks for with a fast scan of the page (it cannot when a look-behind comes first).
        trie = _node_pattern(_trie(acronyms), UPPER_VARIANTS, after_first=r"(?<![\w-].)")
        acronym_pattern = re.compile(rf"({trie})(?![\w-])")
    return Matcher(word_pattern, acronym_pattern, by_form, table)


def _trie(forms: Iterable[str]) -> dict:
    root: dict = {}
    for form in forms:
        node = root
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}
    return root


def _node_pattern(
    node: dict, variants: dict[str, tuple[str, ...]], after_first: str | None = None
) -> str:
    alternatives = []
    for char, child in sorted(node.items()):
        if not char:
            continue
        rest = _node_pattern(child, variants)
        chars = variants.get(char, (char,))
        if after_first is not None:  # one literal branch per variant: what the fast scan needs
            alternatives += [re.escape(c) + after_first + rest for c in chars]
        elif char == " ":
            alternatives.append(r"\s+" + rest)
        elif len(chars) == 1:
            alternatives.append(re.escape(char) + rest)
        else:
            alternatives.append(_char_class(chars) + rest)
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    return f"(?:{body})?" if "" in node else body


@cache
def _char_class(chars: tuple[str, ...]) -> str:
    """``[eè-ë]`` for e, è, é, ê, ë: runs of consecutive letters as ranges, which the
    regex engine parses and tests faster than a list (there are thousands per pattern)."""
    codes = sorted(set(map(ord, chars)))
    parts, start = [], 0
    for index in range(1, len(codes) + 1):
        if index == len(codes) or codes[index] != codes[index - 1] + 1:
            run = codes[start:index]
            if len(run) >= 3:
                parts.append(f"{re.escape(chr(run[0]))}-{re.escape(chr(run[-1]))}")
            else:
                parts += [re.escape(chr(code)) for code in run]
            start = index
    return "[" + "".join(parts) + "]"


def matcher_for(book: Casebook, language: str) -> Matcher:
    """The glossary of one language, compiled: every entry translated into it."""
    terms = [
        Term(
            entry.id,
            [data["term"], *data.get("aliases", [])],
            data["short"],
            data.get("match_case", False),
        )
        for entry in book.terms.values()
        if entry.translated(language) and (data := entry.data[language])
    ]
    return matcher(terms)


@dataclass
class LinkResult:
    html: str
    used: list[str] = field(default_factory=list)


def link_terms(
    page_html: str,
    terms: Matcher,
    href: Callable[[str], str],
    *,
    skip: str | None = None,
    per_section: bool = False,
) -> LinkResult:
    """Link the first occurrence of each term (per page, or per ``h2``/``h3`` section).

    The page is not tokenised tag by tag in Python: the regions where nothing may be
    linked (comments, headings, links, code, SVG, opted-out passages, fact sheets…) are
    found by regular expressions and masked, and the term patterns run over what is
    left. Python then sees a few dozen candidate matches per page, each in text or inside
    an ordinary tag (an attribute value, never linked). This is about 1.6× faster than a
    tokeniser (``benchmarks/glossary_linker.py``), and links exactly the same words.
    """
    result = LinkResult(page_html)
    if terms.words is None and terms.acronyms is None:
        return result
    stretches = _linkable(page_html)
    text, lowered = _page_text(page_html, stretches)
    sections = [m.start() for m in SECTION_START.finditer(page_html)] if per_section else []
    linked: set[tuple[int, str]] = set()
    used: dict[str, None] = {}
    pieces: list[str] = []
    last = 0
    for match in _matches(terms, text, lowered, _spans(stretches)):
        term_id = terms.term_of(match[1])
        if term_id is None or term_id == skip:
            continue
        start, end = match.start(1) - 1, match.end(1) - 1  # in the page (see _page_text)
        key = (bisect.bisect_right(sections, start) if sections else 0, term_id)
        if key in linked or _in_tag(text, start + 1):
            continue
        linked.add(key)
        used[term_id] = None
        pieces.append(page_html[last:start])
        pieces.append(
            f'<a class="cb-term" href="{html.escape(href(term_id), quote=True)}" '
            f'title="{terms.tooltips[term_id]}">{page_html[start:end]}</a>'
        )
        last = end
    result.used = list(used)
    if pieces:
        pieces.append(page_html[last:])
        result.html = "".join(pieces)
    return result


def _page_text(page_html: str, stretches: list[tuple[int, int]]) -> tuple[str, str]:
    """What the patterns run over: the page with its skipped regions masked, as written
    (for acronyms) and lowered (for word forms), both one character longer than the page.

    The first character stands for what precedes the page, so that a form at the very start
    still has a character before it (the word pattern matches that character): position
    ``p`` of the page is ``p + 1`` in these texts.
    """
    text = "\x00" + _fold_extended(_masked(page_html, stretches))
    return text, text.lower()  # same length: İ, whose lower() is longer, is folded


def _matches(
    terms: Matcher, text: str, lowered: str, spans: list[tuple[int, int]]
) -> Iterator[re.Match]:
    """Leftmost matches in each span of the page (group 1: the form, at its position in
    ``text``), without overlaps; where an acronym and a word form both start, the acronym
    wins (as in one alternation, acronyms first)."""
    acronyms, words = terms.acronyms, terms.words
    for start, end in spans:
        start, end = start + 1, end + 1
        acronym = acronyms.search(text, start, end) if acronyms else None
        word = words.search(lowered, start - 1, end) if words else None  # from the character before
        while acronym is not None or word is not None:
            if word is None or (acronym is not None and acronym.start(1) <= word.start(1)):
                match = acronym
            else:
                match = word
            yield match
            stop = match.end(1)
            if acronym is not None and acronym.start(1) < stop:  # overlapped
                acronym = acronyms.search(text, stop, end)
            if word is not None and word.start(1) < stop:
                word = words.search(lowered, stop - 1, end)


SPAN_GAP = 30
"""Skipped regions shorter than this are scanned over (masked) rather than jumped over:
one search less per stream for each short link or code span, a few characters more."""


def _spans(stretches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches, joined across short skipped regions."""
    spans: list[tuple[int, int]] = []
    for start, end in stretches:
        if spans and start - spans[-1][1] < SPAN_GAP:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _mask(length: int) -> str:
    """What stands for ``length`` skipped characters: word characters (the patterns'
    word-start check then fails at once on each of them) between two characters that are
    neither word characters nor spaces (a form ends or starts next to a skipped element,
    and never runs across one)."""
    return "\x00" * length if length < 3 else "\x00" + "_" * (length - 2) + "\x00"


def _masked(page_html: str, stretches: list[tuple[int, int]]) -> str:
    """The page with everything outside ``stretches`` masked (same length)."""
    pieces, position = [], 0
    for start, end in stretches:
        pieces += [_mask(start - position), page_html[start:end]]
        position = end
    pieces.append(_mask(len(page_html) - position))
    return "".join(pieces)


def _in_tag(text: str, position: int) -> bool:
    """Whether ``position`` is inside a tag (skipped elements are masked)."""
    return text.rfind("<", 0, position) > text.rfind(">", 0, position)


def _linkable(page_html: str) -> list[tuple[int, int]]:
    """The stretches of the page outside every skipped region, in order."""
    regions = [m.span() for m in SKIPPED.finditer(page_html)]
    if any(name in page_html for name in BLOCKED_CLASSES):
        regions += _classed_regions(page_html, regions)
    if "no-glossary" in page_html:
        regions += _opted_out_regions(page_html)
    stretches, position = [], 0
    for start, end in sorted(regions):
        if start > position:
            stretches.append((position, start))
        position = max(position, end)
    if position < len(page_html):
        stretches.append((position, len(page_html)))
    return stretches


def _classed_regions(page_html: str, skipped: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Elements with a blocked class, from their start tag to their matching end tag.

    ``skipped`` (sorted, disjoint) are regions already skipped: a classed element inside
    one (a heading's permalink) needs no region of its own.
    """
    starts = [start for start, _ in skipped]
    regions = []
    for attribute in CLASS_ATTRIBUTE.finditer(page_html):
        classes = (attribute[1] or attribute[2] or attribute[3] or "").split()
        if BLOCKED_CLASSES.isdisjoint(classes):
            continue
        opening = page_html.rfind("<", 0, attribute.start())
        tag = TAG_START.match(page_html, opening)
        if tag is None or page_html.find(">", opening, attribute.start()) != -1:
            continue  # "class=" in text, or not in a start tag
        inside = bisect.bisect_right(starts, opening) - 1
        if inside >= 0 and skipped[inside][1] > opening:
            continue
        name, close = tag[1].lower(), page_html.find(">", attribute.end())
        if name in VOID_TAGS or close == -1 or page_html[close - 1] == "/":
            continue
        regions.append((opening, _element_end(page_html, name, close + 1)))
    return regions


def _opted_out_regions(page_html: str) -> list[tuple[int, int]]:
    """From ``<!-- no-glossary -->`` to its ``<!-- /no-glossary -->`` (they nest)."""
    regions, depth, start = [], 0, 0
    for marker in OPT_OUT.finditer(page_html):
        if not marker[1]:
            if depth == 0:
                start = marker.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                regions.append((start, marker.end()))
    if depth:
        regions.append((start, len(page_html)))
    return regions


@cache
def _same_name_tags(name: str) -> re.Pattern:
    return re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*>", re.IGNORECASE)


def _element_end(page_html: str, name: str, position: int) -> int:
    """Where the element whose start tag ends at ``position`` ends (the page's end if never)."""
    depth = 1
    for tag in _same_name_tags(name).finditer(page_html, position):
        if tag[1]:
            depth -= 1
            if depth == 0:
                return tag.end()
        elif not tag[0].endswith("/>"):
            depth += 1
    return len(page_html)


def backlinks_html(users: list[tuple[str, str, str]], heading: str) -> str:
    """The "used in" list of a glossary page: (page type, title, link) of each page that
    uses the term, cases first, then cahiers, by title.

    Kept out of the search index: otherwise every glossary page would match the title of
    every case that uses its term."""
    items = "".join(
        f'<li><a href="{html.escape(href, quote=True)}">{html.escape(title)}</a></li>'
        for _, title, href in sorted(users, key=lambda user: (user[0] != "case", user[1]))
    )
    return (
        '<section class="cb-backlinks" aria-labelledby="cb-used-in" data-search-exclude>'
        f'<h2 id="cb-used-in" data-search-exclude>{html.escape(heading)}</h2><ul>{items}</ul></section>'
    )
