"""wagtail-localize, kept inside our approval workflows.

Its "Update translations" screen publishes every translation of a snippet at once when
"Publish immediately" is ticked, without asking whether the user may publish: a
Communications member could put an unapproved partner translation online that way. Models
under a workflow keep their translations as drafts unless the user holds the publish
permission. (New translations start as drafts through
``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False``; the translation editor checks the
publish permission itself.)
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from wagtail.admin.auth import require_admin_access
from wagtail.models import DraftStateMixin, Page, WorkflowMixin
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.models import TranslationSource
from wagtail_localize.views.update_translations import UpdateTranslationsView

PUBLISH_FIELD = "publish_translations"


def needs_approval(*, user, model):
    """Whether publishing ``model`` must go through its workflow for this user."""
    moderated = (
        issubclass(model, WorkflowMixin)
        and issubclass(model, DraftStateMixin)
        and not issubclass(model, Page)  # page permissions are checked by page
    )
    return moderated and not user.has_perm(get_permission_name("publish", model))


@require_admin_access
def update_translations(request, translation_source_id):
    if request.method == "POST" and request.POST.get(PUBLISH_FIELD):
        source = get_object_or_404(TranslationSource, pk=translation_source_id)
        model = source.specific_content_type.model_class()
        if model is not None and needs_approval(user=request.user, model=model):
            data = request.POST.copy()
            data.pop(PUBLISH_FIELD)
            request.POST = data
            messages.warning(
                request,
                _(
                    "The translations were updated as drafts: they go online once approved "
                    "through the workflow."
                ),
            )
    return UpdateTranslationsView.as_view()(request, translation_source_id=translation_source_id)
