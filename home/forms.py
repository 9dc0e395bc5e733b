from django import forms
from django.conf import settings
from django.forms.renderers import Jinja2
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

SEARCH_QUERY_MAX_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the site"),
        max_length=SEARCH_QUERY_MAX_LENGTH,
        required=True,
        error_messages={
            "required": _("Type one or more words to search for."),
            "max_length": _(
                "Your search is too long: use at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            ),
        },
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean_q(self):
        query = self.cleaned_data["q"].strip()
        if not query:
            raise forms.ValidationError(self.fields["q"].error_messages["required"])
        return query


def refuse_undecodable(value):
    """Bytes that were not valid in the request's encoding arrive as U+FFFD: nobody typed it."""
    if "\ufffd" in value:
        raise forms.ValidationError(
            _(
                "This text contains characters that could not be read (a wrong encoding): "
                "type it again."
            ),
            code="encoding",
        )


# Staff comments go into emails, the history and exports: bounded like every free text.
STAFF_COMMENT_MAX_LENGTH = 5000


def state_limits(form):
    """Every text field of ``form`` with a maximum length says it: the browser gets
    ``maxlength`` (Django adds it), a multi-line field's help text names the limit, and an
    answer past it gets a message naming both lengths (the rest of the form is kept)."""
    for form_field in form.fields.values():
        if not isinstance(form_field, forms.CharField) or not form_field.max_length:
            continue
        form_field.error_messages["max_length"] = _(
            "This answer is too long: %(limit_value)d characters at most (it has "
            "%(show_value)d). Shorten it; your other answers are kept."
        )
        if isinstance(form_field.widget, forms.Textarea):
            statement = _("At most %(limit)s characters.") % {
                "limit": number_format(form_field.max_length, force_grouping=True)
            }
            help_text = str(form_field.help_text or "")
            form_field.help_text = f"{help_text} {statement}".strip()


class StatedLimitsMixin:
    """A form whose text fields state their maximum length (``state_limits``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        state_limits(self)


# Django's own form templates, in their Jinja2 versions: the same markup, rendered several times
# faster than through the template language (a 25-field form took 14 of the page's 22 ms).
# One instance for the process: it holds the compiled templates. Public forms only: the
# admin's widgets exist only as Django templates.
PUBLIC_FORM_RENDERER = Jinja2()


class PublicFormMixin:
    """A public form: rendered by ``PUBLIC_FORM_RENDERER``; its text fields refuse what a
    broken encoding turned into U+FFFD, and state their maximum length."""

    default_renderer = PUBLIC_FORM_RENDERER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, forms.CharField):
                form_field.validators.append(refuse_undecodable)
        state_limits(self)


def link_privacy_policy(form, *, request):
    """The consent's help text links to the privacy policy in the visitor's language: the
    consent is given "as described" there. Nothing changes while the site has none."""
    from .identity import privacy_page  # noqa: PLC0415 (home.identity imports the models)

    consent = form.fields.get("consent") if form is not None else None
    page = privacy_page(request=request) if consent is not None else None
    if page is not None:
        consent.help_text = format_html(
            '<a href="{}">{}</a>', page.get_url(request), _("Read our privacy policy")
        )
        form["consent"].help_text = consent.help_text  # a validated form has its bound field


class LoginForm(WagtailLoginForm):
    """Wagtail's login form, saying so when the lockout (home.auth) refused the attempt."""

    def get_invalid_login_error(self):
        if getattr(self.request, "login_locked", False):
            minutes = settings.ADMIN_LOGIN_COOLOFF_MINUTES
            return forms.ValidationError(
                ngettext(
                    "Too many failed sign-in attempts. For your security, signing in is "
                    "blocked for %(minutes)d minute: try again later, or reset your password.",
                    "Too many failed sign-in attempts. For your security, signing in is "
                    "blocked for %(minutes)d minutes: try again later, or reset your password.",
                    minutes,
                )
                % {"minutes": minutes},
                code="locked",
            )
        return super().get_invalid_login_error()
