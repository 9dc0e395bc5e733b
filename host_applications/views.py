"""Public views of a call: the form, and the applicant's private status link.

Routed by HostCallPage (RoutablePageMixin); every rule lives in services.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from home.forms import link_privacy_policy
from home.private_links import private_response
from home.ratelimit import client_ip, private_link_allowed, too_many_actions_message
from home.services import site_url

from . import services
from .forms import HostApplicationForm, WithdrawForm


def _render(request, call, template, context, status=200):
    context = {**call.get_context(request), **context}
    link_privacy_policy(context.get("form"), request=request)
    return TemplateResponse(request, template, context, status=status)


def _closed_response(request, call):
    # Give back what was typed (as initial data: no errors to show, nothing to send).
    messages.error(request, _("This call is not open: your candidature was not sent."))
    form = HostApplicationForm(initial=request.POST.dict())
    response = _render(request, call, "host_applications/host_call_page.html", {"form": form}, 409)
    add_never_cache_headers(response)
    return response


@csrf_protect
def call_view(request, *, call):
    window = services.call_window(call=call)
    form = None
    if request.method == "POST":
        if not window.is_open:
            return _closed_response(request, call)
        if not services.within_rate_limit(ip=client_ip(request)):
            messages.error(
                request,
                _(
                    "We received too many submissions from your connection in the last hour. "
                    "Your answers are below: please send them again in an hour."
                ),
            )
            form = HostApplicationForm(initial=request.POST.dict())
            response = _render(
                request, call, "host_applications/host_call_page.html", {"form": form}, 429
            )
            add_never_cache_headers(response)
            return response
        form = HostApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                application, token = services.submit_application(
                    call=call,
                    data=form.cleaned_data,
                    files=form.cleaned_data["attachments"],
                    language=get_language(),
                )
            except services.CallClosed:
                return _closed_response(request, call)
            except services.AlreadyReceived:
                # No reference and no link on screen: only the address on file gets the link.
                return private_response(
                    _render(request, call, "host_applications/already_received.html", {})
                )
            messages.success(
                request,
                _("Thank you! Your candidature %(reference)s has been received.")
                % {"reference": application.reference},
            )
            return redirect(call.url + call.reverse_subpage("status", kwargs={"token": token}))
    elif window.is_open:
        form = HostApplicationForm()
    response = _render(request, call, "host_applications/host_call_page.html", {"form": form})
    if request.method == "POST":
        add_never_cache_headers(response)
    return response


def _application_or_404(call, token):
    application = services.find_by_token(call=call, token=token)
    if application is None:
        raise Http404
    return application


def status_view(request, *, call, token):
    application = _application_or_404(call, token)
    context = {
        "application": application,
        "token": token,
        "private_url": site_url(request.path),
        "timeline": services.applicant_timeline(application=application),
        "can_edit": services.can_edit(application=application),
        "can_withdraw": services.can_withdraw(application=application),
        "files": application.files.all(),
    }
    return private_response(_render(request, call, "host_applications/status_page.html", context))


@csrf_protect
def edit_view(request, *, call, token):
    application = _application_or_404(call, token)
    if not services.can_edit(application=application):
        messages.info(request, _("Your candidature is not waiting for changes."))
        return private_response(
            redirect(call.url + call.reverse_subpage("status", kwargs={"token": token}))
        )
    files = list(application.files.all())
    if request.method == "POST" and not private_link_allowed(request):
        messages.error(request, too_many_actions_message())
        form = HostApplicationForm(
            initial=request.POST.dict(),
            instance=application,
            existing_files=len(files),
            require_consent=False,
        )
        context = {"application": application, "form": form, "files": files, "token": token}
        return private_response(
            _render(request, call, "host_applications/edit_page.html", context, 429)
        )
    if request.method == "POST":
        # Only ids of this candidature's own files, compared as text: anything else is ignored.
        own = {str(attachment.pk): attachment.pk for attachment in files}
        for file_id in request.POST.getlist("remove_file"):
            if file_id in own:
                services.remove_file(application=application, file_id=own[file_id])
        files = list(application.files.all())
        form = HostApplicationForm(
            request.POST,
            request.FILES,
            instance=application,
            existing_files=len(files),
            require_consent=False,
        )
        if form.is_valid():
            services.resubmit_application(
                application=application,
                data=form.cleaned_data,
                files=form.cleaned_data["attachments"],
            )
            messages.success(request, _("Thank you! Your changes have been sent to the committee."))
            return private_response(
                redirect(call.url + call.reverse_subpage("status", kwargs={"token": token}))
            )
    else:
        form = HostApplicationForm(
            instance=application, existing_files=len(files), require_consent=False
        )
    context = {"application": application, "form": form, "files": files, "token": token}
    return private_response(_render(request, call, "host_applications/edit_page.html", context))


@csrf_protect
def withdraw_view(request, *, call, token):
    application = _application_or_404(call, token)
    status_url = call.url + call.reverse_subpage("status", kwargs={"token": token})
    if not services.can_withdraw(application=application):
        messages.info(request, _("This candidature can no longer be withdrawn."))
        return private_response(redirect(status_url))
    if request.method == "POST" and not private_link_allowed(request):
        messages.error(request, too_many_actions_message())
        form = WithdrawForm(initial={"confirm": bool(request.POST.get("confirm"))})
        context = {
            "application": application,
            "form": form,
            "token": token,
            "status_url": status_url,
        }
        return private_response(
            _render(request, call, "host_applications/withdraw_page.html", context, 429)
        )
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.withdraw_application(application=application)
        messages.success(request, _("Your candidature has been withdrawn."))
        return private_response(redirect(status_url))
    context = {"application": application, "form": form, "token": token, "status_url": status_url}
    return private_response(_render(request, call, "host_applications/withdraw_page.html", context))
