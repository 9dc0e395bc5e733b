"""Django's own formats in English, in Canadian style as home.formatting writes it
("February 1, 2027", "4:30 p.m."). Only the output formats are set: the rest comes from
Django's en."""

DATE_FORMAT = "F j, Y"  # February 1, 2027
TIME_FORMAT = "P"  # 4:30 p.m., 4 p.m., noon
DATETIME_FORMAT = "F j, Y, P"
MONTH_DAY_FORMAT = "F j"
YEAR_MONTH_FORMAT = "F Y"
