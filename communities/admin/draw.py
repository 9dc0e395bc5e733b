"""/admin/communautes/<pk>/tirage/: assess who is eligible, then draw the seats of a
community chosen by draw (asking first: the draw is final)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import Locale

from .. import services
from ..models import CommunityPage, Lottery, Registration, RegistrationState
from .access import can_draw, can_manage
from .attendance import registrations_url

DRAW_URL_NAME = "communities_draw"


class DrawForm(forms.Form):
    seed = forms.IntegerField(
        label=gettext_lazy("Seed (optional)"),
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text=gettext_lazy(
            "Leave empty for a random seed. It is stored with the result, so anyone can replay "
            "the draw."
        ),
    )


def draw_view(request, pk):
    if not can_manage(request.user):
        raise PermissionDenied
    community = get_object_or_404(CommunityPage, pk=pk, locale=Locale.get_default())
    form = DrawForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "eligibility":
            marked = 0
            pending = Registration.objects.filter(
                community=community, state=RegistrationState.PENDING
            )
            for registration in pending:
                value = request.POST.get(f"eligible_{registration.pk}")
                if value in ("yes", "no"):
                    marked += services.set_eligibility(
                        registrations=[registration], eligible=value == "yes"
                    )
            messages.success(
                request,
                ngettext(
                    "%(count)d registration assessed.", "%(count)d registrations assessed.", marked
                )
                % {"count": marked},
            )
            return redirect(DRAW_URL_NAME, community.pk)
        if action == "draw":
            if not can_draw(request.user):
                raise PermissionDenied
            form = DrawForm(request.POST)
            confirmed = request.POST.get("confirm") == "yes"
            if form.is_valid() and not confirmed:
                problem = services.lottery_problem(community=community)
                if problem:
                    messages.error(request, problem)
                else:
                    # The draw is final: say who gets what and which emails leave, then ask.
                    return draw_confirmation(request, community=community, form=form)
            elif form.is_valid():
                try:
                    lottery = services.draw_lottery(
                        community=community, seed=form.cleaned_data["seed"], user=request.user
                    )
                except services.LotteryRefused as refusal:
                    messages.error(request, str(refusal))
                else:
                    messages.success(
                        request,
                        _("The draw took place: %(winners)d of %(eligible)d selected.")
                        % {
                            "winners": len(lottery.winner_ids),
                            "eligible": len(lottery.eligible_ids),
                        },
                    )
                    return redirect(DRAW_URL_NAME, community.pk)
    lottery = Lottery.objects.filter(community=community).select_related("ran_by").first()
    pending = list(
        Registration.objects.filter(community=community, state=RegistrationState.PENDING).order_by(
            "submitted_at", "pk"
        )
    )
    drawn = []
    if lottery is not None:
        by_pk = Registration.objects.in_bulk(lottery.order)
        winners = set(lottery.winner_ids)
        drawn = [
            (rank, by_pk.get(pk), pk in winners, pk)
            for rank, pk in enumerate(lottery.order, start=1)
        ]
    title = _("Draw: %(community)s") % {"community": community.title}
    return TemplateResponse(
        request,
        "communities/admin/draw.html",
        {
            "community": community,
            "status": services.status_of(community=community),
            "problem": services.lottery_problem(community=community) if lottery is None else None,
            "pending": pending,
            "eligible_count": sum(1 for r in pending if r.eligible),
            "lottery": lottery,
            "replayed": services.replay(lottery=lottery) if lottery else None,
            "drawn": drawn,
            "form": form,
            "can_draw": can_draw(request.user),
            "list_url": registrations_url(community),
            "header_title": title,
            "page_title": title,
            "reserved": list(community.reserved_seats.all()),
        },
    )


def draw_confirmation(request, *, community, form):
    title = _("Run the draw for %(community)s?") % {"community": community.title}
    return TemplateResponse(
        request,
        "communities/admin/draw_confirm.html",
        {
            "community": community,
            "preview": services.draw_preview(community=community),
            "seed": form.cleaned_data["seed"],
            "draw_url": reverse(DRAW_URL_NAME, args=[community.pk]),
            "header_title": title,
            "page_title": title,
        },
    )
