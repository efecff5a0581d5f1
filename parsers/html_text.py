"""HTML mail -> plain text, with quoted history written the way plain-text mail writes it.

lxml's HTML parser reads the markup (it copes with whatever mail clients produce). Quoted
history is rendered as ``> `` lines so that reply extraction treats HTML-only mail exactly like
plain text: ``<blockquote>`` and Gmail/Yahoo quote containers quote their content; Outlook's
reply header (``divRplyFwdMsg``, the grey top-border block, ``hr#stopSpelling``) quotes
everything after it, since Outlook puts the old message beside the header, not inside it.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

_SKIP = {"head", "script", "style", "title", "meta", "link", "noscript", "template", "xml"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "center", "dd", "div", "dl", "dt",
    "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot",
    "thead", "tr", "ul",
}
# Table cells stay on their row's line, apart by a tab: a form filled in as a table reads
# "Company:<tab>Acme", as a form in plain text does.
_CELLS = {"td", "th"}
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
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"
                                    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None)


def html_to_text(html: str) -> str:
    """Visible text of an HTML mail, quoted parts prefixed with ``> ``."""
    root = _parse(html)
    if root is None:
        return ""
    return _Renderer().render(root)


# A tag longer than this is no mail client's: libxml2 checks each attribute against all the
# others (a <p> with 40,000 attributes took 11 s), so such a tag is read as a bare <span>.
# (each "<" scans only up to the next "<" or ">": linear)
_LONG_TAG = re.compile(r"<[^<>]{8192,}>")


def _parse(html: str):
    if not html or not html.strip():
        return None
    html = _LONG_TAG.sub("<span>", html)
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
        return lxml.html.fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError, lxml.etree.XMLSyntaxError):
        return None


_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|(?<![\w-])(?:max-)?height\s*:\s*0(?:px)?\s*(?:;|$)",
                     re.I)


def _hidden(element) -> bool:
    """Text a mail client does not show (hidden preheaders, tricks): not part of what was said."""
    return element.get("hidden") is not None or bool(_HIDDEN.search(element.get("style") or ""))


def _classes(element) -> set[str]:
    return set((element.get("class") or "").lower().split())


def _is_quote_container(element) -> bool:
    if _classes(element) & _QUOTE_CLASSES:
        return True
    if element.tag != "blockquote":
        return False
    # Clients mark quotes (type="cite", a quote class, a left border); a bare blockquote or one
    # with "border: none" is the writer's own text indented (Thunderbird's Indent, Gmail's
    # "Indent more"). Read as new text, a real quote can only make a reply ambiguous; read as a
    # quote, indented words of the writer would be lost.
    style = (element.get("style") or "").replace(" ", "").lower()
    if (element.get("type") or "").lower() == "cite" or "border-left" in style or "padding-left" in style:
        return True
    return not ("border:none" in style or not style)


def _starts_quoted_tail(element) -> bool:
    if (element.get("id") or "").lower() in _TAIL_IDS:
        return True
    if _classes(element) & _TAIL_CLASSES:
        return True
    return element.tag == "div" and bool(_OUTLOOK_BORDER.search(element.get("style") or ""))


class _Renderer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buffer: list[str] = []
        self.written = False  # whether the buffer holds more than whitespace
        self.depth = 0
        self.pre = 0
        self.skip = 0
        self.tail = False

    def render(self, root) -> str:
        # iterwalk instead of recursion: hostile mail may nest thousands of elements.
        for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
            tag = element.tag.lower() if isinstance(element.tag, str) else "#comment"
            if event == "start":
                self._start(element, tag)
            else:
                self._end(element, tag)
        self._flush()
        text = "\n".join(self.lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n")

    def _start(self, element, tag: str) -> None:
        if tag in _SKIP or tag == "#comment" or self.skip or _hidden(element):
            self.skip += 1
            return
        if tag in _BLOCK:
            self._flush(blank_if_empty=tag == "br")
        elif tag in _CELLS and self.written:
            # (a flag, not the joined buffer: joined at every cell, a row of 10,000 cells took
            # 0.45 s, quadratic)
            self.buffer.append("\t")
        if not self.tail and _starts_quoted_tail(element):
            self.tail = True
        if _is_quote_container(element):
            self.depth += 1
        if tag == "pre":
            self.pre += 1
        if element.text:
            self._add(element.text)

    def _end(self, element, tag: str) -> None:
        if self.skip:
            self.skip -= 1
        else:
            if tag in _BLOCK and tag != "br":
                self._flush(blank_if_empty=tag == "p")
                if tag == "p" and self.lines and self.lines[-1].strip("> "):
                    # A paragraph ends with a blank line, as typed text does: the last one
                    # must not run into the "On … wrote:" line below it.
                    self.lines.append(">" * (self.depth + (1 if self.tail else 0)))
            if _is_quote_container(element):
                self.depth -= 1
            if tag == "pre":
                self.pre -= 1
        # The tail text belongs to the parent, which is visible whenever we are not skipping.
        if element.tail and not self.skip:
            self._add(element.tail)

    def _add(self, text: str) -> None:
        if self.pre:
            chunks = text.split("\n")
            for chunk in chunks[:-1]:
                self._write(chunk)
                self._flush(blank_if_empty=True)
            self._write(chunks[-1])
        else:
            self._write(_SPACES.sub(" ", text.translate(INVISIBLE)))

    def _write(self, chunk: str) -> None:
        self.buffer.append(chunk)
        self.written = self.written or (bool(chunk) and not chunk.isspace())

    def _flush(self, blank_if_empty: bool = False) -> None:
        line = "".join(self.buffer).strip()
        self.buffer = []
        self.written = False
        depth = self.depth + (1 if self.tail else 0)
        if line:
            self.lines.append("> " * depth + line)
        elif blank_if_empty and self.lines and self.lines[-1].strip("> ") != "":
            self.lines.append(">" * depth)
