"""Which text of an HTML mail a mail client shows, as its CSS decides: the cascade of the mail's
``<style>`` blocks, ``style`` attributes and presentational attributes (``bgcolor``, ``hidden``,
``<font color>``), read for the few properties that hide text.

tinycss2 reads stylesheets, declarations and colours; cssselect2's parser reads selectors (with
their specificity). What is written here is the matching and the cascade. Matching is streamed
in document order while parsers.html_text walks the tree: an element's ancestors and earlier
siblings have been matched before it, so every combinator of a selector is one set look-up
(``a b c`` is "c, below something that matched ``a b``"). No selector can make the work grow
faster than the document, and a budget of element-selector tests bounds the rest.

Conditional rules (``@media``, ``@supports``, ``@container``) are read as *scenarios*: scenario
0 applies every one of them (a browser-like client: the ``text`` view); further scenarios apply
none of them, each alone, or add the styles of Outlook-only conditional comments (with
``mso-hide:all``). Text that some scenario shows is in the ``anywhere`` view.

A state (per element and scenario) is what decides whether text shows::

    (hidden, invisible, font_px, colour, fill, opacity, background)

``hidden``: the element and everything in it take no part (display:none, clipped to nothing);
``invisible``: visibility:hidden (a descendant may be visible again); colours are RGBA floats;
``background`` is the opaque colour behind the text, or None when an image makes it unknown.
"""

from __future__ import annotations

import functools
import re

import tinycss2
import tinycss2.color4
from cssselect2 import parser as selectors
from tinycss2.nth import parse_nth

# -- work bounds: hostile mail must stay fast; past a bound the reading is "undecided" ----------
MAX_CSS_CHARS = 80_000    # tinycss2 reads 0.5 to 2 MB/s (nested blocks are the slow end)
MAX_RULES = 1_000
MAX_SELECTORS = 2_000
MAX_CHECKS = 50_000       # simple selectors tested on elements (element x candidate selectors)
MAX_SELECTOR_PARTS = 32   # simple selectors in one compound ("p:not(.a):not(.b)…")
MAX_MATCHES = 20_000      # element-rule matches
MAX_INLINE_PARSES = 1_000  # distinct style attributes read with tinycss2 (about 25 us each)
MAX_STYLED = 3_000         # distinct (parent, styles) computed (about 10 us each)
MAX_COLOUR_PARSES = 2_000  # distinct colour attributes other than hex read with tinycss2
MAX_SCENARIO_CONDITIONS = 3  # up to this many distinct @media conditions are also tried alone

BLACK = (0.0, 0.0, 0.0, 1.0)
WHITE = (1.0, 1.0, 1.0)
LINK_BLUE = (0.0, 0.0, 238 / 255, 1.0)
TRANSPARENT = (0.0, 0.0, 0.0, 0.0)
# The client's canvas: black text on white, 16 px, nothing hidden.
DEFAULT_STATE = (False, False, 16.0, BLACK, None, 1.0, WHITE)

OUTLOOK = -1  # the condition id of styles inside Outlook-only conditional comments

# Tags a client lays out as blocks (a height of 0 with overflow hidden clips them; an inline
# element ignores its height). Table parts grow to their content whatever their height says.
_BLOCKISH = {
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
    "ul", "img", "input", "textarea", "select", "button", "iframe", "video", "object",
}
_FORM_CONTROLS = {"input", "textarea", "select", "button", "option"}


class Unsupported(Exception):
    """CSS this module does not evaluate (``:has()``, nesting, complex ``calc()``): the
    cascade cannot be decided."""


# -- values --------------------------------------------------------------------------------------

_ABSOLUTE = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4,
             "q": 96 / 101.6}
_RELATIVE = {"em": 1.0, "ex": 0.5, "ch": 0.5, "cap": 0.7, "ic": 1.0, "lh": 1.2}
# Units of the root font (16 px) and of the viewport (a reading pane of 800 x 600 px).
_FIXED = {"rem": 16.0, "rex": 8.0, "rch": 8.0, "ric": 16.0, "rlh": 19.2, "rcap": 11.2,
          "vw": 8.0, "vh": 6.0, "vmin": 6.0, "vmax": 8.0, "vi": 8.0, "vb": 6.0}
for _prefix in ("s", "l", "d"):
    _FIXED.update({_prefix + k: v for k, v in list(_FIXED.items()) if k.startswith("v") and len(k) <= 4})
_SIZE_KEYWORDS = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0,
                  "x-large": 24.0, "xx-large": 32.0, "xxx-large": 48.0}
_GLOBAL = {"inherit", "initial", "unset", "revert", "revert-layer"}
_SYSTEM_COLOURS = {"windowtext": BLACK, "canvastext": BLACK, "buttontext": BLACK, "fieldtext": BLACK,
                   "window": (1.0, 1.0, 1.0, 1.0), "canvas": (1.0, 1.0, 1.0, 1.0),
                   "field": (1.0, 1.0, 1.0, 1.0), "buttonface": (0.94, 0.94, 0.94, 1.0),
                   "linktext": LINK_BLUE}


def _significant(tokens) -> list:
    return [t for t in tokens if t.type not in ("whitespace", "comment")]


def _length(token):
    """A length as ("abs", px) or ("rel", factor of the parent's font size), or None."""
    kind = token.type
    if kind == "dimension":
        unit = token.lower_unit
        if unit in _ABSOLUTE:
            return ("abs", token.value * _ABSOLUTE[unit])
        if unit in _RELATIVE:
            return ("rel", token.value * _RELATIVE[unit])
        if unit in _FIXED:
            return ("abs", token.value * _FIXED[unit])
        return None
    if kind == "percentage":
        return ("rel", token.value / 100)
    if kind == "number":
        return ("abs", float(token.value))  # unitless: 0, or pixels as quirks mode reads them
    if kind == "function" and token.lower_name in ("calc", "min", "max", "clamp"):
        args = [_length(t) for t in _significant(token.arguments) if t.type != "literal" or t.value != ","]
        if token.lower_name == "calc":
            if len(args) != 1:
                raise Unsupported("calc() with an expression")
        elif not args or (token.lower_name == "clamp" and len(args) != 3):
            raise Unsupported(f"{token.lower_name}() with other arguments")
        if any(a is None for a in args):
            raise Unsupported(f"{token.lower_name}() of other values")
        return (token.lower_name, tuple(args))
    return None


