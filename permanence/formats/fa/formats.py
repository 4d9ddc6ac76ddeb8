# Dari (fa-af, read through Persian): Django's dates (year first: 2026/5/11) and a 24-hour clock
# stay; typed dates are read year first or day first, never month first (Django's default).
DATE_INPUT_FORMATS = ["%Y/%m/%d", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = ["%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%d/%m/%Y %H:%M"]
