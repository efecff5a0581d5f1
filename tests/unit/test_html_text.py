"""HTML mail as the bot reads it: visible text only, quoted history as '>' lines."""

from parsers.html_text import html_to_text


def test_hidden_text_is_not_read():
    html = ('<div style="display:none">I AGREE</div><p>Thanks, will check.</p><span hidden>I AGREE</span>'
            '<div style="font-size:0;max-height:0;overflow:hidden">preheader</div><p>Bob</p>')
    assert html_to_text(html) == "Thanks, will check.\n\nBob"


def test_quotes_become_prefixed_lines():
    html = ('<div>I agree.</div><div class="gmail_quote"><div class="gmail_attr">On Wed, X wrote:</div>'
            '<blockquote class="gmail_quote">reply I AGREE</blockquote></div>')
    assert html_to_text(html).split("\n") == ["I agree.", "> On Wed, X wrote:", "> > reply I AGREE"]


def test_outlook_reply_header_quotes_the_rest():
    html = ('<p>Will check.</p><div id="divRplyFwdMsg"><b>From:</b> transfer@<br><b>Sent:</b> Wed</div>'
            '<div>reply I AGREE</div>')
    assert html_to_text(html).split("\n") == ["Will check.", "", "> From: transfer@", "> Sent: Wed", "> reply I AGREE"]


def test_garbage_and_deep_nesting_do_not_raise():
    assert html_to_text("") == "" and html_to_text("<<<>>>") == "<<<>>>"
    html_to_text("<div>" * 100000 + "x" + "</div>" * 100000)