def font_px(value, parent_px: float) -> float:
    """The size in pixels of a font-size value read by _font_size."""
    kind = value[0]
    if kind == "abs":
        return value[1]
    if kind == "rel":
        return value[1] * parent_px
    sizes = [font_px(v, parent_px) for v in value[1]]
    if kind == "min":
        return min(sizes)
    if kind == "max":
        return max(sizes)
    if kind == "clamp":
        return max(sizes[0], min(sizes[1], sizes[2]))
    return sizes[0]  # calc(x)


def _font_size(tokens):
    tokens = _significant(tokens)
    if len(tokens) != 1:
        return None
    token = tokens[0]
    if token.type == "ident":
        name = token.lower_value
        if name in _SIZE_KEYWORDS:
            return ("abs", _SIZE_KEYWORDS[name])
        if name == "smaller":
            return ("rel", 1 / 1.2)
        if name == "larger":
            return ("rel", 1.2)
        if name == "initial":
            return ("abs", 16.0)
        if name in _GLOBAL:
            return ("rel", 1.0)
        return None
    return _length(token)


_FONT_STYLE_WORDS = {"normal", "italic", "oblique", "bold", "bolder", "lighter", "small-caps",
                     "condensed", "expanded", "semi-condensed", "semi-expanded", "ultra-condensed",
                     "extra-condensed", "ultra-expanded", "extra-expanded"}
_FONT_SYSTEM = {"caption", "icon", "menu", "message-box", "small-caption", "status-bar"}


def _font_shorthand(tokens):
    """The font-size of a ``font`` shorthand ("bold 0/0 a": 0): the first size after the style,
    variant and weight words (a bare number there is a weight, except 0)."""
    for token in _significant(tokens):
        if token.type == "ident":
            name = token.lower_value
            if name in _SIZE_KEYWORDS or name in ("smaller", "larger"):
                return _font_size([token])
            if name in _GLOBAL:
                return ("rel", 1.0)
            if name in _FONT_SYSTEM:
                return ("abs", 13.0)
            if name in _FONT_STYLE_WORDS:
                continue
            return None  # a family name came first: no size, the declaration is invalid
        if token.type == "number" and token.value != 0:
            continue  # a weight
        if token.type in ("dimension", "percentage", "number", "function"):
            return _length(token)
        return None
    return None


_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def attribute_colour(value: str, budget: list[int]):
    """The colour of a presentational attribute (bgcolor="white", color="#fff", text="ffffff":
    HTML's legacy colours), or None. ``budget`` counts the values other than hex read with
    tinycss2 (a one-item list, spent downwards)."""
    text = value.strip()
    found = _HEX.fullmatch(text)
    if found:
        digits = found.group(1)
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return (int(digits[0:2], 16) / 255, int(digits[2:4], 16) / 255, int(digits[4:6], 16) / 255, 1.0)
    if budget[0] <= 0:
        return None
    budget[0] -= 1
    colour = parse_colour(text)
    return colour if isinstance(colour, tuple) else None


def parse_colour(token):
    """RGBA floats of a colour token (or string), "currentcolor", or None."""
    if isinstance(token, str):
        text = token.strip()
        if text.lower() in _SYSTEM_COLOURS:
            return _SYSTEM_COLOURS[text.lower()]
        token = text
    elif token.type == "ident" and token.lower_value in _SYSTEM_COLOURS:
        return _SYSTEM_COLOURS[token.lower_value]
    try:
        colour = tinycss2.color4.parse_color(token)
    except (ValueError, TypeError, ArithmeticError):
        return None
    if colour is None or isinstance(colour, str):
        return "currentcolor" if colour == "currentcolor" else None
    try:
        if colour.space != "srgb":
            colour = colour.to("srgb")
    except NotImplementedError:  # lab(), oklch() ...: a colour we cannot compare
        return None
    red, green, blue, alpha = (max(0.0, min(1.0, float(c or 0))) for c in colour)
    return (red, green, blue, alpha)


def _colour_value(tokens):
    tokens = _significant(tokens)
    if len(tokens) != 1:
        return None
    token = tokens[0]
    if token.type == "ident" and token.lower_value in _GLOBAL:
        return "initial" if token.lower_value == "initial" else "inherit"
    return parse_colour(token)


_IMAGE_FUNCTIONS = re.compile(r"url|image|(?:-\w+-)?(?:repeating-)?(?:linear|radial|conic)-gradient|element|cross-fade")


def _has_image(tokens) -> bool:
    for token in tokens:
        if token.type == "url" or (token.type == "function" and _IMAGE_FUNCTIONS.fullmatch(token.lower_name)):
            return True
    return False


def _background(tokens):
    """The ``background`` shorthand as its two longhands that matter here."""
    colour = TRANSPARENT
    for token in _significant(tokens):
        found = parse_colour(token) if token.type in ("hash", "ident", "function") else None
        if found is not None:
            colour = found
    return (("background-color", colour), ("background-image", _has_image(tokens)))


def _zero_size(tokens):
    tokens = _significant(tokens)
    if len(tokens) != 1:
        return None
    token = tokens[0]
    if token.type == "ident":
        return False
    value = _length(token)
    if value is None:
        return None
    # (a size relative to the font is zero only when its factor is: the font is never 0 here
    # when it matters, since 0-size text is hidden anyway)
    if value[0] in ("abs", "rel"):
        return value[1] < (1.0 if value[0] == "abs" else 0.01)
    return font_px(value, 16.0) < 1.0


