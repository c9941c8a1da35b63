"""Sanitising report HTML: one allow-list, matching what the report editor can make.

Every report section is cleaned here on the server, whatever the browser sent (the editor is
a convenience, never a guarantee). Kept: paragraphs, headings (h2-h4), bold, italic, lists,
tables, links (http, https and mailto only, with rel="noopener noreferrer"), line breaks,
quotations, and the live data placeholder (`<div data-live-block=... data-theme=...>`, or
`data-indicator=...` for a survey result, `data-from`/`data-to` for participation events,
`data-theme-id` for "You said, We did").
Removed: scripts, styles (elements and attributes), event handlers, iframes, images,
javascript: links, classes and ids, and everything Word adds when text is pasted from it
(mso- classes and styles, <o:p>, <span>, <font>, conditional comments, its <xml> blocks),
while Word's structure is kept: its list paragraphs become real lists, <b>/<i> become
<strong>/<em>, and its Heading 1 becomes h2.

Underline (<u>) is not allowed: on screen an underline reads as a link.
Images are not allowed: a report's pictures and charts go in a PDF appendix or a live block.
"""

import html
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
    "blockquote",
    "div",  # only as the live data placeholder: other divs are unwrapped below
}
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "div": {
        "data-live-block",
        "data-theme",
        "data-indicator",
        "data-from",
        "data-to",
        "data-theme-id",
    },
}
# Elements removed together with their content (never shown as text).
REMOVED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "title",
    "xml",
    "svg",
    "math",
    "select",
    "textarea",
}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    clean_content_tags=REMOVED_WITH_CONTENT,
    url_schemes={"http", "https", "mailto"},
    url_relative="deny",
    link_rel="noopener noreferrer",
    strip_comments=True,
)

VOID_ELEMENTS = {"br", "col", "hr", "img", "input", "meta", "link", "wbr", "area", "source"}


# Before nh3: give Word's markup the structure it means ------------------------------------

_CONDITIONAL_MARKER = re.compile(
    r"<!(?:--)?\[if !supportLists\](?:--)?>(?P<marker>.*?)<!(?:--)?\[endif\](?:--)?>",
    re.S | re.I,
)
_CONDITIONAL_ANY = re.compile(
    r"<!(?:--)?\[if [^\]]*\](?:--)?>.*?<!(?:--)?\[endif\](?:--)?>", re.S | re.I
)
_MSO_LIST_PARAGRAPH = re.compile(
    r"<p\b(?P<attrs>[^>]*(?:MsoListParagraph|mso-list:)[^>]*)>(?P<body>.*?)</p\s*>", re.S | re.I
)
_ORDERED_MARKER = re.compile(r"^\s*(?:\d+|[a-z]{1,2}|[ivxlc]+)[.)]", re.I)
_TAG = re.compile(r"<[^>]*>")


def _word_lists(source: str) -> str:
    """Word's list paragraphs (class MsoListParagraph..., style mso-list) become <ul>/<ol>."""
    out, position, open_list = [], 0, None
    for match in _MSO_LIST_PARAGRAPH.finditer(source):
        between = source[position : match.start()]
        if open_list and between.strip():
            out.append(f"</{open_list}>")
            open_list = None
        if not open_list:  # whitespace between the items of one list is dropped
            out.append(between)
        body = match.group("body")
        marker = _CONDITIONAL_MARKER.search(body)
        marker_text = html.unescape(_TAG.sub("", marker.group("marker"))) if marker else ""
        kind = "ol" if _ORDERED_MARKER.match(marker_text) else "ul"
        body = _CONDITIONAL_MARKER.sub("", body)
        if open_list != kind:
            if open_list:
                out.append(f"</{open_list}>")
            out.append(f"<{kind}>")
            open_list = kind
        out.append(f"<li>{body}</li>")
        position = match.end()
    if open_list:
        out.append(f"</{open_list}>")
    out.append(source[position:])
    return "".join(out)


