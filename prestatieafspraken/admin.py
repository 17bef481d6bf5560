"""Django admin for the beheerder: the handreiking's opgaven and their example maatregelen, and the
overeenkomsten with their partijen, afspraken, jaarschijven and ondertekeningen.

The admin keeps the rules of the pages:
- a change to the text of an overeenkomst (its own fields, its partijen, its afspraken) goes
  through services.registreer_wijziging once the form and its M2M links are saved, so an agreement
  that is out for signature or signed gets a new versie and earlier signatures become vervallen;
- status, versie and hash change only through the services, never by hand;
- a beëindigde overeenkomst and everything in it is read-only, for the superuser too;
- a signature is never added, changed or deleted here: it is shown, nothing more.

Every changelist selects its related rows in the one list query, so a page costs the same number
of queries however many rows it shows.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from woonzorg.admin import AlleenLezenAdmin, AlleenLezenInline, AlleenTonenInline

from . import services
from .models import (
    Afspraak,
    Jaardoel,
    Jaarschijf,
    Maatregel,
    Ondertekening,
    Opgave,
    Overeenkomst,
    Partij,
)


class RegistreerWijziging:
    """After the form and its M2M links are saved: a new versie where the text changed."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        gewijzigd = self.gewijzigde_overeenkomsten(form)
        # Agreements that refer to these name them in their own signed text.
        afspraken = Afspraak.objects.filter(overeenkomst__in=gewijzigd)
        services.registreer_wijzigingen(
            [*gewijzigd, *services.verwijzende_overeenkomsten(afspraken)],
            door=request.user,
            base_url=request.build_absolute_uri("/"),
        )

    def gewijzigde_overeenkomsten(self, form) -> list[Overeenkomst]:
        raise NotImplementedError


# --- Catalogue ------------------------------------------------------------------------------------


class MaatregelInline(admin.TabularInline):
    model = Maatregel
    extra = 0
    fields = ("volgorde", "tekst")


@admin.register(Opgave)
class OpgaveAdmin(RegistreerWijziging, admin.ModelAdmin):
    """An opgave's name is in the signed text of the afspraken about it."""

    list_display = ("naam", "domein")
    list_filter = ("domein",)
    search_fields = ("naam", "maatregelen__tekst")
    inlines = (MaatregelInline,)

    def gewijzigde_overeenkomsten(self, form):
        return list(Overeenkomst.objects.filter(afspraken__opgave=form.instance).distinct())


@admin.register(Maatregel)
class MaatregelAdmin(admin.ModelAdmin):
    list_display = ("tekst", "opgave")
    list_filter = ("opgave__domein",)
    list_select_related = ("opgave",)
    search_fields = ("tekst", "opgave__naam")
    autocomplete_fields = ("opgave",)


class OpenOvereenkomstField(forms.ModelChoiceField):
    """Content is added to an overeenkomst that is not beëindigd."""

    def validate(self, value):
        super().validate(value)
        if value is not None and value.alleen_lezen:
            raise ValidationError(value.alleen_lezen_reden)


# --- Overeenkomst ---------------------------------------------------------------------------------


class PartijFormSet(BaseInlineFormSet):
    def get_queryset(self):
        return super().get_queryset().select_related("organisatie")


class PartijInline(AlleenLezenInline, admin.TabularInline):
    model = Partij
    formset = PartijFormSet
    fields = ("organisatie", "rol")
    autocomplete_fields = ("organisatie",)
    extra = 0


class OndertekeningInline(AlleenTonenInline, admin.TabularInline):
    """The signatures, as a list: never added, changed or deleted."""

    model = Ondertekening
    fields = (
        "organisatie",
        "versie",
        "naam",
        "functie",
        "ondertekend_op",
        "vervallen",
        "inhoud_hash",
    )
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisatie")


