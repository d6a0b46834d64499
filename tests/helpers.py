"""Small inline bulletins for tests: a few series given as change points."""

from __future__ import annotations

from datetime import date

from cspa_lib.bulletin import Bulletin, _month_range


def month(text: str) -> date:
    return date.fromisoformat(text + "-01" if len(text) == 7 else text)


def tiny_bulletin(
    first: str,
    last: str,
    series: dict[tuple[str, str, str], list[tuple[str, str]]],
    designation: dict[tuple[str, str], str] | None = None,
    dv: dict[tuple[str, str], list[tuple[str, str]]] | None = None,
) -> Bulletin:
    """`series[(chart, category, chargeability)]` lists (from_month, cutoff) change points; a
    month before the first change point is "U". `designation[(block, from_month)] = chart`
    holds from that month on. `dv[(region, country)]` lists (from_month, rank or C)."""
    months = _month_range(month(first), month(last))
    rows = []
    for (chart, category, chg), points in series.items():
        for m in months:
            value = "U"
            for start, cutoff in points:
                if month(start) <= m:
                    value = cutoff
            rows.append(
                {"bulletin_month": m.isoformat(), "chart": chart, "category": category,
                 "chargeability": chg, "cutoff": value}
            )
    des_rows = []
    for m in months:
        for block in ("family", "employment"):
            chart = None
            for (b, start), value in sorted((designation or {}).items(), key=lambda kv: kv[0][1]):
                if b == block and month(start) <= m:
                    chart = value
            if chart:
                des_rows.append({"bulletin_month": m.isoformat(), "block": block, "category": "ALL",
                                 "chargeability": "*", "chart": chart})
    dv_rows = []
    for (region, country), points in (dv or {}).items():
        for m in months:
            value = None
            for start, cutoff in points:
                if month(start) <= m:
                    value = cutoff
            if value is not None:
                dv_rows.append({"bulletin_month": m.isoformat(), "region": region,
                                "country": country, "cutoff": value})
    return Bulletin.from_rows(rows, dv_rows, des_rows)
