# No formats in Django for Tigrinya either: the same as Pashto's (day before month, full month
# names from the project's catalogue, 24-hour clock).
from permanence.formats.ps.formats import *  # noqa: F403
