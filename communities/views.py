"""Public views of a community: the registration form, the private page and the calendars.

The form and the private page are routed by CommunityPage (RoutablePageMixin); the two
calendars are plain Django views, since Wagtail's page routes all end with a slash. Every
rule lives in services.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET

from home.forms import link_privacy_policy
from home.private_links import private_response
from home.ratelimit import client_ip, private_link_allowed, too_many_actions_message
from home.services import routed_page, site_url

from . import attestations, services
from .forms import RegistrationForm, WithdrawForm
from .models import CALENDAR_FILE, CommunityPage, RegistrationState


def _render(request, community, template, context, status=200):
    context = {**community.get_context(request), **context}
    link_privacy_policy(context.get("form"), request=request)
    return TemplateResponse(request, template, context, status=status)


def _private_url(community, token):
    return community.url + community.reverse_subpage("registration", kwargs={"token": token})


@csrf_protect
def register_view(request, *, community):
    status = services.status_of(community=community)
    template = "communities/register_page.html"
    if request.method != "POST":
        form = RegistrationForm(community=community) if status.accepts_registrations else None
        return _render(request, community, template, {"form": form})

    def refuse(message, code):
        # Give back what was typed (as initial data: no errors to show, nothing to send).
        messages.error(request, message)
        form = RegistrationForm(initial=request.POST.dict(), community=community)
        response = _render(request, community, template, {"form": form, "refused": True}, code)
        add_never_cache_headers(response)
        return response

    if status.code == "full":
        return refuse(_("Every seat in this community is taken: nothing was sent."), 409)
    if not status.accepts_registrations:
        return refuse(_("Registration for this community is closed: nothing was sent."), 409)
    if not services.within_rate_limit(ip=client_ip(request)):
        return refuse(
            _(
                "We received too many registrations from your connection in the last hour. "
                "Your answers are below: please send them again in an hour."
            ),
            429,
        )
    form = RegistrationForm(request.POST, community=community)
    if form.is_valid():
        try:
            result = services.register(
                community=community, data=form.cleaned_data, language=get_language()
            )
        except services.RegistrationRefused as refusal:
            return refuse(str(refusal), 409)
        if not result.created:
            return private_response(
                _render(
                    request,
                    community,
                    "communities/already_registered.html",
                    {"registration": result.registration},
                )
            )
        messages.success(request, _("Thank you! Your registration has been received."))
        return redirect(_private_url(community, result.token))
    response = _render(request, community, template, {"form": form})
    add_never_cache_headers(response)
    return response


ACTIONS = {
    "confirm": (
        services.confirm_seat,
        gettext_lazy("Your seat is confirmed. See you at the first session!"),
    ),
    "decline": (
        services.decline_seat,
        gettext_lazy("You declined your seat. Thank you for telling us."),
    ),
    "withdraw": (services.withdraw, gettext_lazy("Your registration has been withdrawn.")),
}


@csrf_protect
def registration_view(request, *, community, token):
    registration = services.find_by_token(community=community, token=token)
    if registration is None:
        raise Http404
    decline_form = WithdrawForm(prefix="decline")
    withdraw_form = WithdrawForm(prefix="withdraw")
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and not private_link_allowed(request):
        messages.error(request, too_many_actions_message())
        # What was ticked stays ticked.
        decline_form, withdraw_form = (
            WithdrawForm(
                prefix=prefix, initial={"confirm": bool(request.POST.get(f"{prefix}-confirm"))}
            )
            for prefix in ("decline", "withdraw")
        )
        status = 429
    elif request.method == "POST":
        action = request.POST.get("action", "")
        if action in ACTIONS:
            service, done = ACTIONS[action]
            confirmation = None
            if action in ("decline", "withdraw"):
                confirmation = WithdrawForm(request.POST, prefix=action)
                if action == "decline":
                    decline_form = confirmation
                else:
                    withdraw_form = confirmation
            if confirmation is None or confirmation.is_valid():
                try:
                    service(registration=registration)
                except services.TransitionRefused as refusal:
                    messages.error(request, str(refusal))
                else:
                    messages.success(request, str(done))
                return private_response(redirect(_private_url(community, token)))
    context = {
        "registration": registration,
        "token": token,
        "can_confirm": services.can_confirm(registration=registration),
        "can_decline": services.can_decline(registration=registration),
        "can_withdraw": services.can_withdraw(registration=registration),
        "decline_form": decline_form,
        "withdraw_form": withdraw_form,
        "calendar_url": _private_url(community, token) + community.in_own_language(CALENDAR_FILE),
        "attestation_url": _private_url(community, token) + attestations.FILENAME
        if attestations.has_attestation(registration=registration)
        else "",
        "private_url": site_url(_private_url(community, token)),
    }
    return private_response(
        _render(request, community, "communities/registration_page.html", context, status)
    )


def _community_at(request, path):
    """The live, public community page at this path (its main view, not a sub-route)."""
    page, route = routed_page(request, path)
    if not isinstance(page, CommunityPage):
        raise Http404
    # A routable page answers with (view, args, kwargs): only its main view is the community.
    view, view_args, view_kwargs = route
    if getattr(view, "__name__", "") != "community" or view_args or view_kwargs:
        raise Http404
    return page


def _calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


@require_GET
def community_calendar(request, path):
    community = _community_at(request, path)
    calendar = services.build_calendar(
        community=community, sessions=services.public_sessions(community=community)
    )
    return _calendar_response(calendar, f"seances-{community.slug}")


@require_GET
def personal_calendar(request, path, token):
    community = _community_at(request, path)
    registration = services.find_by_token(community=community, token=token)
    if registration is None or registration.state != RegistrationState.CONFIRMED:
        raise Http404
    calendar = services.build_calendar(
        community=community,
        sessions=services.participant_sessions(registration=registration),
        meeting_links=True,
    )
    response = _calendar_response(calendar, f"mes-seances-{community.slug}")
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def attestation(request, path, token):
    """The attestation of participation, from the private link, once a session was attended."""
    community = _community_at(request, path)
    registration = services.find_by_token(community=community, token=token)
    found = attestations.attestation_pdf(registration=registration) if registration else None
    if found is None:
        raise Http404
    filename, content = found
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
