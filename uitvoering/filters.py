"""The filter of the activiteiten list (GET).

The choices are what the user may see: programma's of the gemeente, and the afspraken and
trekkers of the activiteiten it sees. A value that is not among them (a typo in the address,
another gemeente's programma) makes the form invalid; that filter is then ignored and the page
says so.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prestatieafspraken.models import Afspraak
from prestatieafspraken.services import natuurlijk
from woonzorg.forms import gegroepeerd
from woonzorg.models import Organisatie

from . import services
from .forms import afspraak_label
from .models import Activiteit, Uitvoeringsprogramma


def in_jaar(jaar: int) -> Q:
    """An activiteit is in a year when [start, eind] overlaps it; with one date, that date's
    year. Without planning it is in no year."""
    begin, einde = datetime.date(jaar, 1, 1), datetime.date(jaar, 12, 31)
    return (
        Q(start__lte=einde, eind__gte=begin)
        | Q(start__isnull=True, eind__year=jaar)
        | Q(eind__isnull=True, start__year=jaar)
    )


class GegroepeerdFilter(django_filters.ModelChoiceFilter):
    """Django's own field, whose choices may be set in <optgroup>s."""

    field_class = forms.ModelChoiceField


class ActiviteitFilter(django_filters.FilterSet):
    programma = django_filters.ModelChoiceFilter(
        label=_("Programma"),
        queryset=Uitvoeringsprogramma.objects.none(),
        empty_label=_("Alle programma's"),
    )
    afspraak = GegroepeerdFilter(
        label=_("Afspraak"), queryset=Afspraak.objects.none(), empty_label=_("Alle afspraken")
    )
    trekker = django_filters.ModelChoiceFilter(
        label=_("Trekker"), queryset=Organisatie.objects.none(), empty_label=_("Alle trekkers")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Activiteit.Status.choices, empty_label=_("Alle statussen")
    )
    jaar = django_filters.TypedChoiceFilter(label=_("Jaar"), coerce=int, method="filter_jaar")
    te_laat = django_filters.BooleanFilter(
        label=_("Alleen te laat"), widget=forms.CheckboxInput, method="filter_te_laat"
    )

    class Meta:
        model = Activiteit
        fields = ["programma", "afspraak", "trekker", "status", "jaar", "te_laat"]

    def __init__(self, data=None, *, queryset, user, gemeente, vandaag=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.vandaag = vandaag or timezone.localdate()
        programmas = Uitvoeringsprogramma.objects.for_user(user).in_gemeente(gemeente)
        self.filters["programma"].queryset = programmas
        # Only what the user's own activiteiten carry out or are drawn by.
        self.filters["afspraak"].queryset = Afspraak.objects.filter(
            pk__in=queryset.values("afspraak")
        ).select_related("overeenkomst")
        self.filters["trekker"].queryset = Organisatie.objects.filter(
            pk__in=queryset.values("trekker")
        ).order_by("naam")
        self.programmas = programmas

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for naam, veld in form.fields.items():
                if naam != "te_laat":
                    veld.widget.attrs["class"] = "form-select"
                else:
                    veld.widget.attrs["class"] = "form-check-input"
            afspraken = sorted(
                self.filters["afspraak"].queryset,
                key=lambda a: (
                    -a.overeenkomst.periode_start,
                    a.overeenkomst.titel,
                    a.overeenkomst_id,
                    natuurlijk(a.nummer),
                ),
            )
            form.fields["afspraak"].choices = gegroepeerd(
                afspraken,
                lambda a: a.overeenkomst.titel,
                label=afspraak_label,
                leeg=_("Alle afspraken"),
            )
            jaren = sorted(
                {
                    jaar
                    for start, eind in self.programmas.values_list("periode_start", "periode_eind")
                    for jaar in range(start, eind + 1)
                }
            )
            form.fields["jaar"].choices = [("", _("Alle jaren")), *((j, j) for j in jaren)]
        return self._form

    def filter_jaar(self, queryset, name, value):
        return queryset.filter(in_jaar(value))

    def filter_te_laat(self, queryset, name, value):
        return queryset.filter(services.te_laat_q(self.vandaag)) if value else queryset
