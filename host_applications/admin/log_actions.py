"""How the history of a candidature reads: our actions, and Wagtail's "reject" named for what
it does here."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter

from .. import mailings


def _comment_formatter(label, message):
    class CommentFormatter(LogFormatter):
        def format_message(self, log_entry):
            comment = (log_entry.data or {}).get("comment")
            return f"{message} — « {comment} »" if comment else str(message)

    CommentFormatter.label = label
    return CommentFormatter


def register_log_actions(actions):
    actions.register_action(
        "host_applications.submit",
        gettext_lazy("Submit candidature"),
        gettext_lazy("Candidature submitted"),
    )
    actions.register_action(
        "host_applications.resubmit",
        gettext_lazy("Send changes"),
        gettext_lazy("Changes sent by the institution"),
    )
    actions.register_action(
        "host_applications.withdraw",
        gettext_lazy("Withdraw"),
        gettext_lazy("Withdrawn by the institution"),
    )
    for action, label, message in [
        ("decline", gettext_lazy("Reject"), gettext_lazy("Candidature rejected")),
        (
            "unselect",
            gettext_lazy("Undo the selection"),
            gettext_lazy("Selection undone: back to the committee's decision"),
        ),
        (
            "replaced",
            gettext_lazy("Replace the selection"),
            gettext_lazy("Selection replaced by another candidature"),
        ),
        (
            "select_instead",
            gettext_lazy("Select instead"),
            gettext_lazy("Selected in place of another candidature"),
        ),
        (
            "staff_withdraw",
            gettext_lazy("Withdraw (staff)"),
            gettext_lazy("Workflow cancelled: withdrawn by staff"),
        ),
        (
            "rescreen",
            gettext_lazy("Back to screening"),
            gettext_lazy("Workflow cancelled: sent back to screening"),
        ),
    ]:
        actions.register_action(f"host_applications.{action}")(_comment_formatter(label, message))

    @actions.register_action("host_applications.host_chosen")
    class HostChosen(LogFormatter):
        label = gettext_lazy("Close when a host is chosen")

        def format_message(self, log_entry):
            return _("Not selected: %(reference)s was chosen to host the edition") % {
                "reference": log_entry.data.get("selected", "")
            }

    actions.register_action(
        "host_applications.review", gettext_lazy("Score"), gettext_lazy("Scored")
    )
    actions.register_action(
        "host_applications.merged",
        gettext_lazy("Merge a person's records"),
        gettext_lazy("Contact merged with the other records of the same person (address and name)"),
    )

    @actions.register_action("host_applications.message")
    class Message(LogFormatter):
        label = gettext_lazy("Write to the applicants")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            if "recipients" not in data:  # a candidature's own history
                return _("Message “%(subject)s” sent to the institution") % {
                    "subject": data.get("subject", "")
                }
            audience = data.get("audience", "")
            return _("Message “%(subject)s” sent to %(count)s institutions (%(audience)s)") % {
                "subject": data.get("subject", ""),
                "count": data.get("recipients", 0),
                "audience": mailings.Audience(audience).label
                if audience in mailings.Audience
                else audience,
            }

    @actions.register_action("host_applications.file_viewed")
    class FileViewed(LogFormatter):
        label = gettext_lazy("Download an attached file")

        def format_message(self, log_entry):
            return _("Attached file “%(filename)s” downloaded") % {
                "filename": log_entry.data.get("filename", "")
            }


def name_requested_changes(actions):
    """Wagtail's "reject" is labelled "Request changes" where it is taken, but its history
    says "Rejected": say what was done (the hook runs after Wagtail's own registration)."""

    # One entry in the history's filter, ours, in place of Wagtail's.
    actions.choices[:] = [c for c in actions.choices if c[0] != "wagtail.workflow.reject"]

    @actions.register_action("wagtail.workflow.reject")
    class RequestChanges(LogFormatter):
        label = gettext_lazy("Workflow: request changes")

        def format_message(self, log_entry):
            try:
                return _("Changes requested at “%(task)s”") % {
                    "task": log_entry.data["workflow"]["task"]["title"]
                }
            except (KeyError, TypeError):
                return _("Changes requested")
