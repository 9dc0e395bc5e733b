"""What the admin's editor would post back: the form's fields as rendered, StreamFields too.

A StreamField is rendered as one element whose state is JSON (``data-w-block-arguments-value``):
in a browser, Wagtail's JavaScript turns it into the many ``<prefix>-<n>-…`` fields it posts.
``block_form_data`` does the same from the block definitions, so a test can post an edit form
back unchanged without a browser.
"""

import json

from wagtail import blocks
from wagtail.admin.panels import get_edit_handler
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import _querydict_from_form


def block_form_data(block, state, prefix, data):
    """Add to ``data`` the fields Wagtail's client-side ``block`` posts for ``state``."""
    if isinstance(block, blocks.StreamBlock):
        items = state or []
        data[f"{prefix}-count"] = str(len(items))
        for index, item in enumerate(items):
            data[f"{prefix}-{index}-type"] = item["type"]
            data[f"{prefix}-{index}-id"] = item.get("id") or ""
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            child = block.child_blocks[item["type"]]
            block_form_data(child, item["value"], f"{prefix}-{index}-value", data)
    elif isinstance(block, blocks.ListBlock):
        items = state or []
        data[f"{prefix}-count"] = str(len(items))
        for index, item in enumerate(items):
            data[f"{prefix}-{index}-id"] = item.get("id") or ""
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            block_form_data(block.child_block, item["value"], f"{prefix}-{index}-value", data)
    elif isinstance(block, blocks.StructBlock):
        state = state or {}
        for name, child in block.child_blocks.items():
            block_form_data(child, state.get(name), f"{prefix}-{name}", data)
    elif isinstance(block, blocks.BooleanBlock):
        if state:
            data[prefix] = "on"
    elif isinstance(block, TableBlock):  # its state is the table; its widget posts JSON
        data[prefix] = json.dumps(state)
    elif isinstance(state, dict):  # a chooser: its widget posts the chosen object's id
        data[prefix] = str(state.get("id") or "")
    elif isinstance(state, list):  # a select
        data.setlist(prefix, [str(value) for value in state])
    else:
        data[prefix] = "" if state is None else str(state)


def edit_form_data(html, model, form_id=None):
    """The POST data of the admin edit form in ``html`` for an object of ``model``."""
    # Parsed once: an admin editor is thousands of elements, and parsing is most of what a
    # round trip through the editor costs the suite.
    soup = WagtailTestUtils.get_soup(html)
    if form_id is None:
        # The edit form is the one with the most fields (the page also has search, logout…).
        forms = soup.find_all("form", attrs={"method": lambda m: m and m.lower() == "post"})
        form = max(forms, key=lambda f: len(f.find_all(["input", "select", "textarea"])))
    else:
        form = soup.find("form", attrs={"id": form_id})
        assert form is not None, f"no form with the id {form_id}"
    # What querydict_from_html does once it has found the form.
    data = _querydict_from_form(form, exclude_csrf=True)
    data = data.copy() if not data._mutable else data
    form_class = get_edit_handler(model).get_form_class()
    for element in form.find_all(attrs={"data-w-block-arguments-value": True}):
        name = element["id"]
        field = form_class.base_fields.get(name) or _formset_field(form_class, name)
        state = json.loads(element["data-w-block-arguments-value"])[0]
        block_form_data(field.block, state, name, data)
    return data


def _formset_field(form_class, name):
    """A StreamField inside an inline panel (``<relation>-<n>-<field>``)."""
    relation, _index, field_name = name.rsplit("-", 2)
    formset = form_class.formsets[relation]
    return formset.form.base_fields[field_name]
