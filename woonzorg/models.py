"""The shared vocabulary of every phase: geography, organisations, reference data and users."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .querysets import PermissionQuerySet

gemeente_code_validator = RegexValidator(
    r"^GM\d{4}$", _("Een CBS-gemeentecode bestaat uit GM en vier cijfers, bijvoorbeeld GM0344.")
)
gebied_code_validator = RegexValidator(
    r"^(WK\d{6}|BU\d{8})$",
    _("Een CBS-code is WK met zes cijfers (wijk) of BU met acht cijfers (buurt)."),
)


class RegioQuerySet(PermissionQuerySet):
    def visible_to(self, user):
        from . import permissions

        regios = Gemeente.objects.filter(pk__in=permissions.gemeenten_for(user)).values("regio")
        return self.filter(pk__in=regios)


class Regio(models.Model):
    naam = models.CharField(_("naam"), max_length=200, unique=True)

    objects = RegioQuerySet.as_manager()

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class GemeenteQuerySet(PermissionQuerySet):
    def visible_to(self, user):
        from . import permissions

        return self.filter(pk__in=permissions.gemeenten_for(user))


class Gemeente(models.Model):
    """The tenant: every phase's data belongs to one gemeente."""

    naam = models.CharField(_("naam"), max_length=200)
    cbs_code = models.CharField(
        _("CBS-code"), max_length=6, unique=True, validators=[gemeente_code_validator]
    )
    regio = models.ForeignKey(
        Regio,
        verbose_name=_("regio"),
        on_delete=models.PROTECT,
        related_name="gemeenten",
        null=True,
        blank=True,
    )

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("dashboard", kwargs={"gemeente": self.cbs_code})

    @property
    def gemeente(self):
        # Lets the permission layer treat a gemeente like any object that belongs to one.
        return self


class GebiedQuerySet(PermissionQuerySet):
    def visible_to(self, user):
        """Geography is shared: every role in a gemeente sees its wijken, buurten and kernen."""
        from . import permissions

        return self.filter(gemeente__in=permissions.gemeenten_for(user))


