"""Server-side charts as inline SVG: the same markup serves the page and the PDF (WeasyPrint).

Pure functions over plain numbers; no models, no JavaScript. Every chart carries a <title> and a
<desc> that state the data in words, and tells its series apart by dash pattern and marker as
well as by colour, so it reads for screen readers, in grey print and for colour-blind users.
"""

import hashlib
import math
from collections.abc import Sequence
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

Getal = int | float | Decimal

# Contrast of at least 4.5:1 on white (WCAG 1.4.11 asks 3:1 for graphics).
KLEUREN = ("#154273", "#b34700", "#2e7d32", "#6a1b9a", "#5d4037")
STREEPJES = ("", "8 4", "2 3", "10 3 2 3", "4 4")
TEKSTKLEUR = "#212529"
RASTERKLEUR = "#ced4da"
ASKLEUR = "#6c757d"


def getal_nl(waarde: Getal | None, decimalen: int | None = None) -> str:
    """Dutch notation: 1.234,5. Without `decimalen`, as many decimals as the value has (14,6
    for 14.60, 1.290 for 1290.0)."""
    if waarde is None:
        return _("onbekend")
    waarde = Decimal(str(waarde)) if isinstance(waarde, float) else Decimal(waarde)
    if decimalen is None:
        exponent = waarde.normalize().as_tuple().exponent
        decimalen = max(0, -exponent) if isinstance(exponent, int) else 0
    tekst = f"{waarde:,.{decimalen}f}"  # 1,234.5
    return tekst.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _stap(maximum: float, lijnen: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10^n) that covers `maximum` in about `lijnen` gridlines."""
    if maximum <= 0:
        return 1.0
    ruw = maximum / lijnen
    macht = 10 ** math.floor(math.log10(ruw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * macht >= ruw:
            return factor * macht
    return 10 * macht  # pragma: no cover - the loop always ends at 10


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def lijngrafiek(
    *,
    titel: str,
    jaren: Sequence[int],
    reeksen: Sequence[tuple[str, Sequence[Getal | None]]],
    eenheid: str = "",
    hoogte: int = 240,
    breedte: int = 640,
) -> SafeString:
    """A line chart of one or more series over the years; None in a series is a gap."""
    jaren = list(jaren)
    reeksen = [(label, list(waarden)) for label, waarden in reeksen]
    for label, waarden in reeksen:
        if len(waarden) != len(jaren):
            raise ValueError(f"Series {label!r} has {len(waarden)} values for {len(jaren)} years.")

    sleutel = hashlib.sha1(repr((titel, jaren, reeksen)).encode(), usedforsecurity=False)
    uid = "grafiek-" + sleutel.hexdigest()[:10]
    links, rechts = 64, 16
    boven = 26 if eenheid else 12  # room for the unit above the y axis
    legenda_hoogte = 22 * math.ceil(len(reeksen) / 3) if reeksen else 0
    onder = hoogte - 28 - legenda_hoogte  # the x axis
    breedte_plot = breedte - links - rechts

    bekend = [float(w) for _label, waarden in reeksen for w in waarden if w is not None]
    stap = _stap(max(bekend, default=0))
    top = stap * max(1, math.ceil(max(bekend, default=0) / stap))

    def x(index: int) -> float:
        if len(jaren) == 1:
            return links + breedte_plot / 2
        eerste, laatste = jaren[0], jaren[-1]
        if laatste == eerste:
            return links + breedte_plot * index / (len(jaren) - 1)
        return links + breedte_plot * (jaren[index] - eerste) / (laatste - eerste)

    def y(waarde: float) -> float:
        return onder - (onder - boven) * waarde / top

    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lijngrafiek" role="img" '
        f'viewBox="0 0 {breedte} {hoogte}" width="{breedte}" height="{hoogte}" '
        f'aria-labelledby="{uid}-titel {uid}-desc" font-family="system-ui, sans-serif" '
        f'font-size="12" fill="{TEKSTKLEUR}">',
        f'<title id="{uid}-titel">{escape(titel)}</title>',
        f'<desc id="{uid}-desc">{escape(_beschrijving(jaren, reeksen, eenheid))}</desc>',
    ]

    # Gridlines and y labels.
    delen.append('<g aria-hidden="true">')
    for i in range(int(round(top / stap)) + 1):
        waarde = i * stap
        yy = _fmt(y(waarde))
        delen.append(
            f'<line x1="{links}" y1="{yy}" x2="{breedte - rechts}" y2="{yy}" '
            f'stroke="{ASKLEUR if i == 0 else RASTERKLEUR}" stroke-width="1"/>'
        )
        label = getal_nl(Decimal(str(waarde)), 0 if float(waarde).is_integer() else 1)
        delen.append(
            f'<text x="{links - 8}" y="{_fmt(y(waarde) + 4)}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
    if eenheid:
        delen.append(
            # From the left edge: a long unit would be cut off if it ended at the axis.
            f'<text x="4" y="{boven - 12}" text-anchor="start">{escape(eenheid)}</text>'
        )
    # X axis labels; with many years every so many, keeping the last.
    ruimte = breedte_plot / max(1, len(jaren) - 1)
    elke = max(1, math.ceil(44 / ruimte))
    for index, jaar in enumerate(jaren):
        if index % elke and index != len(jaren) - 1:
            continue
        if index != len(jaren) - 1 and len(jaren) - 1 - index < elke and index:
            continue  # too close to the last label
        delen.append(
            f'<text x="{_fmt(x(index))}" y="{onder + 18}" text-anchor="middle">{jaar}</text>'
        )
    if not bekend:
        delen.append(
            f'<text x="{_fmt(links + breedte_plot / 2)}" y="{_fmt((boven + onder) / 2)}" '
            f'text-anchor="middle" font-style="italic">{escape(_("Geen gegevens"))}</text>'
        )
    delen.append("</g>")

    # One group per series: its line (split at gaps) and its markers.
    for nummer, (label, waarden) in enumerate(reeksen):
        kleur, streep = KLEUREN[nummer % len(KLEUREN)], STREEPJES[nummer % len(STREEPJES)]
        delen.append(f'<g class="reeks" data-reeks="{escape(label)}" aria-hidden="true">')
        for stuk in _stukken(waarden):
            punten = " ".join(f"{_fmt(x(i))},{_fmt(y(float(waarden[i])))}" for i in stuk)
            if len(stuk) > 1:
                delen.append(
                    f'<polyline points="{punten}" fill="none" stroke="{kleur}" '
                    f'stroke-width="2.5" stroke-linejoin="round"'
                    + (f' stroke-dasharray="{streep}"' if streep else "")
                    + "/>"
                )
        for i, waarde in enumerate(waarden):
            if waarde is not None:
                delen.append(_marker(nummer, x(i), y(float(waarde)), kleur))
        delen.append("</g>")

    # Legend: a sample of each line with its marker, three to a row.
    delen.append('<g class="legenda" aria-hidden="true">')
    for nummer, (label, _waarden) in enumerate(reeksen):
        kleur, streep = KLEUREN[nummer % len(KLEUREN)], STREEPJES[nummer % len(STREEPJES)]
        lx = links + (nummer % 3) * (breedte_plot / 3)
        ly = onder + 40 + 22 * (nummer // 3)
        delen.append(
            f'<line x1="{_fmt(lx)}" y1="{ly}" x2="{_fmt(lx + 32)}" y2="{ly}" stroke="{kleur}" '
            f'stroke-width="2.5"' + (f' stroke-dasharray="{streep}"' if streep else "") + "/>"
        )
        delen.append(_marker(nummer, lx + 16, ly, kleur))
        delen.append(f'<text x="{_fmt(lx + 40)}" y="{ly + 4}">{escape(label)}</text>')
    delen.append("</g></svg>")
    return mark_safe("".join(delen))  # every text above is escaped


def _stukken(waarden: Sequence[Getal | None]) -> list[list[int]]:
    """Runs of consecutive known values, as index lists."""
    stukken: list[list[int]] = [[]]
    for i, waarde in enumerate(waarden):
        if waarde is None:
            if stukken[-1]:
                stukken.append([])
        else:
            stukken[-1].append(i)
    return [stuk for stuk in stukken if stuk]


def _marker(nummer: int, cx: float, cy: float, kleur: str) -> str:
    # Even series get a filled marker, odd ones a hollow one: a second cue besides the dashes.
    vulling = kleur if nummer % 2 == 0 else "#ffffff"
    return (
        f'<circle cx="{_fmt(cx)}" cy="{_fmt(cy)}" r="4" fill="{vulling}" '
        f'stroke="{kleur}" stroke-width="2"/>'
    )


def _beschrijving(jaren, reeksen, eenheid: str) -> str:
    if not jaren or not any(w is not None for _label, waarden in reeksen for w in waarden):
        return _("Geen gegevens.")
    zinnen = []
    for label, waarden in reeksen:
        paren = ", ".join(
            f"{jaar}: {getal_nl(waarde)}" for jaar, waarde in zip(jaren, waarden, strict=True)
        )
        zinnen.append(f"{label}{f' ({eenheid})' if eenheid else ''}: {paren}.")
    return " ".join(zinnen)
