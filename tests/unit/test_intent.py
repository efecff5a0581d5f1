import pytest

from parsers.intent import classify_intent


@pytest.mark.parametrize("text, expected", [
    ("I AGREE", "agree"),
    ("i agree.", "agree"),
    ("I AGREE!", "agree"),
    ("   I    agree   ", "agree"),
    ("I agree, thanks", "agree"),
    ("Hi Dana,\n\nI AGREE\n\nBob", "agree"),
    ("Yes, I agree.", "agree"),
    ("AGREE", "agree"),
    ("I agree. When will the transfer happen?", "agree"),
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
    assert classify_intent(text) == expected


@pytest.mark.parametrize("text", [
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
])
def test_hedges_and_questions_are_ambiguous(text):
    assert classify_intent(text) == "ambiguous"


@pytest.mark.parametrize("text", ["", "Thanks, will look at it next week", "OK", "Received."])
def test_no_keyword_is_none(text):
    assert classify_intent(text) == "none"
