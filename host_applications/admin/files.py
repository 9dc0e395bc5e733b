"""Attached files of a candidature, downloaded from the admin only."""

from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from .. import services
from ..models import ApplicationFile
from .access import can_view


def file_view(request, pk):
    """Attachments are served only here, to staff allowed to see candidatures.

    What the public sent is never rendered by the browser in our origin: a download under a
    generated name, typed by what we validated (not by what the sender claimed), sandboxed.
    Every download is recorded in the candidature's history (Québec's Law 25).
    """
    if not can_view(request.user):
        raise PermissionDenied
    attachment = get_object_or_404(ApplicationFile.objects.select_related("application"), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    filename = services.download_name(attachment=attachment)
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    services.record_file_access(attachment=attachment, user=request.user)
    return response
