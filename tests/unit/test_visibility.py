"""What a person sees of an HTML mail: the CSS cascade decides it, in both directions.

A condition a mail client shows must be read (display:none overridden, ::after content, form
values, <noscript>); a yes the person never sees must not (font-size 0, opacity 0, white on
white). ``text`` is a browser-like client; ``anywhere`` adds what some other client shows
(Outlook's conditional comments, alt text of blocked images, @media branches).
"""

from __future__ import annotations

import re
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import html_text
from parsers.html_text import html_to_text

YES = "<p>I agree</p>"


def views(html: str):
    return html_text.html_views(html)


def quickest_read(html: str, limit: float):
    """(CPU seconds, views) of the quicker of two uncached reads. A pattern or cascade that
    blows up is slow every time; a collection of the whole test session's heap, or a first
    call's warm-up, once (seen in CI: 0.64 s and 1.09 s for reads that take 0.2 s)."""
    best = None
    for _ in range(2):
        html_text.html_views.cache_clear()  # (read it again, not from the cache of recent mails)
        html_text._parse.cache_clear()
        started = time.process_time()
        v = views(html)
        seconds = time.process_time() - started
        best = seconds if best is None else min(best, seconds)
        if seconds < limit:
            break
    return best, v


# -- the cascade: display:none overridden ---------------------------------------------------------

def test_display_none_overridden_by_a_later_rule():
    html = ("<style>.c{display:none} .d{display:none}</style><style>.c{display:block}</style>"
            f'{YES}<div class="c">except the archive</div><div class="d">hidden by the sheet</div>')
    text = html_to_text(html)
    assert "except the archive" in text and "hidden by the sheet" not in text


def test_display_none_overridden_by_an_important_class():
    html = ('<style>.terms{display:block !important}</style>'
            f'{YES}<div class="terms" style="display:none">except the archive</div>')
    assert "except the archive" in html_to_text(html)


def test_important_inline_beats_important_class():
    html = ('<style>.terms{display:block !important}</style>'
            f'{YES}<div class="terms" style="display:none !important">hidden words</div>')
    assert "hidden words" not in views(html).anywhere


def test_display_none_overridden_by_a_media_query():
    html = ("<style>.c{display:none} @media screen and (min-width:1px){.c{display:block}}</style>"
            f'{YES}<div class="c">except the archive</div>')
    v = views(html)
    assert "except the archive" in v.text and "except the archive" in v.anywhere


def test_print_only_media_does_not_apply():
    html = f'<style>@media print{{.c{{display:block}}}} .c{{display:none}}</style>{YES}<p class="c">print copy</p>'
    assert "print copy" not in views(html).anywhere


def test_hidden_only_in_one_media_branch_is_shown_somewhere():
    html = f'<style>@media (max-width:600px){{.c{{display:none}}}}</style>{YES}<p class="c">desktop only terms</p>'
    v = views(html)
    assert "desktop only terms" not in v.text  # every @media applies in the text view
    assert "desktop only terms" in v.anywhere


def test_hidden_attribute_with_display_block():
    html = f'{YES}<div hidden style="display:block">only for the main domain</div><div hidden>not shown</div>'
    text = html_to_text(html)
    assert "only for the main domain" in text and "not shown" not in text


def test_two_display_declarations_in_one_style_the_last_wins():
    assert "provided it is paid" in html_to_text(f'{YES}<div style="display:none;display:block">provided it is paid</div>')
    assert "gone" not in html_to_text(f'{YES}<div style="display:block; display:none">gone</div>')


def test_selector_specificity_and_combinators():
    html = ("<style>#main .t{display:block} .t{display:none} ul > li + li{display:none}</style>"
            '<div id="main"><p class="t">id wins</p></div><p class="t">class alone</p>'
            "<ul><li>first</li><li>second</li></ul>")
    text = html_to_text(html)
    assert "id wins" in text and "class alone" not in text
    assert "first" in text and "second" not in text


# -- generated and form content ---------------------------------------------------------------

def test_after_content_is_read_where_it_stands():
    html = '<style>.yes::after{content:", subject to contract"} .x:before{content:"NB: "}</style><p class="yes">I accept</p>'
    assert html_to_text(html) == "I accept, subject to contract"
    assert html_to_text('<style>p:before{content:"NB: " attr(title)}</style><p title="paid first">x</p>') == "NB: paid firstx"


def test_hidden_after_content_is_not_read():
    html = '<style>.yes::after{content:" only after payment";font-size:0}</style><p class="yes">I accept</p>'
    assert html_to_text(html) == "I accept"


