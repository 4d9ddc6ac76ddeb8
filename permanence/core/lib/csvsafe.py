"""CSV files that a spreadsheet opens without running what a cell says.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula
by Excel and LibreOffice (``=HYPERLINK(…)`` sends what is on the sheet away). The values written
back from an upload, or typed by someone, are prefixed with an apostrophe, which the spreadsheet
shows as text; numbers (``-12``, ``+3,5``) are left as they are.
"""

import csv
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?\s*%?")


def cell(value):
    """The value as the spreadsheet must show it: formulas made text, numbers kept."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if NUMBER.fullmatch(value):
        return value
    return "'" + value


class Writer:
    """``csv.writer`` whose rows go through ``cell``."""

    def __init__(self, output, **kwargs):
        self._writer = csv.writer(output, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
