"""How the history of a registration and of a community reads: who did what, for whom."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter

from ..mailings import Audience


def _with_comment(message, log_entry):
    comment = (log_entry.data or {}).get("comment")
    return f"{message} — « {comment} »" if comment else str(message)


def _transition(label, by_person, on_behalf):
    class TransitionFormatter(LogFormatter):
        def format_message(self, log_entry):
            data = log_entry.data or {}
            message = on_behalf if data.get("on_behalf") else by_person
            return _with_comment(message, log_entry)

    TransitionFormatter.label = label
    return TransitionFormatter


def register_log_actions(actions):
    for action, label, by_person, on_behalf in [
        (
            "confirm",
            gettext_lazy("Confirm the seat"),
            gettext_lazy("Seat confirmed by the person"),
            gettext_lazy("Seat confirmed by a facilitator, on the person's behalf"),
        ),
        (
            "decline",
            gettext_lazy("Decline the seat"),
            gettext_lazy("Seat declined by the person"),
            gettext_lazy("Seat declined by a facilitator, on the person's behalf"),
        ),
        (
            "withdraw",
            gettext_lazy("Withdraw"),
            gettext_lazy("Withdrawn by the person"),
            gettext_lazy("Withdrawn by a facilitator, on the person's behalf"),
        ),
    ]:
        actions.register_action(f"communities.{action}")(_transition(label, by_person, on_behalf))

    actions.register_action(
        "communities.merged",
        gettext_lazy("Merge a person's records"),
        gettext_lazy("Merged with the other records of the same person (address and name)"),
    )
    actions.register_action(
        "communities.phone_registration",
        gettext_lazy("Register by phone"),
        gettext_lazy("Registered by a facilitator after a phone call; consent given by phone"),
    )

    @actions.register_action("communities.moved_out")
    class MovedOut(LogFormatter):
        label = gettext_lazy("Move to another community")

        def format_message(self, log_entry):
            return _("Moved to “%(community)s”") % {
                "community": (log_entry.data or {}).get("community", "")
            }

    @actions.register_action("communities.moved_in")
    class MovedIn(LogFormatter):
        label = gettext_lazy("Moved from another community")

        def format_message(self, log_entry):
            return _("Moved here from “%(community)s”") % {
                "community": (log_entry.data or {}).get("community", "")
            }

    @actions.register_action("communities.message")
    class Message(LogFormatter):
        label = gettext_lazy("Write to participants")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            audience = data.get("audience", "")
            return _("Message “%(subject)s” sent to %(count)s people (%(audience)s)") % {
                "subject": data.get("subject", ""),
                "count": data.get("recipients", 0),
                "audience": Audience(audience).label if audience in Audience else audience,
            }
