"""HTML mail -> plain text as a person sees it, with quoted history written the way plain-text
mail writes it.

Two views (html_views): ``text`` is what a browser-like mail client shows (scripts off, images
loaded), ``anywhere`` adds what some common client shows where that one does not: Outlook's
``<!--[if mso]>`` blocks, an image's alt text when images are blocked, text that only some
``@media`` branch hides, options of a list and the closed part of a ``<details>``. What is
shown is decided by the CSS cascade (parsers.css_cascade): ``<style>`` blocks, inline styles and
presentational attributes; text hidden by display:none, visibility, a font under 1 px, opacity
0, a colour like its background or a zero-size box that clips is in neither view.

lxml's HTML parser reads the markup (it copes with whatever mail clients produce). Quoted
history is rendered as ``> `` lines so that reply extraction treats HTML-only mail exactly like
plain text: ``<blockquote>`` and Gmail/Yahoo quote containers quote their content; Outlook's
reply header (``divRplyFwdMsg``, the grey top-border block, ``hr#stopSpelling``) quotes
everything after it, since Outlook puts the old message beside the header, not inside it.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from functools import lru_cache

import lxml.etree

from parsers.css_cascade import UA_TAGS, Cascade, Frame, SiblingContext, build_stylesheet

_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "center", "dd", "div", "dl", "dt",
    "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot", "details", "summary",
    "thead", "tr", "ul",
}
# Not shown by any client: scripts and styles, the head, inert templates, datalist suggestions.
# (<noscript> is shown: mail clients run no scripts. <xml> and unknown elements show their text.)
_SKIP = {"head", "script", "style", "title", "meta", "link", "template", "datalist"}
# Fallback content a browser does not show but a client that strips the element does.
_ELSEWHERE = {"iframe", "video", "audio"}
# Table cells stay on their row's line, apart by a tab: a form filled in as a table reads
# "Company:<tab>Acme", as a form in plain text does.
_CELLS = {"td", "th"}

# How the walk treats a tag (bits, looked up once per element).
SKIP, BLOCK, BR, PARAGRAPH, CELL, PRE, SPECIAL, ELSEWHERE = (1 << n for n in range(8))
_KINDS: dict[str, int] = {}
for _tag in _BLOCK:
    _KINDS[_tag] = BLOCK | (BR if _tag == "br" else 0) | (PARAGRAPH if _tag == "p" else 0) | (PRE if _tag == "pre" else 0)
for _tag in _CELLS:
    _KINDS[_tag] = CELL
for _tag in _SKIP:
    _KINDS[_tag] = SKIP
for _tag in ("input", "img", "select", "option", "textarea", "details"):
    _KINDS[_tag] = _KINDS.get(_tag, 0) | SPECIAL
for _tag in _ELSEWHERE:
    _KINDS[_tag] = ELSEWHERE
_BR_KIND = _KINDS["br"]

# A view's scenario bits: the ``text`` view is scenario 0 of the cascade; ``anywhere`` is every
# scenario plus ELSEWHERE_BIT, the bit of what only some other client shows.
TEXT_BITS = 1
ELSEWHERE_BIT = 1 << 30
ANYWHERE_BITS = (1 << 31) - 1

# Containers whose whole content is quoted history.
_QUOTE_CLASSES = {"gmail_quote", "yahoo_quoted", "protonmail_quote", "zmail_extra", "moz-forward-container"}
# Elements after which the rest of the document is quoted history (Outlook styles).
_TAIL_IDS = {"divrplyfwdmsg", "x_divrplyfwdmsg", "appendonsend", "x_appendonsend",
             "mail-editor-reference-message-container", "stopspelling", "x_stopspelling"}
_TAIL_CLASSES = {"outlookmessageheader", "gmail_attr_fwd"}
_OUTLOOK_BORDER = re.compile(
    r"border-top:\s*solid\s*#(?:b5c4df|e1e1e1)\s*1(?:\.0)?pt;\s*padding:\s*3(?:\.0)?pt", re.I
)
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
# Invisible characters join, they do not separate: "I AG\u200bREE" is "I AGREE" on screen.
# (one pattern scans a text in C; a translate table looks up every character)
# The joiners stay between two letters of the scripts that spell with them (Persian
# "صورت\u200cحساب", Hindi): there they are part of the word, and no keyword is written so.
_JOINING_SCRIPT = "\u0600-\u06ff\u0750-\u077f\u0900-\u0dff"
_INVISIBLE_CHARACTER = re.compile("[\u200b\u2060\ufeff\u00ad\u200e\u200f"
                                  "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069]|"
                                  f"(?<![{_JOINING_SCRIPT}])[\u200c\u200d]|[\u200c\u200d](?![{_JOINING_SCRIPT}])")


# (what is looked for in every text, as one class: the joiners' neighbours only where one is)
_ANY_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"
                            "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069]")


def without_invisible(text: str) -> str:
    return _INVISIBLE_CHARACTER.sub("", text) if _ANY_INVISIBLE.search(text) else text


# <input type=…> whose value a person reads in the box or on the button.
_INPUT_SHOWS_VALUE = {"", "text", "search", "email", "url", "tel", "number", "date", "datetime-local",
                      "month", "week", "time", "submit", "button", "reset"}
# Bounds of the walk: conditional comments parsed as HTML, and nesting (libxml2 stops at 256;
# an Outlook block parsed inside adds at most as much again).
MAX_CONDITIONAL_COMMENTS = 300
MAX_CONDITIONAL_CHARS = 200_000
MAX_DEPTH = 600
# Tags ("<") of the markup given to the parser: libxml2 builds 500,000 elements of 2 MB of
# "<p>x" in 0.15 s, and reading each in Python would take a second. Past them the rest of the
# markup is read as plain text (_raw_text), undecided.
MAX_TAGS = 40_000
# Elements walked one by one (0.5 to 2.5 us each; an Outlook block parsed inside adds to
# them). Past them the rest of the tree is read as plain text in one pass of libxml2 (_stop).
MAX_ELEMENTS = 30_000
MAX_PLAIN_LINES = 2_000  # lines of text read as plain text; past them, one long line
# (plain strings, no predicate: libxml2 takes 0.05 s for 500,000 text nodes, 0.7 s with them)
# How many recent mails' parsed trees and views are kept (one mail is read at a time).
_RECENT = 2
_REST = lxml.etree.XPath("descendant-or-self::text()", smart_strings=False)
_FOLLOWING = lxml.etree.XPath("following::text()", smart_strings=False)


@dataclass(frozen=True)
class HtmlViews:
    text: str        # what a person sees in a common mail client (scripts off, images shown)
    anywhere: str    # the same rendering, plus what some common client shows where `text` does not
    undecided: bool  # the cascade could not be decided within the work bounds


def html_to_text(html: str) -> str:
    """Visible text of an HTML mail, quoted parts prefixed with ``> `` (the ``text`` view)."""
    return html_views(html).text


@lru_cache(maxsize=_RECENT)  # (asked twice per yes: for a hidden answer and hidden words)
def hidden_text(html: str) -> str:
    """Every text of the document, shown or hidden, one text node a line (scripts and styles
    aside): set against the views, what a sender hid from the reader of the mail."""
    html, _ = _split_source(html)
    root = _parse(html)
    if root is None:
        return ""
    # (the <title> too: no client shows it, and a sender may write terms there)
    # (tooltips, alt texts, form fields' values and placeholders too: words a client may show,
    # written where a reader of text nodes does not look; not aria-label, which Apple Mail
    # sets to "message body" and no client shows)
    nodes = root.xpath("//text()[not(ancestor::script) and not(ancestor::style)] | //@title | //@alt | "
                       "//input/@value | //input/@placeholder | //textarea/@placeholder")
    texts = [str(node) for node in nodes[:_MAX_HIDDEN_NODES]]
    # (and what conditional comments hold, wherever they stand: an Outlook <xml> block in the
    # <head> with "<o:Description>On condition that …</o:Description>")
    for number, comment in enumerate(_all_comments(root)):
        if number >= MAX_CONDITIONAL_COMMENTS:
            break
        found = _conditional(comment.text or "")
        if found:
            inner = _without_raw_blocks(found[1][:MAX_CONDITIONAL_CHARS])
            texts.extend(htmllib.unescape(_TAG_TEXT.sub("\n", inner)).split("\n"))
    lines = (_SPACES.sub(" ", without_invisible(text)).strip() for text in texts)
    return "\n".join(line for line in lines if line)


def _without_raw_blocks(markup: str) -> str:
    """``markup`` without its <style> and <script> blocks (str.find from where the last one
    ended: linear, an unclosed block ends the text)."""
    kept, low, at = [], markup.lower(), 0
    next_at = {"<style": low.find("<style"), "<script": low.find("<script")}
    while True:
        for opener, found in next_at.items():
            if 0 <= found < at:  # (searched again only once passed: each search moves on)
                next_at[opener] = low.find(opener, at)
        starts = [(found, opener) for opener, found in next_at.items() if found >= 0]
        if not starts:
            kept.append(markup[at:])
            break
        start, opener = min(starts)
        kept.append(markup[at:start])
        close = "</" + opener[1:]
        end = low.find(close, start)
        if end < 0:
            break
        closed = low.find(">", end)
        at = closed + 1 if closed >= 0 else len(markup)
    return "".join(kept)


def _all_comments(root):
    """The comments of the document, those before and after the root element included."""
    for node in _top_level(root):
        if node.tag is _COMMENT:
            yield node
        elif isinstance(node.tag, str):
            yield from node.iter(_COMMENT)


_MAX_HIDDEN_NODES = 20_000


@lru_cache(maxsize=_RECENT)
def html_views(html: str) -> HtmlViews:
    """Both views of an HTML mail (see the module's docstring). The reading path asks for
    the same mail's views several times (its text, its reply, what other clients show): the
    last few are kept rather than rendered again."""
    return _render(html)


# A tag longer than this is no mail client's: libxml2 checks each attribute against all the
# others (a <p> with 40,000 attributes took 11 s), so such a tag is read as a bare <span>.
# (each "<" scans only up to the next "<" or ">": linear)
_LONG_TAG = re.compile(r"<[^<>]{8192,}>")
# Quirks mode (no doctype, or an old HTML one without a system identifier) matches class and id
# selectors regardless of case, as Outlook's "p.MsoNormal" vs class="msoNormal" rely on.
_DOCTYPE = re.compile(r"<!doctype\s[^>]{0,500}>", re.I)


@lru_cache(maxsize=_RECENT)
def _parse(html: str):
    # (cached: the views and the hidden text read the same tree, which nothing changes)
    if not html or not html.strip():
        return None
    html = _LONG_TAG.sub("<span>", html)
    try:
        # (lxml.etree's parser, not lxml.html's: the same libxml2 reading without a Python
        # element class looked up for every element, three times faster on large mail)
        parser = lxml.etree.HTMLParser(encoding="utf-8", remove_comments=False, remove_pis=True)
        return lxml.etree.fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError, lxml.etree.XMLSyntaxError):
        return None


def _quirks(html: str) -> bool:
    found = _DOCTYPE.search(html[:4096])
    if not found:
        return True
    doctype = found.group(0).lower()
    return "//dtd html" in doctype and "http" not in doctype


def _conditional(comment: str) -> tuple[str, str] | None:
    """(condition, inner HTML) of a downlevel-hidden conditional comment
    ``<!--[if mso]>…<![endif]-->``, else None. (String methods only: linear.)"""
    text = comment.lstrip()
    if text[:3].lower() != "[if":
        return None
    close = text.find("]>")
    end = text.rfind("<![endif]")
    if close < 0 or end < close:
        return None
    return text[3:close].strip().lower(), text[close + 2:end]


def _outlook_shows(condition: str) -> bool:
    """Whether Outlook (or the IE-based clients before it) can meet a condition: all but a
    negated "mso" ("!mso": the branch for every client but Outlook)."""
    return not _NOT_MSO.match(condition)


_TAG_TEXT = re.compile(r"<[^<>]*>")
_NOT_MSO = re.compile(r"[\s(]*!\s*(?:\(\s*)?mso")  # (each run of spaces has one place to go)
# Runs of spaces to make one (only where there is more than one space to replace).
_LINE_SPACES = re.compile(r"[ \t\r\f\v\u00a0]{2,}|[\t\r\f\v\u00a0]")
# Spaces around line breaks, and empty lines (only where there are: most breaks have none).
_BLANK_LINES = re.compile(r" \n[ \n]*|\n[ \n]+")  # (after _LINE_SPACES: single spaces)
_COMMENT = lxml.etree.Comment


def _fragment(inner: str):
    """The HTML of a conditional comment, parsed; None when it holds no text at all (the ghost
    tables around every Outlook template: "<table><tr><td>")."""
    if not _TAG_TEXT.sub("", inner).strip() and not re.search(r"\balt\s*=|<input|<textarea|<style", inner, re.I):
        return None
    return _parse(inner)


def _top_level(root) -> list:
    """The document's nodes: comments before <html> (an Outlook block may open the mail), the
    root, and what libxml2 leaves after it."""
    before = list(root.itersiblings(preceding=True))
    before.reverse()
    return [*before, root, *root.itersiblings()]


def _collect_css(nodes) -> tuple[list[tuple[str, bool]], bool]:
    """The mail's CSS texts (with whether only Outlook reads them), and whether it has an
    Outlook-only conditional comment."""
    sources: list[tuple[str, bool]] = []
    comments = []
    for node in nodes:
        if node.tag is lxml.etree.Comment:
            comments.append(node)
            continue
        if not isinstance(node.tag, str):
            continue
        for element in node.iter("style", lxml.etree.Comment):
            if element.tag != "style":
                comments.append(element)
                continue
            if (element.get("type") or "text/css").strip().lower() not in ("text/css", ""):
                continue  # (a browser reads no other kind of style sheet)
            css = element.text or ""
            media = (element.get("media") or "").strip()
            if media and media.lower() not in ("all", "screen"):
                css = f"@media {media} {{{css}}}"  # <style media="print"> is a print-only block
            sources.append((css, False))
    conditionals = 0
    for comment in comments:
        found = _conditional(comment.text or "")
        if not found or not _outlook_shows(found[0]):
            continue
        conditionals += 1
        if conditionals <= MAX_CONDITIONAL_COMMENTS and "<style" in found[1].lower():
            fragment = _parse(found[1])
            if fragment is not None:
                sources.extend((style.text or "", True) for style in fragment.iter("style"))
    return sources, conditionals > 0


def _split_source(html: str) -> tuple[str, str]:
    """The markup up to its MAX_TAGS-th tag, and the rest (usually nothing)."""
    if html.count("<") <= MAX_TAGS:
        return html, ""
    cut = -1
    for _ in range(MAX_TAGS + 1):
        cut = html.find("<", cut + 1)
    return html[:cut], html[cut:]


# Elements whose content is no text, and comments: skipped in the rest of a long mail. (Each
# opening is searched for once and its end once, from where the last search stopped: linear.)
_RAW_OPEN = re.compile(r"<(script|style|title|template|head)\b|<!--", re.I)
_RAW_CLOSE = {"script": "</script", "style": "</style", "title": "</title", "template": "</template",
              "head": "</head", None: "-->"}


def _raw_text(head: str, rest: str) -> str:
    """The text of the markup past MAX_TAGS, without a parser: tags out, entities read."""
    lower_head = head[-200_000:].lower()
    # (the cut may fall inside a comment or a <style>: the rest starts in it)
    for name in ("script", "style", "title", "template", None):
        opener, closer = "<!--" if name is None else "<" + name, _RAW_CLOSE[name]
        if lower_head.rfind(opener) > lower_head.rfind(closer):
            end = rest.lower().find(closer)
            rest = rest[end + len(closer):] if end >= 0 else ""
            break
    lower = rest.lower()
    parts = []
    position = 0
    while True:
        found = _RAW_OPEN.search(rest, position)
        if not found:
            parts.append(rest[position:])
            break
        parts.append(rest[position:found.start()])
        closer = _RAW_CLOSE[found.group(1).lower() if found.group(1) else None]
        end = lower.find(closer, found.end())
        if end < 0:
            break
        position = end + len(closer)
    text = _TAG_TEXT.sub(" ", "".join(parts))
    if text.count("&") <= 10_000:  # (html.unescape calls Python once per entity)
        text = htmllib.unescape(text)
    return without_invisible(text)


def _render(html: str) -> HtmlViews:
    # A parser builds every element of the markup (0.15 s for 2 MB of "<p>x"): past MAX_TAGS
    # tags the rest is read as plain text, undecided.
    html, rest = _split_source(html)
    root = _parse(html)
    if root is None and "<!--" in html:
        # Comments alone make no document for libxml2; an Outlook-only mail is still one.
        root = _parse(html + "<span></span>")
    if root is None:
        if not rest:
            return HtmlViews("", "", False)
        plain = _Sink(TEXT_BITS)
        plain.plain(_raw_text(html, rest))
        text = plain.finish()
        return HtmlViews(text, text, True)
    nodes = _top_level(root)
    sources, conditionals = _collect_css(nodes)
    cascade = Cascade(build_stylesheet(sources, _quirks(html)))
    text_sink = _Sink(TEXT_BITS)
    sinks = [text_sink]
    # The second view costs a second renderer only when something can differ.
    if cascade.count > 1 or conditionals or _has_elsewhere(root):
        sinks.append(_Sink(ANYWHERE_BITS))
    walker = _Walker(root, cascade, sinks)
    walker.walk(nodes, cascade.root, SiblingContext(None, is_root=True) if cascade.active else None, 0, False)
    if rest:
        walker.undecided = True
        plain = _raw_text(html, rest)
        for sink in sinks:
            sink.plain(plain)
    text = text_sink.finish()
    other = sinks[1].finish() if len(sinks) > 1 else text
    return HtmlViews(text, other, cascade.undecided or walker.undecided)


def _has_elsewhere(root) -> bool:
    for _ in root.iter("img", "select", "details", "iframe", "video", "audio", "input"):
        return True
    return False


def _quote_marks(tag: str, attrs: dict) -> tuple[bool, bool]:
    """(whether the element is a quote container, whether the quoted tail starts at it)."""
    classes = set(attrs["class"].lower().split()) if "class" in attrs else ()
    style = attrs.get("style")
    tail = bool((classes and not _TAIL_CLASSES.isdisjoint(classes))
                or ("id" in attrs and attrs["id"].lower() in _TAIL_IDS)
                or (tag == "div" and style and _OUTLOOK_BORDER.search(style)))
    if classes and not _QUOTE_CLASSES.isdisjoint(classes):
        return True, tail
    if tag != "blockquote":
        return False, tail
    # Clients mark quotes (type="cite", a quote class, a left border); a bare blockquote or one
    # with "border: none" is the writer's own text indented (Thunderbird's Indent, Gmail's
    # "Indent more"). Read as new text, a real quote can only make a reply ambiguous; read as a
    # quote, indented words of the writer would be lost.
    style = (style or "").replace(" ", "").lower()
    if (attrs.get("type") or "").lower() == "cite" or "border-left" in style or "padding-left" in style:
        return True, tail
    if any("quote" in name or "cite" in name for name in classes):
        return True, tail  # "tutanota_quote", "reply-quote", "quoted-text": a client's own quote
    return not ("border:none" in style or not style), tail


class _Walker:
    """Walks the tree once, computing each element's Frame, and feeds each view's _Sink."""

    def __init__(self, root, cascade: Cascade, sinks: list[_Sink]) -> None:
        self.root = root
        self.cascade = cascade
        self.sinks = sinks
        self.all_sinks = sinks
        self.undecided = False
        self.fragments = 0
        self.left = MAX_ELEMENTS
        self.stopped = False
        self.dropdowns: set = set()  # the single-choice <select>s (a drop-down list)
        self.chosen: set = set()  # the option each of them shows

    def walk(self, nodes, frame: Frame, context: SiblingContext | None, depth: int, outlook: bool,
             closed_details: bool = False) -> None:
        # One Python frame per level of nesting (lxml stops at 256 levels; see MAX_DEPTH). This
        # loop runs once per element of every HTML mail: kept lean (30,000 <br> in 0.02 s).
        cascade = self.cascade
        active = cascade.active
        sinks = self.sinks
        single = sinks[0] if len(sinks) == 1 else None
        kinds = _KINDS
        first_summary = closed_details
        for element in nodes:
            tag = element.tag
            if tag.__class__ is not str:
                if tag is _COMMENT and single is None:
                    self._comment(element, frame, depth, outlook)
                    if self.stopped:
                        return
                kind = SKIP
            else:
                kind = kinds.get(tag, 0)
                self.left -= 1
                if self.left < 0:
                    self._stop(element)
                    return
            if kind & SKIP:
                if context is not None and tag.__class__ is str:
                    cascade.sibling(context, tag)
                tail = element.tail
                if tail:
                    for sink in sinks:
                        sink.tail(tail)
                continue
            items = element.items()
            if items:
                attrs = dict(items)
                child = cascade.enter(element, tag, attrs, frame, context, outlook)
                quote, tail_start = _quote_marks(tag, attrs)
            else:
                attrs = None
                quote = tail_start = False
                if active or outlook or tag in UA_TAGS:
                    child = cascade.enter(element, tag, None, frame, context, outlook)
                else:
                    child = frame
            tree = child.tree
            text = child.text
            before = child.before
            after = child.after
            open_details = False
            if kind & (SPECIAL | ELSEWHERE) or closed_details:
                if kind & SPECIAL:
                    tree, text, before, open_details = self._special(element, tag, attrs or {}, tree, text, before)
                if kind & ELSEWHERE or (closed_details and not (tag == "summary" and first_summary)):
                    tree = ELSEWHERE_BIT if tree else 0
                    text = ELSEWHERE_BIT if text else 0
                if closed_details and tag == "summary":
                    first_summary = False
            if len(element):
                own_text = element.text
                if single is not None:
                    shown = single.start(kind, tree, text, quote, tail_start, own_text, before)
                else:
                    shown = 0
                    for sink in sinks:
                        shown |= sink.start(kind, tree, text, quote, tail_start, own_text, before)
                if shown:
                    if depth >= MAX_DEPTH:
                        self.undecided = True
                    else:
                        self.walk(element, child, SiblingContext(element) if active else None, depth + 1,
                                  outlook, tag == "details" and not open_details)
                for sink in sinks:
                    sink.end(kind, quote, after)
                if self.stopped:
                    return  # (the rest, this element's tail too, was read as plain text)
            elif single is not None:
                single.leaf(kind, tree, text, quote, tail_start, element.text, before, after)
            else:
                own_text = element.text
                for sink in sinks:
                    sink.leaf(kind, tree, text, quote, tail_start, own_text, before, after)
            tail = element.tail
            if tail:
                for sink in sinks:
                    sink.tail(tail)

    def _stop(self, element) -> None:
        """Past MAX_ELEMENTS: the text of this element and of all that follows it, as it stands
        in the markup, in every view (undecided: hidden or not, nobody has decided)."""
        self.stopped = True
        self.undecided = True
        if self.sinks is not self.all_sinks:
            return  # (inside an Outlook block: the main walk reads the rest)
        # The walk is over: what is never shown can be cut out of the tree, in one pass.
        lxml.etree.strip_elements(self.root, *_SKIP, with_tail=False)
        texts = _REST(element) + _FOLLOWING(element)
        block = without_invisible(" ".join(texts))
        for sink in self.sinks:
            sink.plain(block)

    def _special(self, element, tag: str, attrs: dict, tree: int, text: int, before):
        """Form controls, images, lists and <details>: what they show besides their text."""
        extra = []
        open_details = False
        if tag == "input":
            kind = (attrs.get("type") or "").strip().lower()
            if kind in _INPUT_SHOWS_VALUE:
                shown = attrs.get("value") or (attrs.get("placeholder") if kind not in ("submit", "button", "reset") else "")
                if shown and shown.strip():
                    extra.append((text, shown, True))
            elif kind == "image" and (attrs.get("alt") or "").strip():
                extra.append((ELSEWHERE_BIT if text else 0, attrs["alt"], True))
        elif tag == "img":
            alt = attrs.get("alt") or ""
            if alt.strip():
                # shown where images are blocked (and as the image's name by screen readers)
                extra.append((ELSEWHERE_BIT if text else 0, alt, True))
        elif tag == "textarea":
            if not (element.text or "").strip() and (attrs.get("placeholder") or "").strip():
                extra.append((text, attrs["placeholder"], True))
        elif tag == "select":
            single = "multiple" not in attrs and (attrs.get("size") or "1").strip() in ("", "0", "1")
            if single:
                options = list(element.iter("option"))
                selected = [o for o in options if o.get("selected") is not None]
                self.dropdowns.add(element)
                self.chosen.update(selected[-1:] or options[:1])
        elif tag == "option":
            parent = element.getparent()
            while parent is not None and parent.tag == "optgroup":
                parent = parent.getparent()
            if parent in self.dropdowns and element not in self.chosen:
                # the other entries of a drop-down list: seen once the list is opened
                tree = ELSEWHERE_BIT if tree else 0
                text = ELSEWHERE_BIT if text else 0
            extra.append((text, "", True))  # (apart from the text before it)
        elif tag == "details":
            open_details = "open" in attrs
            if not open_details:
                text = ELSEWHERE_BIT if text else 0  # (its summary shows; the rest once opened)
        if extra:
            before = (*(before or ()), *extra)
        return tree, text, before, open_details

    def _comment(self, comment, frame: Frame, depth: int, outlook: bool) -> None:
        """An Outlook-only block: shown in the ``anywhere`` view, read as the HTML it holds."""
        found = _conditional(comment.text or "")
        if not found or not _outlook_shows(found[0]):
            return
        self.fragments += 1
        if self.fragments > MAX_CONDITIONAL_COMMENTS:
            self.undecided = True
            return
        inner = found[1]
        if len(inner) > MAX_CONDITIONAL_CHARS:
            self.undecided = True
            inner = inner[:MAX_CONDITIONAL_CHARS]
        fragment = _fragment(inner)
        if fragment is None or depth >= MAX_DEPTH:
            return
        sinks, self.sinks = self.sinks, self.sinks[1:]
        try:
            self.walk(_top_level(fragment), frame, SiblingContext(None) if self.cascade.active else None,
                      depth + 1, True)
        finally:
            self.sinks = sinks
            # (past MAX_ELEMENTS inside the block: the block ends here, and the main walk
            # reads the rest of the mail as plain text at its next element)
            self.stopped = False


class _Sink:
    """One view's text: lines with ``> `` quote prefixes. ``bits`` are the scenarios (and the
    ELSEWHERE_BIT) whose content this view shows."""

    def __init__(self, bits: int) -> None:
        self.bits = bits
        self.lines: list[str] = []
        self.buffer: list[str] = []
        self.written = False  # whether the buffer holds more than whitespace
        self.depth = 0
        self.pre = 0
        self.skip = 0
        self.tail_quoted = False
        self.shown = [True]  # whether the text of each open element shows
        self.apart = False  # whether the next words need a space before them
        # whether the last line is blank (but for quote marks), or there is none yet
        self.blank = True

    def start(self, kind: int, tree: int, text: int, quote: bool, tail_start: bool, own_text, before) -> int:
        """An element starts; returns this view's bits if its content is to be walked."""
        if self.skip:
            self.skip += 1
            return 0
        bits = self.bits
        if not tree & bits:
            self.skip = 1
            return 0
        if kind & BLOCK:
            self._flush(blank_if_empty=bool(kind & BR))
        elif kind & CELL and self.written:
            # (a flag, not the joined buffer: joined at every cell, a row of 10,000 cells took
            # 0.45 s, quadratic)
            self.buffer.append("\t")
        if tail_start and not self.tail_quoted:
            self.tail_quoted = True
        if quote:
            self.depth += 1
        if kind & PRE:
            self.pre += 1
        shows = bool(text & bits)
        self.shown.append(shows)
        if before:
            self._insert(before)
        if own_text and shows:
            self._add(own_text)
        return bits

    def leaf(self, kind: int, tree: int, text: int, quote: bool, tail_start: bool, own_text, before,
             after) -> None:
        """An element without children: start and end at once."""
        if self.skip:
            return
        if kind == _BR_KIND and tree & self.bits and not (own_text or before or after or quote or tail_start):
            self._flush(blank_if_empty=True)  # (the common <br>, quickly)
            return
        if self.start(kind, tree, text, quote, tail_start, own_text, before):
            self.end(kind, quote, after)
        else:
            self.skip -= 1

    def end(self, kind: int, quote: bool, after) -> None:
        if self.skip:
            self.skip -= 1
            return
        if after:
            self._insert(after)
        if kind & BLOCK and not kind & BR:
            paragraph = bool(kind & PARAGRAPH)
            self._flush(blank_if_empty=paragraph)
            if paragraph and not self.blank:
                # A paragraph ends with a blank line, as typed text does: the last one
                # must not run into the "On … wrote:" line below it.
                self.lines.append(">" * (self.depth + (1 if self.tail_quoted else 0)))
                self.blank = True
        if quote:
            self.depth -= 1
        if kind & PRE:
            self.pre -= 1
        self.shown.pop()

    def tail(self, text: str) -> None:
        # The tail text belongs to the parent, shown when the parent's text is.
        if not self.skip and self.shown[-1]:
            self._add(text)

    def plain(self, block: str) -> None:
        """Text read without its markup, a line per text of the markup, quoted as here."""
        self._flush()
        block = _BLANK_LINES.sub("\n", _LINE_SPACES.sub(" ", block)).strip()
        if not block:
            return
        lines = block.split("\n")
        if len(lines) > MAX_PLAIN_LINES:
            # (every line costs the reader of the text a little: past this, one long line)
            lines[MAX_PLAIN_LINES - 1:] = [" ".join(lines[MAX_PLAIN_LINES - 1:])]
        prefix = "> " * (self.depth + (1 if self.tail_quoted else 0))
        self.lines.extend([prefix + line for line in lines] if prefix else lines)
        self.blank = False

    def finish(self) -> str:
        self._flush()
        text = "\n".join(self.lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n")

    def _insert(self, items) -> None:
        """Text the element shows besides its own: ::before/::after content as it is, a form
        value or alt text apart from the words around it (a box of its own on screen)."""
        for mask, inserted, apart in items:
            if not mask & self.bits:
                continue
            if apart:
                self.apart = True
                inserted = inserted.strip()
            if inserted:
                self._add(inserted)
                if apart:
                    self.apart = True

    def _add(self, text: str) -> None:
        if self.pre:
            chunks = text.split("\n")
            for chunk in chunks[:-1]:
                self._write(chunk)
                self._flush(blank_if_empty=True)
            self._write(chunks[-1])
        else:
            self._write(_SPACES.sub(" ", without_invisible(text)))

    def _write(self, chunk: str) -> None:
        if self.apart and chunk:
            self.apart = False
            if self.written and not chunk[0].isspace() and not self.buffer[-1][-1:].isspace():
                self.buffer.append(" ")
        self.buffer.append(chunk)
        self.written = self.written or (bool(chunk) and not chunk.isspace())

    def _flush(self, blank_if_empty: bool = False) -> None:
        if self.buffer:
            line = "".join(self.buffer).strip()
            self.buffer = []
            self.written = False
            self.apart = False
        else:
            line = ""
        if line:
            self.lines.append("> " * (self.depth + (1 if self.tail_quoted else 0)) + line)
            self.blank = not line.strip("> ")  # (a line of quote marks alone counts as blank)
        elif blank_if_empty and not self.blank:
            self.lines.append(">" * (self.depth + (1 if self.tail_quoted else 0)))
            self.blank = True