def _content(tokens):
    """A pseudo-element's ``content``: strings, ``attr(x)`` and quotes, in order."""
    parts: list = []
    for token in _significant(tokens):
        if token.type == "string":
            parts.append(token.value)
        elif token.type == "function" and token.lower_name == "attr":
            names = [t for t in _significant(token.arguments) if t.type == "ident"]
            if names:
                parts.append(("attr", names[0].lower_value))
        elif token.type == "ident" and token.lower_value in ("open-quote", "close-quote"):
            parts.append('"')
        elif token.type == "ident" and token.lower_value in ("none", "normal"):
            return ()
    return tuple(parts)


def _declarations(parsed) -> tuple[tuple, tuple, bool]:
    """(normal, important, nested) declarations of interest, as (property, value) pairs in
    source order; nested is whether a nested rule (CSS nesting) was found."""
    normal: list = []
    important: list = []
    nested = False
    for item in parsed:
        kind = item.type
        if kind != "declaration":
            nested = nested or kind in ("qualified-rule", "at-rule")
            continue
        try:
            pairs = _interpret(item.lower_name, item.value)
        except RecursionError:
            raise Unsupported("a value nested too deep") from None
        if pairs:
            (important if item.important else normal).extend(pairs)
    return tuple(normal), tuple(important), nested


def _interpret(name: str, tokens) -> list | None:
    """The (property, value) pairs a declaration sets, for the properties that hide text."""
    if name in ("display", "visibility", "mso-hide"):
        words = _significant(tokens)
        if words and words[0].type == "ident":
            return [(name, words[0].lower_value)]
        return None
    if name == "opacity":
        words = _significant(tokens)
        if len(words) == 1 and words[0].type in ("number", "percentage"):
            value = words[0].value / (100 if words[0].type == "percentage" else 1)
            return [(name, max(0.0, min(1.0, value)))]
        if len(words) == 1 and words[0].type == "function":
            raise Unsupported("opacity from a function")
        return None
    if name == "font-size":
        value = _font_size(tokens)
        return [("font-size", value)] if value is not None else None
    if name == "font":
        value = _font_shorthand(tokens)
        return [("font-size", value)] if value is not None else None
    if name in ("color", "-webkit-text-fill-color"):
        value = _colour_value(tokens)
        return [(name, value)] if value is not None else None
    if name == "background-color":
        value = _colour_value(tokens)
        return [(name, value)] if value is not None else None
    if name == "background":
        return list(_background(tokens))
    if name == "background-image":
        return [(name, _has_image(tokens))]
    if name in ("height", "max-height", "width", "max-width"):
        value = _zero_size(tokens)
        return [(name, value)] if value is not None else None
    if name in ("overflow", "overflow-x", "overflow-y"):
        words = [t.lower_value for t in _significant(tokens) if t.type == "ident"]
        if not words:
            return None
        if name == "overflow":
            return [("overflow-x", words[0]), ("overflow-y", words[-1])]
        return [(name, words[0])]
    if name == "content":
        return [(name, _content(tokens))]
    return None


# -- selectors -----------------------------------------------------------------------------------

class _Node:
    """What a compound selector looks at in one element."""

    __slots__ = ("element", "tag", "attrs", "classes", "ident", "context", "index", "type_index", "is_root")

    def __init__(self, element, tag, attrs, classes, ident, context, index, type_index, is_root):
        self.element = element
        self.tag = tag
        self.attrs = attrs
        self.classes = classes
        self.ident = ident
        self.context = context
        self.index = index
        self.type_index = type_index
        self.is_root = is_root


class SiblingContext:
    """The children of one element seen so far, for ``+``, ``~`` and ``:nth-*``."""

    __slots__ = ("parent", "count", "types", "seen", "previous", "tags", "totals", "is_root")

    def __init__(self, parent, is_root: bool = False) -> None:
        self.parent = parent
        self.count = 0
        self.types: dict[str, int] | None = None
        self.seen: frozenset = frozenset()
        self.previous: frozenset = frozenset()
        self.tags: list[str] | None = None
        self.totals: dict[str, int] | None = None
        self.is_root = is_root

    def all_tags(self) -> list[str]:
        # (read once per parent: the ":last-child" of every child costs one pass together)
        if self.tags is None:
            self.tags = [] if self.parent is None else [c.tag for c in self.parent if isinstance(c.tag, str)]
            self.totals = {}
            for tag in self.tags:
                self.totals[tag] = self.totals.get(tag, 0) + 1
        return self.tags


def _following(node: _Node) -> int:
    tags = node.context.all_tags()
    return max(0, len(tags) - node.index - 1)


def _following_of_type(node: _Node) -> int:
    node.context.all_tags()
    return max(0, node.context.totals.get(node.tag, 0) - node.type_index - 1)


def _nth(a: int, b: int, position: int) -> bool:
    """Whether a 1-based position is a*n+b for some n >= 0."""
    if a == 0:
        return position == b
    n, remainder = divmod(position - b, a)
    return remainder == 0 and n >= 0


_NEVER = {"visited", "hover", "active", "focus", "focus-within", "focus-visible", "target",
          "target-within", "current", "past", "future", "playing", "paused", "seeking", "buffering",
          "stalled", "muted", "volume-locked", "user-valid", "user-invalid", "host", "invalid",
          "autofill", "fullscreen", "modal", "picture-in-picture", "popover-open", "placeholder-shown",
          "indeterminate", "blank", "open", "closed"}
_ALWAYS = {"defined", "valid", "read-write", "optional", "in-range", "scope-root"}


def _compile_simple(simple, quirks: bool):
    """A test of one simple selector: a function of a _Node."""
    kind = type(simple)
    if kind is selectors.LocalNameSelector:
        name = simple.lower_local_name
        return lambda node: node.tag == name
    if kind is selectors.NamespaceSelector:
        accepted = simple.namespace in ("", None, "http://www.w3.org/1999/xhtml")
        return lambda node: accepted
    if kind is selectors.IDSelector:
        ident = simple.ident.lower() if quirks else simple.ident
        return lambda node: node.ident == ident
    if kind is selectors.ClassSelector:
        name = simple.class_name.lower() if quirks else simple.class_name
        return lambda node: name in node.classes
    if kind is selectors.AttributeSelector:
        return _compile_attribute(simple)
    if kind is selectors.PseudoClassSelector:
        return _compile_pseudo_class(simple.name)
    if kind is selectors.FunctionalPseudoClassSelector:
        return _compile_functional(simple)
    if kind in (selectors.NegationSelector, selectors.MatchesAnySelector,
                selectors.SpecificityAdjustmentSelector):
        tests = []
        for inner in simple.selector_list:
            if not isinstance(inner.parsed_tree, selectors.CompoundSelector):
                raise Unsupported("a combinator inside :not()/:is()/:where()")
            tests.append(_compile_compound(inner.parsed_tree, quirks))
        if kind is selectors.NegationSelector:
            return lambda node: not any(test(node) for test in tests)
        return lambda node: any(test(node) for test in tests)
    if kind is selectors.RelationalSelector:
        raise Unsupported(":has()")
    raise selectors.SelectorError(simple, "unknown selector")


