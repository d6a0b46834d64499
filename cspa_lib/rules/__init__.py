"""The CSPA rules, written once: pure functions on numpy columns (a single case is a column of one).

- `law`: legal dates, numbers and citations, as data.
- `policy`: which bulletin chart decides availability, as dated rows with one selector.
- `calendar`: day-number arithmetic (anniversaries, ages, months).
- `series`: bulletin series as search tables ("current", runs of availability).
- `kernel`: every pathway, on columns; `explain`: the steps rendered from what it computed.
- `single`: one `Case` through the kernel, to a `CspaResult`.

No file, clock, DataFrame or widget is touched here; `cspa_lib.frame` is the DataFrame layer.
"""
