"""Attestations of participation: a PDF per person, in their language, once they attended at
least one session (as a facilitator marked it). Fonts, metadata and text are ``home.pdf``'s.
"""

import io
import zipfile
from dataclasses import dataclass

from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle
from wagtail.models import Site

from home import pdf
from home.formatting import format_date, format_time_range
from home.models import SiteSettings

from .attendance import attended_sessions, session_hours
from .models import Registration
from .services import localized_community

FILENAME = "attestation.pdf"


@dataclass
class Attestation:
    """What an attestation says, in the participant's language."""

    language: str
    name: str
    community: str
    sessions: list  # CommunitySession rows attended, in date order
    hours: float
    organisation: str
    signer_name: str
    signer_title: str
    issued_on: object  # a date

    @property
    def filename(self):
        return f"attestation-{slugify(self.name) or 'participation'}.pdf"


def _site_settings(community):
    site = community.get_site() or Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site is not None else SiteSettings()


def attestation_for(*, registration, now=None):
    """The attestation of this registration, or None while no session was attended."""
    attended = attended_sessions(registration=registration)
    if not attended or registration.personal_data_purged_at:
        return None
    page = localized_community(community=registration.community, language=registration.language)
    settings = _site_settings(registration.community)
    return Attestation(
        language=registration.language,
        name=registration.name,
        community=page.title,
        sessions=attended.sessions,
        hours=attended.hours,
        organisation=settings.organisation_name,
        signer_name=settings.attestation_signer_name,
        signer_title=settings.signer_title(registration.language),
        issued_on=timezone.localdate(now or timezone.now()),
    )


def has_attestation(*, registration):
    return bool(attended_sessions(registration=registration))


# The PDF --------------------------------------------------------------------------------------


def hours_text(hours):
    """4.5 → "4,5 h" in French, "4.5 h" in English (the active language)."""
    rounded = round(hours, 2)
    places = 0 if rounded == int(rounded) else 1 if round(rounded, 1) == rounded else 2
    return _("%(hours)s h") % {"hours": formats.number_format(rounded, decimal_pos=places)}


def render(attestation):
    """The attestation as PDF bytes, in its language."""
    fonts = pdf.fonts()
    regular, bold = fonts.regular, fonts.bold
    with translation.override(attestation.language):
        title = _("Attestation of participation")
        document = pdf.document(
            title=f"{title} — {attestation.name}",
            author=attestation.organisation,
            subject=attestation.community,
            language=attestation.language,
        )
        body = ParagraphStyle("body", fontName=regular, fontSize=11, leading=16, spaceAfter=8)
        heading = ParagraphStyle(
            "heading", parent=body, fontName=bold, fontSize=20, leading=26, alignment=TA_CENTER
        )
        small = ParagraphStyle("small", parent=body, fontSize=10, leading=13)
        organisation = ParagraphStyle(
            "organisation", parent=body, fontName=bold, fontSize=12, alignment=TA_CENTER
        )
        story = []
        if attestation.organisation:
            story.append(Paragraph(pdf.text(attestation.organisation), organisation))
        story += [Spacer(1, 0.5 * cm), Paragraph(pdf.text(title), heading), Spacer(1, 0.8 * cm)]
        story.append(
            Paragraph(
                pdf.text(
                    _(
                        "This attestation confirms that the person named below took part in "
                        "the community of practice “%(community)s”, at the sessions listed."
                    )
                    % {"community": attestation.community}
                ),
                body,
            )
        )
        name = ParagraphStyle(
            "name", parent=body, fontName=bold, fontSize=16, leading=22, alignment=TA_CENTER
        )
        story += [Spacer(1, 0.3 * cm), Paragraph(pdf.text(attestation.name), name)]
        rows = [[_("Date"), _("Time"), _("Duration"), _("Topic")]]
        for session in attestation.sessions:
            rows.append(
                [
                    format_date(session.date),
                    format_time_range(session.start_time, session.end_time),
                    hours_text(session_hours(session)),
                    Paragraph(pdf.text(session.topic), small),
                ]
            )
        table = Table(rows, colWidths=[3.8 * cm, 3.8 * cm, 2.2 * cm, None], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, 0), bold, 10),
                    ("FONT", (0, 1), (-1, -1), regular, 10),
                    ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        story += [Spacer(1, 0.3 * cm), table, Spacer(1, 0.6 * cm)]
        story.append(
            Paragraph(
                pdf.text(
                    ngettext(
                        "In all: %(count)d session, %(hours)s.",
                        "In all: %(count)d sessions, %(hours)s.",
                        len(attestation.sessions),
                    )
                    % {"count": len(attestation.sessions), "hours": hours_text(attestation.hours)}
                ),
                ParagraphStyle("total", parent=body, fontName=bold),
            )
        )
        story.append(
            Paragraph(
                pdf.text(_("Issued on %(date)s.") % {"date": format_date(attestation.issued_on)}),
                body,
            )
        )
        if attestation.signer_name:
            story += [Spacer(1, 1.5 * cm), Paragraph(pdf.text(attestation.signer_name), body)]
            if attestation.signer_title:
                story.append(Paragraph(pdf.text(attestation.signer_title), small))
            if attestation.organisation:
                story.append(Paragraph(pdf.text(attestation.organisation), small))
        return pdf.build(document, story)


def attestation_pdf(*, registration, now=None):
    """(filename, PDF bytes) for one registration, or None while no session was attended."""
    attestation = attestation_for(registration=registration, now=now)
    if attestation is None:
        return None
    return attestation.filename, render(attestation)


def attestations_zip(*, community, now=None):
    """(zip bytes, number of attestations): one PDF per person of the community who attended
    at least one session, named after the person (numbered when two share a name)."""
    registrations = (
        Registration.objects.filter(
            community=community,
            personal_data_purged_at__isnull=True,
            attendances__status="present",
        )
        .distinct()
        .select_related("community")
        .order_by("name", "pk")
    )
    buffer = io.BytesIO()
    names = set()
    count = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for registration in registrations:
            attestation = attestation_for(registration=registration, now=now)
            if attestation is None:
                continue
            name = attestation.filename
            if name in names:
                name = name.replace(".pdf", f"-{registration.pk}.pdf")
            names.add(name)
            archive.writestr(name, render(attestation))
            count += 1
    return buffer.getvalue(), count