def _compile_attribute(simple):
    if simple.namespace is None:
        raise Unsupported("an attribute in any namespace")
    name = simple.lower_name
    value = simple.value
    operator = simple.operator
    fold = simple.case_sensitive is False
    if fold and value is not None:
        value = value.lower()

    def get(node):
        found = node.attrs.get(name)
        return found.lower() if fold and found is not None else found

    if operator is None:
        return lambda node: name in node.attrs
    if operator == "=":
        return lambda node: get(node) == value
    if operator == "~=":
        if not value or len(value.split()) != 1:
            return lambda node: False
        return lambda node: value in (get(node) or "").split()
    if operator == "|=":
        return lambda node: (lambda v: v is not None and (v == value or v.startswith(value + "-")))(get(node))
    if not value:
        return lambda node: False
    if operator == "^=":
        return lambda node: (get(node) or "").startswith(value)
    if operator == "$=":
        return lambda node: (get(node) or "").endswith(value)
    if operator == "*=":
        return lambda node: value in (get(node) or "")
    raise selectors.SelectorError(simple, "unknown attribute operator")


def _compile_pseudo_class(name: str):
    if name in _NEVER:
        return lambda node: False
    if name in _ALWAYS:
        return lambda node: True
    if name in ("root", "scope"):
        return lambda node: node.is_root
    if name == "first-child":
        return lambda node: node.index == 0
    if name == "last-child":
        return lambda node: _following(node) == 0
    if name == "only-child":
        return lambda node: node.index == 0 and _following(node) == 0
    if name == "first-of-type":
        return lambda node: node.type_index == 0
    if name == "last-of-type":
        return lambda node: _following_of_type(node) == 0
    if name == "only-of-type":
        return lambda node: node.type_index == 0 and _following_of_type(node) == 0
    if name == "empty":
        return lambda node: not node.element.text and all(
            not isinstance(c.tag, str) and not c.tail for c in node.element)
    if name in ("link", "any-link"):
        return lambda node: node.tag in ("a", "area") and "href" in node.attrs
    if name == "checked":
        return lambda node: ("checked" in node.attrs and node.tag == "input") or (
            node.tag == "option" and "selected" in node.attrs)
    if name == "disabled":
        return lambda node: node.tag in _FORM_CONTROLS and "disabled" in node.attrs
    if name == "enabled":
        return lambda node: node.tag in _FORM_CONTROLS and "disabled" not in node.attrs
    if name in ("read-only", "required"):
        return lambda node: name.split("-")[0] in node.attrs
    raise selectors.SelectorError(name, "unknown pseudo-class")  # the whole rule is dropped


def _compile_functional(simple):
    name = simple.name
    if name not in ("nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type"):
        if name in ("lang", "dir", "state"):
            raise Unsupported(f":{name}()")
        raise selectors.SelectorError(name, "unknown pseudo-class")
    if any(t.type == "ident" and t.lower_value == "of" for t in simple.arguments):
        raise Unsupported(f":{name}(… of S)")
    parsed = parse_nth(simple.arguments)
    if parsed is None:
        raise selectors.SelectorError(name, "invalid an+b")
    a, b = parsed
    if name == "nth-child":
        return lambda node: _nth(a, b, node.index + 1)
    if name == "nth-of-type":
        return lambda node: _nth(a, b, node.type_index + 1)
    if name == "nth-last-child":
        return lambda node: _nth(a, b, _following(node) + 1)
    return lambda node: _nth(a, b, _following_of_type(node) + 1)


def _compile_compound(compound, quirks: bool):
    tests = [_compile_simple(s, quirks) for s in compound.simple_selectors]
    if not tests:
        return lambda node: True
    if len(tests) == 1:
        return tests[0]
    return lambda node: all(test(node) for test in tests)


def _weight(compound) -> int:
    """The simple selectors of a compound, those inside :not()/:is()/:where() too."""
    weight = 0
    stack = list(compound.simple_selectors)
    while stack:
        simple = stack.pop()
        weight += 1
        for inner in getattr(simple, "selector_list", None) or ():
            tree = getattr(inner, "parsed_tree", None)
            if isinstance(tree, selectors.CompoundSelector):
                stack.extend(tree.simple_selectors)
        if weight > MAX_SELECTOR_PARTS:
            break
    return weight


def _bucket(compound, quirks: bool) -> tuple[str, str | None]:
    """Where a compound's candidates are looked up: by id, class, tag, or among all."""
    found: dict[str, str] = {}
    for simple in compound.simple_selectors:
        kind = type(simple)
        if kind is selectors.IDSelector:
            found.setdefault("id", simple.ident.lower() if quirks else simple.ident)
        elif kind is selectors.ClassSelector:
            found.setdefault("class", simple.class_name.lower() if quirks else simple.class_name)
        elif kind is selectors.LocalNameSelector:
            found.setdefault("tag", simple.lower_local_name)
    for key in ("id", "class", "tag"):
        if key in found:
            return key, found[key]
    return "any", None


class _Prefix:
    """The first parts of a complex selector: "a b" of "a b > c". An element matches it when
    it matches the last compound and the combinator finds the previous prefix where it must."""

    __slots__ = ("id", "test", "weight", "combinator", "left", "entries")

    def __init__(self, ident: int, test, weight: int, combinator: str | None, left: int | None) -> None:
        self.id = ident
        self.test = test
        self.weight = weight  # simple selectors tested: what one test of it costs
        self.combinator = combinator
        self.left = left
        self.entries: list = []  # (specificity, order, condition, normal, important, pseudo)


