"""Phase 4, uitvoering: the uitvoeringsprogramma — what the partners actually do, when, with
which budget, and how far they are.

Every activiteit carries out one afspraak (required): that is the link the dekking, the
ketencheck and the jaarschijf report follow. Progress (voortgang) is reported by the trekker's
people or by gemeente staff; the history is kept and the activiteit shows the latest report.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from prestatieafspraken.models import Afspraak, Bouwsoort
from woonzorg.models import Gebied, Gemeente, Organisatie, Woonvorm
from woonzorg.querysets import ScopedQuerySet
from woonzorg.validators import jaar_validators


class ProgrammaQuerySet(ScopedQuerySet):
    # The programme is the shared plan: every partner of the gemeente reads it, and sees in it
    # the activiteiten its organisatie is trekker of or involved in.
    shared_with_partners = True


class Uitvoeringsprogramma(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("concept")
        VASTGESTELD = "vastgesteld", _("vastgesteld")
        AFGEROND = "afgerond", _("afgerond")

    gemeente = models.ForeignKey(
        Gemeente,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="uitvoeringsprogrammas",
    )
    titel = models.CharField(_("titel"), max_length=200)
    periode_start = models.PositiveSmallIntegerField(_("van (jaar)"), validators=jaar_validators)
    periode_eind = models.PositiveSmallIntegerField(
        _("tot en met (jaar)"), validators=jaar_validators
    )
    programmaleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("programmaleider"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uitvoeringsprogrammas",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    gewijzigd = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = ProgrammaQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitvoeringsprogramma")
        verbose_name_plural = _("uitvoeringsprogramma's")
        ordering = ["-periode_start", "titel", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(periode_eind__gte=models.F("periode_start")),
                name="programma_periode_oplopend",
                violation_error_message=_("Het eindjaar ligt voor het beginjaar."),
            )
        ]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse(
            "uitvoering:detail", kwargs={"gemeente": self.gemeente.cbs_code, "pk": self.pk}
        )

    @property
    def alleen_lezen(self) -> bool:
        return self.status == self.Status.AFGEROND

    alleen_lezen_reden = _(
        "Dit uitvoeringsprogramma is afgerond en kan niet meer worden gewijzigd."
    )

    @property
    def periode(self) -> str:
        return f"{self.periode_start}–{self.periode_eind}"

    @property
    def jaren(self) -> range:
        return range(self.periode_start, self.periode_eind + 1)

    def clean(self):
        errors = {}
        if self.periode_start and self.periode_eind:
            if self.periode_eind < self.periode_start:
                errors["periode_eind"] = _("Het eindjaar ligt voor het beginjaar.")
            elif self.periode_eind - self.periode_start > 9:
                errors["periode_eind"] = _(
                    "Een uitvoeringsprogramma loopt meestal drie tot vijf jaar; kies ten hoogste "
                    "tien jaar."
                )
        if self.pk and self.periode_start and self.periode_eind and "periode_eind" not in errors:
            buiten = sorted(
                set(
                    Begrotingspost.objects.filter(activiteit__programma=self)
                    .exclude(jaar__range=(self.periode_start, self.periode_eind))
                    .values_list("jaar", flat=True)
                )
            )
            if buiten:
                errors["periode_start"] = _(
                    "Er staan begrotingsposten in %(jaren)s, buiten deze periode. Verplaats of "
                    "verwijder die eerst."
                ) % {"jaren": ", ".join(str(j) for j in buiten)}
        if (
            self.programmaleider_id
            and self.gemeente_id
            and not self.programmaleider.rollen.filter(gemeente=self.gemeente_id).exists()
        ):
            errors["programmaleider"] = _("Kies iemand met een rol in deze gemeente.")
        if errors:
            raise ValidationError(errors)


class ActiviteitQuerySet(ScopedQuerySet):
    # A partner sees what its organisatie carries out or is involved in, not other partners' work.
    gemeente_path = "programma__gemeente"
    partner_paths = ("trekker", "betrokkenen")


class Activiteit(models.Model):
    """What a partner does to carry out one afspraak: who, where, when, how many."""

    class Status(models.TextChoices):
        GEPLAND = "gepland", _("gepland")
        IN_UITVOERING = "in_uitvoering", _("in uitvoering")
        GEREED = "gereed", _("gereed")
        VERTRAAGD = "vertraagd", _("vertraagd")
        GEANNULEERD = "geannuleerd", _("geannuleerd")

    AFGESLOTEN = (Status.GEREED, Status.GEANNULEERD)

    programma = models.ForeignKey(
        Uitvoeringsprogramma, verbose_name=_("uitvoeringsprogramma"), on_delete=models.CASCADE
    )
    afspraak = models.ForeignKey(
        Afspraak,
        verbose_name=_("afspraak"),
        on_delete=models.PROTECT,
        help_text=_("De prestatieafspraak die deze activiteit uitvoert."),
    )
    titel = models.CharField(_("titel"), max_length=300)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    trekker = models.ForeignKey(
        Organisatie,
        verbose_name=_("trekker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="getrokken_activiteiten",
        help_text=_("De organisatie die de activiteit uitvoert en de voortgang meldt."),
    )
    betrokkenen = models.ManyToManyField(
        Organisatie,
        verbose_name=_("betrokken partijen"),
        blank=True,
        related_name="betrokken_activiteiten",
    )
    gebied = models.ForeignKey(
        Gebied, verbose_name=_("gebied"), on_delete=models.PROTECT, null=True, blank=True
    )
    locatie = models.CharField(
        _("locatie"), max_length=300, blank=True, help_text=_("Bijvoorbeeld een adres of complex.")
    )
    start = models.DateField(_("start"), null=True, blank=True)
    eind = models.DateField(_("eind"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.GEPLAND
    )
    woonvorm = models.ForeignKey(
        Woonvorm, verbose_name=_("woonvorm"), on_delete=models.PROTECT, null=True, blank=True
    )
    aantal = models.PositiveIntegerField(
        _("aantal"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Hoeveel deze activiteit oplevert, in de eenheid van de afspraak."),
    )
    bouwsoort = models.CharField(
        _("bouwsoort"), max_length=20, choices=Bouwsoort.choices, blank=True
    )
    # The latest reported realisation, kept here by services.meld_voortgang (history: Voortgang).
    gerealiseerd_aantal = models.PositiveIntegerField(
        _("gerealiseerd"), null=True, blank=True, editable=False
    )
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    gewijzigd = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = ActiviteitQuerySet.as_manager()

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["start", "titel", "pk"]
        default_related_name = "activiteiten"

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse(
            "uitvoering:activiteit",
            kwargs={"gemeente": self.programma.gemeente.cbs_code, "pk": self.pk},
        )

    @property
    def gemeente(self):
        return self.programma.gemeente

    @property
    def alleen_lezen(self) -> bool:
        return self.programma.alleen_lezen

    alleen_lezen_reden = Uitvoeringsprogramma.alleen_lezen_reden

    def rapporteur_ids(self) -> list[int]:
        """The trekker reports progress (permissions.can_report)."""
        return [self.trekker_id] if self.trekker_id else []

    def is_te_laat(self, vandaag) -> bool:
        """Past its end date and not finished, or reported vertraagd."""
        if self.status in self.AFGESLOTEN:
            return False
        return self.status == self.Status.VERTRAAGD or bool(self.eind and self.eind < vandaag)

    def clean(self):
        errors = {}
        for veld in ("start", "eind"):
            datum = getattr(self, veld)
            if datum and not 2000 <= datum.year <= 2100:
                errors[veld] = _("Kies een datum tussen 2000 en 2100.")
        if self.start and self.eind and self.eind < self.start and "eind" not in errors:
            errors["eind"] = _("De einddatum ligt voor de startdatum.")
        if self.bouwsoort and not self.aantal:
            errors["aantal"] = _("Geef het aantal woningen bij de bouwsoort.")
        if self.programma_id:
            gemeente_id = self.programma.gemeente_id
            if self.afspraak_id and self.afspraak.overeenkomst.gemeente_id != gemeente_id:
                errors["afspraak"] = _("Kies een afspraak van deze gemeente.")
            if self.gebied_id and self.gebied.gemeente_id != gemeente_id:
                errors["gebied"] = _("Kies een gebied van deze gemeente.")
        if errors:
            raise ValidationError(errors)


class ActiviteitOnderdeelQuerySet(ScopedQuerySet):
    gemeente_path = "activiteit__programma__gemeente"
    partner_paths = ("activiteit__trekker", "activiteit__betrokkenen")


class Begrotingspost(models.Model):
    """Money for an activiteit in one year: how much, from whom, and how certain."""

    class Zekerheid(models.TextChoices):
        TOEGEZEGD = "toegezegd", _("toegezegd")
        VERWACHT = "verwacht", _("verwacht")

    activiteit = models.ForeignKey(
        Activiteit, verbose_name=_("activiteit"), on_delete=models.CASCADE
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=jaar_validators)
    bedrag = models.DecimalField(
        _("bedrag (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    financier = models.ForeignKey(
        Organisatie,
        verbose_name=_("financier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="begrotingsposten",
        help_text=_("Leeg: nog niet bekend wie dit betaalt."),
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=300, blank=True)
    zekerheid = models.CharField(
        _("zekerheid"), max_length=20, choices=Zekerheid.choices, default=Zekerheid.VERWACHT
    )
    # What was actually spent, for the jaarschijfrapport's begroting against spending.
    besteed = models.DecimalField(
        _("besteed (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Wat er in dit jaar werkelijk is uitgegeven; leeg: nog niet bekend."),
    )

    objects = ActiviteitOnderdeelQuerySet.as_manager()

    class Meta:
        verbose_name = _("begrotingspost")
        verbose_name_plural = _("begrotingsposten")
        ordering = ["jaar", "pk"]
        default_related_name = "begrotingsposten"

    def __str__(self):
        return f"{self.activiteit} {self.jaar}: € {self.bedrag}"

    def get_additional_data(self) -> dict:
        """Stored with its audit trail entries, so the activiteit's history finds them."""
        return {"activiteit": self.activiteit_id}

    @property
    def gemeente(self):
        return self.activiteit.programma.gemeente

    @property
    def alleen_lezen(self) -> bool:
        return self.activiteit.alleen_lezen

    alleen_lezen_reden = Uitvoeringsprogramma.alleen_lezen_reden

    @property
    def gedekt(self) -> bool:
        """Covered: someone pays, and has committed to it."""
        return bool(self.financier_id) and self.zekerheid == self.Zekerheid.TOEGEZEGD

    def clean(self):
        if self.jaar and self.activiteit_id and self.jaar not in self.activiteit.programma.jaren:
            raise ValidationError(
                {"jaar": _("Kies een jaar binnen de periode van het uitvoeringsprogramma.")}
            )


class Voortgang(models.Model):
    """One progress report on an activiteit; never changed afterwards (the history)."""

    activiteit = models.ForeignKey(
        Activiteit, verbose_name=_("activiteit"), on_delete=models.CASCADE
    )
    datum = models.DateField(_("datum"))
    status = models.CharField(_("status"), max_length=20, choices=Activiteit.Status.choices)
    gerealiseerd_aantal = models.PositiveIntegerField(_("gerealiseerd"), null=True, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        on_delete=models.PROTECT,
        related_name="voortgangsmeldingen",
    )
    gemeld_op = models.DateTimeField(_("gemeld op"), auto_now_add=True)

    objects = ActiviteitOnderdeelQuerySet.as_manager()

    class Meta:
        verbose_name = _("voortgang")
        verbose_name_plural = _("voortgangsmeldingen")
        ordering = ["-datum", "-gemeld_op", "-pk"]
        default_related_name = "voortgang"

    def __str__(self):
        return f"{self.activiteit} {self.datum}: {self.get_status_display()}"

    @property
    def gemeente(self):
        return self.activiteit.programma.gemeente
