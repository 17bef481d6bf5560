"""Django admin for the analyse: analyses with their norms and findings, and the imported figures.

Every changelist selects its related rows in the one list query, so a page costs the same number
of queries however many rows it shows.
"""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .models import (
    Behoeftenorm,
    Bevinding,
    Bevolkingscijfer,
    Huishoudens,
    Voorraad,
    Woonzorganalyse,
)


class BevindingFormSet(BaseInlineFormSet):
    def clean(self):
        # Bevinding.clean() compares gemeenten once the analyse is saved; the findings entered
        # together with a new analyse are checked here.
        super().clean()
        gemeente_id = self.instance.gemeente_id
        if not self.instance._state.adding or not gemeente_id:
            return
        for form in self.forms:
            gebied = getattr(form, "cleaned_data", {}).get("gebied")
            if gebied and gebied.gemeente_id != gemeente_id:
                form.add_error("gebied", _("Kies een gebied van de gemeente van deze analyse."))


class BehoeftenormInline(admin.TabularInline):
    model = Behoeftenorm
    fields = ("woonvorm", "leeftijdsklasse", "per_1000", "bron")
    autocomplete_fields = ("woonvorm",)
    extra = 0


class BevindingInline(admin.StackedInline):
    model = Bevinding
    formset = BevindingFormSet
    fields = (
        "titel",
        "tekst",
        ("doelgroep", "woonvorm", "gebied"),
        ("waarde", "eenheid"),
        "bron",
    )
    autocomplete_fields = ("doelgroep", "woonvorm", "gebied")
    extra = 0


@admin.register(Woonzorganalyse)
class WoonzorganalyseAdmin(admin.ModelAdmin):
    list_display = ("titel", "gemeente", "peiljaar", "status", "gewijzigd")
    list_filter = ("status", "peiljaar", ("gemeente", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("gemeente",)
    search_fields = ("titel", "samenvatting", "gemeente__naam", "gemeente__cbs_code")
    autocomplete_fields = ("gemeente",)
    readonly_fields = ("aangemaakt", "gewijzigd")
    fieldsets = (
        (None, {"fields": ("gemeente", "titel", "peiljaar", "status", "samenvatting")}),
        (
            _("Verdeling van de landelijke opgave (fair share)"),
            {"fields": ("aandeel_75plus", "aandeel_75plus_bron")},
        ),
        (_("Historie"), {"fields": ("aangemaakt", "gewijzigd")}),
    )
    inlines = (BehoeftenormInline, BevindingInline)


class GebiedCijferAdmin(admin.ModelAdmin):
    """Figures per gebied: shown with their gemeente, since wijk names repeat across gemeenten."""

    list_filter = ("jaar", ("gebied__gemeente", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("gebied__gemeente",)
    search_fields = ("gebied__naam", "gebied__cbs_code", "bron")
    autocomplete_fields = ("gebied",)

    @admin.display(description=_("gemeente"), ordering="gebied__gemeente__naam")
    def gemeente(self, obj):
        return obj.gebied.gemeente

    @admin.display(description=_("CBS-code"), ordering="gebied__cbs_code")
    def cbs_code(self, obj):
        return obj.gebied.cbs_code


@admin.register(Bevolkingscijfer)
class BevolkingscijferAdmin(GebiedCijferAdmin):
    list_display = (
        "gebied",
        "cbs_code",
        "gemeente",
        "jaar",
        "leeftijdsklasse",
        "aantal",
        "prognose",
        "bron",
    )
    list_filter = ("jaar", "leeftijdsklasse", "prognose", *GebiedCijferAdmin.list_filter[1:])


@admin.register(Huishoudens)
class HuishoudensAdmin(GebiedCijferAdmin):
    list_display = ("gebied", "cbs_code", "gemeente", "jaar", "totaal", "eenpersoons", "bron")


@admin.register(Voorraad)
class VoorraadAdmin(GebiedCijferAdmin):
    list_display = ("gebied", "cbs_code", "gemeente", "woonvorm", "jaar", "aantal", "bron")
    list_filter = ("jaar", "woonvorm", *GebiedCijferAdmin.list_filter[1:])
    list_select_related = ("gebied__gemeente", "woonvorm")
    autocomplete_fields = ("gebied", "woonvorm")


@admin.register(Behoeftenorm)
class BehoeftenormAdmin(admin.ModelAdmin):
    list_display = ("woonvorm", "leeftijdsklasse", "per_1000", "analyse", "bron")
    list_filter = (
        "woonvorm",
        "leeftijdsklasse",
        ("analyse__gemeente", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("analyse", "woonvorm")
    search_fields = ("analyse__titel", "woonvorm__naam", "bron")
    autocomplete_fields = ("analyse", "woonvorm")


@admin.register(Bevinding)
class BevindingAdmin(admin.ModelAdmin):
    list_display = ("titel", "analyse", "doelgroep", "woonvorm", "gebied", "waarde_met_eenheid")
    list_filter = (
        "doelgroep",
        "woonvorm",
        ("analyse__gemeente", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("analyse", "doelgroep", "woonvorm", "gebied")
    search_fields = ("titel", "tekst", "bron", "analyse__titel")
    autocomplete_fields = ("analyse", "doelgroep", "woonvorm", "gebied")

    @admin.display(description=_("waarde"), ordering="waarde")
    def waarde_met_eenheid(self, obj):
        if obj.waarde is None:
            return "—"
        return f"{number_format(obj.waarde.normalize())} {obj.eenheid}".strip()