# -- the stylesheet ------------------------------------------------------------------------------

def _screen_condition(prelude) -> bool | None:
    """Whether a client on a screen can meet a @media prelude: False for print-only (and other
    non-screen types), True otherwise; None when the list is empty (applies always)."""
    queries: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            queries.append([])
        elif token.type not in ("whitespace", "comment"):
            queries[-1].append(token)
    queries = [q for q in queries if q]
    if not queries:
        return None
    for query in queries:
        words = [t.lower_value for t in query[:3] if t.type == "ident"]
        negated = bool(words) and words[0] == "not"
        words = [w for w in words if w not in ("only", "not")]
        media_type = words[0] if words and words[0] != "and" else None
        screen = media_type in (None, "all", "screen")
        if screen != negated:
            return True
    return False


class Stylesheet:
    """The mail's style rules as _Prefix objects indexed for candidate look-up."""

    def __init__(self, quirks: bool) -> None:
        self.quirks = quirks
        self.undecided = False
        self.reasons: list[str] = []
        self.prefixes: list[_Prefix] = []
        self._by_key: dict[tuple, _Prefix] = {}
        self.by_id: dict[str, list[_Prefix]] = {}
        self.by_class: dict[str, list[_Prefix]] = {}
        self.by_tag: dict[str, list[_Prefix]] = {}
        self.universal: list[_Prefix] = []
        self.conditions: dict[str, int] = {}
        self.outlook_rules = False
        self.rules = 0
        self.selectors = 0
        self.order = 0
        self.siblings = False  # whether any selector uses "+" or "~"

    def give_up(self, reason: str) -> None:
        self.undecided = True
        if len(self.reasons) < 10:
            self.reasons.append(reason)

    def add_css(self, css: str, outlook: bool = False) -> None:
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        # (an explicit stack: @media inside @media inside ... must not recurse without end)
        stack = [(iter(rules), OUTLOOK if outlook else 0)]
        while stack:
            rule = next(stack[-1][0], None)
            if rule is None:
                stack.pop()
                continue
            condition = stack[-1][1]
            if rule.type == "qualified-rule":
                if self.rules >= MAX_RULES:
                    self.give_up(f"more than {MAX_RULES} rules")
                    return
                self.rules += 1
                self._add_rule(rule, condition)
            elif rule.type == "at-rule" and rule.content is not None:
                if len(stack) >= 8:
                    self.give_up("conditional rules nested more than 8 deep")
                    continue
                keyword = rule.lower_at_keyword
                if keyword == "media":
                    screen = _screen_condition(rule.prelude)
                    if screen is False:
                        continue  # print-only: no screen shows it
                    inner = condition if screen is None else self._condition(rule, condition)
                elif keyword in ("supports", "container"):
                    inner = self._condition(rule, condition)
                elif keyword in ("layer", "scope", "document", "-moz-document"):
                    inner = condition
                else:
                    continue  # @font-face, @page, @keyframes: nothing to show or hide
                parsed = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                stack.append((iter(parsed), inner))

    def _condition(self, rule, outer: int) -> int:
        if outer == OUTLOOK:
            return OUTLOOK  # Outlook reads no @media: its own styles count as one condition
        try:
            text = " ".join(tinycss2.serialize(rule.prelude).split()).lower()
        except RecursionError:
            self.give_up("a condition nested too deep")
            text = repr(id(rule))
        if outer:
            text = f"{outer} & {rule.lower_at_keyword} {text}"
        return self.conditions.setdefault(text, len(self.conditions) + 1)

    def _add_rule(self, rule, condition: int) -> None:
        try:
            parsed = list(selectors.parse(rule.prelude))
        except RecursionError:
            self.give_up("selectors nested too deep")
            return
        except (selectors.SelectorError, NotImplementedError, StopIteration):
            return  # an invalid selector drops the whole rule, as in a browser
        try:
            normal, important, nested = _declarations(
                tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True))
        except Unsupported as reason:
            self.give_up(str(reason))
            return
        if nested:
            self.give_up("nested style rules")
        if not normal and not important:
            return
        compiled = []
        for selector in parsed:
            if self.selectors >= MAX_SELECTORS:
                self.give_up(f"more than {MAX_SELECTORS} selectors")
                return
            self.selectors += 1
            pseudo = selector.pseudo_element
            if pseudo not in (None, "before", "after"):
                continue  # ::first-line, ::selection, ::marker ...: not read
            try:
                compiled.append((self._prefix_chain(selector.parsed_tree), selector.specificity, pseudo))
            except Unsupported as reason:
                self.give_up(str(reason))
            except RecursionError:
                self.give_up("selectors nested too deep")
            except (selectors.SelectorError, NotImplementedError, ValueError, TypeError):
                return  # unknown pseudo-class and the like: the browser drops the rule
        self.order += 1
        if condition == OUTLOOK:
            self.outlook_rules = True
        for final, specificity, pseudo in compiled:
            final.entries.append((specificity, self.order, condition, normal, important, pseudo))

    def _prefix_chain(self, tree) -> _Prefix:
        parts = []
        while isinstance(tree, selectors.CombinedSelector):
            parts.append((tree.right, tree.combinator))
            tree = tree.left
        parts.append((tree, None))
        parts.reverse()
        key: tuple = ()
        left: _Prefix | None = None
        for compound, combinator in parts:
            key = (*key, combinator, repr(compound))
            prefix = self._by_key.get(key)
            if prefix is None:
                weight = _weight(compound)
                if weight > MAX_SELECTOR_PARTS:
                    raise Unsupported(f"a compound selector of more than {MAX_SELECTOR_PARTS} parts")
                test = _compile_compound(compound, self.quirks)
                prefix = _Prefix(len(self.prefixes), test, weight, combinator, left.id if left else None)
                self.prefixes.append(prefix)
                self._by_key[key] = prefix
                where, name = _bucket(compound, self.quirks)
                if where == "any":
                    self.universal.append(prefix)
                else:
                    index = {"id": self.by_id, "class": self.by_class, "tag": self.by_tag}[where]
                    index.setdefault(name, []).append(prefix)
                if combinator in ("+", "~"):
                    self.siblings = True
            left = prefix
        assert left is not None
        return left


