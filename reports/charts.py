"""Bar charts as inline SVG, drawn here: no script, no CDN, nothing fetched. Each chart names itself
(role img, title, desc) and each bar carries its value; the table beside it holds the same figures.
Colours come from the page's stylesheet through the classes s0, s1, s2 and thr."""
from __future__ import annotations

from html import escape

from reports.tables import INT, PCT, shown

WIDTH = 760
LABEL_W = 270  # horizontal bars: room for the group's name
BAR = 14
GAP = 10
LEGEND_H = 26


def _svg(title: str, desc: str, height: float, body: list[str], uid: str) -> str:
    return (f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
            f'aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
            + "".join(body) + "</svg>")


def _legend(series: list[tuple[str, list]], threshold_label: str | None) -> list[str]:
    out, x = [], 0
    for n, (name, _) in enumerate(series):
        out.append(f'<rect class="s{n}" x="{x}" y="6" width="12" height="12"/>'
                   f'<text x="{x + 17}" y="16">{escape(name)}</text>')
        x += 30 + 8 * len(name)
    if threshold_label:
        out.append(f'<line class="thr" x1="{x}" y1="12" x2="{x + 18}" y2="12"/>'
                   f'<text x="{x + 23}" y="16">{escape(threshold_label)}</text>')
    return out


def _short(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars - 1].rstrip() + "…"


def _desc(labels: list[str], series, kind: str) -> str:
    parts = []
    for i, label in enumerate(labels):
        values = ", ".join(f"{name} {shown(vals[i], kind)}" for name, vals in series)
        parts.append(f"{label}: {values}")
    return "; ".join(parts)


def bars(uid: str, title: str, labels: list[str], series: list[tuple[str, list]], *, kind: str = INT,
         threshold: float | None = None, threshold_label: str | None = None) -> str:
    """Horizontal bars, one group per label, one bar per series. `kind` PCT scales to 100 %."""
    top = max([v for _, vals in series for v in vals if v is not None] + [0])
    scale_max = 1.0 if kind == PCT else (top or 1)
    area = WIDTH - LABEL_W - 70
    group_h = BAR * len(series) + GAP
    height = LEGEND_H + group_h * len(labels) + 6
    body = _legend(series, threshold_label if threshold is not None else None)
    for i, label in enumerate(labels):
        y0 = LEGEND_H + i * group_h
        body.append(f'<text class="lbl" x="{LABEL_W - 8}" y="{y0 + group_h / 2 + 2:.1f}" text-anchor="end">'
                    f'<title>{escape(label)}</title>{escape(_short(label, 40))}</text>')
        for n, (name, vals) in enumerate(series):
            v = vals[i]
            w = 0 if v is None else max(1.0, area * v / scale_max) if v else 0
            y = y0 + n * BAR
            body.append(f'<rect class="s{n}" x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR - 2}">'
                        f'<title>{escape(label)} — {escape(name)}: {shown(v, kind)}</title></rect>'
                        f'<text class="val" x="{LABEL_W + w + 4:.1f}" y="{y + BAR - 4}">{shown(v, kind)}</text>')
    if threshold is not None:
        x = LABEL_W + area * threshold / scale_max
        body.append(f'<line class="thr" x1="{x:.1f}" y1="{LEGEND_H - 4}" x2="{x:.1f}" y2="{height - 2:.0f}"/>')
    return _svg(title, _desc(labels, series, kind), height, body, uid)


def columns(uid: str, title: str, labels: list[str], series: list[tuple[str, list]], *, kind: str = INT) -> str:
    """Vertical columns over time (months, days), one group per label."""
    height, left, bottom = 250, 8, 24
    top = max([v for _, vals in series for v in vals if v is not None] + [0]) or 1
    plot_h = height - LEGEND_H - bottom - 16
    n = max(1, len(labels))
    group_w = (WIDTH - left) / n
    bar_w = min(40.0, group_w * 0.8 / len(series))
    every = max(1, round(n / 12))  # at most about a dozen labels under the axis
    body = _legend(series, None)
    base = height - bottom
    body.append(f'<line class="axis" x1="{left}" y1="{base}" x2="{WIDTH}" y2="{base}"/>')
    for i, label in enumerate(labels):
        x0 = left + i * group_w + (group_w - bar_w * len(series)) / 2
        for s, (name, vals) in enumerate(series):
            v = vals[i] or 0
            h = plot_h * v / top
            x = x0 + s * bar_w
            body.append(f'<rect class="s{s}" x="{x:.1f}" y="{base - h:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}">'
                        f'<title>{escape(label)} — {escape(name)}: {shown(vals[i], kind)}</title></rect>')
            if n <= 16:
                body.append(f'<text class="val" x="{x + bar_w / 2:.1f}" y="{base - h - 3:.1f}" '
                            f'text-anchor="middle">{shown(vals[i], kind)}</text>')
        if i % every == 0:
            body.append(f'<text class="lbl" x="{left + (i + 0.5) * group_w:.1f}" y="{height - 6}" '
                        f'text-anchor="middle">{escape(label)}</text>')
    return _svg(title, _desc(labels, series, kind), height, body, uid)
