"""Charts drawn on the server as inline SVG (no script, nothing loaded from outside: the admin's CSP stays strict).

`{% bar_chart chart %}` with chart = {"labels": [...], "values": [...]} or {"labels": [...], "series": [(name,
values), ...]} (stacked); `{% line_chart chart %}` with labels and values. Every text is escaped."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 240, 56, 28, 12
COLOURS = ("#2e7d6b", "#e0a030", "#5468c4", "#c0504d")


def n(value):
    """A coordinate as text (format_html escapes its arguments into strings before formatting)."""
    return f"{value:.1f}"


def scale(values):
    top = max([float(v or 0) for v in values] + [0])
    return top or 1.0


def frame(top, labels, body, title):
    plot_h = HEIGHT - BOTTOM - TOP
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd"/><text x="{}" y="{}" font-size="11" '
        'text-anchor="end" fill="#555">{}</text>',
        (
            (LEFT, WIDTH, n(TOP + plot_h * (1 - k / 4)), n(TOP + plot_h * (1 - k / 4)), LEFT - 4,
             n(TOP + plot_h * (1 - k / 4) + 4), f"{top * k / 4:,.0f}".replace(",", " "))
            for k in range(5)
        ),
    )  # fmt: skip
    step = (WIDTH - LEFT) / max(len(labels), 1)
    every = max(1, len(labels) // 12)
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#555">{}</text>',
        ((n(LEFT + step * (i + 0.5)), HEIGHT - 8, label) for i, label in enumerate(labels) if i % every == 0),
    )
    return format_html(
        '<svg class="club-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
        'preserveAspectRatio="xMidYMid meet"><title>{}</title>{}{}{}</svg>',
        WIDTH, HEIGHT, title, title, grid, body, ticks,
    )  # fmt: skip


@register.simple_tag
def bar_chart(chart, title=""):
    labels = [str(label) for label in chart["labels"]]
    series = chart.get("series") or [("", chart.get("values", []))]
    totals = [sum(float(values[i] or 0) for _, values in series) for i in range(len(labels))]
    top = scale(totals)
    plot_h = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT) / max(len(labels), 1)
    bars = []
    for i in range(len(labels)):
        base = 0.0
        for index, (name, values) in enumerate(series):
            value = float(values[i] or 0)
            h = plot_h * value / top
            y = TOP + plot_h * (1 - (base + value) / top)
            bars.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{} {} {}</title></rect>',
                    n(LEFT + step * i + step * 0.15), n(y), n(step * 0.7), n(h), COLOURS[index % len(COLOURS)],
                    labels[i],
                    name, f"{value:,.2f}".replace(",", " ").replace(".00", ""),
                )
            )  # fmt: skip
            base += value
    legend = ""
    if chart.get("series"):
        legend = format_html_join(
            "",
            '<span class="club-chart-legend"><svg width="10" height="10" aria-hidden="true"><rect width="10" '
            'height="10" fill="{}"/></svg> {}</span> ',
            ((COLOURS[i % len(COLOURS)], name) for i, (name, _) in enumerate(series)),
        )
    return format_html("{}{}", frame(top, labels, format_html_join("", "{}", ((bar,) for bar in bars)), title), legend)


@register.simple_tag
def line_chart(chart, title=""):
    labels = [str(label) for label in chart["labels"]]
    values = [float(v or 0) for v in chart["values"]]
    top = scale(values)
    plot_h = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT) / max(len(labels), 1)
    points = [(LEFT + step * (i + 0.5), TOP + plot_h * (1 - v / top)) for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{} {}</title></circle>',
        ((n(x), n(y), COLOURS[0], labels[i], f"{values[i]:,.2f}".replace(",", " ")) for i, (x, y) in enumerate(points)),
    )
    body = format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>{}', path, COLOURS[0], dots)
    return frame(top, labels, body, title)
