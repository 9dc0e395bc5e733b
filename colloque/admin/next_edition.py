"""Preparing next year's edition: the page /admin/colloque/editions/<pk>/suivante/, its
button on an edition, and the same rules when Wagtail copies an edition."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets.button import Button
from wagtail.models import Locale

from .. import next_edition
from ..forms import EditionCopyForm
from ..models import EditionPage

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


def next_edition_button(page, user):
    """The "Prepare the next edition" button of an edition, for whoever may prepare it."""
    specific = page.specific_deferred
    if isinstance(specific, EditionPage) and can_prepare_next(edition=specific, user=user):
        return Button(
            gettext_lazy("Prepare the next edition"),
            reverse(NEXT_EDITION_URL_NAME, args=[page.pk]),
            icon_name="copy",
            priority=35,
        )
    return None


def start_the_copied_edition(request, page, new_page):
    """A copied edition is the next one (EditionCopyForm asked its year; the copy view has
    validated the whole form): clear what belonged to the copied edition."""
    if (
        not isinstance(new_page.specific, EditionPage)
        or new_page.alias_of_id
        or "new_year" not in request.POST
    ):
        return
    form = EditionCopyForm(page=page, user=request.user)
    year = form.fields["new_year"].clean(request.POST.get("new_year"))
    next_edition.prepare_next_edition(
        source=page.specific, edition=new_page.specific, year=year, user=request.user
    )
