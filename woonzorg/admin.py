"""Django admin for the beheerder: users, organisations, geography and reference data."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import (
    AuthenticatorApp,
    Doelgroep,
    Gebied,
    Gemeente,
    Organisatie,
    Regio,
    Rol,
    User,
    Woonvorm,
)

admin.site.site_header = _("Woonzorg beheer")
admin.site.site_title = _("Woonzorg beheer")
admin.site.index_title = _("Gebruikers, organisaties en referentiegegevens")


# --- Frozen objects, for the phase apps' admins ---------------------------------------------------
# What `alleen_lezen` freezes (a vastgestelde visie, a beëindigde overeenkomst) is frozen here
# too, for the superuser as for everyone: woonzorg.permissions.can_edit says the same for pages.


def alleen_lezen(obj) -> bool:
    return obj is not None and obj.alleen_lezen


class AlleenLezenAdmin(admin.ModelAdmin):
    """A frozen object opens as a view page and cannot be deleted, not even by a superuser."""

    def has_change_permission(self, request, obj=None):
        return not alleen_lezen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not alleen_lezen(obj) and super().has_delete_permission(request, obj)


class AlleenTonenInline:
    """Rows that are shown and never added, changed or deleted here (signatures, the history
    of progress reports)."""

    can_delete = False

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AlleenLezenInline:
    """Inline content of a frozen parent: shown, never added to, changed or deleted.

    Django passes the parent object to an inline's permission checks.
    """

    def has_add_permission(self, request, obj):
        return not alleen_lezen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not alleen_lezen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not alleen_lezen(obj) and super().has_delete_permission(request, obj)


@admin.register(Regio)
class RegioAdmin(admin.ModelAdmin):
    list_display = ("naam", "aantal_gemeenten")
    search_fields = ("naam",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_aantal_gemeenten=Count("gemeenten"))

    @admin.display(description=_("gemeenten"), ordering="_aantal_gemeenten")
    def aantal_gemeenten(self, obj):
        return obj._aantal_gemeenten


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ("naam", "cbs_code", "regio", "aantal_gebieden", "aantal_gebruikers")
    list_filter = ("regio",)
    list_select_related = ("regio",)
    search_fields = ("naam", "cbs_code")
    autocomplete_fields = ("regio",)

    def get_queryset(self, request):
        # distinct: the two joins would otherwise multiply each other's counts
        return (
            super()
            .get_queryset(request)
            .annotate(
                _aantal_gebieden=Count("gebieden", distinct=True),
                _aantal_gebruikers=Count("rollen", distinct=True),
            )
        )

    @admin.display(description=_("gebieden"), ordering="_aantal_gebieden")
    def aantal_gebieden(self, obj):
        return obj._aantal_gebieden

    @admin.display(description=_("gebruikers"), ordering="_aantal_gebruikers")
    def aantal_gebruikers(self, obj):
        return obj._aantal_gebruikers


@admin.register(Gebied)
class GebiedAdmin(admin.ModelAdmin):
    list_display = ("naam", "soort", "cbs_code", "gemeente", "parent")
    list_filter = ("soort", ("gemeente", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("gemeente", "parent")
    search_fields = ("naam", "cbs_code", "gemeente__naam")
    autocomplete_fields = ("gemeente", "parent")


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ("naam", "soort", "werkgebied_lijst", "aantal_gebruikers")
    list_filter = ("soort", "werkgebied")
    search_fields = ("naam",)
    filter_horizontal = ("werkgebied",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("werkgebied")
            .annotate(_aantal_gebruikers=Count("gebruikers"))
        )

    @admin.display(description=_("werkgebied"))
    def werkgebied_lijst(self, obj):
        return ", ".join(g.naam for g in obj.werkgebied.all())

    @admin.display(description=_("gebruikers"), ordering="_aantal_gebruikers")
    def aantal_gebruikers(self, obj):
        return obj._aantal_gebruikers


class ReferentieAdmin(admin.ModelAdmin):
    list_display = ("naam", "code", "volgorde")
    list_editable = ("volgorde",)
    search_fields = ("naam", "code", "omschrijving")
    prepopulated_fields = {"code": ("naam",)}


admin.site.register(Doelgroep, ReferentieAdmin)
admin.site.register(Woonvorm, ReferentieAdmin)


class GebruikerAanmaakForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self):
        # E-mail is the login: compare and store it case-insensitively, as the manager does.
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("Er bestaat al een gebruiker met dit e-mailadres."))
        return email


class GebruikerWijzigForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes: dict = {}


class RolInline(admin.TabularInline):
    model = Rol
    fields = ("gemeente", "soort")
    autocomplete_fields = ("gemeente",)
    extra = 0
    verbose_name_plural = _("rollen per gemeente")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = GebruikerWijzigForm
    add_form = GebruikerAanmaakForm
    inlines = (RolInline,)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoonlijke gegevens"), {"fields": ("first_name", "last_name", "organisatie")}),
        (
            _("Rechten"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Uitnodiging"), {"fields": ("uitgenodigd_door", "uitgenodigd_op")}),
        (_("Herinneringen"), {"fields": ("herinneringen", "laatste_herinnering")}),
        (_("Belangrijke datums"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "first_name",
                    "last_name",
                    "organisatie",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = (
        "email",
        "first_name",
        "last_name",
        "organisatie",
        "rollen_lijst",
        "is_active",
        "is_staff",
        "last_login",
    )
    list_filter = (
        "is_active",
        "is_staff",
        "is_superuser",
        "organisatie__soort",
        "rollen__soort",
        "rollen__gemeente",
    )
    list_select_related = ("organisatie",)
    search_fields = ("email", "first_name", "last_name", "organisatie__naam")
    ordering = ("email",)
    autocomplete_fields = ("organisatie",)
    readonly_fields = (
        "uitgenodigd_door",
        "uitgenodigd_op",
        "laatste_herinnering",
        "last_login",
        "date_joined",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("rollen__gemeente")

    def get_inlines(self, request, obj):
        # Roles are added once the account exists.
        return self.inlines if obj else ()

    @admin.display(description=_("rollen"))
    def rollen_lijst(self, obj):
        return ", ".join(f"{r.get_soort_display()} ({r.gemeente})" for r in obj.rollen.all())


@admin.register(Rol)
class RolAdmin(admin.ModelAdmin):
    list_display = ("user", "gemeente", "soort", "organisatie")
    list_filter = ("soort", "gemeente", "user__organisatie__soort")
    list_select_related = ("user__organisatie", "gemeente")
    search_fields = (
        "user__email",
        "user__first_name",
        "user__last_name",
        "user__organisatie__naam",
        "gemeente__naam",
    )
    autocomplete_fields = ("user", "gemeente")

    @admin.display(description=_("organisatie"), ordering="user__organisatie__naam")
    def organisatie(self, obj):
        return obj.user.organisatie


# --- Two-step login -------------------------------------------------------------------------------
# django-otp's own admins show the secret keys and herstelcodes and let a beheerder make an app
# for someone else; here a beheerder only sees who has one, and deletes it for someone who lost
# their phone (the next login sets it up anew). A beheerder's own is set up by himself.

admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(AuthenticatorApp)
class AuthenticatorAppAdmin(admin.ModelAdmin):
    list_display = ("gebruiker", "in_gebruik_sinds", "laatst_gebruikt")
    list_select_related = ("user",)
    search_fields = ("user__email", "user__first_name", "user__last_name")
    fields = ("gebruiker", "in_gebruik_sinds", "laatst_gebruikt")
    readonly_fields = fields

    @admin.display(description=_("gebruiker"), ordering="user__email")
    def gebruiker(self, app):
        return app.user

    @admin.display(description=_("in gebruik sinds"), ordering="created_at")
    def in_gebruik_sinds(self, app):
        return app.created_at

    @admin.display(description=_("laatst gebruikt"), ordering="last_used_at")
    def laatst_gebruikt(self, app):
        return app.last_used_at

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        self.delete_queryset(request, AuthenticatorApp.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        # With the app go the herstelcodes: the user starts again from the password.
        with transaction.atomic():
            StaticDevice.objects.filter(user__in=queryset.values("user")).delete()
            queryset.delete()
