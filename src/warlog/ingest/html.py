"""HTML pages: the article body only, plus the page's title, date, url, outlet and language.

What counts as the body:
1. Noise goes first: script/style, nav/aside/footer, figure/figcaption, buttons and inputs, forms
   and headers that do not hold the article, [hidden] elements, and elements whose class or id says
   comment/share/social/related/donate/newsletter/promo/caption/credit/subscribe/ad/sidebar/byline...
   An element that holds the article (<article>, <main>, [itemprop=articleBody]) is never dropped
   for its class, so `<body class="has-comments">` keeps its page.
2. The main content is then [itemprop=articleBody], else the <article> with most paragraph text,
   else <main>, else the element whose <p> children hold the most text. When the marked element
   holds under a third of the page's paragraph text, the densest block wins instead.
3. Block elements become paragraphs joined with blank lines; <br> a line break; the <h1> (the
   headline, kept as the title) is left out; then clean_body runs as for every format.

Metadata: title from og:title, <title> (less a trailing " | Outlet"), the first <h1>, JSON-LD headline;
published from article:published_time and similar metas, JSON-LD datePublished, then <time datetime>;
url from <link rel=canonical> or og:url; outlet from og:site_name or the JSON-LD publisher;
language from <html lang>, og:locale or content-language.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import lxml.etree
import lxml.html

from warlog.ingest.clean import (
    IngestOptions,
    UnreadableInput,
    decode_bytes,
    make_report,
    normalise_language,
    optional_str,
    parse_published,
    read_bounded,
    too_long_reason,
)
from warlog.records import Report, Skipped

logger = logging.getLogger(__name__)

# A page is mostly markup: it may be ten times the size of the text the body limit allows.
MARKUP_OVERHEAD = 10

_ALWAYS_NOISE_TAGS = (
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "button", "select",
    "input", "textarea", "label", "nav", "aside", "footer", "figure", "figcaption", "picture", "video", "audio",
    "canvas", "map", "dialog",
)  # fmt: skip
# Some sites wrap the whole page in a <form> (ASP.NET) or put the article in a <header>.
_GUARDED_NOISE_TAGS = ("form", "header")
_NOISE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"}
_NOISE_TOKEN = re.compile(
    r"""^(?:
        (?:comment(?!ar|at)|commentaire|disqus|share|sharing|social|related|donat|newsletter|promo|caption
          |credit|subscri|advert|sidebar|breadcrumb|byline|cookie|popup|modal|paywall|outbrain|taboola|signup)\w*
      | ads? | nav | navbar | navigation | menu | footer | header | masthead | respond | tags
    )$""",
    re.VERBOSE,
)
_CONTENT_MARKERS = "descendant::article | descendant::main | descendant::*[@itemprop='articleBody']"
_BLOCK_TAGS = frozenset(
    "p div section article main h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre table tr td th hr address".split()
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_PUBLISHED_METAS = (
    "article:published_time", "og:article:published_time", "datepublished", "date", "pubdate", "publishdate",
    "dc.date.issued", "dc.date", "dcterms.date", "sailthru.date", "parsely-pub-date", "article.published",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Article:
    """What a page yields before it becomes a Report."""

    body: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None


def read_html(path: Path, source: str, options: IngestOptions) -> Iterator[Report | Skipped]:
    """One Report for the page, or one Skipped saying why not."""
    data = read_bounded(path, byte_limit=MARKUP_OVERHEAD * options.max_chars, max_chars=options.max_chars)
    page = decode_bytes(data, source, declared=_declared_charset(data))
    article = extract_article(page)
    if len(article.body) > options.max_chars:
        raise UnreadableInput(too_long_reason(len(article.body), options.max_chars))
    report = make_report(
        article.body,
        source=source,
        options=options,
        url=article.url,
        title=article.title,
        published=article.published,
        outlet=article.outlet,
        language=article.language,
    )
    if report is None:
        yield Skipped(source, "no article text found in the page: check it is an article, or save its text as .txt")
    else:
        yield report


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def parse_page(page: str) -> lxml.html.HtmlElement:
    """The page's tree; raises UnreadableInput when there is no HTML in it."""
    try:
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", page, count=1))
    except (lxml.etree.ParserError, ValueError) as error:
        raise UnreadableInput(f"not an HTML page ({error}): check the file") from error


def extract_article(page: str) -> Article:
    """Body text and metadata of one HTML page (see the module doc for the rules)."""
    root = parse_page(page)
    metas = _metas(root)
    linked_data = _linked_data(root)
    outlet = optional_str(metas.get("og:site_name")) or _publisher_name(linked_data)
    title = _title(root, metas, linked_data, outlet)
    published = _published(root, metas, linked_data)
    url = optional_str(_canonical_url(root) or metas.get("og:url"))
    language = normalise_language(root.get("lang") or metas.get("og:locale") or metas.get("content-language"))
    drop_noise(root)
    body = element_text(_main_content(root), drop_headline=True)
    return Article(body=body, title=title, published=published, url=url, outlet=outlet, language=language)


def fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item's summary): paragraphs, noise dropped, tags stripped."""
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return " ".join(fragment.split())
    drop_noise(root)
    return element_text(root, drop_headline=False)


# --- metadata ---------------------------------------------------------------------------------