def test_input_value_and_textarea_are_read():
    assert "except backup server" in html_to_text(f'{YES}<input type="text" readonly value="except backup server">')
    assert "twelve months" in html_to_text(f"{YES}<textarea>Minimum term: twelve months.</textarea>")
    assert "secret" not in views(f'{YES}<input type="hidden" value="secret">').anywhere


def test_only_the_selected_option_shows_until_the_list_opens():
    html = "<select><option>no</option><option selected>yes, but only partly</option></select>"
    v = views(html)
    assert v.text == "yes, but only partly"
    assert "no" in v.anywhere.split()


def test_img_alt_is_shown_where_images_are_blocked():
    html = '<p>I agree <img src="https://example.com/x.png" alt="minus the archive"></p>'
    v = views(html)
    assert "minus the archive" not in v.text
    assert "minus the archive" in v.anywhere


# -- elements and comments ------------------------------------------------------------------------

def test_outlook_conditional_comments_are_shown_anywhere():
    for condition in ("mso", "gte mso 9", "(mso)|(IE)"):
        html = f"{YES}<!--[if {condition}]><p>Except the archive.</p><![endif]--><p>Bob</p>"
        v = views(html)
        assert "Except the archive" not in v.text, condition
        assert "Except the archive" in v.anywhere, condition
        assert v.anywhere.index("I agree") < v.anywhere.index("Except") < v.anywhere.index("Bob")


def test_non_outlook_branch_is_shown_and_a_hidden_one_nowhere():
    html = (f"{YES}<!--[if !mso]><!--><p>web branch</p><!--<![endif]-->"
            "<!--[if !mso]><p>nobody</p><![endif]--><!-- a plain comment -->")
    v = views(html)
    assert "web branch" in v.text
    assert "nobody" not in v.anywhere and "plain comment" not in v.anywhere


def test_noscript_is_shown():
    assert "valid only after payment" in html_to_text(f"{YES}<noscript>valid only after payment</noscript>")


def test_xml_and_unknown_elements_show_their_text():
    text = html_to_text(f"{YES}<xml><terms>nur Hauptdomain</terms></xml><o:p>and more</o:p>")
    assert "nur Hauptdomain" in text and "and more" in text


def test_scripts_styles_and_titles_are_not_text():
    html = "<title>t1</title><script>var s='s1'</script><style>.a{}</style><p>body</p><template>tpl</template>"
    assert views(html).anywhere == "body"


def test_mso_hide_hides_only_in_outlook():
    assert "preheader words" in html_to_text(f'{YES}<div style="mso-hide:all">preheader words</div>')


# -- what a person does not see -----------------------------------------------------------------

def test_font_size_zero_hides_the_yes():
    html = ('<div style="font-size:0">I AGREE</div><div style="font:0/0 a">I AGREE</div>'
            '<div style="font-size:xx-small">Thanks, will read it next week</div>')
    v = views(html)
    assert "AGREE" not in v.text and "AGREE" not in v.anywhere
    assert "will read it next week" in v.text


def test_font_size_zero_parent_with_a_sized_child():
    html = '<div style="font-size:0">hidden <span style="font-size:14px">visible</span> <em style="font-size:2em">gone</em></div>'
    assert html_to_text(html) == "visible"


def test_opacity_zero_hides_everything_inside():
    html = '<div style="opacity:0">I AGREE <span style="opacity:1">still hidden</span></div><p>Thanks</p>'
    v = views(html)
    assert v.text == "Thanks" and v.anywhere == "Thanks"


def test_white_on_white_is_hidden():
    html = ('<table bgcolor="white"><tr><td><font color="#fff">I ACCEPT</font>'
            '<span style="color:#fefefe">I ACCEPT</span>Got it, after the holidays.</td></tr></table>')
    v = views(html)
    assert "ACCEPT" not in v.text and "ACCEPT" not in v.anywhere
    assert "after the holidays" in v.text


def test_white_text_on_a_dark_background_or_an_image_is_shown():
    assert "on dark" in html_to_text('<div style="background:#123"><p style="color:#fff">on dark</p></div>')
    assert "on image" in html_to_text('<div style="background:#fff url(x.png)"><p style="color:#fff">on image</p></div>')
    assert "a link" in html_to_text('<div style="color:#fff"><a href="https://example.com">a link</a> white</div>')


def test_transparent_colour_is_hidden():
    assert html_to_text('<p style="color:transparent">I AGREE</p><p>Thanks</p>') == "Thanks"
    assert html_to_text('<p style="color:rgba(0,0,0,0)">I AGREE</p><p>Thanks</p>') == "Thanks"


