"""/admin/communautes/<pk>/message/: write to a community's participants, see the message as
the first of them will read it and how many will receive it, then send it."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import Locale

from home.admin.messages import MessageForm, handle_message_form, message_history

from .. import mailings
from ..models import CommunityPage, Registration
from .access import can_manage

MESSAGE_URL_NAME = "communities_message"


def audience_counts(community):
    """{audience: recipients}, in one query."""
    counts = Registration.objects.filter(
        community=community, personal_data_purged_at__isnull=True
    ).aggregate(
        **{
            audience.value: Count("pk", filter=Q(state__in=states))
            for audience, states in mailings.AUDIENCE_STATES.items()
        }
    )
    return counts


def people(count):
    return ngettext("%(count)d person", "%(count)d people", count) % {"count": count}


def message_view(request, pk):
    if not can_manage(request.user):
        raise PermissionDenied
    community = get_object_or_404(CommunityPage, pk=pk, locale=Locale.get_default())
    counts = audience_counts(community)
    audiences = [
        (
            audience.value,
            ngettext("%(label)s: %(count)d person", "%(label)s: %(count)d people", counts[audience])
            % {"label": audience.label, "count": counts[audience]},
        )
        for audience in mailings.Audience
    ]
    form = MessageForm(
        request.POST or None,
        audiences=audiences,
        placeholders=gettext_lazy(
            "{nom} becomes the person's name and {lien} their private link ({name} and "
            "{link} work too). Every email also ends with the private link."
        ),
    )
    done, preview = handle_message_form(
        request,
        form,
        send=partial(mailings.send, community=community),
        preview=partial(mailings.preview, community=community),
        sent_text=lambda sent: (
            ngettext(
                "Your message is on its way to %(count)d person.",
                "Your message is on its way to %(count)d people.",
                sent,
            )
            % {"count": sent}
        ),
        done_url=reverse(MESSAGE_URL_NAME, args=[community.pk]),
    )
    if done is not None:
        return done
    title = _("Write to the participants of %(community)s") % {"community": community.title}
    return TemplateResponse(
        request,
        "home/admin/staff_message.html",
        {
            "form": form,
            "preview": preview,
            "recipient_name": preview.example.registration.name
            if preview and preview.example
            else "",
            "history": message_history(
                mailings.sent_messages(community=community),
                audiences=mailings.Audience,
                count_text=people,
            ),
            "words": {
                "will_receive": ngettext(
                    "%(count)d person will receive this message, by an email of their own.",
                    "%(count)d people will receive this message, each by an email of their own.",
                    preview.count,
                )
                % {"count": preview.count},
                "send": ngettext(
                    "Send to %(count)d person", "Send to %(count)d people", preview.count
                )
                % {"count": preview.count},
            }
            if preview
            else {},
            "back_url": reverse("registrations:index") + f"?community={community.pk}",
            "back_label": _("Registrations of this community"),
            "header_title": title,
            "page_title": title,
        },
    )
