import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html

from communities import services
from communities.models import CommunityPage, Registration
from factories.communities import (
    CommunityIndexPageFactory,
    create_community,
    person,
)


@pytest.fixture
def community_index(home_page):
    return CommunityIndexPageFactory(parent=home_page)


@pytest.fixture
def make_community(community_index):
    """Create and publish a community under /communautes/ (see create_community)."""

    def _make(**kwargs):
        return create_community(community_index, **kwargs)

    return _make


@pytest.fixture
def community(make_community):
    """Open, first come first served, 3 seats, a waitlist, 3 sessions with meeting links."""
    return make_community()


def register(community, n=1, *, now=None, language="fr-ca", **overrides):
    """Register the n-th person through the service, as the public form does."""
    return services.register(
        community=community, data=person(n, **overrides), language=language, now=now
    )


def states(community):
    """[(state, waitlist position)] in registration order."""
    return list(
        Registration.objects.filter(community=community)
        .order_by("pk")
        .values_list("state", "waitlist_position")
    )


def reload(registration):
    return Registration.objects.get(pk=registration.pk)


@pytest.fixture
def closed_draw(make_community):
    """Make a draw community whose registration closed yesterday; returns (community, add)
    where add(n, **answers) registers the n-th person while registration was open."""
    now = timezone.now()
    opens = now - datetime.timedelta(days=10)

    def _make(**kwargs):
        kwargs = {
            "slug": "tirage",
            "selection_method": "draw",
            "capacity_max": 2,
            "opens": opens,
            "closes": now - datetime.timedelta(days=1),
            **kwargs,
        }
        community = make_community(**kwargs)

        def add(n, **overrides):
            during = opens + datetime.timedelta(days=1, minutes=n)
            return register(community, n, now=during, **overrides).registration

        return community, add

    return _make


def make_user(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="pw", email=f"{username}@example.org", **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def animation(django_user_model):
    return make_user(django_user_model, "animatrice", "Animation")


@pytest.fixture
def communications(django_user_model):
    return make_user(django_user_model, "sophie", "Communications")


def edit_form_data(client, page):
    """The page's edit form as the admin posts it, to publish."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
    # StreamFields are built by JavaScript: post an empty stream for each.
    for field in CommunityPage._meta.get_fields():
        if isinstance(field, StreamField):
            data[f"{field.name}-count"] = "0"
    data["action-publish"] = "action-publish"  # an empty value saves a draft
    return data
