from django.dispatch import receiver
from wagtail.signals import page_published

from . import services
from .models import CommunityPage


@receiver(page_published, sender=CommunityPage)
def offer_new_seats(sender, instance, **kwargs):
    # An editor may have raised the capacity: those waiting are offered the new seats.
    services.fill_free_seats(community=instance)


@receiver(page_published, sender=CommunityPage)
def tell_participants_of_session_changes(sender, instance, **kwargs):
    # A session moved or given a new link after participants were told: they hear of it.
    services.notify_session_changes(
        community=instance,
        previous_revision=services.previously_published_revision(community=instance),
    )
