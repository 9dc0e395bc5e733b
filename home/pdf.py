"""PDF documents for people (attestations of participation, the printable programme).

Drawn with ReportLab and the Bitstream Vera fonts it ships: embedded TrueType, so accents
and typographic characters print whatever the reader's machine has, and nothing needs a
system library. Each document says its title, author, subject and language, and the same
content gives the same bytes.
"""

import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.utils import translation
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from .formatting import NBSP, NNBSP


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str


@cache
def fonts():
    """Register the embedded fonts once per process."""
    directory = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont("Vera", directory / "Vera.ttf"))
    pdfmetrics.registerFont(TTFont("Vera-Bold", directory / "VeraBd.ttf"))
    return Fonts(regular="Vera", bold="Vera-Bold")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain(value):
    """Text as it is drawn: no control characters, and the narrow no-break space of French
    typography (« ; ! ? ») as an ordinary one: Vera has no glyph for U+202F, and ReportLab
    would break a line there (it keeps U+00A0 together)."""
    return _CONTROL.sub("", str(value or "")).replace(NNBSP, NBSP)


def text(value):
    """Text typed by people (or translated), safe inside ReportLab's paragraph markup."""
    return escape(plain(value))


def document(*, title, author="", subject="", language, margin=2.5 * cm, **options):
    """A Letter-sized document in memory, with its metadata: readers show the title rather
    than the file name, and screen readers read it in ``language`` (a code like "fr-ca").
    ``options`` are ReportLab's (``bottomMargin``…)."""
    options = {
        **{f"{side}Margin": margin for side in ("left", "right", "top", "bottom")},
        **options,
    }
    return SimpleDocTemplate(
        io.BytesIO(),
        pagesize=LETTER,
        title=plain(title),
        author=plain(author) or None,
        subject=plain(subject) or None,
        lang=translation.to_locale(language).replace("_", "-"),  # BCP 47: fr-CA
        displayDocTitle=True,
        invariant=True,  # the same content gives the same bytes
        **options,
    )


def _numbered_canvas(footer):
    """A canvas that keeps its pages until the end, to draw ``footer(canvas, number,
    count)`` on each once the number of pages is known ("Page 2 of 5")."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._kept_pages = []

        def showPage(self):
            self._kept_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            count = len(self._kept_pages)
            for state in self._kept_pages:
                # Each page as it was, but annotations (links) keep being numbered onwards.
                self.__dict__.update({**state, "_annotationCount": self._annotationCount})
                footer(self, self._pageNumber, count)
                super().showPage()
            super().save()

    return NumberedCanvas


def build(template, story, *, footer=None):
    """The PDF bytes of ``story`` laid out by ``template`` (made by ``document``), with
    ``footer(canvas, number, count)`` drawn on every page if given."""
    if footer is None:
        template.build(story)
    else:
        template.build(story, canvasmaker=_numbered_canvas(footer))
    return template.filename.getvalue()
