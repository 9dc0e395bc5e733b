"""What writing to a group of people from the admin has in common, whoever they are
(a community's participants, an edition's applicants): the form and the history shown."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..mail import one_line


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
        # One line: a subject is a header (its non-breaking spaces stay).
        return one_line(self.cleaned_data["subject"])


def handle_message_form(request, form, *, send, preview, sent_text, done_url):
    """The message form as posted: "send" sends it (``send(audience=, subject=, body=, by=)``
    returns how many) and answers with a redirect to ``done_url``; "edit" goes back to the
    form; anything else previews it (``preview(audience=, subject=, body=)``).

    Returns (the redirect or None, the preview or None). ``sent_text(n)`` says n were sent,
    in the words of those who receive it (people, institutions...)."""
    if request.method != "POST" or not form.is_valid():
        return None, None
    message = {name: form.cleaned_data[name] for name in ("audience", "subject", "body")}
    action = request.POST.get("action")
    if action == "send":
        sent = send(**message, by=request.user)
        if sent:
            messages.success(request, sent_text(sent))
        else:
            messages.warning(request, _("Nobody matched: no email was sent."))
        return redirect(done_url), None
    return None, (None if action == "edit" else preview(**message))


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
