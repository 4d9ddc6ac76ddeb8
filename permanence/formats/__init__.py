"""Date and time formats of the site's languages where Django's are missing or misleading
(settings ``FORMAT_MODULE_PATH``; Django's own formats fill in the rest).

Every language shows day before month and a 24-hour clock, as French does: the dates here are
appeal deadlines and appointments, and "05/11/2026" must never be read as 11 May by one person
and 5 November by another on the same case. Django has no Pashto or Tigrinya formats (its
defaults are American, with French words for "a.m." and abbreviated months), no short
date-and-time format for Arabic (it falls back to month first), and English reads month first.
"""
