"""Phase 2, the woonzorgvisie: themes, ambities grounded in the analysis, measurable doelstellingen,
and the afwegingskader that new woonzorginitiatieven are scored against.

A vastgestelde visie is frozen: its content (themes, ambities, doelstellingen, criteria) reports
`alleen_lezen`, which the permission layer honours for everyone, the beheerder included. A new
version starts as a concept copy (services.nieuwe_versie). Initiatieven are not content: they
keep arriving and are scored against the criteria of the visie in force.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from analyses.models import Bevinding, Woonzorganalyse
from woonzorg.models import Doelgroep, Gebied, Gemeente, Organisatie, Rol, Woonvorm
from woonzorg.querysets import ScopedQuerySet
from woonzorg.validators import jaar_validators

EDIT_ROLES = frozenset({Rol.Soort.BELEIDSADVISEUR})

STANDAARD_THEMAS = (
    ("Langer zelfstandig thuis", "Geschikte woningen, zorg en ondersteuning dichtbij."),
    ("Doorstromen", "Verhuizen naar een passende woning, zodat woningen vrijkomen voor anderen."),
    ("Innovatie en vernieuwing", "Nieuwe woonvormen, technologie en manieren van samenwerken."),
)


class VisieQuerySet(ScopedQuerySet):
    # The visie is the common ground of the agreements: every partner of the gemeente reads it.
    shared_with_partners = True


class Woonzorgvisie(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("concept")
        VASTGESTELD = "vastgesteld", _("vastgesteld")

    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="visies"
    )
    titel = models.CharField(_("titel"), max_length=200)
    periode_start = models.PositiveSmallIntegerField(_("van (jaar)"), validators=jaar_validators)
    periode_eind = models.PositiveSmallIntegerField(
        _("tot en met (jaar)"), validators=jaar_validators
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT, editable=False
    )
    vastgesteld_op = models.DateField(_("vastgesteld op"), null=True, blank=True, editable=False)
    besluit = models.CharField(
        _("besluit"),
        max_length=300,
        blank=True,
        editable=False,
        help_text=_("Het raadsbesluit waarmee de visie is vastgesteld, met kenmerk."),
    )
    samenvatting = models.TextField(_("samenvatting"), blank=True)
    analyse = models.ForeignKey(
        Woonzorganalyse,
        verbose_name=_("woonzorganalyse"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visies",
        help_text=_("De analyse waarop de visie voortbouwt."),
    )
    partners = models.ManyToManyField(
        Organisatie,
        verbose_name=_("opgesteld met"),
        blank=True,
        related_name="visies",
        help_text=_("De partners die de visie mee hebben geschreven."),
    )
    versie = models.PositiveSmallIntegerField(_("versie"), default=1, editable=False)
    vorige_versie = models.OneToOneField(
        "self",
        verbose_name=_("vorige versie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="volgende_versie",
    )
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    gewijzigd = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = VisieQuerySet.as_manager()
    edit_roles = EDIT_ROLES

    class Meta:
        verbose_name = _("woonzorgvisie")
        verbose_name_plural = _("woonzorgvisies")
        ordering = ["gemeente", "-periode_start", "-versie"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(periode_eind__gte=models.F("periode_start")),
                name="visie_periode_oplopend",
                violation_error_message=_("Het eindjaar ligt voor het beginjaar."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="concept")
                | models.Q(vastgesteld_op__isnull=False, besluit__gt=""),
                name="visie_vastgesteld_met_besluit",
                violation_error_message=_("Een vastgestelde visie heeft een datum en een besluit."),
            ),
        ]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("visies:detail", kwargs={"gemeente": self.gemeente.cbs_code, "pk": self.pk})

    @property
    def is_vastgesteld(self) -> bool:
        return self.status == self.Status.VASTGESTELD

    @property
    def alleen_lezen(self) -> bool:
        return self.is_vastgesteld

    @property
    def periode(self) -> str:
        return f"{self.periode_start}–{self.periode_eind}"

    def clean(self):
        errors = {}
        if self.periode_start and self.periode_eind and self.periode_eind < self.periode_start:
            errors["periode_eind"] = _("Het eindjaar ligt voor het beginjaar.")
        if self.analyse_id and self.gemeente_id and self.analyse.gemeente_id != self.gemeente_id:
            errors["analyse"] = _("Kies een analyse van deze gemeente.")
        if errors:
            raise ValidationError(errors)


class VisieOnderdeelQuerySet(ScopedQuerySet):
    gemeente_path = "visie__gemeente"
    shared_with_partners = True


class VisieOnderdeel(models.Model):
    """Content of a visie: frozen with it."""

    visie = models.ForeignKey(
        Woonzorgvisie, verbose_name=_("woonzorgvisie"), on_delete=models.CASCADE
    )

    objects = VisieOnderdeelQuerySet.as_manager()
    edit_roles = EDIT_ROLES

    class Meta:
        abstract = True

    @property
    def gemeente(self):
        return self.visie.gemeente

    @property
    def alleen_lezen(self) -> bool:
        return self.visie.alleen_lezen


class Thema(VisieOnderdeel):
    naam = models.CharField(_("naam"), max_length=150)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["volgorde", "pk"]
        default_related_name = "themas"
        constraints = [
            models.UniqueConstraint(
                fields=["visie", "naam"],
                name="thema_naam_uniek",
                violation_error_message=_("Deze visie heeft al een thema met deze naam."),
            )
        ]

    def __str__(self):
        return self.naam


class Ambitie(VisieOnderdeel):
    """What the gemeente and its partners want to achieve, for whom and where, and why."""

    thema = models.ForeignKey(Thema, verbose_name=_("thema"), on_delete=models.RESTRICT)
    titel = models.CharField(_("ambitie"), max_length=300)
    toelichting = models.TextField(_("toelichting"), blank=True)
    doelgroepen = models.ManyToManyField(Doelgroep, verbose_name=_("doelgroepen"), blank=True)
    woonvormen = models.ManyToManyField(Woonvorm, verbose_name=_("woonvormen"), blank=True)
    gebieden = models.ManyToManyField(
        Gebied,
        verbose_name=_("gebieden"),
        blank=True,
        help_text=_("Leeg laten als de ambitie voor de hele gemeente geldt."),
    )
    bevindingen = models.ManyToManyField(
        Bevinding,
        through="Onderbouwing",
        verbose_name=_("onderbouwing"),
        blank=True,
        help_text=_("De bevindingen uit de analyse waarop de ambitie rust."),
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("ambitie")
        verbose_name_plural = _("ambities")
        ordering = ["thema__volgorde", "thema_id", "volgorde", "pk"]
        default_related_name = "ambities"

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse(
            "visies:ambitie", kwargs={"gemeente": self.visie.gemeente.cbs_code, "pk": self.pk}
        )

    def clean(self):
        if self.thema_id and self.visie_id and self.thema.visie_id != self.visie_id:
            raise ValidationError({"thema": _("Kies een thema van deze visie.")})


class AmbitieOnderdeelQuerySet(ScopedQuerySet):
    gemeente_path = "ambitie__visie__gemeente"
    shared_with_partners = True


class Onderbouwing(models.Model):
    """An ambitie rests on a finding. The finding cannot be deleted while it grounds one."""

    ambitie = models.ForeignKey(Ambitie, verbose_name=_("ambitie"), on_delete=models.CASCADE)
    bevinding = models.ForeignKey(Bevinding, verbose_name=_("bevinding"), on_delete=models.PROTECT)

    objects = AmbitieOnderdeelQuerySet.as_manager()

    class Meta:
        verbose_name = _("onderbouwing")
        verbose_name_plural = _("onderbouwingen")
        default_related_name = "onderbouwingen"
        constraints = [
            models.UniqueConstraint(fields=["ambitie", "bevinding"], name="onderbouwing_uniek")
        ]

    def __str__(self):
        return f"{self.ambitie} ← {self.bevinding}"


class Doelstelling(models.Model):
    """An ambitie made measurable: what, how many, where, by when."""

    ambitie = models.ForeignKey(Ambitie, verbose_name=_("ambitie"), on_delete=models.CASCADE)
    omschrijving = models.CharField(
        _("omschrijving"),
        max_length=300,
        blank=True,
        help_text=_("Wat er moet komen, als het geen woonvorm uit de lijst is."),
    )
    woonvorm = models.ForeignKey(
        Woonvorm, verbose_name=_("woonvorm"), on_delete=models.PROTECT, null=True, blank=True
    )
    aantal = models.PositiveIntegerField(
        _("aantal"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    eenheid = models.CharField(
        _("eenheid"),
        max_length=50,
        blank=True,
        help_text=_("Bijvoorbeeld woningen, wooneenheden, plekken, ontmoetingsruimten."),
    )
    gebied = models.ForeignKey(
        Gebied, verbose_name=_("gebied"), on_delete=models.PROTECT, null=True, blank=True
    )
    locatie = models.CharField(
        _("waar"),
        max_length=300,
        blank=True,
        help_text=_(
            "Waar, als het geen gebied is: bijvoorbeeld “hele gemeente” of “binnen 500 meter "
            "van (zorg)voorzieningen”."
        ),
    )
    streefjaar = models.PositiveSmallIntegerField(
        _("streefjaar"), null=True, blank=True, validators=jaar_validators
    )

    objects = AmbitieOnderdeelQuerySet.as_manager()
    edit_roles = EDIT_ROLES

    class Meta:
        verbose_name = _("doelstelling")
        verbose_name_plural = _("doelstellingen")
        ordering = ["streefjaar", "pk"]
        default_related_name = "doelstellingen"

    def __str__(self):
        return self.omschrijving or str(self.woonvorm or _("doelstelling"))

    def get_absolute_url(self):
        return f"{self.ambitie.get_absolute_url()}#doelstelling-{self.pk}"

    @property
    def visie(self):
        return self.ambitie.visie

    @property
    def gemeente(self):
        return self.ambitie.visie.gemeente

    @property
    def alleen_lezen(self) -> bool:
        return self.ambitie.visie.alleen_lezen

    def clean(self):
        errors = {}
        if not self.omschrijving and not self.woonvorm_id:
            errors["omschrijving"] = _("Kies een woonvorm of beschrijf wat er moet komen.")
        if self.aantal and not self.eenheid:
            errors["eenheid"] = _("Geef de eenheid bij het aantal, bijvoorbeeld woningen.")
        if self.gebied_id and self.ambitie_id and self.gebied.gemeente_id != self.gemeente.pk:
            errors["gebied"] = _("Kies een gebied van de gemeente van deze visie.")
        if errors:
            raise ValidationError(errors)


class Afwegingscriterium(VisieOnderdeel):
    """A criterion of the afwegingskader, weighed against the others."""

    naam = models.CharField(_("criterium"), max_length=200)
    toelichting = models.TextField(_("toelichting"), blank=True)
    weging = models.PositiveSmallIntegerField(
        _("weging"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Van 1 (weegt licht) tot 10 (weegt zwaar)."),
    )

    class Meta:
        verbose_name = _("afwegingscriterium")
        verbose_name_plural = _("afwegingscriteria")
        ordering = ["-weging", "naam"]
        default_related_name = "criteria"
        constraints = [
            models.UniqueConstraint(
                fields=["visie", "naam"],
                name="criterium_naam_uniek",
                violation_error_message=_("Deze visie heeft al een criterium met deze naam."),
            )
        ]

    def __str__(self):
        return self.naam


class InitiatiefQuerySet(ScopedQuerySet):
    # A developer's or corporation's plan is not for other partners' eyes; its indiener sees it.
    gemeente_path = "visie__gemeente"
    partner_paths = ("organisatie",)


class Initiatief(models.Model):
    """A new woonzorginitiatief, scored against the afwegingskader of a visie."""

    class Soort(models.TextChoices):
        BURGERINITIATIEF = "burgerinitiatief", _("burgerinitiatief")
        ONTWIKKELAAR = "ontwikkelaar", _("plan van een ontwikkelaar")
        CORPORATIE = "corporatie", _("project van een woningcorporatie")
        ZORGAANBIEDER = "zorgaanbieder", _("initiatief van een zorgaanbieder")
        OVERIG = "overig", _("overig")

    class Besluit(models.TextChoices):
        IN_BEHANDELING = "in_behandeling", _("in behandeling")
        POSITIEF = "positief", _("positief")
        AANGEHOUDEN = "aangehouden", _("aangehouden")
        AFGEWEZEN = "afgewezen", _("afgewezen")

    visie = models.ForeignKey(
        Woonzorgvisie, verbose_name=_("woonzorgvisie"), on_delete=models.CASCADE
    )
    titel = models.CharField(_("titel"), max_length=200)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    indiener = models.CharField(
        _("indiener"), max_length=200, help_text=_("Wie het initiatief indient.")
    )
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Als de indiener een partner is: die ziet dan ook de beoordeling."),
    )
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    gebied = models.ForeignKey(
        Gebied, verbose_name=_("gebied"), on_delete=models.PROTECT, null=True, blank=True
    )
    woonvorm = models.ForeignKey(
        Woonvorm, verbose_name=_("woonvorm"), on_delete=models.PROTECT, null=True, blank=True
    )
    aantal = models.PositiveIntegerField(_("aantal woningen of plekken"), null=True, blank=True)
    ingediend_op = models.DateField(_("ingediend op"))
    besluit = models.CharField(
        _("besluit"), max_length=20, choices=Besluit.choices, default=Besluit.IN_BEHANDELING
    )
    conclusie = models.TextField(
        _("conclusie"), blank=True, help_text=_("De afweging als geheel: waarom dit besluit.")
    )
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    gewijzigd = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = InitiatiefQuerySet.as_manager()
    edit_roles = EDIT_ROLES

    class Meta:
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        ordering = ["-ingediend_op", "titel"]
        default_related_name = "initiatieven"

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse(
            "visies:initiatief", kwargs={"gemeente": self.visie.gemeente.cbs_code, "pk": self.pk}
        )

    @property
    def gemeente(self):
        return self.visie.gemeente

    def clean(self):
        if self.gebied_id and self.visie_id and self.gebied.gemeente_id != self.visie.gemeente_id:
            raise ValidationError({"gebied": _("Kies een gebied van de gemeente van deze visie.")})


class BeoordelingQuerySet(ScopedQuerySet):
    gemeente_path = "initiatief__visie__gemeente"
    partner_paths = ("initiatief__organisatie",)


class Beoordeling(models.Model):
    """How an initiatief scores on one criterion, and why."""

    SCORE_MAX = 5

    initiatief = models.ForeignKey(
        Initiatief, verbose_name=_("initiatief"), on_delete=models.CASCADE
    )
    criterium = models.ForeignKey(
        Afwegingscriterium, verbose_name=_("criterium"), on_delete=models.CASCADE
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        validators=[MaxValueValidator(SCORE_MAX)],
        help_text=_("Van 0 (draagt niet bij) tot 5 (draagt volledig bij)."),
    )
    motivering = models.TextField(_("motivering"), blank=True)

    objects = BeoordelingQuerySet.as_manager()
    edit_roles = EDIT_ROLES

    class Meta:
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        ordering = ["-criterium__weging", "criterium__naam"]
        default_related_name = "beoordelingen"
        constraints = [
            models.UniqueConstraint(
                fields=["initiatief", "criterium"],
                name="beoordeling_uniek",
                violation_error_message=_("Dit initiatief is al op dit criterium beoordeeld."),
            )
        ]

    def __str__(self):
        return f"{self.initiatief}: {self.criterium} {self.score}/{self.SCORE_MAX}"

    @property
    def gemeente(self):
        return self.initiatief.visie.gemeente
