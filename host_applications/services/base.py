"""What every concept of the candidatures' rules shares: the refusals a moderator is shown,
the call in the default language (which holds the candidatures) or in the applicant's, the
edition's lock, and a workflow's steps in order."""

from django.db import connection

from colloque.models import EditionPage
from home.services import default_language_version, live_translation


class DecisionRefused(Exception):
    """A moderation action that cannot be taken; its message is for the moderator."""


class SelectionRefused(DecisionRefused):
    """An approval that would break a rule (one host per edition)."""


class AlreadyDecided(DecisionRefused):
    """Another moderator acted on the same step first."""


def source_call(*, call):
    """Candidatures belong to the call in the default language, whatever page received them."""
    return default_language_version(page=call)


def localized_call(*, call, language):
    """The live call page in a language, for links sent to the applicant."""
    return live_translation(page=call, language=language)


def _lock_edition(edition):
    """Serialise what is decided per edition (numbering, its one host) until the transaction
    ends.

    A row lock on the edition on PostgreSQL: without it, concurrent submissions read the same
    last number and all but one fail on the unique constraint, and two committees' final
    approvals of two candidatures would both find no host yet. SQLite starts write
    transactions IMMEDIATE (see settings), which serialises them already.
    """
    queryset = EditionPage.objects.filter(pk=edition.pk)
    if connection.features.has_select_for_update:
        if connection.features.has_select_for_update_of:
            queryset = queryset.select_for_update(of=("self",))
        else:
            queryset = queryset.select_for_update()
    queryset.values_list("pk", flat=True).get()


def _workflow_tasks(workflow_state):
    return list(
        workflow_state.workflow.tasks.filter(active=True).order_by("workflow_tasks__sort_order")
    )
