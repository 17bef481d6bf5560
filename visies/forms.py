from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analyses.models import Bevinding, Woonzorganalyse
from woonzorg.forms import DatumInput, GebiedChoiceField
from woonzorg.models import Doelgroep, Gebied, Organisatie, Woonvorm

from .models import (
    Afwegingscriterium,
    Ambitie,
    Beoordeling,
    Doelstelling,
    Initiatief,
    Thema,
    Woonzorgvisie,
)


class GebiedenField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, gebied):
        return f"{gebied.naam} ({gebied.get_soort_display()})"


class BevindingenField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, bevinding):
        return f"{bevinding.titel} ({bevinding.analyse.titel})"


def partners_van(gemeente):
    """The organisaties working in the gemeente, apart from the gemeente itself."""
    return (
        Organisatie.objects.filter(werkgebied=gemeente)
        .exclude(soort=Organisatie.Soort.GEMEENTE)
        .order_by("naam")
    )


class WoonzorgvisieForm(forms.ModelForm):
    class Meta:
        model = Woonzorgvisie
        fields = ["titel", "periode_start", "periode_eind", "analyse", "partners", "samenvatting"]
        widgets = {
            "samenvatting": forms.Textarea(attrs={"rows": 6}),
            "partners": forms.CheckboxSelectMultiple,
        }
        help_texts = {"titel": _("Bijvoorbeeld: Woonzorgvisie Gemeente A 2025–2030.")}

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.gemeente = gemeente
        self.fields["analyse"].queryset = Woonzorganalyse.objects.filter(gemeente=gemeente)
        self.fields["analyse"].empty_label = _("(nog geen analyse)")
        self.fields["partners"].queryset = partners_van(gemeente)


class VaststellenForm(forms.Form):
    vastgesteld_op = forms.DateField(
        label=_("Vastgesteld op"),
        widget=DatumInput,
        help_text=_("De datum van het raadsbesluit."),
    )
    besluit = forms.CharField(
        label=_("Besluit"),
        max_length=300,
        help_text=_("Het raadsbesluit met kenmerk, bijvoorbeeld: Raadsbesluit 2025-017."),
    )

    def clean_vastgesteld_op(self):
        datum = self.cleaned_data["vastgesteld_op"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("De datum van het besluit ligt in de toekomst."))
        return datum


class ThemaForm(forms.ModelForm):
    class Meta:
        model = Thema
        fields = ["naam", "omschrijving", "volgorde"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 2})}


class BaseThemaFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        # A deleted form's own errors are ignored by is_valid(): refuse at the formset level.
        fouten = [
            _("Het thema “%(naam)s” heeft nog ambities. Verplaats of verwijder die eerst.")
            % {"naam": form.instance.naam}
            for form in self.deleted_forms
            if form.instance.pk and form.instance.ambities.exists()
        ]
        if fouten:
            raise forms.ValidationError(fouten)

    def get_unique_error_message(self, unique_check):
        return _("Elk thema heeft een eigen naam; u heeft een naam dubbel ingevuld.")


ThemaFormSet = inlineformset_factory(
    Woonzorgvisie, Thema, form=ThemaForm, formset=BaseThemaFormSet, extra=1, can_delete=True
)


class AmbitieForm(forms.ModelForm):
    class Meta:
        model = Ambitie
        fields = [
            "thema",
            "titel",
            "toelichting",
            "doelgroepen",
            "woonvormen",
            "gebieden",
            "bevindingen",
            "volgorde",
        ]
        field_classes = {"gebieden": GebiedenField, "bevindingen": BevindingenField}
        widgets = {
            "titel": forms.Textarea(attrs={"rows": 2}),
            "toelichting": forms.Textarea(attrs={"rows": 5}),
            "doelgroepen": forms.CheckboxSelectMultiple,
            "woonvormen": forms.CheckboxSelectMultiple,
            "gebieden": forms.CheckboxSelectMultiple,
            "bevindingen": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "titel": _(
                "Wat wilt u bereiken, voor wie? Bijvoorbeeld: Er moeten meer geclusterde "
                "woonvormen komen voor senioren."
            ),
            "volgorde": _("De plaats binnen het thema; lager staat eerder."),
        }

    def __init__(self, *args, visie, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.visie = visie
        self.fields["thema"].queryset = visie.themas.all()
        self.fields["doelgroepen"].queryset = Doelgroep.objects.all()
        self.fields["woonvormen"].queryset = Woonvorm.objects.all()
        self.fields["gebieden"].queryset = Gebied.objects.filter(
            gemeente=visie.gemeente_id
        ).exclude(soort=Gebied.Soort.BUURT)
        # The visie's own analyse first, then older ones of the same gemeente.
        self.fields["bevindingen"].queryset = (
            Bevinding.objects.filter(analyse__gemeente=visie.gemeente_id)
            .select_related("analyse")
            .order_by("-analyse__peiljaar", "titel")
        )


class DoelstellingForm(forms.ModelForm):
    class Meta:
        model = Doelstelling
        fields = [
            "woonvorm",
            "omschrijving",
            "aantal",
            "eenheid",
            "gebied",
            "locatie",
            "streefjaar",
        ]
        field_classes = {"gebied": GebiedChoiceField}
        help_texts = {
            "omschrijving": _(
                "Wat er moet komen, in één zin. Bijvoorbeeld: 140 geclusterde woningen erbij, "
                "binnen 500 meter van (zorg)voorzieningen."
            ),
            "gebied": _("Leeg laten als de doelstelling niet aan één wijk of kern gebonden is."),
            "streefjaar": _("Het jaar waarin het bereikt moet zijn."),
        }

    def __init__(self, *args, ambitie, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.ambitie = ambitie
        self.fields["woonvorm"].queryset = Woonvorm.objects.all()
        self.fields["woonvorm"].empty_label = _("(geen woonvorm: beschrijf het hieronder)")
        self.fields["gebied"].queryset = Gebied.objects.filter(gemeente=ambitie.visie.gemeente_id)
        self.fields["gebied"].empty_label = _("(geen gebied)")


class AfwegingscriteriumForm(forms.ModelForm):
    class Meta:
        model = Afwegingscriterium
        fields = ["naam", "toelichting", "weging"]
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 2})}


