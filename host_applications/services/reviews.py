"""The committee's scores: a review per juror with a score per criterion, the weighted score,
each juror's progress, and who sees whose scores when."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce
from wagtail.log_actions import log

from ..models import ApplicationStatus, HostApplication, Review, Score


def criteria_for(*, application):
    return list(application.call.criteria.all())


def save_review(*, application, reviewer, scores, comment=""):
    """scores: {criterion_id: (score 1–5, comment)} for the call's criteria."""
    criteria = {criterion.pk: criterion for criterion in criteria_for(application=application)}
    unknown = set(scores) - set(criteria)
    if unknown:
        raise ValueError(f"Unknown criteria: {sorted(unknown)}")
    with transaction.atomic():
        review, _created = Review.objects.update_or_create(
            application=application, reviewer=reviewer, defaults={"comment": comment}
        )
        for criterion_id, (score, score_comment) in scores.items():
            Score.objects.update_or_create(
                review=review,
                criterion_id=criterion_id,
                defaults={"score": score, "comment": score_comment},
            )
        log(instance=application, action="host_applications.review", user=reviewer)
    return review


def with_scores(queryset):
    """Annotate weighted_score (1–5, weighted by the criteria) and review_count."""
    scores = Score.objects.filter(review__application=OuterRef("pk")).values("review__application")
    return queryset.annotate(
        score_total=Subquery(
            scores.annotate(total=Sum(F("score") * F("criterion__weight"))).values("total")[:1],
            output_field=IntegerField(),
        ),
        weight_total=Subquery(
            scores.annotate(total=Sum("criterion__weight")).values("total")[:1],
            output_field=IntegerField(),
        ),
        review_count=Coalesce(
            Subquery(
                Review.objects.filter(application=OuterRef("pk"))
                .values("application")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
    ).annotate(weighted_score=Cast("score_total", FloatField()) / F("weight_total"))


def can_score(*, user):
    """Scores are the committee's: only its members (and superusers) give or see them."""
    return user.is_active and (
        user.is_superuser or user.has_perm("host_applications.review_hostapplication")
    )


def with_viewer(queryset, *, user):
    """Annotate scored_by_viewer: whether this user has scored each candidature."""
    return queryset.annotate(
        scored_by_viewer=Exists(
            Review.objects.filter(application=OuterRef("pk"), reviewer_id=user.pk)
        )
    )


def others_scores_visible(*, application, user, scored_by_viewer):
    """A juror sees the others' scores (and the average) once they have scored themselves,
    so no one scores to match, and once the candidature is decided; with the setting off,
    only after the decision."""
    if not can_score(user=user):
        return False
    if user.is_superuser or not application.is_open:
        return True
    return scored_by_viewer and settings.HOST_APPLICATION_SCORES_AFTER_SCORING


def visible_reviews(*, application, user):
    """The reviews this user may read on a candidature, their own first."""
    if not can_score(user=user):
        return [], False
    reviews = list(application.reviews.select_related("reviewer").prefetch_related("scores"))
    own = [review for review in reviews if review.reviewer_id == user.pk]
    if others_scores_visible(application=application, user=user, scored_by_viewer=bool(own)):
        return own + [review for review in reviews if review.reviewer_id != user.pk], True
    return own, False


def juror_progress(*, call):
    """Each committee member's count of scored candidatures among those of the call."""
    standing = HostApplication.objects.filter(call=call).exclude(
        status__in=ApplicationStatus.withdrawn_states()
    )
    total = standing.count()
    scored = dict(
        Review.objects.filter(application__in=standing)
        .values_list("reviewer_id")
        .annotate(n=Count("pk"))
        .values_list("reviewer_id", "n")
    )
    jurors = (
        get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename="review_hostapplication")
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    return [(juror, scored.get(juror.pk, 0), total) for juror in jurors]


def weighted_score(*, application):
    annotated = with_scores(HostApplication.objects.filter(pk=application.pk)).first()
    return annotated.weighted_score if annotated else None
