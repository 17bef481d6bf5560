"""Django admin for the beheerder: the handreiking's opgaven and their example maatregelen."""

from django.contrib import admin

from .models import Maatregel, Opgave


class MaatregelInline(admin.TabularInline):
    model = Maatregel
    extra = 0
    fields = ("volgorde", "tekst")


@admin.register(Opgave)
class OpgaveAdmin(admin.ModelAdmin):
    list_display = ("naam", "domein")
    list_filter = ("domein",)
    search_fields = ("naam", "maatregelen__tekst")
    inlines = (MaatregelInline,)


@admin.register(Maatregel)
class MaatregelAdmin(admin.ModelAdmin):
    list_display = ("tekst", "opgave")
    list_filter = ("opgave__domein",)
    list_select_related = ("opgave",)
    search_fields = ("tekst", "opgave__naam")
    autocomplete_fields = ("opgave",)
