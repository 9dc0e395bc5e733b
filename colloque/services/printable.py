"""The printable programme: one PDF per edition and language, from the programme page's data
(the same items, grouped by day as the page groups them, the wall-clock times staff typed)."""

from django.http import HttpResponse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle
from wagtail.models import Site

from home import pdf
from home.formatting import format_date, format_date_range, format_time_range, typography
from home.models import SiteSettings
from home.services import page_url

from .filters import ProgrammeFilters, filter_programme

# A printed programme says what an item is about; the page has the whole description.
DESCRIPTION_WORDS = 60
FOOTER_SIZE = 8


def printable_filename(*, edition):
    return f"colloque-{edition.year}-programme.pdf"


def _organisation(edition, request):
    if request is not None:
        return SiteSettings.for_request(request).organisation_name
    site = edition.get_site() or Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).organisation_name if site is not None else ""


def _capfirst(value):
    return value[:1].upper() + value[1:]


class _Styles:
    def __init__(self):
        fonts = pdf.fonts()
        self.body = ParagraphStyle("body", fontName=fonts.regular, fontSize=10, leading=13)
        self.organisation = ParagraphStyle(
            "organisation", parent=self.body, fontName=fonts.bold, spaceAfter=6
        )
        self.title = ParagraphStyle(
            "title", parent=self.body, fontName=fonts.bold, fontSize=18, leading=23, spaceAfter=4
        )
        self.theme = ParagraphStyle("theme", parent=self.body, fontSize=13, leading=17)
        self.fact = ParagraphStyle("fact", parent=self.body, fontSize=9, leading=12)
        self.fact_label = ParagraphStyle("fact_label", parent=self.fact, fontName=fonts.bold)
        self.day = ParagraphStyle(
            "day",
            parent=self.body,
            fontName=fonts.bold,
            fontSize=14,
            leading=18,
            spaceBefore=12,
            spaceAfter=4,
            keepWithNext=1,
        )
        self.time = ParagraphStyle("time", parent=self.body, fontName=fonts.bold, spaceBefore=8)
        self.item = ParagraphStyle("item", parent=self.body, fontName=fonts.bold, fontSize=11)
        self.detail = ParagraphStyle(
            "detail", parent=self.body, fontSize=9, leading=12, textColor=colors.HexColor("#333333")
        )


def _facts(edition, venues, styles):
    """Dates, host and venues, as the edition page lists them."""
    rows = []
    if edition.start_date:
        dates = format_date_range(edition.start_date, edition.end_date)
        rows.append((_("Dates"), _capfirst(dates)))
    if edition.host_institution:
        rows.append((_("Host institution"), edition.host_institution))
    for edition_venue in venues:
        venue = edition_venue.venue
        label = _("Venue")
        if edition_venue.first_day:
            label = format_date(edition_venue.first_day, weekday=True, year=False)
            last = edition_venue.last_day
            if last and last != edition_venue.first_day:
                label += " – " + format_date(last, weekday=True, year=False)
        rows.append((_capfirst(label), venue.location))
    if not rows:
        return []
    table = Table(
        [
            [Paragraph(pdf.text(label), styles.fact_label), Paragraph(pdf.text(value), styles.fact)]
            for label, value in rows
        ],
        colWidths=[4.5 * cm, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return [Spacer(1, 0.3 * cm), table]


def _item(item, styles):
    """One item: when, what, where, who, and what it is about, kept on one page."""
    parts = [
        Paragraph(
            pdf.text(_capfirst(format_time_range(item.start_time, item.end_time))), styles.time
        ),
        Paragraph(pdf.text(typography(item.title)), styles.item),
    ]
    where = ", ".join(part for part in (item.room, item.venue.name if item.venue else "") if part)
    meta = " · ".join(part for part in (str(item.get_kind_display()), where) if part)
    parts.append(Paragraph(pdf.text(meta), styles.detail))
    speakers = ", ".join(
        f"{speaker.name} ({speaker.organisation})" if speaker.organisation else speaker.name
        for speaker in item.speakers.all()
    )
    if speakers:
        parts.append(Paragraph(pdf.text(speakers), styles.detail))
    if item.description:
        description = Truncator(item.description).words(DESCRIPTION_WORDS)
        parts.append(Paragraph(pdf.text(typography(description)), styles.body))
    return KeepTogether(parts)


def _footer(*, address, regular, left, right):
    """The programme's address (a link) and "Page 2 of 5", under each page's frame."""

    def draw(canvas, number, count):
        canvas.saveState()
        canvas.setFont(regular, FOOTER_SIZE)
        canvas.setFillColor(colors.HexColor("#333333"))
        y = 1.2 * cm
        canvas.drawString(left, y, address)
        end = left + canvas.stringWidth(address, regular, FOOTER_SIZE)
        canvas.linkURL(address, (left, y - 2, end, y + FOOTER_SIZE), relative=0)
        page = _("Page %(number)s of %(count)s") % {"number": number, "count": count}
        canvas.drawRightString(right, y, pdf.plain(page))
        canvas.restoreState()

    return draw


def programme_pdf(*, edition, items, request=None):
    """The programme of ``edition`` (its ``items``, in programme order) as PDF bytes, in the
    edition's language."""
    items = list(items)
    language = edition.locale.language_code
    venues = list(edition.venues.select_related("venue"))
    with translation.override(language):
        styles = _Styles()
        title = _("Programme — %(title)s") % {"title": edition.title}
        organisation = _organisation(edition, request)
        document = pdf.document(
            title=title,
            author=organisation,
            subject=edition.theme or edition.title,
            language=language,
            margin=2 * cm,
            bottomMargin=2.2 * cm,
        )
        story = []
        if organisation:
            story.append(Paragraph(pdf.text(organisation), styles.organisation))
        story.append(Paragraph(pdf.text(title), styles.title))
        if edition.theme:
            story.append(Paragraph(pdf.text(typography(edition.theme)), styles.theme))
        story += _facts(edition, venues, styles)
        for day, day_items in filter_programme(items=items, filters=ProgrammeFilters()):
            heading = _capfirst(format_date(day, weekday=True))
            story.append(Paragraph(pdf.text(heading), styles.day))
            story += [_item(item, styles) for item in day_items]
        address = page_url(edition) + edition.reverse_subpage("programme")
        footer = _footer(
            address=address,
            regular=pdf.fonts().regular,
            left=document.leftMargin,
            right=document.leftMargin + document.width,  # the frame's edges
        )
        return pdf.build(document, story, footer=footer)


def programme_pdf_response(*, edition, items, request):
    """The printable programme, shown in the browser (``inline``) under a name that says
    which edition it is when saved."""
    response = HttpResponse(
        programme_pdf(edition=edition, items=items, request=request),
        content_type="application/pdf",
    )
    filename = printable_filename(edition=edition)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
