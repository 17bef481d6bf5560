"""Django admin for the visie: visies with their themes and criteria, ambities with their
doelstellingen, and initiatieven with their beoordelingen.

A vastgestelde visie is a decision of the council: its content is read-only here too, for the
beheerder as for everyone (woonzorg.permissions.can_edit says the same for the pages). The admin
then shows it as a view page without a save button; a POST is refused. Initiatieven and their
beoordelingen keep arriving after vaststelling and stay editable.

Every changelist selects its related rows in the one list query, so a page costs the same number
of queries however many rows it shows.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from woonzorg.admin import AlleenLezenAdmin, AlleenLezenInline

from . import services
from .models import (
    Afwegingscriterium,
    Ambitie,
    Beoordeling,
    Doelstelling,
    Initiatief,
    Onderbouwing,
    Thema,
    Woonzorgvisie,
)

# --- Woonzorgvisie --------------------------------------------------------------------------------


class ThemaInline(AlleenLezenInline, admin.TabularInline):
    model = Thema
    fields = ("naam", "omschrijving", "volgorde")
    extra = 0


class AfwegingscriteriumInline(AlleenLezenInline, admin.TabularInline):
    model = Afwegingscriterium
    fields = ("naam", "weging", "toelichting")
    extra = 0


@admin.register(Woonzorgvisie)
class WoonzorgvisieAdmin(AlleenLezenAdmin):
    list_display = ("titel", "gemeente", "periode", "status", "versie")
    list_filter = ("status", ("gemeente", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("gemeente",)
    search_fields = ("titel", "samenvatting", "besluit", "gemeente__naam", "gemeente__cbs_code")
    autocomplete_fields = ("gemeente", "analyse", "partners")
    # Status and versions change through services.vaststellen and nieuwe_versie, never by hand.
    readonly_fields = (
        "status",
        "vastgesteld_op",
        "besluit",
        "versie",
        "vorige_versie",
        "aangemaakt",
        "gewijzigd",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "gemeente",
                    "titel",
                    ("periode_start", "periode_eind"),
                    "analyse",
                    "partners",
                    "samenvatting",
                )
            },
        ),
        (_("Vaststelling"), {"fields": ("status", "vastgesteld_op", "besluit")}),
        (_("Historie"), {"fields": ("versie", "vorige_versie", "aangemaakt", "gewijzigd")}),
    )
    inlines = (ThemaInline, AfwegingscriteriumInline)

    @admin.display(description=_("periode"), ordering="periode_start")
    def periode(self, obj):
        return obj.periode


# --- Ambitie --------------------------------------------------------------------------------------


AMBITIE_FIELDS = (
    "visie",
    "thema",
    "titel",
    "toelichting",
    "doelgroepen",
    "woonvormen",
    "gebieden",
    "volgorde",
)


class ThemaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, thema):
        return f"{thema.naam} ({thema.visie})"


class AmbitieAdminForm(forms.ModelForm):
    """Only a concept visie takes new ambities; a theme is chosen from the ambitie's own visie."""

    thema = ThemaChoiceField(label=_("thema"), queryset=Thema.objects.none())

    class Meta:
        model = Ambitie
        fields = AMBITIE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "visie" in self.fields:
            self.fields["visie"].queryset = Woonzorgvisie.objects.filter(
                status=Woonzorgvisie.Status.CONCEPT
            ).select_related("gemeente")
        if "thema" in self.fields:  # not on the view page of a frozen ambitie
            themas = Thema.objects.select_related("visie")
            if self.instance.visie_id:
                themas = themas.filter(visie=self.instance.visie_id)
            else:
                themas = themas.filter(visie__status=Woonzorgvisie.Status.CONCEPT)
            self.fields["thema"].queryset = themas

    def clean_visie(self):
        visie = self.cleaned_data["visie"]
        if visie.alleen_lezen:
            raise ValidationError(
                _("Deze visie is vastgesteld; wijzig de inhoud in een nieuwe versie.")
            )
        return visie


class OnderbouwingFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if not self.instance.visie_id:
            return
        gemeente_id = self.instance.visie.gemeente_id
        for form in self.forms:
            bevinding = getattr(form, "cleaned_data", {}).get("bevinding")
            if bevinding and bevinding.analyse.gemeente_id != gemeente_id:
                form.add_error(
                    "bevinding", _("Kies een bevinding uit een analyse van deze gemeente.")
                )


