"""Django admin for the beheerder: indicatoren with their streefwaarden, metingen, evaluaties and
the jaarschijfrapporten.

The admin keeps the rules of the pages:
- a meting records who entered it: the beheerder who adds one here, never a field to fill in;
- an evaluatie is about afspraken of its own gemeente;
- a jaarschijfrapport is made by the task (borging.tasks), never added or edited here: the
  beheerder sees its status, the reason it failed and its file, and may delete an old one.

Every changelist selects its related rows in the one list query, so a page costs the same number
of queries however many rows it shows.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from woonzorg.admin import AlleenTonenInline

from .models import Evaluatie, Indicator, Jaarschijfrapport, Meting, Streefwaarde

# --- Indicator ------------------------------------------------------------------------------------


class StreefwaardeInline(admin.TabularInline):
    model = Streefwaarde
    fields = ("jaar", "waarde")
    extra = 0


class MetingFormSet(BaseInlineFormSet):
    def get_queryset(self):
        return super().get_queryset().select_related("gebied", "ingevoerd_door")


class MetingInline(AlleenTonenInline, admin.TabularInline):
    """The indicator's metingen, as a list: entered on the pages or as a Meting here."""

    model = Meting
    formset = MetingFormSet
    fields = ("jaar", "kwartaal", "gebied", "waarde", "bron", "ingevoerd_door", "ingevoerd_op")
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("naam", "gemeente", "eigenaar", "afspraak", "frequentie")
    list_filter = (
        ("gemeente", admin.RelatedOnlyFieldListFilter),
        "frequentie",
        ("eigenaar", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("gemeente", "eigenaar", "afspraak")
    search_fields = (
        "naam",
        "toelichting",
        "bron",
        "eigenaar__naam",
        "afspraak__nummer",
        "afspraak__titel",
        "activiteit__titel",
        "gemeente__naam",
    )
    autocomplete_fields = ("gemeente", "afspraak", "activiteit", "eigenaar", "gebied")
    readonly_fields = ("aangemaakt", "gewijzigd")
    fieldsets = (
        (None, {"fields": ("gemeente", "naam", "eenheid", "toelichting")}),
        (_("Wat het meet"), {"fields": ("afspraak", "activiteit", "gebied")}),
        (
            _("Meten"),
            {
                "fields": (
                    "eigenaar",
                    ("frequentie", "richting"),
                    ("nulmeting", "nulmeting_jaar"),
                    "bron",
                )
            },
        ),
        (_("Historie"), {"fields": ("aangemaakt", "gewijzigd")}),
    )
    inlines = (StreefwaardeInline, MetingInline)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("gemeente", "eigenaar", "afspraak", "activiteit", "gebied")
        )


# --- Meting ---------------------------------------------------------------------------------------


@admin.register(Meting)
class MetingAdmin(admin.ModelAdmin):
    list_display = (
        "indicator",
        "gemeente",
        "periode",
        "gebied",
        "waarde",
        "ingevoerd_door",
        "ingevoerd_op",
    )
    list_filter = (
        "jaar",
        "kwartaal",
        ("indicator__gemeente", admin.RelatedOnlyFieldListFilter),
        ("indicator__eigenaar", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("indicator__gemeente", "gebied", "ingevoerd_door")
    search_fields = (
        "indicator__naam",
        "bron",
        "toelichting",
        "gebied__naam",
        "ingevoerd_door__email",
        "indicator__gemeente__naam",
    )
    autocomplete_fields = ("indicator", "gebied")
    # Who entered it is a fact of the entry, not something to fill in.
    readonly_fields = ("ingevoerd_door", "ingevoerd_op")
    fields = (
        "indicator",
        ("jaar", "kwartaal"),
        "gebied",
        "waarde",
        "bron",
        "toelichting",
        "ingevoerd_door",
        "ingevoerd_op",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("indicator__gemeente", "gebied", "ingevoerd_door")
        )

    @admin.display(description=_("gemeente"), ordering="indicator__gemeente__naam")
    def gemeente(self, obj):
        return obj.indicator.gemeente

    @admin.display(description=_("periode"), ordering="jaar")
    def periode(self, obj):
        return obj.periode

    def save_model(self, request, obj, form, change):
        if not change:
            obj.ingevoerd_door = request.user
        super().save_model(request, obj, form, change)


# --- Evaluatie ------------------------------------------------------------------------------------


class EvaluatieAdminForm(forms.ModelForm):
    class Meta:
        model = Evaluatie
        fields = ("gemeente", "jaar", "wat_gaat_goed", "obstakels", "bijsturing", "afspraken")

    def clean(self):
        cleaned_data = super().clean()
        gemeente, afspraken = cleaned_data.get("gemeente"), cleaned_data.get("afspraken")
        if gemeente and afspraken and afspraken.exclude(overeenkomst__gemeente=gemeente).exists():
            self.add_error("afspraken", _("Kies afspraken van deze gemeente."))
        return cleaned_data


@admin.register(Evaluatie)
class EvaluatieAdmin(admin.ModelAdmin):
    form = EvaluatieAdminForm
    list_display = ("__str__", "gemeente", "jaar", "aantal_afspraken", "gewijzigd")
    list_filter = ("jaar", ("gemeente", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("gemeente",)
    search_fields = ("wat_gaat_goed", "obstakels", "bijsturing", "gemeente__naam")
    autocomplete_fields = ("gemeente", "afspraken")
    readonly_fields = ("aangemaakt", "gewijzigd")
    fieldsets = (
        (None, {"fields": ("gemeente", "jaar", "afspraken")}),
        (_("Evaluatie"), {"fields": ("wat_gaat_goed", "obstakels", "bijsturing")}),
        (_("Historie"), {"fields": ("aangemaakt", "gewijzigd")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("gemeente")
            .annotate(_aantal_afspraken=Count("afspraken"))
        )

    @admin.display(description=_("afspraken"), ordering="_aantal_afspraken")
    def aantal_afspraken(self, obj):
        return obj._aantal_afspraken


# --- Jaarschijfrapport ----------------------------------------------------------------------------


@admin.register(Jaarschijfrapport)
class JaarschijfrapportAdmin(admin.ModelAdmin):
    """Reports are made by the task: shown here, never added or changed."""

    list_display = (
        "__str__",
        "gemeente",
        "jaar",
        "status",
        "pogingen",
        "aangevraagd_door",
        "aangemaakt",
        "klaar_op",
    )
    list_filter = ("status", "jaar", ("gemeente", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("gemeente", "aangevraagd_door")
    search_fields = ("gemeente__naam", "gemeente__cbs_code", "fout", "aangevraagd_door__email")
    date_hierarchy = "aangemaakt"
    fields = (
        "gemeente",
        "jaar",
        "status",
        "pogingen",
        "fout",
        "bestandsnaam",
        "aangevraagd_door",
        "aangemaakt",
        "klaar_op",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("gemeente", "aangevraagd_door")

    # The file is served by the report page, which checks who may read it; MEDIA_URL is not.
    @admin.display(description=_("bestand"))
    def bestandsnaam(self, obj):
        return obj.bestand.name or None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
