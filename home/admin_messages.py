"""What writing to a group of people from the admin has in common, whoever they are
(a community's participants, an edition's applicants): the form and the history shown."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy


class MessageForm(forms.Form):
    audience = forms.ChoiceField(
        label=gettext_lazy("To"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose who receives the message.")},
    )
    subject = forms.CharField(
        label=gettext_lazy("Subject"),
        max_length=200,
        error_messages={"required": gettext_lazy("Write a subject.")},
    )
    body = forms.CharField(
        label=gettext_lazy("Message"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=10000,
        error_messages={"required": gettext_lazy("Write the message.")},
    )

    def __init__(self, *args, audiences, placeholders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = audiences
        self.fields["body"].help_text = placeholders

    def clean_subject(self):
        # One line: a subject is a header.
        return " ".join(self.cleaned_data["subject"].split())


@dataclass
class SentMessage:
    sent_at: object
    by: str
    audience: str
    subject: str
    body: str
    recipients: int
    recipients_text: str


def message_history(entries, *, audiences, count_text):
    """Log entries of messages sent, as the admin lists them.

    audiences: their labels; count_text(n): "3 people", "3 institutions"..."""
    labels = dict(audiences.choices)
    history = []
    for entry in entries:
        data = entry.data or {}
        history.append(
            SentMessage(
                sent_at=entry.timestamp,
                by=entry.user.get_full_name() or entry.user.get_username() if entry.user else "",
                audience=labels.get(data.get("audience"), data.get("audience", "")),
                subject=data.get("subject", ""),
                body=data.get("body", ""),
                recipients=data.get("recipients", 0),
                recipients_text=count_text(data.get("recipients", 0)),
            )
        )
    return history