def _metas(root: lxml.html.HtmlElement) -> dict[str, str]:
    """<meta> content by lower-cased property/name/itemprop/http-equiv; the first one wins."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = meta.get("content")
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attribute) or "").strip().lower()
            if key:
                found.setdefault(key, content.strip())
    return found


def _linked_data(root: lxml.html.HtmlElement) -> list[dict[str, object]]:
    """Every JSON-LD object on the page, @graph members included; broken blocks are ignored."""
    objects: list[dict[str, object]] = []
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, RecursionError):
            continue
        pending = [data]
        while pending:
            item = pending.pop(0)
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                pending.extend(value for key, value in item.items() if key == "@graph")
    return objects


def _linked_value(linked_data: list[dict[str, object]], key: str) -> object:
    return next((item[key] for item in linked_data if item.get(key)), None)


def _publisher_name(linked_data: list[dict[str, object]]) -> str | None:
    publisher = _linked_value(linked_data, "publisher")
    return optional_str(publisher.get("name")) if isinstance(publisher, dict) else None


def _title(
    root: lxml.html.HtmlElement, metas: dict[str, str], linked_data: list[dict[str, object]], outlet: str | None
) -> str | None:
    title = optional_str(metas.get("og:title") or metas.get("twitter:title"))
    if title is None:
        title = optional_str(root.findtext(".//title"))
        if title and outlet:
            # "<title>Headline | Outlet</title>": the outlet is its own field.
            title = re.sub(rf"\s*[|–—-]\s*{re.escape(outlet)}$", "", title) or title
    if title is None:
        headline = root.find(".//h1")
        title = optional_str(headline.text_content()) if headline is not None else None
    return title or optional_str(_linked_value(linked_data, "headline"))


def _published(
    root: lxml.html.HtmlElement, metas: dict[str, str], linked_data: list[dict[str, object]]
) -> dt.date | None:
    candidates: list[object] = [metas.get(name) for name in _PUBLISHED_METAS]
    candidates.append(_linked_value(linked_data, "datePublished"))
    candidates.extend(time.get("datetime") for time in root.iter("time"))
    for candidate in candidates:
        published = parse_published(candidate)
        if published is not None:
            return published
    return None


def _canonical_url(root: lxml.html.HtmlElement) -> str | None:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return link.get("href")
    return None


# --- body -------------------------------------------------------------------------------------


def drop_noise(root: lxml.html.HtmlElement) -> None:
    """Remove everything that is not article text (see the module doc), in place."""
    doomed = [
        element
        for element in root.iter()
        if isinstance(element.tag, str) and element is not root and _is_noise(element)
    ]
    for element in doomed:
        if element.getparent() is not None:  # not already gone with an ancestor
            element.drop_tree()


def _is_noise(element: lxml.html.HtmlElement) -> bool:
    tag = element.tag.lower()
    if tag in ("html", "body"):
        return False
    if tag in _ALWAYS_NOISE_TAGS:
        return True
    marked = (
        tag in _GUARDED_NOISE_TAGS
        or element.get("hidden") is not None
        or (element.get("role") or "").lower() in _NOISE_ROLES
        or any(_NOISE_TOKEN.match(token) for token in _class_and_id_tokens(element))
    )
    return marked and not element.xpath(_CONTENT_MARKERS)


def _class_and_id_tokens(element: lxml.html.HtmlElement) -> list[str]:
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return [token for token in re.split(r"[\s_-]+", names) if token]


def _paragraph_chars(element: lxml.html.HtmlElement) -> int:
    return sum(len(paragraph.text_content().strip()) for paragraph in element.iter("p"))


def _main_content(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    densest = _densest_block(root)
    for xpath in ("//*[@itemprop='articleBody']", "//article", "//main | //*[@role='main']"):
        candidates = root.xpath(xpath)
        if candidates:
            best = max(candidates, key=_paragraph_chars)
            # A marked element with little text (a teaser <article> in a list) loses to the densest block.
            if densest is None or 3 * _paragraph_chars(best) >= _paragraph_chars(densest):
                return best
    if densest is not None:
        return densest
    body = root.find("body")
    return body if body is not None else root


def _densest_block(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The element whose own <p> children hold the most text."""
    chars_by_parent: dict[lxml.html.HtmlElement, int] = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            chars_by_parent[parent] = chars_by_parent.get(parent, 0) + len(paragraph.text_content().strip())
    if not chars_by_parent:
        return None
    return max(chars_by_parent, key=chars_by_parent.__getitem__)


def element_text(element: lxml.html.HtmlElement, *, drop_headline: bool) -> str:
    """Paragraphs of an element's text, joined with blank lines; whitespace inside each collapsed."""
    if drop_headline:
        for headline in element.xpath(".//h1"):
            headline.drop_tree()
    _collapse_source_whitespace(element)
    for descendant in element.iter():
        if not isinstance(descendant.tag, str):
            continue
        tag = descendant.tag.lower()
        if tag == "br":
            descendant.tail = "\n" + (descendant.tail or "")
        elif tag in _BLOCK_TAGS or tag == "h1":
            descendant.text = "\n\n" + (descendant.text or "")
            descendant.tail = "\n\n" + (descendant.tail or "")
    paragraphs = []
    for block in re.split(r"\n\s*\n", element.text_content()):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _collapse_source_whitespace(element: lxml.html.HtmlElement) -> None:
    """A newline in the HTML source is only a space; line and paragraph breaks come from the tags."""
    for descendant in element.iter():
        if descendant.text:
            descendant.text = _WHITESPACE.sub(" ", descendant.text)
        if descendant.tail and descendant is not element:
            descendant.tail = _WHITESPACE.sub(" ", descendant.tail)
