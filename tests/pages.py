"""Shared helpers for Wagtail page-type tests."""

from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html


class EditFormDataMixin:
    """For WagtailPageTestCase: the edit form's data as a browser would post it."""

    def edit_post_data(self, page):
        # StreamFields are built by JavaScript in the admin, so the scraped form lacks
        # their counts; an empty stream is posted for each.
        self.client.force_login(self.user)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        data = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
        for field in page.specific_class._meta.get_fields():
            if isinstance(field, StreamField):
                data[f"{field.name}-count"] = "0"
        data["action-publish"] = ""
        return data