class OnderbouwingInline(AlleenLezenInline, admin.TabularInline):
    model = Onderbouwing
    formset = OnderbouwingFormSet
    fields = ("bevinding",)
    autocomplete_fields = ("bevinding",)
    extra = 0
    verbose_name = _("bevinding")
    verbose_name_plural = _("onderbouwing: bevindingen uit de analyse")


class DoelstellingInline(AlleenLezenInline, admin.StackedInline):
    model = Doelstelling
    fields = (
        "omschrijving",
        ("woonvorm", "aantal", "eenheid"),
        ("gebied", "locatie"),
        "streefjaar",
    )
    autocomplete_fields = ("woonvorm", "gebied")
    extra = 0


@admin.register(Ambitie)
class AmbitieAdmin(AlleenLezenAdmin):
    form = AmbitieAdminForm
    list_display = ("titel", "thema", "visie", "gemeente", "concreet")
    list_filter = (
        ("visie__gemeente", admin.RelatedOnlyFieldListFilter),
        ("visie", admin.RelatedOnlyFieldListFilter),
        "doelgroepen",
        "woonvormen",
    )
    list_select_related = ("visie__gemeente", "thema")
    search_fields = ("titel", "toelichting", "visie__titel", "thema__naam")
    autocomplete_fields = ("doelgroepen", "woonvormen", "gebieden")
    fields = AMBITIE_FIELDS
    inlines = (OnderbouwingInline, DoelstellingInline)

    def get_queryset(self, request):
        # The visie decides whether the ambitie is read-only: fetch it with the ambitie.
        return (
            super()
            .get_queryset(request)
            .select_related("visie__gemeente", "thema")
            .prefetch_related("doelstellingen")
        )

    @admin.display(description=_("gemeente"), ordering="visie__gemeente__naam")
    def gemeente(self, obj):
        return obj.visie.gemeente

    @admin.display(description=_("concreet"), boolean=True)
    def concreet(self, obj):
        return services.concreetheid(obj.doelstellingen.all()).concreet


# --- Initiatief -----------------------------------------------------------------------------------


class BeoordelingFormSet(BaseInlineFormSet):
    """Scores are given on the criteria of the initiatief's own visie."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "criterium" in form.fields and self.instance.visie_id:
            form.fields["criterium"].queryset = Afwegingscriterium.objects.filter(
                visie=self.instance.visie_id
            )


class BeoordelingInline(admin.TabularInline):
    model = Beoordeling
    formset = BeoordelingFormSet
    fields = ("criterium", "score", "motivering")
    extra = 0


@admin.register(Initiatief)
class InitiatiefAdmin(admin.ModelAdmin):
    list_display = (
        "titel",
        "soort",
        "indiener",
        "visie",
        "gemeente",
        "ingediend_op",
        "besluit",
        "score",
    )
    list_filter = (
        "besluit",
        "soort",
        ("visie__gemeente", admin.RelatedOnlyFieldListFilter),
        ("organisatie", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("visie__gemeente", "organisatie")
    search_fields = ("titel", "indiener", "omschrijving", "organisatie__naam", "visie__titel")
    autocomplete_fields = ("visie", "organisatie", "gebied", "woonvorm")
    date_hierarchy = "ingediend_op"
    readonly_fields = ("aangemaakt", "gewijzigd")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "visie",
                    "titel",
                    ("soort", "ingediend_op"),
                    ("indiener", "organisatie"),
                    "omschrijving",
                    ("gebied", "woonvorm", "aantal"),
                )
            },
        ),
        (_("Besluit"), {"fields": ("besluit", "conclusie")}),
        (_("Historie"), {"fields": ("aangemaakt", "gewijzigd")}),
    )
    inlines = (BeoordelingInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("visie__gemeente", "organisatie")
            .prefetch_related("visie__criteria", "beoordelingen")
        )

    @admin.display(description=_("gemeente"), ordering="visie__gemeente__naam")
    def gemeente(self, obj):
        return obj.visie.gemeente

    @admin.display(description=_("score"))
    def score(self, obj):
        uitslag = services.uitslag(obj, obj.visie.criteria.all(), obj.beoordelingen.all())
        if uitslag.percentage is None:
            return "—"
        tekst = f"{number_format(uitslag.percentage)}%"
        return tekst if uitslag.volledig else _("%(score)s (onvolledig)") % {"score": tekst}
