import pytest

from parsers.intent import classify_intent
from parsers.reply_text import extract_reply


@pytest.mark.parametrize("text, expected", [
    ("I AGREE", "agree"),
    ("i agree.", "agree"),
    ("I AGREE!", "agree"),
    ("   I    agree   ", "agree"),
    ("I agree, thanks", "agree"),
    ("Hi Dana,\n\nI AGREE\n\nBob", "agree"),
    ("AGREE", "agree"),
    ("I AGREE to the waiver on behalf of Partner IT Ltd and all of its subsidiaries.", "agree"),
    ("We accept the transfer of Acme Widgets LLC. Thanks for the heads-up!", "accept"),
    ("Morning Dana,\n\nI AGREE.\n\nBob Partner", "agree"),
    ("\u200eI AGREE", "agree"),
    ("I accept the transfer request for acme-widgets.example", "accept"),
    ("I agree. Please send us the confirmation. Good luck!", "agree"),
    ("I hereby agree to the waiver and release (version v1).", "agree"),
    ("I OBJECT. We do not agree with point 4: the client owes us.", "object"),
    ("I agree. I AGREE!", "agree"),
    ("ｉ ａｇｒｅｅ", "agree"),
    ("I OBJECT", "object"),
    ("I object to this transfer.", "object"),
    ("I ACCEPT", "accept"),
    ("I accept the client, thanks", "accept"),
    ("I DECLINE", "decline"),
    ("CANCEL", "cancel"),
    ("Please cancel the transfer.", "cancel"),
    ("Cancel please", "cancel"),
    ("CANCEL - thanks", "cancel"),
    ("I agree. Please don't hesitate to call me.", "agree"),
])
def test_clean_keywords(text, expected):
    # as the pipeline reads it: the new text with its signature (a closing name) removed
    assert classify_intent(extract_reply(text).text) == expected


@pytest.mark.parametrize("text", [
    "Yes, I agree.",  # the keyword must open the reply: a "yes," may be a "yes, but" begun
    "Ok fine. I agree",
    "I AGREE\nCheers -after the transfer",  # a sign-off's dash tail is no name
    "I AGREE. Regards -when ready",
    "I do not agree",
    "I don't agree",
    "I don’t accept",
    "We cannot agree to this",
    "I can't accept",
    "I disagree",
    "I won't agree",
    "No, I do not agree.",
    "Please don't cancel",
    "I agree not to contact the client",
])
def test_negations_are_never_a_yes(text):
    assert classify_intent(text) == "ambiguous"


@pytest.mark.parametrize("text", [
    "Before I agree, can you confirm the invoice?",
    "I agree with most of it, but the invoice is still open.",
    "Agreed?",
    "Agreed.",
    "I agree?",
    "I agree if you pay the invoice first",
    "I agree, provided the invoice is paid",
    "I AGREE. But only once the invoice is paid.",
    "I agree.\n\nHowever, we need the hardware back.",
    "We have reviewed it and I agree",
    "I agree and I object",
    "I accept. I decline.",
    "Maybe I agree",
    "I might agree",
    "Hi Dana, I do not agree.",
    "I agree... NOT. We will never release Acme until every invoice is paid.",
    "I ACCEPT\n\nActually no, we cannot take this client after all.",
    "I agree. NOT.",
    "I AGREE. I refuse.",
    "I agree\nnot",
    "I agree to nothing",
    "I agree to disagree",
    "I accept nothing",
    "I agree - jk",
    "Hey, not signing.\nI agree",
    "Please cancel the old partner's admin access to our console today.",
    "Cancel my previous mail, we are fine.",
    "cancel nothing",
    "Hi Dana, before I agree: who is the new provider?",
    "I AGREE, mits de laatste factuur betaald is.",
    "I agree, sofern die Rechnung bezahlt ist.",
    "I agree, mais seulement après paiement.",
    "I ACCEPT, pero solo desde enero.",
    "I agree, nicht vor Januar.",
    "I AGREE. Однако сначала оплатите счёт.",
    # nothing may follow a yes but what it applies to and courtesies
    "I agree. When will the transfer happen?",
    "I AGREE, effective 1 March 2027.",
    "I agree with the waiver, save for clause 4.",
    "I agree in part. Clause 4 about invoices is a problem for us.",
    "I AGREE. Clause 4 is excluded.",
    "I agree, under protest.",
    "I AGREE - our terms attached.",
    "I agree to a call to discuss this first.",
    "I agree with my colleague's objection below.",
    "I agree with none of this.",
    "We accept the transfer as long as the client signs our MSA.",
    "I ACCEPT from 1 January 2027.",
    "I AGREE upon receipt of payment for invoice 2026-118.",
    "I AGREE\nif the client settles invoice 2026-118 by Friday.",
    "I AGREE to the waiver on behalf of Partner IT Ltd and\nall of its subsidiaries, but only if invoice 2026-118 is paid.",
    "I AGREE, sous réserve du paiement de la facture 2026-118.",
    "I AGREE, på villkor att faktura 2026-118 betalas.",
    "I agree.\n\nNot.",
    # a clean keyword of the other side is never outweighed by a first no
    "I DECLINE. Never mind, I accept.",
    "I object. No objection to the transfer itself, I agree to the waiver.",
])
def test_hedges_and_questions_are_ambiguous(text):
    assert classify_intent(text) == "ambiguous"


@pytest.mark.parametrize("text", ["", "Thanks, will look at it next week", "OK", "Received."])
def test_no_keyword_is_none(text):
    assert classify_intent(text) == "none"
