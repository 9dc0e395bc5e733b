"""Django's own formats in French (Canada), aligned with home.formatting (OQLF): no
leading zero on the hour, non-breaking spaces. Django's format strings cannot drop the
minutes of a whole hour (« 16 h ») nor write « 1er »: the site's text uses home.formatting;
these serve what Django and Wagtail format themselves. Only the output formats are set:
the rest (input formats, separators) comes from Django's fr_CA."""

DATE_FORMAT = "j F Y"  # 31 janvier 2027
TIME_FORMAT = "G\xa0\\h\xa0i"  # 9 h 05
DATETIME_FORMAT = "j F Y, G\xa0\\h\xa0i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
