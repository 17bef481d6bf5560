"""Django admin for the beheerder: uitvoeringsprogramma's, their activiteiten with begroting and
voortgang, and the begrotingsposten.

The admin keeps the rules of the pages:
- an afgerond programme and everything in it is read-only, for the superuser too, and nothing is
  added to it;
- the voortgang is history: shown on its activiteit, never added, changed or deleted here (a
  report goes through services.meld_voortgang on the pages, which also updates the activiteit);
- the realised aantal is the latest report's, so it is shown, not edited.

Every changelist selects its related rows in the one list query, so a page costs the same number
of queries however many rows it shows.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from woonzorg.admin import AlleenLezenAdmin, AlleenLezenInline, AlleenTonenInline

from .models import Activiteit, Begrotingspost, Uitvoeringsprogramma, Voortgang


class OpenKeuze(forms.ModelChoiceField):
    """Content is added to a programme (or an activiteit of one) that is not afgerond."""

    def validate(self, value):
        super().validate(value)
        if value is not None and value.alleen_lezen:
            raise ValidationError(value.alleen_lezen_reden)


# --- Uitvoeringsprogramma -------------------------------------------------------------------------


@admin.register(Uitvoeringsprogramma)
class UitvoeringsprogrammaAdmin(AlleenLezenAdmin):
    list_display = ("titel", "gemeente", "periode", "status", "programmaleider")
    list_filter = ("status", ("gemeente", admin.RelatedOnlyFieldListFilter), "periode_start")
    list_select_related = ("gemeente", "programmaleider")
    search_fields = (
        "titel",
        "toelichting",
        "gemeente__naam",
        "gemeente__cbs_code",
        "programmaleider__email",
        "programmaleider__first_name",
        "programmaleider__last_name",
    )
    autocomplete_fields = ("gemeente", "programmaleider")
    readonly_fields = ("aangemaakt", "gewijzigd")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "gemeente",
                    "titel",
                    ("periode_start", "periode_eind"),
                    "programmaleider",
                    "status",
                    "toelichting",
                )
            },
        ),
        (_("Historie"), {"fields": ("aangemaakt", "gewijzigd")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("gemeente", "programmaleider")

    @admin.display(description=_("periode"), ordering="periode_start")
    def periode(self, obj):
        return obj.periode


# --- Activiteit -----------------------------------------------------------------------------------


class BegrotingspostFormSet(BaseInlineFormSet):
    def get_queryset(self):
        return super().get_queryset().select_related("financier")


class BegrotingspostInline(AlleenLezenInline, admin.TabularInline):
    model = Begrotingspost
    formset = BegrotingspostFormSet
    fields = ("jaar", "bedrag", "financier", "zekerheid", "omschrijving")
    autocomplete_fields = ("financier",)
    extra = 0


class VoortgangInline(AlleenTonenInline, admin.TabularInline):
    """The history of reports, as a list: never added, changed or deleted here."""

    model = Voortgang
    fields = ("datum", "status", "gerealiseerd_aantal", "toelichting", "door", "gemeld_op")
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("door")


class ActiviteitAdminForm(forms.ModelForm):
    class Meta:
        model = Activiteit
        fields = (
            "programma",
            "afspraak",
            "titel",
            "omschrijving",
            "trekker",
            "betrokkenen",
            "gebied",
            "locatie",
            "start",
            "eind",
            "status",
            "woonvorm",
            "aantal",
            "bouwsoort",
        )
        field_classes = {"programma": OpenKeuze}


@admin.register(Activiteit)
class ActiviteitAdmin(AlleenLezenAdmin):
    form = ActiviteitAdminForm
    list_display = (
        "titel",
        "programma",
        "gemeente",
        "afspraak",
        "trekker",
        "start",
        "eind",
        "status",
        "aantal",
        "bouwsoort",
        "gerealiseerd_aantal",
    )
    list_filter = (
        "status",
        "bouwsoort",
        ("programma__gemeente", admin.RelatedOnlyFieldListFilter),
        ("trekker", admin.RelatedOnlyFieldListFilter),
        "programma__status",
    )
    list_select_related = ("programma__gemeente", "afspraak", "trekker")
    search_fields = (
        "titel",
        "omschrijving",
        "locatie",
        "programma__titel",
        "afspraak__nummer",
        "afspraak__titel",
        "trekker__naam",
        "programma__gemeente__naam",
    )
    date_hierarchy = "start"
    autocomplete_fields = ("programma", "afspraak", "trekker", "betrokkenen", "gebied", "woonvorm")
    readonly_fields = ("gerealiseerd_aantal", "aangemaakt", "gewijzigd")
    fieldsets = (
        (None, {"fields": ("programma", "afspraak", "titel", "omschrijving")}),
        (_("Wie"), {"fields": ("trekker", "betrokkenen")}),
        (_("Waar en wanneer"), {"fields": (("gebied", "locatie"), ("start", "eind"), "status")}),
        (
            _("Wat het oplevert"),
            {"fields": ("woonvorm", ("aantal", "bouwsoort"), "gerealiseerd_aantal")},
        ),
        (_("Historie"), {"fields": ("aangemaakt", "gewijzigd")}),
    )
    inlines = (BegrotingspostInline, VoortgangInline)

    def get_queryset(self, request):
        # The programme decides whether the activiteit is read-only: fetch it with the activiteit.
        return (
            super()
            .get_queryset(request)
            .select_related("programma__gemeente", "afspraak", "trekker")
        )

    @admin.display(description=_("gemeente"), ordering="programma__gemeente__naam")
    def gemeente(self, obj):
        return obj.programma.gemeente


# --- Begrotingspost -------------------------------------------------------------------------------


class BegrotingspostAdminForm(forms.ModelForm):
    class Meta:
        model = Begrotingspost
        fields = ("activiteit", "jaar", "bedrag", "financier", "zekerheid", "omschrijving")
        field_classes = {"activiteit": OpenKeuze}


@admin.register(Begrotingspost)
class BegrotingspostAdmin(AlleenLezenAdmin):
    form = BegrotingspostAdminForm
    list_display = (
        "activiteit",
        "programma",
        "jaar",
        "bedrag",
        "financier",
        "zekerheid",
        "gedekt",
    )
    list_filter = (
        "jaar",
        "zekerheid",
        ("activiteit__programma__gemeente", admin.RelatedOnlyFieldListFilter),
        ("financier", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("activiteit__programma__gemeente", "financier")
    search_fields = (
        "omschrijving",
        "activiteit__titel",
        "activiteit__programma__titel",
        "financier__naam",
    )
    autocomplete_fields = ("activiteit", "financier")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("activiteit__programma__gemeente", "financier")
        )

    @admin.display(description=_("uitvoeringsprogramma"), ordering="activiteit__programma__titel")
    def programma(self, obj):
        return obj.activiteit.programma

    @admin.display(description=_("gedekt"), boolean=True)
    def gedekt(self, obj):
        return obj.gedekt
