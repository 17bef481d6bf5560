"""The filters of the overeenkomsten and afspraken lists (GET).

A value that is not among the choices (another gemeente's overeenkomst, a typo in the address)
makes the form invalid; that filter is then ignored and the page says so.
"""

import django_filters
from django.db.models import BooleanField, Case, Q, When
from django.db.models.functions import Trim
from django.utils.translation import gettext_lazy as _

from woonzorg.forms import organisaties_van
from woonzorg.models import Organisatie

from .models import SMART_VRIJGESTELD, Afspraak, AfspraakType, Domein, Overeenkomst


class OvereenkomstFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Overeenkomst.Status.choices, empty_label=_("Alle statussen")
    )
    soort = django_filters.ChoiceFilter(
        label=_("Soort"), choices=Overeenkomst.Soort.choices, empty_label=_("Alle soorten")
    )

    class Meta:
        model = Overeenkomst
        fields = ["status", "soort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in self.form.fields.values():
            veld.widget.attrs["class"] = "form-select"


class Smart:
    """The SMART filter's choices; they match the badge each afspraak gets."""

    NOG_NIET = "nog_niet"
    SMART = "smart"
    NIET_VEREIST = "niet_vereist"
    choices = [
        (NOG_NIET, _("nog niet SMART")),
        (SMART, _("SMART")),
        (NIET_VEREIST, _("SMART niet vereist")),
    ]


def met_smart(afspraken):
    """Annotate `is_smart`: services.smart_check in SQL (trekker, aantal with eenheid or an
    indicator, deadline, ambitie), so the list can filter before it paginates.

    Expects a queryset from services.met_indicator; an indicator counts once borging has them.
    """
    meetbaar = Q(aantal__gt=0) & ~Q(eenheid_kaal="")
    if "heeft_indicator" in afspraken.query.annotations:
        meetbaar |= Q(heeft_indicator=True)
    smart = Q(trekker__isnull=False, deadline__isnull=False, ambitie__isnull=False) & meetbaar
    return afspraken.annotate(eenheid_kaal=Trim("eenheid")).annotate(
        is_smart=Case(When(smart, then=True), default=False, output_field=BooleanField())
    )


class AfspraakFilter(django_filters.FilterSet):
    overeenkomst = django_filters.ModelChoiceFilter(
        label=_("Overeenkomst"),
        queryset=Overeenkomst.objects.none(),
        empty_label=_("Alle overeenkomsten"),
    )
    domein = django_filters.ChoiceFilter(
        label=_("Domein"), choices=Domein.choices, empty_label=_("Alle domeinen")
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=AfspraakType.choices, empty_label=_("Alle typen")
    )
    trekker = django_filters.ModelChoiceFilter(
        label=_("Trekker"), queryset=Organisatie.objects.none(), empty_label=_("Alle trekkers")
    )
    smart = django_filters.ChoiceFilter(
        label=_("SMART"), choices=Smart.choices, empty_label=_("Alle"), method="filter_smart"
    )

    class Meta:
        model = Afspraak
        fields = ["overeenkomst", "domein", "type", "trekker", "smart"]

    def __init__(self, data=None, *, queryset, user, gemeente, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["overeenkomst"].queryset = Overeenkomst.objects.for_user(user).in_gemeente(
            gemeente
        )
        self.filters["trekker"].queryset = organisaties_van(gemeente)
        for veld in self.form.fields.values():
            veld.widget.attrs["class"] = "form-select"

    def filter_smart(self, queryset, name, value):
        queryset = met_smart(queryset)
        vrijgesteld = Q(type__in=SMART_VRIJGESTELD)
        if value == Smart.SMART:
            return queryset.filter(is_smart=True)
        if value == Smart.NIET_VEREIST:
            return queryset.filter(vrijgesteld, is_smart=False)
        return queryset.filter(~vrijgesteld, is_smart=False)