class Gebied(models.Model):
    class Soort(models.TextChoices):
        WIJK = "wijk", _("wijk")
        BUURT = "buurt", _("buurt")
        KERN = "kern", _("kern")

    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="gebieden"
    )
    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=10, choices=Soort.choices)
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=10,
        blank=True,
        validators=[gebied_code_validator],
        help_text=_("WK-code voor een wijk, BU-code voor een buurt; leeg voor een kern."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ligt in"),
        on_delete=models.CASCADE,
        related_name="deelgebieden",
        null=True,
        blank=True,
    )

    objects = GebiedQuerySet.as_manager()

    class Meta:
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")
        ordering = ["gemeente", "cbs_code", "naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["cbs_code"],
                condition=~Q(cbs_code=""),
                name="gebied_cbs_code_uniek",
                violation_error_message=_("Er bestaat al een gebied met deze CBS-code."),
            ),
            models.UniqueConstraint(
                fields=["gemeente", "soort", "naam"],
                name="gebied_naam_uniek_per_gemeente",
                violation_error_message=_("Deze gemeente heeft al een gebied met deze naam."),
            ),
        ]

    def __str__(self):
        return self.naam

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        prefix = {self.Soort.WIJK: "WK", self.Soort.BUURT: "BU"}.get(self.soort)
        if self.cbs_code and prefix and not self.cbs_code.startswith(prefix):
            errors["cbs_code"] = _("De CBS-code van een %(soort)s begint met %(prefix)s.") % {
                "soort": self.get_soort_display(),
                "prefix": prefix,
            }
        if self.parent_id and self.gemeente_id and self.parent.gemeente_id != self.gemeente_id:
            errors["parent"] = _("Een gebied ligt in een gebied van dezelfde gemeente.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("Een gebied kan niet in zichzelf liggen.")
        if errors:
            raise ValidationError(errors)


class OrganisatieQuerySet(PermissionQuerySet):
    def visible_to(self, user):
        """Organisations working in the user's gemeenten, and the user's own."""
        from . import permissions

        return self.filter(
            Q(
                pk__in=Organisatie.werkgebied.through.objects.filter(
                    gemeente__in=permissions.gemeenten_for(user)
                ).values("organisatie")
            )
            | Q(pk=user.organisatie_id)
        )


class Organisatie(models.Model):
    class Soort(models.TextChoices):
        GEMEENTE = "gemeente", _("gemeente")
        WONINGCORPORATIE = "woningcorporatie", _("woningcorporatie")
        HUURDERSORGANISATIE = "huurdersorganisatie", _("huurdersorganisatie")
        ZORGAANBIEDER = "zorgaanbieder", _("zorgaanbieder")
        WELZIJNSORGANISATIE = "welzijnsorganisatie", _("welzijnsorganisatie")
        ZORGKANTOOR = "zorgkantoor", _("zorgkantoor")
        CLIENTENORGANISATIE = "clientenorganisatie", _("cliëntenorganisatie")
        ZORGVERZEKERAAR = "zorgverzekeraar", _("zorgverzekeraar")
        MARKTPARTIJ = "marktpartij", _("marktpartij")
        OVERIG = "overig", _("overig")

    naam = models.CharField(_("naam"), max_length=200, unique=True)
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    werkgebied = models.ManyToManyField(
        Gemeente,
        verbose_name=_("werkgebied"),
        related_name="organisaties",
        blank=True,
        help_text=_("De gemeenten waarin deze organisatie werkt."),
    )

    objects = OrganisatieQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class ReferentieQuerySet(PermissionQuerySet):
    def visible_to(self, user):
        """Reference data is the same for everyone who is logged in."""
        return self


class Referentie(models.Model):
    """Reference data shipped by data migrations; beheerders may add to it in the admin."""

    naam = models.CharField(_("naam"), max_length=200, unique=True)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = ReferentieQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam


class Doelgroep(Referentie):
    class Meta(Referentie.Meta):
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")


class Woonvorm(Referentie):
    class Meta(Referentie.Meta):
        verbose_name = _("woonvorm")
        verbose_name_plural = _("woonvormen")


class UserQuerySet(PermissionQuerySet):
    def visible_to(self, user):
        """Gemeente staff see the users of their gemeenten; a partner sees its colleagues."""
        from . import permissions

        query = Q(pk=user.pk) | Q(
            pk__in=Rol.objects.filter(
                gemeente__in=permissions.gemeenten_with_full_view(user)
            ).values("user")
        )
        if user.organisatie_id:
            query |= Q(organisatie=user.organisatie_id)
        return self.filter(query)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    """A person who logs in with an e-mail address, on behalf of one organisatie."""

    username = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="gebruikers",
        null=True,
        blank=True,
    )
    uitgenodigd_door = models.ForeignKey(
        "self",
        verbose_name=_("uitgenodigd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uitgenodigd_op = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True)
    herinneringen = models.BooleanField(
        _("dagelijkse herinnering per e-mail"),
        default=True,
        help_text=_(
            "Eén e-mail per dag als er iets op u wacht: een handtekening, een meting of een "
            "activiteit over haar einddatum."
        ),
    )
    # The day the last reminder went out: at most one a day (woonzorg.taken.stuur_herinnering).
    laatste_herinnering = models.DateField(
        _("laatste herinnering"), null=True, blank=True, editable=False
    )
    # Kept by woonzorg.tweestaps whenever an app is confirmed or deleted: read from the user
    # already loaded for every request, so the middleware knows without a query whom to ask.
    tweestaps_aan = models.BooleanField(
        _("tweestapsverificatie aan"), default=False, editable=False
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email


class RolQuerySet(PermissionQuerySet):
    def visible_to(self, user):
        """Gemeente staff and lezers see who works in their gemeenten; everyone sees their own."""
        from . import permissions

        return self.filter(
            Q(user=user) | Q(gemeente__in=permissions.gemeenten_with_full_view(user))
        )


class Rol(models.Model):
    """What a user may do in one gemeente. A user can work in several gemeenten."""

    class Soort(models.TextChoices):
        BELEIDSADVISEUR = "beleidsadviseur", _("beleidsadviseur")
        PROGRAMMALEIDER = "programmaleider", _("programmaleider")
        PARTNER = "partner", _("partner")
        LEZER = "lezer", _("lezer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="rollen",
    )
    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="rollen"
    )
    soort = models.CharField(_("rol"), max_length=20, choices=Soort.choices)

    objects = RolQuerySet.as_manager()

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        ordering = ["gemeente", "soort"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "gemeente"],
                name="een_rol_per_gemeente",
                violation_error_message=_("Deze gebruiker heeft al een rol in deze gemeente."),
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_soort_display()} in {self.gemeente}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.soort == self.Soort.PARTNER and self.user_id and not self.user.organisatie_id:
            raise ValidationError(
                {"soort": _("Een partner hoort bij een organisatie; kies eerst de organisatie.")}
            )


class AuthenticatorApp(TOTPDevice):
    """django-otp's TOTP device under the name a Dutch beheerder knows, for the admin."""

    class Meta:
        proxy = True
        verbose_name = _("authenticator-app")
        verbose_name_plural = _("authenticator-apps")
