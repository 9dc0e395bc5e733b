"""/admin/candidatures/edition/<pk>/message/: the Comité de sélection writes to the
institutions that applied to host an edition, after seeing how many and what they read."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import Locale

from colloque.models import EditionPage
from home.admin.messages import MessageForm, handle_message_form, message_history

from .. import mailings
from ..models import HostApplication

MESSAGE_URL_NAME = "host_applications_message"


def audience_counts(edition):
    return HostApplication.objects.filter(
        edition=edition, personal_data_purged_at__isnull=True
    ).aggregate(
        **{
            audience.value: Count("pk", filter=Q(status__in=states) & ~Q(contact_email=""))
            for audience, states in mailings.AUDIENCE_STATES.items()
        }
    )


def institutions(count):
    return ngettext("%(count)d institution", "%(count)d institutions", count) % {"count": count}


def message_view(request, pk):
    if not mailings.can_write(user=request.user):
        raise PermissionDenied
    edition = get_object_or_404(EditionPage, pk=pk, locale=Locale.get_default())
    counts = audience_counts(edition)
    audiences = [
        (
            audience.value,
            ngettext(
                "%(label)s: %(count)d institution",
                "%(label)s: %(count)d institutions",
                counts[audience],
            )
            % {"label": audience.label, "count": counts[audience]},
        )
        for audience in mailings.Audience
    ]
    form = MessageForm(
        request.POST or None,
        audiences=audiences,
        placeholders=gettext_lazy(
            "{nom} becomes the contact person's name, {reference} the candidature's reference "
            "and {lien} its private link ({name} and {link} work too). Every email also ends "
            "with the private link."
        ),
    )
    done, preview = handle_message_form(
        request,
        form,
        send=partial(mailings.send, edition=edition),
        preview=partial(mailings.preview, edition=edition),
        sent_text=lambda sent: (
            ngettext(
                "Your message is on its way to %(count)d institution.",
                "Your message is on its way to %(count)d institutions.",
                sent,
            )
            % {"count": sent}
        ),
        done_url=reverse(MESSAGE_URL_NAME, args=[edition.pk]),
    )
    if done is not None:
        return done
    title = _("Write to the institutions that applied to host %(edition)s") % {
        "edition": edition.title
    }
    return TemplateResponse(
        request,
        "home/admin/staff_message.html",
        {
            "form": form,
            "preview": preview,
            "recipient_name": preview.example.application.contact_name
            if preview and preview.example
            else "",
            "history": message_history(
                mailings.sent_messages(edition=edition),
                audiences=mailings.Audience,
                count_text=institutions,
            ),
            "words": {
                "will_receive": ngettext(
                    "%(count)d institution will receive this message, by an email of its own.",
                    "%(count)d institutions will receive this message, each by an email of its "
                    "own.",
                    preview.count,
                )
                % {"count": preview.count},
                "send": ngettext(
                    "Send to %(count)d institution", "Send to %(count)d institutions", preview.count
                )
                % {"count": preview.count},
            }
            if preview
            else {},
            "back_url": reverse("wagtailsnippets_host_applications_hostapplication:list")
            + f"?edition={edition.pk}",
            "back_label": _("Candidatures for this edition"),
            "header_title": title,
            "page_title": title,
        },
    )