# -- the cascade ---------------------------------------------------------------------------------

class Frame:
    """One element's result: its states (an id), what shows in which scenario (bit masks), the
    selector prefixes it and its ancestors matched, and its ::before/::after text."""

    __slots__ = ("sid", "tree", "text", "matched", "above", "before", "after")

    def __init__(self, sid, tree, text, matched, above, before=None, after=None):
        self.sid = sid
        self.tree = tree      # scenarios in which the element is laid out at all
        self.text = text      # scenarios in which its own text shows
        self.matched = matched
        self.above = above    # prefixes matched by the element or an ancestor
        self.before = before  # ((mask, text, False), ...) of ::before, or None
        self.after = after


_EMPTY: frozenset = frozenset()


def _luminance(rgb) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = rgb[:3]
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def shows_text(state) -> bool:
    """Whether text in this state can be read: laid out, visible, at least 1 px, and a colour
    that stands out from what is behind it (WCAG contrast of 1.1 or more: #fefefe on white,
    opacity 0.03 or a transparent colour do not)."""
    hidden, invisible, size, colour, fill, opacity, background = state
    if hidden or invisible or size < 1.0:
        return False
    colour = fill or colour
    alpha = colour[3] * opacity
    if alpha < 0.02:
        return False
    if background is None:
        return True  # text over an image: nothing to compare with
    blended = tuple(c * alpha + b * (1 - alpha) for c, b in zip(colour[:3], background, strict=True))
    lighter, darker = sorted((_luminance(blended), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05) >= 1.1


def _blend(colour, background):
    if background is None:
        return colour[:3] if colour[3] >= 0.99 else None
    alpha = colour[3]
    return tuple(c * alpha + b * (1 - alpha) for c, b in zip(colour[:3], background, strict=True))


def _compute(parent, cascaded: dict, tag: str, honour_mso: bool):
    """A state from the parent's and this element's cascaded values."""
    hidden, invisible, size, colour, fill, opacity, background = parent
    display = cascaded.get("display")
    if display == "none" or (honour_mso and cascaded.get("mso-hide") == "all"):
        hidden = True
    if not hidden and any(cascaded.get(p) for p in ("height", "max-height", "width", "max-width")):
        clips = any(cascaded.get(p) not in (None, "visible") for p in ("overflow-x", "overflow-y"))
        block = (display not in (None, "inline", "initial", "unset", "revert", "inherit")
                 if display is not None else tag in _BLOCKISH)
        hidden = clips and block
    value = cascaded.get("visibility")
    if value in ("hidden", "collapse"):
        invisible = True
    elif value in ("visible", "initial"):
        invisible = False
    value = cascaded.get("font-size")
    if value is not None:
        size = font_px(value, size)
    value = cascaded.get("opacity")
    if value is not None:
        opacity = opacity * value
    value = cascaded.get("color")
    if value is not None and value not in ("inherit", "currentcolor"):
        colour = BLACK if value == "initial" else value
    value = cascaded.get("-webkit-text-fill-color")
    if value is not None:
        fill = None if value in ("currentcolor", "initial") else (fill if value == "inherit" else value)
    value = cascaded.get("background-color")
    if value is not None and value not in ("inherit", "initial"):
        if value == "currentcolor":
            value = colour
        if value[3] > 0:
            background = _blend(value, background)
    if cascaded.get("background-image"):
        background = None  # (painted over the colour: what is behind the text is unknown)
    return (hidden, invisible, size, colour, fill, opacity, background)


class Cascade:
    """Computes each element's Frame while parsers.html_text walks the tree (see the module's
    docstring). ``undecided`` is set when a bound is reached or some CSS cannot be evaluated."""

    def __init__(self, sheet: Stylesheet | None) -> None:
        self.sheet = sheet
        self.active = bool(sheet and sheet.prefixes)
        self.undecided = bool(sheet and sheet.undecided)
        self.reasons = list(sheet.reasons) if sheet else []
        self.checks = 0
        self.matches = 0
        self.inline_cache: dict[str, tuple] = {}
        self.colours: dict[str, tuple | None] = {}
        self.colour_budget = [MAX_COLOUR_PARSES]
        self.pseudo_memo: dict[tuple, tuple] = {}
        self.inline_parses = 0
        # scenarios: (conditions that apply, whether mso-hide hides)
        self.scenarios: list[tuple[frozenset, bool]] = []
        conditions = sorted(sheet.conditions.values()) if sheet else []
        self.scenarios.append((frozenset([0, *conditions]), False))
        if conditions:
            self.scenarios.append((frozenset([0]), False))
            if 1 < len(conditions) <= MAX_SCENARIO_CONDITIONS:
                self.scenarios.extend((frozenset([0, c]), False) for c in conditions)
        if sheet and sheet.outlook_rules:
            self.scenarios.append((frozenset([0, OUTLOOK]), True))
        self.count = len(self.scenarios)
        self.states: list[tuple] = []
        self.state_ids: dict[tuple, int] = {}
        self.masks: list[tuple[int, int]] = []
        self.memo: dict[tuple, int] = {}
        self.styled_out = False
        root_states = (DEFAULT_STATE,) * self.count
        sid = self._intern(root_states)
        self.root = Frame(sid, *self.masks[sid], _EMPTY, _EMPTY)

    def give_up(self, reason: str) -> None:
        self.undecided = True
        if len(self.reasons) < 10:
            self.reasons.append(reason)

    def _intern(self, states: tuple) -> int:
        sid = self.state_ids.get(states)
        if sid is None:
            sid = len(self.states)
            self.states.append(states)
            self.state_ids[states] = sid
            tree = text = 0
            for number, state in enumerate(states):
                if not state[0]:
                    tree |= 1 << number
                    if shows_text(state):
                        text |= 1 << number
            self.masks.append((tree, text))
        return sid

    # -- style attributes and presentational hints -------------------------------------------

    def inline(self, style: str) -> tuple:
        """(normal, important) declarations of a style attribute."""
        found = self.inline_cache.get(style)
        if found is not None:
            return found
        if self.inline_parses >= MAX_INLINE_PARSES:
            if self.inline_parses == MAX_INLINE_PARSES:
                self.inline_parses += 1
                self.give_up(f"more than {MAX_INLINE_PARSES} distinct style attributes")
            found = _fallback_inline(style)
        else:
            self.inline_parses += 1
            # (long ones are not kept: the cache is for the styles that recur)
            parse = _parse_inline if len(style) <= 500 else _parse_inline.__wrapped__
            normal, important, problem = parse(style)
            if problem:
                self.give_up(problem)
            found = (normal, important)
        self.inline_cache[style] = found
        return found

    # -- one element -------------------------------------------------------------------------

    def enter(self, element, tag: str, attrs: dict | None, parent: Frame, context: SiblingContext | None,
              outlook: bool = False) -> Frame:
        """The Frame of an element whose parent's Frame is ``parent``; ``context`` is the
        parent's SiblingContext (None when no rules are active)."""
        matched = _EMPTY
        finals: list = []
        if self.active and context is not None:
            matched, finals = self._match(element, tag, attrs, parent, context)
        style = attrs.get("style") if attrs else None
        hints = _hints(tag, attrs, self.colours, self.colour_budget) if attrs or tag in UA_TAGS else ()
        if not finals and style is None and not hints and not outlook:
            # Nothing of its own: the parent's states. (The parent's Frame itself serves when
            # it tells nothing element-specific: no matches, no ::before/::after.)
            if not matched and parent.matched is _EMPTY and parent.before is None and parent.after is None:
                return parent
            return Frame(parent.sid, parent.tree, parent.text, matched, parent.above | matched if matched else parent.above)
        above = parent.above | matched if matched else parent.above
        pseudo = [e for e in finals if e[5] is not None]
        plain = [e for e in finals if e[5] is None]
        key = (parent.sid, tag, style, tuple(id(e) for e in plain), hints, outlook)
        sid = self.memo.get(key)
        if sid is None:
            if len(self.memo) >= MAX_STYLED:
                # Past the bound: the parent's look, undecided (a mail of 3,000 different
                # styles is no reply a person typed).
                if not self.styled_out:
                    self.styled_out = True
                    self.give_up(f"more than {MAX_STYLED} different styles")
                return Frame(parent.sid, parent.tree, parent.text, matched, above)
            inline = self.inline(style) if style is not None else ((), ())
            states = tuple(
                _compute(parent_state, self._cascaded(plain, inline, hints, conditions), tag, mso or outlook)
                for parent_state, (conditions, mso) in zip(self.states[parent.sid], self.scenarios, strict=True))
            sid = self._intern(states)
            self.memo[key] = sid
        tree, text = self.masks[sid]
        frame = Frame(sid, tree, text, matched, above)
        if pseudo and tree:
            frame.before = self._pseudo(pseudo, "before", sid, attrs, tag, outlook)
            frame.after = self._pseudo(pseudo, "after", sid, attrs, tag, outlook)
        return frame

    def _cascaded(self, entries: list, inline: tuple, hints: tuple, conditions: frozenset) -> dict:
        # (entries are sorted by specificity, then source order: later wins in dict.update)
        cascaded = dict(hints)
        for entry in entries:
            if entry[2] in conditions:
                cascaded.update(entry[3])
        cascaded.update(inline[0])
        for entry in entries:
            if entry[2] in conditions:
                cascaded.update(entry[4])
        cascaded.update(inline[1])
        return cascaded

    def _pseudo(self, entries: list, which: str, sid: int, attrs, tag: str, outlook: bool):
        entries = [e for e in entries if e[5] == which]
        if not entries:
            return None
        key = (sid, which, tuple(id(e) for e in entries), outlook)
        contents = self.pseudo_memo.get(key)
        if contents is None:
            # (content per scenario where the pseudo-element shows: the same for every element
            # of these states and rules; only attr() differs, filled in below)
            found = []
            for number, (state, (conditions, mso)) in enumerate(zip(self.states[sid], self.scenarios, strict=True)):
                cascaded = self._cascaded(entries, ((), ()), (), conditions)
                content = cascaded.get("content")
                if content and not (own := _compute(state, cascaded, "span", mso or outlook))[0] and shows_text(own):
                    found.append((1 << number, content))
            contents = self.pseudo_memo[key] = tuple(found)
        shown: dict[str, int] = {}
        for mask, content in contents:
            text = "".join(part if isinstance(part, str) else (attrs or {}).get(part[1], "") for part in content)
            if text.strip():
                shown[text] = shown.get(text, 0) | mask
        return tuple((mask, text, False) for text, mask in shown.items()) or None

    def _match(self, element, tag: str, attrs, parent: Frame, context: SiblingContext):
        sheet = self.sheet
        ident = classes = None
        if attrs:
            ident = attrs.get("id")
            classes = attrs.get("class")
        if sheet.quirks:
            ident = ident.lower() if ident else ident
            classes = classes.lower() if classes else classes
        class_set = set(classes.split()) if classes else _EMPTY
        index = context.count
        context.count = index + 1
        types = context.types
        if types is None:
            types = context.types = {}
        type_index = types.get(tag, 0)
        types[tag] = type_index + 1
        if self.checks > MAX_CHECKS or self.matches > MAX_MATCHES:
            return _EMPTY, []
        candidates: list = []
        if ident and ident in sheet.by_id:
            candidates += sheet.by_id[ident]
        for name in class_set:
            if name in sheet.by_class:
                candidates += sheet.by_class[name]
        if tag in sheet.by_tag:
            candidates += sheet.by_tag[tag]
        candidates += sheet.universal
        if not candidates:
            self._siblings(context, _EMPTY)
            return _EMPTY, []
        self.checks += sum(prefix.weight for prefix in candidates)
        if self.checks > MAX_CHECKS:
            self.give_up(f"more than {MAX_CHECKS} element-selector tests")
            return _EMPTY, []
        node = _Node(element, tag, attrs or {}, class_set, ident, context, index, type_index, context.is_root)
        matched = set()
        finals: list = []
        for prefix in candidates:
            if not prefix.test(node):
                continue
            left = prefix.left
            if left is not None:
                combinator = prefix.combinator
                if combinator == " ":
                    if left not in parent.above:
                        continue
                elif combinator == ">":
                    if left not in parent.matched:
                        continue
                elif combinator == "+":
                    if left not in context.previous:
                        continue
                elif left not in context.seen:
                    continue
            matched.add(prefix.id)
            finals.extend(prefix.entries)
        matched_set = frozenset(matched) if matched else _EMPTY
        self._siblings(context, matched_set)
        if finals:
            self.matches += len(finals)
            if self.matches > MAX_MATCHES:
                self.give_up(f"more than {MAX_MATCHES} element-rule matches")
            finals.sort(key=lambda e: (e[0], e[1]))
        return matched_set, finals

    def sibling(self, context: SiblingContext, tag: str) -> None:
        """An element the walk does not enter (<style>, <script>): still a sibling that
        ``:first-child``, ``+`` and ``:nth-of-type`` count."""
        context.count += 1
        if context.types is None:
            context.types = {}
        context.types[tag] = context.types.get(tag, 0) + 1
        self._siblings(context, _EMPTY)

    def _siblings(self, context: SiblingContext, matched: frozenset) -> None:
        if self.sheet.siblings:
            context.previous = matched
            if matched:
                context.seen = context.seen | matched


# Properties that can hide text: a style attribute naming none of them is not parsed.
_RELEVANT = re.compile(r"display|visib|opacity|font|color|background|height|width|overflow|mso-hide|content",
                       re.I)


@functools.lru_cache(maxsize=4096)
def _parse_inline(style: str) -> tuple[tuple, tuple, str]:
    """(normal, important, problem) of a style attribute. (Cached across mails: the styles of
    one client, and of our own notices quoted back, recur in every mail.)"""
    if not _RELEVANT.search(style):
        return (), (), ""
    try:
        normal, important, _ = _declarations(
            tinycss2.parse_blocks_contents(style, skip_comments=True, skip_whitespace=True))
        return normal, important, ""
    except Unsupported as reason:
        normal, important = _fallback_inline(style)
        return normal, important, str(reason)


def _fallback_inline(style: str) -> tuple:
    """Past the parsing budget: the hiding declarations a plain search finds (linear)."""
    if _FALLBACK_HIDDEN.search(style):
        return ((("display", "none"),), ())
    return ((), ())


_FALLBACK_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all|"
                              r"(?<![\w-])font-size\s*:\s*0(?![.\d])|opacity\s*:\s*0(?![.\d])", re.I)

