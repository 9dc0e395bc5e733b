from django import forms
from django.conf import settings
from django.forms.renderers import Jinja2
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


# Django's own form templates, in their Jinja2 versions: the same markup, rendered several times
# faster than through the template language (a 25-field form took 14 of the page's 22 ms).
# One instance for the process: it holds the compiled templates. Public forms only: the
# admin's widgets exist only as Django templates.
PUBLIC_FORM_RENDERER = Jinja2()


class PublicFormMixin:
    """A public form: rendered by ``PUBLIC_FORM_RENDERER``; its text fields refuse what a
    broken encoding turned into U+FFFD."""

    default_renderer = PUBLIC_FORM_RENDERER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, forms.CharField):
                form_field.validators.append(refuse_undecodable)


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