def _prepare(source: str) -> str:
    if "mso-list" in source or "MsoListParagraph" in source:
        source = _word_lists(source)
    source = _CONDITIONAL_ANY.sub("", source)
    source = re.sub(r"<(/?)b(?=[\s>])[^>]*>", r"<\1strong>", source, flags=re.I)
    source = re.sub(r"<(/?)i(?=[\s>])[^>]*>", r"<\1em>", source, flags=re.I)
    source = re.sub(r"<(/?)h1(?=[\s>])[^>]*>", r"<\1h2>", source, flags=re.I)
    source = re.sub(r"<(/?)h[56](?=[\s>])[^>]*>", r"<\1h4>", source, flags=re.I)
    return source


# After nh3: a token rewriter for well-formed (already sanitised) HTML ---------------------


class HtmlRewriter(HTMLParser):
    """Reads sanitised HTML token by token and writes it back out; subclasses change what
    they need in `start`, `end` and `data`. `self.stack` holds the open elements."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.stack: list[str] = []

    def rewrite(self, source: str) -> str:
        self.feed(source)
        self.close()
        return "".join(self.out)

    @staticmethod
    def start_tag(tag, attrs) -> str:
        rendered = "".join(
            f' {name}="{html.escape(value or "", quote=True)}"' for name, value in attrs
        )
        return f"<{tag}{rendered}>"

    # hooks
    def start(self, tag, attrs):
        self.out.append(self.start_tag(tag, attrs))

    def end(self, tag):
        self.out.append(f"</{tag}>")

    def data(self, text):
        self.out.append(text)

    # HTMLParser
    def handle_starttag(self, tag, attrs):
        self.start(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.start(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.end(tag)

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        if tag in self.stack:
            while self.stack:
                open_tag = self.stack.pop()
                self.end(open_tag)
                if open_tag == tag:
                    break

    def handle_data(self, data):
        self.data(data)

    def handle_entityref(self, name):
        self.data(f"&{name};")

    def handle_charref(self, name):
        self.data(f"&#{name};")


class _Tidy(HtmlRewriter):
    """Unwraps divs that are not live data placeholders and links with no allowed address,
    empties the placeholders, and
    drops paragraphs with nothing in them (Word leaves many)."""

    def __init__(self):
        super().__init__()
        self.div_kinds: list[bool] = []  # for each open div: is it a placeholder?
        self.paragraph_starts: list[int] = []
        self.in_placeholder = 0
        self.link_kinds: list[bool] = []  # for each open link: does it go anywhere?

    def start(self, tag, attrs):
        if self.in_placeholder:
            self.in_placeholder += tag == "div"
            return
        if tag == "div":
            is_placeholder = any(name == "data-live-block" and value for name, value in attrs)
            self.div_kinds.append(is_placeholder)
            if is_placeholder:
                self.out.append(self.start_tag(tag, [(n, v) for n, v in attrs if v]))
                self.in_placeholder = 1
            return
        if tag == "p":
            self.paragraph_starts.append(len(self.out))
        if tag == "a":
            has_href = any(name == "href" and value for name, value in attrs)
            self.link_kinds.append(has_href)
            if not has_href:  # its address was not allowed: keep the words only
                return
        super().start(tag, attrs)

    def end(self, tag):
        if self.in_placeholder > 1:
            self.in_placeholder -= tag == "div"
            return
        if tag == "div":
            is_placeholder = self.div_kinds.pop() if self.div_kinds else False
            if is_placeholder:
                self.in_placeholder = 0
                self.out.append("</div>")
            return
        if self.in_placeholder:
            return
        if tag == "a" and not (self.link_kinds.pop() if self.link_kinds else False):
            return
        if tag == "p" and self.paragraph_starts:
            start = self.paragraph_starts.pop()
            inside = "".join(self.out[start + 1 :])
            text = _TAG.sub("", inside).replace("&nbsp;", "").replace("&#160;", "").strip()
            if not text:
                del self.out[start:]
                return
        super().end(tag)

    def data(self, text):
        if not self.in_placeholder:
            super().data(text)


def clean_html(source: str | None) -> str:
    """The one sanitiser of report HTML (see the module's docstring)."""
    if not source:
        return ""
    cleaned = _cleaner.clean(_prepare(source))
    cleaned = _Tidy().rewrite(cleaned)
    return cleaned.strip()
