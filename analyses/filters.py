"""The gebied and woonvorm choice on the behoefteraming (GET), shared by the page and the export.

`bereken_behoefteraming` applies the choice: it runs services.behoefteraming() for it and puts
the result in page order (the gemeente, then the gebieden as a tree).
"""

from collections import defaultdict
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from woonzorg.models import Gebied, Woonvorm

from . import services
from .models import Behoeftenorm


def gebieden_boom(gebieden) -> list[tuple[Gebied, int]]:
    """The gebieden depth first (wijk, then its buurten), each with its depth."""
    kinderen: dict[int | None, list[Gebied]] = defaultdict(list)
    ids = {gebied.pk for gebied in gebieden}
    for gebied in gebieden:
        # A gebied whose parent is not in the list is shown at the top.
        kinderen[gebied.parent_id if gebied.parent_id in ids else None].append(gebied)
    boom: list[tuple[Gebied, int]] = []

    def loop(parent_id, diepte):
        for gebied in kinderen.get(parent_id, []):
            boom.append((gebied, diepte))
            loop(gebied.pk, diepte + 1)

    loop(None, 0)
    return boom


class Gebiedenlijst(forms.Select):
    """A plain select of (value, label) choices rendered in Python: Django renders every option
    through two templates, which for the hundreds of buurten of a city costs more than the rest
    of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        gekozen = {str(v) for v in self.format_value(value)}
        opties = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (waarde, " selected" if str(waarde) in gekozen else "", label)
                for waarde, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            opties,
        )


class AnalyseRamingFilter(django_filters.FilterSet):
    """Filters the norms of an analyse by woonvorm and remembers the chosen gebied.

    The behoefteraming is computed, not stored, so the choice (`gekozen_gebied`,
    `gekozen_woonvorm`) is handed to services.behoefteraming() rather than applied to a queryset
    of results. A value from another gemeente is not among the choices: the form ignores it.
    """

    gebied = django_filters.ModelChoiceFilter(
        label=_("Gebied"),
        queryset=Gebied.objects.none(),
        empty_label=_("Alle gebieden"),
        method="_alle_normen",
    )
    woonvorm = django_filters.ModelChoiceFilter(
        label=_("Woonvorm"),
        queryset=Woonvorm.objects.none(),
        empty_label=_("Alle woonvormen"),
    )

    class Meta:
        model = Behoeftenorm
        fields = ["gebied", "woonvorm"]

    def __init__(self, data=None, *, analyse, boom=None, **kwargs):
        super().__init__(data, queryset=Behoeftenorm.objects.filter(analyse=analyse), **kwargs)
        self.filters["gebied"].queryset = Gebied.objects.filter(gemeente=analyse.gemeente_id)
        self.filters["woonvorm"].queryset = Woonvorm.objects.filter(
            pk__in=Behoeftenorm.objects.filter(analyse=analyse).values("woonvorm")
        )
        for veld in self.form.fields.values():
            veld.widget.attrs["class"] = "form-select"
        if boom is not None:
            # The gebieden as a tree (wijk, its buurten indented), from the list the view holds;
            # validation still goes through the queryset.
            self.form.fields["gebied"].widget = Gebiedenlijst(attrs={"class": "form-select"})
            self.form.fields["gebied"].widget.choices = [("", _("Alle gebieden"))] + [
                (gebied.pk, f"{'— ' * diepte}{gebied.naam} ({gebied.get_soort_display()})")
                for gebied, diepte in boom
            ]

    def _alle_normen(self, queryset, name, value):
        return queryset  # a gebied does not narrow the norms; the service takes it

    def _gekozen(self, naam):
        if not self.is_bound:
            return None
        self.form.is_valid()  # an invalid choice counts as none; the form says why
        return self.form.cleaned_data.get(naam)

    @property
    def gekozen_gebied(self) -> Gebied | None:
        return self._gekozen("gebied")

    @property
    def gekozen_woonvorm(self) -> Woonvorm | None:
        return self._gekozen("woonvorm")


@dataclass
class Behoefteraming:
    """The behoefteraming of an analyse as chosen in the filter, ready for the page and export."""

    filterset: AnalyseRamingFilter
    ramingen: list  # services.Raming, in page order
    boom: list[tuple[Gebied, int]]
    woonvormen: dict[int, Woonvorm]
    gekozen_gebied: Gebied | None = None
    # Rows grouped by woonvorm for one table each: [(woonvorm, [Raming])].
    totaal: list = field(default_factory=list)  # the whole gemeente
    per_gebied: list = field(default_factory=list)  # [(gebied, diepte, groups)]
    selectie: set[int] = field(default_factory=set)  # the chosen gebied and its deelgebieden
    jaren_per_gebied: list[int] = field(default_factory=list)  # empty: every year
    met_deelgebieden: set[int] = field(default_factory=set)  # gebieden with deelgebieden

    def toont(self, gebied: Gebied, met_cijfers) -> bool:
        """Whether the page shows a row for this gebied among those `met_cijfers` (ids): the
        top of them, and the chosen gebied with its deelgebieden."""
        return gebied.pk in self.selectie or gebied.parent_id not in met_cijfers

    def gebieden_map(self, gemeente) -> dict:
        return {None: gemeente, **{gebied.pk: gebied for gebied, _diepte in self.boom}}

    def grafiekreeksen(self) -> list[tuple[Woonvorm, list[int], list, list]]:
        """Per woonvorm the years, demand and supply of the whole (or of the chosen gebied)."""
        bron = self.gekozen_gebied.pk if self.gekozen_gebied else None
        per_woonvorm = defaultdict(list)
        for raming in self.ramingen:
            if raming.gebied_id == bron:
                per_woonvorm[raming.woonvorm_id].append(raming)
        return [
            (
                self.woonvormen[woonvorm_id],
                [r.jaar for r in rij],
                [r.vraag for r in rij],
                [r.aanbod for r in rij],
            )
            for woonvorm_id, rij in per_woonvorm.items()
        ]


def bereken_behoefteraming(analyse, data, *, user, per_buurt=True) -> Behoefteraming:
    """Run the service for the filter's choice; a chosen gebied brings its deelgebieden along.
    Without a choice, `per_buurt=False` (the page) leaves out what lies under the top of what
    has figures: the page shows the wijken, the export every gebied."""
    woonvormen = Woonvorm.objects.in_bulk()
    boom = gebieden_boom(Gebied.objects.for_user(user).filter(gemeente=analyse.gemeente_id))
    filterset = AnalyseRamingFilter(data, analyse=analyse, boom=boom)
    gekozen = filterset.gekozen_gebied
    woonvorm = filterset.gekozen_woonvorm
    selectie = None
    if gekozen is not None:
        selectie = {gekozen.pk}
        for gebied, _diepte in boom:  # depth first: a child comes after its parent
            if gebied.parent_id in selectie:
                selectie.add(gebied.pk)
    ramingen = services.behoefteraming(
        analyse,
        gebieden=None if selectie is None else [g for g, _d in boom if g.pk in selectie],
        woonvormen=None if woonvorm is None else [woonvorm],
        alleen_bovenste=gekozen is None and not per_buurt,
    )
    if gekozen is not None:
        # The service totals the top-level gebieden; for one chosen gebied its own rows say it.
        ramingen = [r for r in ramingen if r.gebied_id is not None]

    positie = {gebied.pk: i for i, (gebied, _diepte) in enumerate(boom)}
    volgorde = {pk: (w.volgorde, w.naam) for pk, w in woonvormen.items()}
    ramingen.sort(
        key=lambda r: (
            -1 if r.gebied_id is None else positie.get(r.gebied_id, len(positie)),
            volgorde.get(r.woonvorm_id, (0, "")),
            r.jaar,
        )
    )
    # Per gebied (None: the whole) the rows grouped by woonvorm, for one table each.
    per_gebied: dict = defaultdict(lambda: defaultdict(list))
    for raming in ramingen:
        per_gebied[raming.gebied_id][raming.woonvorm_id].append(raming)

    def groepen(gebied_id, jaren=None):
        gekozen = [
            (woonvormen[w], [r for r in rijen if jaren is None or r.jaar in jaren])
            for w, rijen in per_gebied[gebied_id].items()
        ]
        return [(woonvorm, rijen) for woonvorm, rijen in gekozen if rijen]

    # Without a choice the tables per gebied stop at the top of what has figures (wijken,
    # kernen), each with a link to its buurten, and show the years of the key figures: a large
    # gemeente has hundreds of buurten. A chosen gebied shows every year; the export has all.
    met_cijfers = {gebied_id for gebied_id in per_gebied if gebied_id is not None}
    jaren = None
    if gekozen is None:
        jaren = services.kies_jaren(analyse.peiljaar, [r.jaar for r in ramingen])
    tabellen = [
        (g, diepte, groepen(g.pk, jaren))
        for g, diepte in boom
        if g.pk in met_cijfers and (gekozen is not None or g.parent_id not in met_cijfers)
    ]
    tabellen = [tabel for tabel in tabellen if tabel[2]]  # not a gebied without those years
    return Behoefteraming(
        filterset=filterset,
        ramingen=ramingen,
        boom=boom,
        woonvormen=woonvormen,
        gekozen_gebied=gekozen,
        totaal=groepen(None) if None in per_gebied else [],
        per_gebied=tabellen,
        selectie=selectie or set(),
        jaren_per_gebied=jaren or [],
        met_deelgebieden={g.parent_id for g, _d in boom if g.parent_id in met_cijfers},
    )