@admin.register(Overeenkomst)
class OvereenkomstAdmin(RegistreerWijziging, AlleenLezenAdmin):
    list_display = ("titel", "gemeente", "periode", "soort", "status", "versie")
    list_filter = ("status", "soort", ("gemeente", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("gemeente",)
    search_fields = (
        "titel",
        "toelichting",
        "gemeente__naam",
        "gemeente__cbs_code",
        "partijen__organisatie__naam",
    )
    autocomplete_fields = ("gemeente", "visie")
    # Status, versie and hash change through the services (ter_ondertekening, onderteken …).
    readonly_fields = ("status", "versie", "inhoud_hash", "aangemaakt", "gewijzigd")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "gemeente",
                    "titel",
                    "soort",
                    ("periode_start", "periode_eind"),
                    "visie",
                    "toelichting",
                )
            },
        ),
        (_("Ondertekening"), {"fields": ("status", "versie", "inhoud_hash")}),
        (_("Historie"), {"fields": ("aangemaakt", "gewijzigd")}),
    )
    inlines = (PartijInline, OndertekeningInline)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("gemeente")

    @admin.display(description=_("periode"), ordering="periode_start")
    def periode(self, obj):
        return obj.periode

    def gewijzigde_overeenkomsten(self, form):
        return [form.instance]

    def has_delete_permission(self, request, obj=None):
        # An overeenkomst that was ever signed stays, with its signatures (on_delete PROTECT).
        if obj is not None and obj.ondertekeningen.exists():
            return False
        return super().has_delete_permission(request, obj)


# --- Afspraak -------------------------------------------------------------------------------------


AFSPRAAK_FIELDS = (
    "overeenkomst",
    "nummer",
    "domein",
    "type",
    "opgave",
    "maatregel",
    "titel",
    "tekst",
    "trekker",
    "betrokkenen",
    "ambitie",
    "doelstelling",
    "woonvorm",
    "gebied",
    "aantal",
    "eenheid",
    "aantal_nieuwbouw",
    "aantal_bestaande_bouw",
    "deadline",
    "verwijzingen",
    "verwijzing",
)


class AfspraakAdminForm(forms.ModelForm):
    class Meta:
        model = Afspraak
        fields = AFSPRAAK_FIELDS
        field_classes = {"overeenkomst": OpenOvereenkomstField}


