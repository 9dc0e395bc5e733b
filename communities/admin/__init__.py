"""Communities in Wagtail's admin: the registrations' viewset and bulk action, staff
registrations, the draw, attendance, messages to participants, history and dashboard;
wagtail_hooks.py registers them."""
