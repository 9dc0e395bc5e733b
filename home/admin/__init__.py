"""The base's pages in Wagtail's admin: a person's data on request, the calendar and the
people view, and the message form every app's mailings share; wagtail_hooks.py registers
them."""