@admin.register(Afspraak)
class AfspraakAdmin(RegistreerWijziging, AlleenLezenAdmin):
    form = AfspraakAdminForm
    list_display = ("nummer", "titel", "overeenkomst", "gemeente", "domein", "type", "smart")
    list_filter = (
        "domein",
        "type",
        ("overeenkomst__gemeente", admin.RelatedOnlyFieldListFilter),
        "overeenkomst__status",
    )
    list_select_related = ("overeenkomst__gemeente",)
    search_fields = (
        "nummer",
        "titel",
        "tekst",
        "overeenkomst__titel",
        "trekker__naam",
        "overeenkomst__gemeente__naam",
    )
    autocomplete_fields = (
        "overeenkomst",
        "opgave",
        "maatregel",
        "trekker",
        "betrokkenen",
        "ambitie",
        "woonvorm",
        "gebied",
        "verwijzingen",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("overeenkomst", "nummer"),
                    ("domein", "type"),
                    ("opgave", "maatregel"),
                    "titel",
                    "tekst",
                )
            },
        ),
        (_("Wie"), {"fields": ("trekker", "betrokkenen")}),
        (_("Ambitie uit de visie"), {"fields": ("ambitie", "doelstelling")}),
        (
            _("Doel"),
            {
                "fields": (
                    ("woonvorm", "gebied"),
                    ("aantal", "eenheid"),
                    ("aantal_nieuwbouw", "aantal_bestaande_bouw"),
                    "deadline",
                )
            },
        ),
        (_("Verwijzingen"), {"fields": ("verwijzingen", "verwijzing")}),
    )

    def get_queryset(self, request):
        # The overeenkomst decides whether the afspraak is read-only: fetch it with the afspraak.
        return services.met_indicator(
            super().get_queryset(request).select_related("overeenkomst__gemeente")
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "doelstelling":  # its label may name the woonvorm
            kwargs["queryset"] = db_field.related_model.objects.select_related("woonvorm")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("gemeente"), ordering="overeenkomst__gemeente__naam")
    def gemeente(self, obj):
        return obj.overeenkomst.gemeente

    @admin.display(description=_("SMART of vrijgesteld"), boolean=True)
    def smart(self, obj):
        return services.smart_check(obj).in_orde

    def gewijzigde_overeenkomsten(self, form):
        # Moved to another overeenkomst: both texts changed.
        ids = {form.instance.overeenkomst_id, form.initial.get("overeenkomst")} - {None}
        return list(Overeenkomst.objects.filter(pk__in=ids))

    def delete_model(self, request, obj):
        overeenkomst = obj.overeenkomst
        super().delete_model(request, obj)
        services.registreer_wijziging(
            overeenkomst, door=request.user, base_url=request.build_absolute_uri("/")
        )

    def delete_queryset(self, request, queryset):
        overeenkomsten = list(Overeenkomst.objects.filter(afspraken__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for overeenkomst in overeenkomsten:
            services.registreer_wijziging(
                overeenkomst, door=request.user, base_url=request.build_absolute_uri("/")
            )


# --- Jaarschijf -----------------------------------------------------------------------------------


class JaardoelFormSet(BaseInlineFormSet):
    """Jaardoelen are set for the afspraken of the jaarschijf's own overeenkomst."""

    def get_queryset(self):
        return super().get_queryset().select_related("afspraak")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "afspraak" in form.fields and self.instance.overeenkomst_id:
            form.fields["afspraak"].queryset = Afspraak.objects.filter(
                overeenkomst=self.instance.overeenkomst_id
            )


class JaardoelInline(AlleenLezenInline, admin.TabularInline):
    model = Jaardoel
    formset = JaardoelFormSet
    fields = ("afspraak", "aantal", "tekst")
    extra = 0


class JaarschijfAdminForm(forms.ModelForm):
    class Meta:
        model = Jaarschijf
        fields = ("overeenkomst", "jaar", "toelichting")
        field_classes = {"overeenkomst": OpenOvereenkomstField}


@admin.register(Jaarschijf)
class JaarschijfAdmin(AlleenLezenAdmin):
    """Jaarschijven fill in the years and are not part of the signed text: no new versie."""

    form = JaarschijfAdminForm
    list_display = ("__str__", "overeenkomst", "gemeente", "jaar")
    list_filter = ("jaar", ("overeenkomst__gemeente", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("overeenkomst__gemeente",)
    search_fields = ("overeenkomst__titel", "toelichting", "overeenkomst__gemeente__naam")
    autocomplete_fields = ("overeenkomst",)
    inlines = (JaardoelInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("overeenkomst__gemeente")

    @admin.display(description=_("gemeente"), ordering="overeenkomst__gemeente__naam")
    def gemeente(self, obj):
        return obj.overeenkomst.gemeente


# --- Ondertekening --------------------------------------------------------------------------------


@admin.register(Ondertekening)
class OndertekeningAdmin(admin.ModelAdmin):
    """Signatures and their hashes are evidence: listed and shown, never added, changed or
    deleted, by the superuser neither. Only services.onderteken writes them."""

    list_display = (
        "overeenkomst",
        "gemeente",
        "organisatie",
        "versie",
        "naam",
        "functie",
        "ondertekend_op",
        "vervallen",
    )
    list_filter = (
        "vervallen",
        ("overeenkomst__gemeente", admin.RelatedOnlyFieldListFilter),
        ("organisatie", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("overeenkomst__gemeente", "organisatie")
    search_fields = (
        "overeenkomst__titel",
        "organisatie__naam",
        "naam",
        "ondertekend_door__email",
        "inhoud_hash",
    )
    date_hierarchy = "ondertekend_op"
    fields = (
        "overeenkomst",
        "organisatie",
        "versie",
        "inhoud_hash",
        "vervallen",
        "ondertekend_door",
        "naam",
        "functie",
        "ondertekend_op",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("overeenkomst__gemeente", "organisatie", "ondertekend_door")
        )

    @admin.display(description=_("gemeente"), ordering="overeenkomst__gemeente__naam")
    def gemeente(self, obj):
        return obj.overeenkomst.gemeente

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
