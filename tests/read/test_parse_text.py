"""What the parser reads of an article: same length as the text, wrapped lines joined, and a
dateline's dash a full stop so that NER does not read "April 2 - FMD Inc" as one date, and a wire's
sign-off blanked, and the function words a wire capitalised after "U.S." in lower case; a title's split abbreviation ("Sens" ".") ends no sentence."""

from __future__ import annotations

import pytest

from graph.read.article import Article


@pytest.mark.parametrize(("text", "parsed"), [
    ("DENVER, April 2 - FMD Inc said it agreed.", "DENVER, April 2 . FMD Inc said it agreed."),
    ("PARIS (AFP) -- Chirac said.", "PARIS (AFP) .  Chirac said."),
    ("TAUPO, New Zealand, March 24 - Yeutter said.", "TAUPO, New Zealand, March 24 . Yeutter said."),
    ("No dateline - here.", "No dateline - here."),
    ("Line one\nwrapped.\n\nNext - paragraph.", "Line one wrapped.\n\nNext - paragraph."),
    ("Talks end today, officials said. REUTER", "Talks end today, officials said.       "),
    ("Talks end today.\n\nReuter\n", "Talks end today.\n\n       "),
    ("He spoke to Reuter", "He spoke to Reuter"),
    ("Officials said so. REUTERS TV", "Officials said so. REUTERS TV"),
    ("China and the U.S. Had held talks with the U.K. And Japan.", "China and the U.S. had held talks with the U.K. and Japan."),
    ("U.S. Trade Representative Ann Bell said so.", "U.S. Trade Representative Ann Bell said so."),
    ("Exports went to the U.S. In March they fell.", "Exports went to the U.S. In March they fell."),
])
def test_parse_text(text, parsed):
    article = Article(id="a", text=text)
    assert article.parse_text == parsed
    assert len(article.parse_text) == len(text)


def test_dateline_end_is_where_the_story_starts():
    text = "DENVER, April 2 - FMD Inc said it agreed."
    assert text[Article(id="a", text=text).dateline_end:].startswith("FMD Inc")
    assert Article(id="a", text="FMD Inc said it agreed.").dateline_end == 0


def test_evidence_is_the_text_as_written(extract_text):
    from datetime import date

    text = "DENVER, April 2 - Halvorsen Industries Inc said it agreed to buy Tamsin Foods Corp."
    facts, _ = extract_text(text, date(1987, 4, 2))
    [deal] = facts.agreements
    assert deal.evidence.sentence in text and " . " not in deal.evidence.sentence
    assert {m.text for m in deal.parties} == {"Halvorsen Industries Inc", "Tamsin Foods Corp"}


def test_a_wire_sign_off_is_no_organization(extract_text):
    from datetime import date

    facts, _ = extract_text("Talks between the two sides end today, officials said. REUTER", date(1987, 4, 2))
    assert not any("reuter" in m.text.lower() for m in facts.mentions)


def test_a_split_plural_title_abbreviation_ends_no_sentence(nlp):
    text = ("Lara Voss held talks with Treasury Secretary Ian Kerr and Democratic Sens. Tom Hale of Ohio, "
            "Ruth Gale of Iowa and Ann Bell of Utah.")
    doc = nlp(Article(id="a", text=text).parse_text)
    assert [t.text for t in doc[11:13]] == ["Sens", "."]
    assert len(list(doc.sents)) == 1
