"""Text drawn in PDFs (home.pdf): as typed, safe in ReportLab's markup, kept together where
French typography says so."""

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from home import pdf
from home.formatting import NBSP, NNBSP


def test_french_spaces_stay_unbreakable_and_drawable():
    # ReportLab breaks lines at U+202F and Vera has no glyph for it: U+00A0 does both jobs.
    assert pdf.plain(f"Pourquoi{NNBSP}? 16{NBSP}h{NBSP}30") == f"Pourquoi{NBSP}? 16{NBSP}h{NBSP}30"


def test_text_typed_by_people_is_escaped_and_loses_control_characters():
    assert pdf.text("Zoé <b>&amp;\x07 Œuvre") == "Zoé &lt;b&gt;&amp;amp; Œuvre"
    assert pdf.plain(None) == ""


def test_a_non_breaking_space_keeps_its_words_on_one_line():
    style = ParagraphStyle("narrow", fontName=pdf.fonts().regular, splitLongWords=0)
    words = Paragraph(pdf.text(f"de 16{NNBSP}h à 17{NBSP}h{NBSP}30"), style)
    words.wrap(1, 1000)  # narrower than any word: one word a line
    lines = [" ".join(line[1]) for line in words.blPara.lines]
    assert f"16{NBSP}h" in lines and f"17{NBSP}h{NBSP}30" in lines