UA_TAGS = {"a", "input", "textarea", "select", "button", "mark", "dialog"}
_BGCOLOR_TAGS = {"body", "table", "tr", "td", "th", "tbody", "thead", "tfoot"}


def _hints(tag: str, attrs: dict | None, colours: dict, budget: list[int]) -> tuple:
    """The user agent's defaults and presentational attributes of an element, as (property,
    value) pairs below every author rule."""
    attrs = attrs or {}
    hints: list = []
    if tag == "a":
        if "href" in attrs:
            hints.append(("color", LINK_BLUE))
    elif tag in ("input", "textarea", "select", "button"):
        hints += [("color", BLACK), ("background-color", (1.0, 1.0, 1.0, 1.0))]
    elif tag == "mark":
        hints += [("color", BLACK), ("background-color", (1.0, 1.0, 0.0, 1.0))]
    elif tag == "dialog" and "open" not in attrs:
        hints.append(("display", "none"))
    if not attrs:
        return tuple(hints)
    if "hidden" in attrs:
        hints.append(("display", "none"))  # overridden by any display the author sets
    if tag in _BGCOLOR_TAGS:
        colour = _cached_colour(attrs.get("bgcolor"), colours, budget)
        if colour is not None:
            hints.append(("background-color", colour))
        if attrs.get("background"):
            hints.append(("background-image", True))
    colour_attr = "color" if tag == "font" else "text" if tag == "body" else None
    if colour_attr:
        colour = _cached_colour(attrs.get(colour_attr), colours, budget)
        if colour is not None:
            hints.append(("color", colour))
    return tuple(hints)


