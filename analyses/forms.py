import re
from pathlib import PurePath

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from woonzorg.forms import GebiedChoiceField
from woonzorg.models import Gebied, Woonvorm

from .models import Behoeftenorm, Bevinding, Woonzorganalyse

MAX_UPLOAD = 20 * 1024 * 1024
IMPORT_EXTENSIES = (".csv", ".xlsx")

# CBS "Kerncijfers wijken en buurten": the StatLine table id says which year it describes.
CBS_TABELLEN = {"85318NED": 2022, "85618NED": 2023, "85984NED": 2024}


def raad_jaar(bestandsnaam: str) -> int | None:
    """The year a file name gives away: a known CBS table id, or a year 2000–2099 in it."""
    naam = bestandsnaam.upper()
    for tabel, jaar in CBS_TABELLEN.items():
        if tabel in naam:
            return jaar
    gevonden = re.search(r"(?<!\d)(20\d{2})(?!\d)", naam)
    return int(gevonden.group(1)) if gevonden else None


class DecimaalInput(forms.TextInput):
    """A text box for numbers with a decimal comma (a number box would refuse 12,5)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", **(attrs or {})})


class WoonzorganalyseForm(forms.ModelForm):
    class Meta:
        model = Woonzorganalyse
        fields = [
            "titel",
            "peiljaar",
            "status",
            "samenvatting",
            "aandeel_75plus",
            "aandeel_75plus_bron",
        ]
        localized_fields = ["aandeel_75plus"]
        widgets = {
            "samenvatting": forms.Textarea(attrs={"rows": 6}),
            "aandeel_75plus": DecimaalInput(),
        }
        help_texts = {
            "aandeel_75plus_bron": _(
                "Verplicht als u een aandeel invult, bijvoorbeeld: CBS StatLine, bevolking op "
                "1 januari 2024."
            )
        }


class BehoeftenormForm(forms.ModelForm):
    class Meta:
        model = Behoeftenorm
        fields = ["woonvorm", "leeftijdsklasse", "per_1000", "bron"]
        localized_fields = ["per_1000"]
        widgets = {"per_1000": DecimaalInput()}
        help_texts = {
            "per_1000": _(
                "Hoeveel van deze woonvorm nodig zijn per 1.000 inwoners van de leeftijdsklasse."
            ),
            "bron": _("Waar de norm op rust: eigen onderzoek, een regionale monitor, een rapport."),
        }


class BaseNormFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One query for the woonvorm choices, shared by every row instead of one per row.
        # iter() first: list() on the iterator itself would ask its length, a COUNT query.
        keuzes = list(iter(self.forms[0].fields["woonvorm"].choices)) if self.forms else []
        for form in self.forms:
            form.fields["woonvorm"].choices = keuzes

    def get_unique_error_message(self, unique_check):
        return _("Per woonvorm en leeftijdsklasse geldt één norm; u heeft er een dubbel ingevuld.")


NormFormSet = inlineformset_factory(
    Woonzorganalyse,
    Behoeftenorm,
    form=BehoeftenormForm,
    formset=BaseNormFormSet,
    extra=2,
    can_delete=True,
)


class BevindingForm(forms.ModelForm):
    class Meta:
        model = Bevinding
        fields = ["titel", "tekst", "waarde", "eenheid", "bron", "doelgroep", "gebied", "woonvorm"]
        field_classes = {"gebied": GebiedChoiceField}
        localized_fields = ["waarde"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 4}), "waarde": DecimaalInput()}
        help_texts = {
            "titel": _(
                "Bijvoorbeeld: 23% van de 65-plussers wil verhuizen naar een geschikte woning."
            ),
            "bron": _("Waar het cijfer vandaan komt: onderzoek, peiling of registratie, met jaar."),
        }

    def __init__(self, *args, analyse, **kwargs):
        super().__init__(*args, **kwargs)
        # Set before validation: the model's clean() compares the gebied with the gemeente.
        self.instance.analyse = analyse
        self.fields["gebied"].queryset = Gebied.objects.filter(gemeente=analyse.gemeente_id)
        self.fields["woonvorm"].queryset = Woonvorm.objects.all()


class ImportForm(forms.Form):
    bestand = forms.FileField(
        label=_("Bestand"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        help_text=_(
            "CSV of Excel (.xlsx), hoogstens 20 MB: CBS Kerncijfers wijken en buurten "
            "(ook de StatLine-download) of het Woonzorg-sjabloon."
        ),
    )
    jaar = forms.IntegerField(
        label=_("Jaar van de cijfers"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_(
            "Verplicht voor CBS-bestanden, want hun rijen noemen geen jaar. Leeg laten: "
            "het jaar wordt uit de bestandsnaam afgeleid (bijvoorbeeld 85618NED is 2023)."
        ),
    )
    bron = forms.CharField(
        label=_("Bron"),
        max_length=300,
        required=False,
        help_text=_(
            "Wordt bij elk cijfer bewaard, bijvoorbeeld: CBS 85618NED (2023). Leeg laten: "
            "“CBS Kerncijfers wijken en buurten [jaar]” of “Woonzorg-sjabloon [bestandsnaam]”."
        ),
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if PurePath(bestand.name).suffix.lower() not in IMPORT_EXTENSIES:
            raise forms.ValidationError(
                _("Kies een CSV- of Excel-bestand (.csv of .xlsx)."), code="extensie"
            )
        if bestand.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Het bestand is groter dan 20 MB."), code="te_groot")
        return bestand

    def clean(self):
        cleaned = super().clean()
        bestand = cleaned.get("bestand")
        if bestand and cleaned.get("jaar") is None and not self.has_error("jaar"):
            cleaned["jaar"] = raad_jaar(bestand.name)
        return cleaned


# The uuid4 name the upload was stored under: nothing else is ever taken for a file name.
TOKEN_PATROON = re.compile(r"^[0-9a-f]{32}\.(csv|xlsx)$")


class ImportBevestigenForm(forms.Form):
    token = forms.RegexField(regex=TOKEN_PATROON, max_length=40, widget=forms.HiddenInput)
    jaar = forms.IntegerField(
        required=False, min_value=1990, max_value=2100, widget=forms.HiddenInput
    )
    bron = forms.CharField(max_length=300, required=False, widget=forms.HiddenInput)