class BaseCriteriumFormSet(forms.BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        return _("Elk criterium heeft een eigen naam; u heeft een naam dubbel ingevuld.")


CriteriumFormSet = inlineformset_factory(
    Woonzorgvisie,
    Afwegingscriterium,
    form=AfwegingscriteriumForm,
    formset=BaseCriteriumFormSet,
    extra=2,
    can_delete=True,
)


class InitiatiefForm(forms.ModelForm):
    class Meta:
        model = Initiatief
        fields = [
            "titel",
            "soort",
            "indiener",
            "organisatie",
            "omschrijving",
            "woonvorm",
            "aantal",
            "gebied",
            "ingediend_op",
            "besluit",
            "conclusie",
        ]
        field_classes = {"gebied": GebiedChoiceField}
        widgets = {
            "omschrijving": forms.Textarea(attrs={"rows": 4}),
            "conclusie": forms.Textarea(attrs={"rows": 4}),
            "ingediend_op": DatumInput,
        }

    def __init__(self, *args, visie, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.visie = visie
        self.fields["organisatie"].queryset = partners_van(visie.gemeente_id)
        self.fields["gebied"].queryset = Gebied.objects.filter(gemeente=visie.gemeente_id)
        self.fields["woonvorm"].queryset = Woonvorm.objects.all()
        if not self.instance.pk:
            self.initial.setdefault("ingediend_op", timezone.localdate())

    def clean_ingediend_op(self):
        datum = self.cleaned_data["ingediend_op"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("De datum van indienen ligt in de toekomst."))
        return datum


SCORE_KEUZES = [("", _("niet beoordeeld"))] + [
    (str(score), str(score)) for score in range(Beoordeling.SCORE_MAX + 1)
]


class BeoordelingForm(forms.Form):
    """The score of one initiatief on every criterion of its visie, each with its motivering."""

    def __init__(self, *args, initiatief, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiatief = initiatief
        self.criteria = list(criteria)
        bestaand = {b.criterium_id: b for b in initiatief.beoordelingen.all()}
        for criterium in self.criteria:
            beoordeling = bestaand.get(criterium.pk)
            self.fields[f"score_{criterium.pk}"] = forms.TypedChoiceField(
                label=_("Score"),
                choices=SCORE_KEUZES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=beoordeling.score if beoordeling else "",
                help_text=_("0 draagt niet bij, 5 draagt volledig bij."),
            )
            self.fields[f"motivering_{criterium.pk}"] = forms.CharField(
                label=_("Motivering"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=beoordeling.motivering if beoordeling else "",
            )

    def rijen(self):
        """Per criterion its two fields, for the template."""
        for criterium in self.criteria:
            yield criterium, self[f"score_{criterium.pk}"], self[f"motivering_{criterium.pk}"]

    def clean(self):
        cleaned = super().clean()
        for criterium in self.criteria:
            score = cleaned.get(f"score_{criterium.pk}")
            motivering = (cleaned.get(f"motivering_{criterium.pk}") or "").strip()
            if score is not None and not motivering:
                self.add_error(
                    f"motivering_{criterium.pk}",
                    _("Licht de score op “%(criterium)s” toe.") % {"criterium": criterium.naam},
                )
        return cleaned

    def scores(self):
        """(criterium, score or None, motivering) for the service that saves them."""
        return [
            (
                criterium,
                self.cleaned_data.get(f"score_{criterium.pk}"),
                self.cleaned_data.get(f"motivering_{criterium.pk}", "").strip(),
            )
            for criterium in self.criteria
        ]