def test_visibility_hidden_parent_with_a_visible_child():
    html = '<div style="visibility:hidden">I AGREE <span style="visibility:visible">if paid</span></div>'
    assert html_to_text(html) == "if paid"


def test_zero_height_hides_only_with_overflow_hidden():
    shown = html_to_text('<div style="height:0">overflowing words</div>')
    hidden = html_to_text('<div style="max-height:0;overflow:hidden">I AGREE</div><p>x</p>')
    inline = html_to_text('<span style="height:0;overflow:hidden">inline ignores height</span>')
    assert shown == "overflowing words" and hidden == "x" and inline == "inline ignores height"


# -- both views ----------------------------------------------------------------------------------

def test_text_view_is_html_to_text_and_quotes_stay_quoted():
    html = ('<div>I agree.</div><!--[if mso]><div>only in Outlook</div><![endif]-->'
            '<div class="gmail_quote"><div>On Wed, X wrote:</div>'
            '<blockquote class="gmail_quote">reply I AGREE</blockquote></div>')
    v = views(html)
    assert v.text == html_to_text(html)
    assert v.text.split("\n") == ["I agree.", "> On Wed, X wrote:", "> > reply I AGREE"]
    assert v.anywhere.split("\n") == ["I agree.", "only in Outlook", "> On Wed, X wrote:", "> > reply I AGREE"]
    assert not v.undecided


# -- work bounds ------------------------------------------------------------------------------------

def test_hostile_stylesheet_is_undecided_and_quick():
    rules = "".join(f".c{i} p:not(.x) > span ~ b{{display:none}}" for i in range(1500))
    html = f"<style>{rules}</style>" + "<div><p><span>a</span><b>b</b></p></div>" * 2000
    seconds, v = quickest_read(html, 1.0)  # (0.2 s here)
    assert v.undecided
    assert seconds < 1.0


def test_unsupported_css_is_undecided():
    assert views('<style>p:has(b){display:none}</style><p><b>x</b></p>').undecided
    assert not views('<style>p b{display:none}</style><p><b>x</b></p>').undecided


def test_a_huge_mail_is_read_quickly_and_undecided():
    html = "<p>x" * 500_000 + "<p>I object"
    seconds, v = quickest_read(html, 1.0)  # (0.2 s here)
    assert seconds < 1.0
    assert v.undecided and v.text.endswith("I object")


_TAGS = ["div", "p", "span", "b", "td", "blockquote", "noscript", "xml", "a", "li", "pre", "font", "img", "input"]
_DECLARATIONS = ["display:none", "display:block", "visibility:hidden", "visibility:visible", "font-size:0",
                 "font-size:1.5em", "opacity:0", "color:#fff", "background:#fff", "height:0", "overflow:hidden",
                 "mso-hide:all", 'content:"x"', "color:transparent", "font:0/0 a", "max-height:0"]
_SELECTORS = ["div", "p", ".a", "#b", "div p", "div > span", "p + p", "b ~ i", "*", "td:first-child",
              "li:nth-child(2n+1)", ".a::after", "p::before", ":not(.a)", "[hidden]", "a:hover"]


@st.composite
def _html(draw):
    rules = draw(st.lists(st.tuples(st.sampled_from(_SELECTORS), st.lists(st.sampled_from(_DECLARATIONS), max_size=3),
                                    st.booleans()), max_size=8))
    css = "".join(f"{s}{{{';'.join(d)}{' !important' if imp and d else ''}}}" for s, d, imp in rules)
    if draw(st.booleans()):
        css = f"@media (max-width:{draw(st.integers(0, 900))}px){{{css}}}"
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(st.sampled_from(_TAGS))
        attrs = draw(st.sampled_from(["", ' class="a"', ' id="b"', " hidden", ' bgcolor="white"',
                                      f' style="{";".join(draw(st.lists(st.sampled_from(_DECLARATIONS), max_size=3)))}"']))
        parts.append(draw(st.sampled_from([f"<{tag}{attrs}>", f"</{tag}>", "word ", "<!--[if mso]><p>m</p><![endif]-->"])))
    return f"<style>{css}</style>" + "".join(parts)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_html())
def test_random_nesting_and_css_never_raise_and_stay_fast(html):
    seconds, v = quickest_read(html, 0.5)
    assert seconds < 0.5
    assert v.text == html_to_text(html)
    # what the text view shows, some client shows: every word of it is in the other view (an
    # Outlook-only block may split a word the text view glues: "x" + "word" around "m")
    # (words, not the ">" a quote's empty line leaves in one view and not in the other)
    squeezed = "".join(v.anywhere.split())
    assert all(word in squeezed for word in re.findall(r"\w+", v.text))
