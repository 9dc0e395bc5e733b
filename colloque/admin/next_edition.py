"""/admin/colloque/editions/<pk>/suivante/: prepare next year's edition from this one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Locale

from . import next_edition
from .models import EditionPage

NEXT_EDITION_URL_NAME = "colloque_next_edition"


def can_prepare_next(*, edition, user):
    """Whoever may add an edition beside this one (Wagtail's page permissions)."""
    return (
        user.is_active
        and edition.locale_id == Locale.get_default().pk
        and edition.get_parent().permissions_for_user(user).can_add_subpage()
    )


def next_edition_view(request, pk):
    edition = get_object_or_404(EditionPage, pk=pk)
    if not can_prepare_next(edition=edition, user=request.user):
        raise PermissionDenied
    existing = next_edition.existing_next_edition(edition=edition)
    if request.method == "POST" and existing is None:
        try:
            created = next_edition.create_next_edition(edition=edition, user=request.user)
        except next_edition.NextEditionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _(
                    "%(title)s is ready to edit, as a draft: check its dates and programme, "
                    "renew its partners and open its call for hosts."
                )
                % {"title": created.title},
            )
            return redirect("wagtailadmin_pages:edit", created.pk)
    year = next_edition.next_year(edition=edition)
    anchor = edition.start_date
    shift = (
        next_edition.same_weekday_shift(day=anchor, years=year - edition.year) if anchor else None
    )
    title = _("Prepare the %(year)s edition") % {"year": year}
    return TemplateResponse(
        request,
        "colloque/admin/next_edition.html",
        {
            "edition": edition,
            "existing": existing,
            "year": year,
            "new_start": anchor + shift if shift else None,
            "new_end": edition.end_date + shift if shift and edition.end_date else None,
            "items": edition.programme_items.count(),
            "partners": edition.partner_listings.count(),
            "header_title": title,
            "page_title": title,
        },
    )
