"""The admin's URL names for candidatures, shared by its views, menus and panel (templates
and tests use the same names)."""

# Wagtail's snippet viewset names these after the model.
LIST_URL_NAME = "wagtailsnippets_host_applications_hostapplication:list"
INSPECT_URL_NAME = "wagtailsnippets_host_applications_hostapplication:inspect"

SCORE_URL_NAME = "host_applications_score"
FILE_URL_NAME = "host_applications_file"
SELECTION_URL_NAME = "host_applications_selection"
END_MODERATION_URL_NAME = "host_applications_end_moderation"
