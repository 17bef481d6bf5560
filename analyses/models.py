"""Phase 1, the woonzorganalyse: who lives where now and later, what supply there is, and findings.

Figures (Bevolkingscijfer, Huishoudens, Voorraad) belong to a gebied, not to one analyse: a new
analyse next year reads the same imported figures. Norms and findings belong to an analyse.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from woonzorg.models import Doelgroep, Gebied, Gemeente, Rol, Woonvorm
from woonzorg.querysets import ScopedQuerySet

jaar_validators = [MinValueValidator(1990), MaxValueValidator(2100)]


class Leeftijdsklasse(models.TextChoices):
    """The age bands of CBS (KWB) plus the older bands forecasts and norms use.

    The bands overlap on purpose (65+ contains 75+ and 85+): a norm names the band it applies to.
    """

    TOTAAL = "totaal", _("alle leeftijden")
    K0_14 = "0-14", _("0 tot 15 jaar")
    K15_24 = "15-24", _("15 tot 25 jaar")
    K25_44 = "25-44", _("25 tot 45 jaar")
    K45_64 = "45-64", _("45 tot 65 jaar")
    K65_PLUS = "65+", _("65 jaar en ouder")
    K75_PLUS = "75+", _("75 jaar en ouder")
    K85_PLUS = "85+", _("85 jaar en ouder")


class AnalyseQuerySet(ScopedQuerySet):
    shared_with_partners = True


class Woonzorganalyse(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("concept")
        VASTGESTELD = "vastgesteld", _("vastgesteld")

    # The national programme's targets for 2030 ("Wonen en zorg voor ouderen"), per woonvorm
    # code; the fair-share helper scales them by the gemeente's share of all 75-plussers.
    LANDELIJKE_OPGAVE_2030 = {
        "nultredenwoning": 170_000,
        "geclusterde-woonvorm": 80_000,
        "verpleegzorgplek": 40_000,
    }

    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="analyses"
    )
    titel = models.CharField(_("titel"), max_length=200)
    peiljaar = models.PositiveSmallIntegerField(
        _("peiljaar"),
        validators=jaar_validators,
        help_text=_("Het jaar waarop de huidige cijfers betrekking hebben."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    samenvatting = models.TextField(_("samenvatting"), blank=True)
    aandeel_75plus = models.DecimalField(
        _("aandeel in de landelijke 75-plussers (%)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "Welk percentage van alle 75-plussers in Nederland in deze gemeente woont; "
            "voor de verdeling van de landelijke opgave naar rato (fair share)."
        ),
    )
    aandeel_75plus_bron = models.CharField(
        _("bron van het aandeel 75-plussers"), max_length=300, blank=True
    )
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    gewijzigd = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = AnalyseQuerySet.as_manager()
    edit_roles = frozenset({Rol.Soort.BELEIDSADVISEUR})

    class Meta:
        verbose_name = _("woonzorganalyse")
        verbose_name_plural = _("woonzorganalyses")
        ordering = ["gemeente", "-peiljaar", "titel"]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse(
            "analyses:detail", kwargs={"gemeente": self.gemeente.cbs_code, "pk": self.pk}
        )

    def clean(self):
        if self.aandeel_75plus is not None and not self.aandeel_75plus_bron:
            raise ValidationError(
                {"aandeel_75plus_bron": _("Vermeld de bron van het aandeel 75-plussers.")}
            )


class GebiedCijferQuerySet(ScopedQuerySet):
    gemeente_path = "gebied__gemeente"
    shared_with_partners = True


class GebiedCijfer(models.Model):
    """A figure about a gebied in a year, from a named source, measured or forecast."""

    gebied = models.ForeignKey(Gebied, verbose_name=_("gebied"), on_delete=models.CASCADE)
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=jaar_validators)
    bron = models.CharField(_("bron"), max_length=300, blank=True)

    objects = GebiedCijferQuerySet.as_manager()
    edit_roles = frozenset({Rol.Soort.BELEIDSADVISEUR})

    class Meta:
        abstract = True

    @property
    def gemeente(self):
        return self.gebied.gemeente


class Bevolkingscijfer(GebiedCijfer):
    """Inhabitants of a gebied in one age band and year (tidy rows, one number each)."""

    leeftijdsklasse = models.CharField(
        _("leeftijdsklasse"), max_length=10, choices=Leeftijdsklasse.choices
    )
    aantal = models.PositiveIntegerField(_("aantal inwoners"))
    prognose = models.BooleanField(
        _("prognose"), default=False, help_text=_("Een verwachting, geen telling.")
    )

    class Meta:
        verbose_name = _("bevolkingscijfer")
        verbose_name_plural = _("bevolkingscijfers")
        ordering = ["gebied", "jaar", "leeftijdsklasse"]
        default_related_name = "bevolkingscijfers"
        constraints = [
            models.UniqueConstraint(
                fields=["gebied", "jaar", "leeftijdsklasse"],
                name="bevolkingscijfer_uniek",
                violation_error_message=_(
                    "Voor dit gebied, jaar en deze leeftijdsklasse is al een cijfer vastgelegd."
                ),
            )
        ]

    def __str__(self):
        return f"{self.gebied} {self.jaar} {self.get_leeftijdsklasse_display()}: {self.aantal}"


class Huishoudens(GebiedCijfer):
    """Households in a gebied (KWB: a_hh, a_1p_hh): context for indicators and visie."""

    totaal = models.PositiveIntegerField(_("huishoudens"))
    eenpersoons = models.PositiveIntegerField(_("eenpersoonshuishoudens"), null=True, blank=True)

    class Meta:
        verbose_name = _("huishoudens")
        verbose_name_plural = _("huishoudens")
        ordering = ["gebied", "jaar"]
        default_related_name = "huishoudens"
        constraints = [models.UniqueConstraint(fields=["gebied", "jaar"], name="huishoudens_uniek")]

    def __str__(self):
        return f"{self.gebied} {self.jaar}: {self.totaal}"


class Voorraad(GebiedCijfer):
    """The existing supply of a woonvorm in a gebied, counted in a year."""

    woonvorm = models.ForeignKey(Woonvorm, verbose_name=_("woonvorm"), on_delete=models.PROTECT)
    aantal = models.PositiveIntegerField(_("aantal"))

    class Meta:
        verbose_name = _("voorraad")
        verbose_name_plural = _("voorraad")
        ordering = ["gebied", "woonvorm", "jaar"]
        default_related_name = "voorraad"
        constraints = [
            models.UniqueConstraint(
                fields=["gebied", "woonvorm", "jaar"],
                name="voorraad_uniek",
                violation_error_message=_(
                    "Voor dit gebied, deze woonvorm en dit jaar is al een voorraad vastgelegd."
                ),
            )
        ]

    def __str__(self):
        return f"{self.gebied} {self.woonvorm} {self.jaar}: {self.aantal}"


class AnalyseOnderdeelQuerySet(ScopedQuerySet):
    gemeente_path = "analyse__gemeente"
    shared_with_partners = True


class AnalyseOnderdeel(models.Model):
    analyse = models.ForeignKey(
        Woonzorganalyse, verbose_name=_("woonzorganalyse"), on_delete=models.CASCADE
    )

    objects = AnalyseOnderdeelQuerySet.as_manager()
    edit_roles = frozenset({Rol.Soort.BELEIDSADVISEUR})

    class Meta:
        abstract = True

    @property
    def gemeente(self):
        return self.analyse.gemeente


class Behoeftenorm(AnalyseOnderdeel):
    """How many of a woonvorm are needed per 1,000 inhabitants of an age band.

    There is no national norm: each analyse states its own, with the source it rests on.
    """

    woonvorm = models.ForeignKey(Woonvorm, verbose_name=_("woonvorm"), on_delete=models.PROTECT)
    leeftijdsklasse = models.CharField(
        _("leeftijdsklasse"), max_length=10, choices=Leeftijdsklasse.choices
    )
    per_1000 = models.DecimalField(
        _("per 1.000 inwoners"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000"))],
    )
    bron = models.CharField(_("bron"), max_length=300)

    class Meta:
        verbose_name = _("behoeftenorm")
        verbose_name_plural = _("behoeftenormen")
        ordering = ["analyse", "woonvorm", "leeftijdsklasse"]
        default_related_name = "normen"
        constraints = [
            models.UniqueConstraint(
                fields=["analyse", "woonvorm", "leeftijdsklasse"],
                name="behoeftenorm_uniek",
                violation_error_message=_(
                    "Deze analyse heeft al een norm voor deze woonvorm en leeftijdsklasse."
                ),
            )
        ]

    def __str__(self):
        return _("%(woonvorm)s: %(norm)s per 1.000 inwoners van %(klasse)s") % {
            "woonvorm": self.woonvorm,
            "norm": self.per_1000,
            "klasse": self.get_leeftijdsklasse_display(),
        }


class Bevinding(AnalyseOnderdeel):
    """A finding with its figure and source; the onderbouwing a visie's ambities point to."""

    titel = models.CharField(_("titel"), max_length=300)
    tekst = models.TextField(_("toelichting"), blank=True)
    doelgroep = models.ForeignKey(
        Doelgroep, verbose_name=_("doelgroep"), on_delete=models.PROTECT, null=True, blank=True
    )
    gebied = models.ForeignKey(
        Gebied, verbose_name=_("gebied"), on_delete=models.PROTECT, null=True, blank=True
    )
    woonvorm = models.ForeignKey(
        Woonvorm, verbose_name=_("woonvorm"), on_delete=models.PROTECT, null=True, blank=True
    )
    waarde = models.DecimalField(
        _("waarde"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    eenheid = models.CharField(
        _("eenheid"), max_length=50, blank=True, help_text=_("Bijvoorbeeld %, woningen, personen.")
    )
    bron = models.CharField(_("bron"), max_length=300)

    class Meta:
        verbose_name = _("bevinding")
        verbose_name_plural = _("bevindingen")
        ordering = ["analyse", "titel"]
        default_related_name = "bevindingen"

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return f"{self.analyse.get_absolute_url()}#bevinding-{self.pk}"

    def clean(self):
        errors = {}
        if self.waarde is not None and not self.eenheid:
            errors["eenheid"] = _("Geef de eenheid bij de waarde, bijvoorbeeld %.")
        if (
            self.gebied_id
            and self.analyse_id
            and self.gebied.gemeente_id != self.analyse.gemeente_id
        ):
            errors["gebied"] = _("Kies een gebied van de gemeente van deze analyse.")
        if errors:
            raise ValidationError(errors)