def _cached_colour(value: str | None, colours: dict, budget: list[int]):
    if not value:
        return None
    if value not in colours:
        colours[value] = attribute_colour(value, budget)
    return colours[value]


def build_stylesheet(sources: list[tuple[str, bool]], quirks: bool) -> Stylesheet | None:
    """The Stylesheet of a mail's CSS texts, each with whether only Outlook reads it (styles in
    an ``<!--[if mso]>`` comment); None when there is none. At most MAX_CSS_CHARS are read."""
    kept: list[tuple[str, bool]] = []
    budget = MAX_CSS_CHARS
    for css, outlook in sources:
        if css and css.strip():
            kept.append((css[:max(budget, 0)], outlook))
            budget -= len(css)
    if not kept:
        return None
    return _build(tuple(kept), quirks, budget < 0)


@functools.lru_cache(maxsize=64)
def _build(sources: tuple[tuple[str, bool], ...], quirks: bool, cut: bool) -> Stylesheet:
    # (cached: a client writes the same <style> into every mail; a Stylesheet is not changed
    # once built, the Cascade keeps what it learns of one mail. The texts are cut to
    # MAX_CSS_CHARS before: the cache keeps no more than 64 of that.)
    sheet = Stylesheet(quirks)
    if cut:
        sheet.give_up(f"more than {MAX_CSS_CHARS} characters of CSS")
    for css, outlook in sources:
        if css:
            sheet.add_css(css, outlook)
        if sheet.rules >= MAX_RULES or sheet.selectors >= MAX_SELECTORS:
            break
    return sheet
