"""Scoring a candidature: the score form and page, and the listing's score column (the
committee's only; a juror sees the others' scores once they have given theirs)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from wagtail.admin.ui.tables import Column

from home.forms import state_limits

from .. import services
from ..models import HostApplication, Review, Score
from .access import can_review
from .url_names import INSPECT_URL_NAME

SCORE_FIELDS = {"weighted_score", "review_count"}


class ScoreColumn(Column):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def get_value(self, instance):
        if not getattr(instance, "review_count", 0):
            return "—"
        if not services.others_scores_visible(
            application=instance,
            user=self.user,
            scored_by_viewer=getattr(instance, "scored_by_viewer", False),
        ):
            return _("After your score")
        score = getattr(instance, "weighted_score", None)
        return "—" if score is None else number_format(score, 2)


class ScoreForm(forms.Form):
    def __init__(self, *args, criteria, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {score.criterion_id: score for score in review.scores.all()} if review else {}
        choices = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]
        self.criteria = criteria
        for criterion in criteria:
            score = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(criterion)s (weight %(weight)d)")
                % {"criterion": criterion.title, "weight": criterion.weight},
                help_text=criterion.description,
                choices=choices,
                coerce=int,
                initial=score.score if score else "",
                error_messages={"required": _("Give this criterion a score from 1 to 5.")},
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.title},
                required=False,
                max_length=Score._meta.get_field("comment").max_length,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.comment if score else "",
            )
        self.fields["comment"] = forms.CharField(
            label=_("General comment (for the committee only)"),
            required=False,
            max_length=Review._meta.get_field("comment").max_length,
            widget=forms.Textarea(attrs={"rows": 4}),
            initial=review.comment if review else "",
        )
        state_limits(self)

    def scores(self):
        return {
            criterion.pk: (
                self.cleaned_data[f"score_{criterion.pk}"],
                self.cleaned_data[f"comment_{criterion.pk}"],
            )
            for criterion in self.criteria
        }


def score_view(request, pk):
    if not can_review(request.user):
        raise PermissionDenied
    application = get_object_or_404(
        HostApplication.objects.select_related("call", "edition"), pk=pk
    )
    criteria = services.criteria_for(application=application)
    review = application.reviews.filter(reviewer=request.user).prefetch_related("scores").first()
    form = ScoreForm(request.POST or None, criteria=criteria, review=review)
    if request.method == "POST" and form.is_valid():
        services.save_review(
            application=application,
            reviewer=request.user,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
        )
        messages.success(
            request,
            _("Your scores for %(reference)s are saved.") % {"reference": application.reference},
        )
        return redirect(INSPECT_URL_NAME, application.pk)
    return TemplateResponse(
        request,
        "host_applications/admin/score.html",
        {
            "application": application,
            "form": form,
            "header_title": _("Score %(reference)s") % {"reference": application.reference},
            "page_title": _("Score %(reference)s") % {"reference": application.reference},
        },
    )
