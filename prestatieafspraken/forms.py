"""Forms of the prestatieafspraken pages. Validation messages are Dutch and name the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from visies.models import Ambitie, Doelstelling, Woonzorgvisie
from woonzorg.forms import DatumInput, GebiedChoiceField, gegroepeerd, organisaties_van
from woonzorg.models import Gebied, Woonvorm

from . import services
from .models import (
    SMART_VRIJGESTELD,
    TYPE_UITLEG,
    Afspraak,
    AfspraakType,
    Domein,
    Jaarschijf,
    Opgave,
    Overeenkomst,
    Partij,
)

# --- Signing and jaarschijven ---------------------------------------------------------------------


class OndertekenForm(forms.Form):
    """The signer confirms having read this exact versie; the hash says which text that was."""

    inhoud_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
    functie = forms.CharField(
        label=_("Functie"),
        max_length=200,
        required=False,
        help_text=_("In welke hoedanigheid u tekent, bijvoorbeeld directeur-bestuurder."),
    )
    akkoord = forms.BooleanField(
        label=_("Ik heb deze versie gelezen en onderteken haar namens mijn organisatie."),
        error_messages={"required": _("Vink aan dat u deze versie namens uw organisatie tekent.")},
    )


class JaarschijfForm(forms.Form):
    """Which year a new jaarschijf is for: a year of the period that has none yet."""

    jaar = forms.TypedChoiceField(
        label=_("Jaar"),
        coerce=int,
        error_messages={
            "required": _("Kies het jaar van de jaarschijf."),
            "invalid_choice": _(
                "Kies bij Jaar een jaar van de periode dat nog geen jaarschijf heeft."
            ),
        },
    )

    def __init__(self, *args, overeenkomst, **kwargs):
        super().__init__(*args, **kwargs)
        bestaand = set(overeenkomst.jaarschijven.values_list("jaar", flat=True))
        self.fields["jaar"].choices = [(j, j) for j in overeenkomst.jaren if j not in bestaand]


class JaarschijfToelichtingForm(forms.ModelForm):
    class Meta:
        model = Jaarschijf
        fields = ["toelichting"]
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 3})}


class JaardoelenForm(forms.Form):
    """Per afspraak of the overeenkomst a number and a text for this year.

    Fields are named `aantal_<afspraak pk>` and `tekst_<afspraak pk>`; `waarden()` gives them to
    services.bewaar_jaarschijf.
    """

    def __init__(self, *args, afspraken, jaardoelen, **kwargs):
        super().__init__(*args, **kwargs)
        self.afspraken = list(afspraken)
        per_afspraak = {d.afspraak_id: d for d in jaardoelen}
        for afspraak in self.afspraken:
            doel = per_afspraak.get(afspraak.pk)
            self.fields[f"aantal_{afspraak.pk}"] = forms.IntegerField(
                label=_("Jaardoel %(nummer)s") % {"nummer": afspraak.nummer},
                help_text=afspraak.eenheid,  # the unit the number counts, as in the afspraak
                min_value=0,
                max_value=2_147_483_647,  # what the database column holds
                required=False,
                initial=doel.aantal if doel else None,
                error_messages={
                    "min_value": _("Een jaardoel is 0 of meer."),
                    "max_value": _("Dit jaardoel is te groot."),
                    "invalid": _("Vul een geheel getal in."),
                },
            )
            self.fields[f"tekst_{afspraak.pk}"] = forms.CharField(
                label=_("Wat dit jaar bij %(nummer)s") % {"nummer": afspraak.nummer},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=doel.tekst if doel else "",
            )

    def rijen(self):
        """(afspraak, aantal field, tekst field) per afspraak, for the template."""
        return [(a, self[f"aantal_{a.pk}"], self[f"tekst_{a.pk}"]) for a in self.afspraken]

    def waarden(self) -> dict:
        return {
            a.pk: (self.cleaned_data[f"aantal_{a.pk}"], self.cleaned_data[f"tekst_{a.pk}"])
            for a in self.afspraken
        }


# --- Overeenkomsten, partijen and afspraken ------------------------------------------------------


def visie_label(visie) -> str:
    return _("%(titel)s (versie %(versie)s, %(status)s)") % {
        "titel": visie.titel,
        "versie": visie.versie,
        "status": visie.get_status_display(),
    }


class VisieField(forms.ModelChoiceField):
    def label_from_instance(self, visie):
        return visie_label(visie)


class OvereenkomstForm(forms.ModelForm):
    class Meta:
        model = Overeenkomst
        fields = ["titel", "soort", "periode_start", "periode_eind", "visie", "toelichting"]
        field_classes = {"visie": VisieField}
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "titel": _("Bijvoorbeeld: Prestatieafspraken wonen, welzijn en zorg 2025–2028."),
            "soort": _(
                "Prestatieafspraken maakt de gemeente met corporaties en huurders; een pact of "
                "convenant sluit zij ook met zorg- en welzijnspartijen."
            ),
        }

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.gemeente = gemeente
        self.fields["visie"].queryset = Woonzorgvisie.objects.filter(gemeente=gemeente).order_by(
            "-periode_start", "-versie"
        )
        self.fields["visie"].empty_label = _("(nog geen visie gekoppeld)")

    def clean(self):
        cleaned = super().clean()
        start, eind = cleaned.get("periode_start"), cleaned.get("periode_eind")
        if self.instance.pk and start and eind:
            buiten = sorted(
                self.instance.jaarschijven.exclude(jaar__range=(start, eind)).values_list(
                    "jaar", flat=True
                )
            )
            if buiten:
                raise forms.ValidationError(
                    _(
                        "Er zijn jaarschijven voor %(jaren)s, buiten deze periode. Verwijder die "
                        "eerst of kies een periode die ze omvat."
                    )
                    % {"jaren": ", ".join(str(j) for j in buiten)}
                )
        return cleaned


class PartijForm(forms.ModelForm):
    class Meta:
        model = Partij
        fields = ["organisatie", "rol"]

    def __init__(self, *args, organisaties, keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = organisaties
        self.fields["organisatie"].choices = keuzes  # read once for the whole formset


class BasePartijFormSet(forms.BaseInlineFormSet):
    """The partijen of one overeenkomst: organisaties that work in its gemeente, each once."""

    def __init__(self, *args, instance, **kwargs):
        organisaties = organisaties_van(instance.gemeente_id)
        keuzes = [("", _("(kies een organisatie)"))] + [
            (o.pk, f"{o.naam} ({o.get_soort_display()})") for o in organisaties
        ]
        kwargs["form_kwargs"] = {"organisaties": organisaties, "keuzes": keuzes}
        super().__init__(*args, instance=instance, **kwargs)

    def get_unique_error_message(self, unique_check):
        return _(
            "Elke organisatie is maar één keer partij: u heeft dezelfde organisatie meer dan eens "
            "gekozen."
        )


# Three empty rows: prestatieafspraken have at least three parties (the gemeente, the corporatie
# and the huurdersorganisatie), so a new overeenkomst gets them in one go.
PartijFormSet = forms.inlineformset_factory(
    Overeenkomst, Partij, form=PartijForm, formset=BasePartijFormSet, extra=3, can_delete=True
)


class AfspraakForm(forms.ModelForm):
    """One afspraak of an overeenkomst. Every choice is limited to the overeenkomst's gemeente;
    the model's clean() checks what belongs together (opgave and domein, doelstelling and
    ambitie)."""

    class Meta:
        model = Afspraak
        fields = [
            "nummer",
            "domein",
            "opgave",
            "type",
            "titel",
            "tekst",
            "trekker",
            "betrokkenen",
            "ambitie",
            "doelstelling",
            "woonvorm",
            "aantal",
            "eenheid",
            "aantal_nieuwbouw",
            "aantal_bestaande_bouw",
            "gebied",
            "deadline",
            "verwijzingen",
            "verwijzing",
        ]
        field_classes = {"gebied": GebiedChoiceField}
        widgets = {
            "type": forms.RadioSelect,
            "titel": forms.Textarea(attrs={"rows": 2}),
            "tekst": forms.Textarea(attrs={"rows": 6}),
            "betrokkenen": forms.CheckboxSelectMultiple,
            "verwijzingen": forms.CheckboxSelectMultiple,
            "deadline": DatumInput,
        }
        help_texts = {
            "nummer": _("Bijvoorbeeld 2.3: het domein en de volgorde daarin."),
            "opgave": _("Het onderwerp uit de catalogus van de handreiking."),
            "titel": _("De afspraak in één zin, zoals hij in de inhoudsopgave staat."),
            "trekker": _(
                "De organisatie die ervoor zorgt dat de afspraak wordt nagekomen (specifiek)."
            ),
            "aantal": _("Hoeveel er komt of gebeurt (meetbaar); met de eenheid hieronder."),
            "deadline": _("Wanneer het er moet zijn (tijdgebonden)."),
        }

    def __init__(self, *args, overeenkomst, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.overeenkomst = overeenkomst
        gemeente = overeenkomst.gemeente_id
        velden = self.fields
        velden["type"].choices = AfspraakType.choices

        domeinen = list(Domein)
        opgaven = sorted(Opgave.objects.all(), key=lambda o: (domeinen.index(o.domein), o.volgorde))
        velden["opgave"].queryset = Opgave.objects.all()
        velden["opgave"].choices = gegroepeerd(
            opgaven, lambda o: o.get_domein_display(), leeg=_("(geen opgave uit de catalogus)")
        )

        organisaties = organisaties_van(gemeente)
        velden["trekker"].queryset = organisaties
        velden["trekker"].empty_label = _("(nog geen trekker)")
        velden["betrokkenen"].queryset = organisaties

        # The ambities of the overeenkomst's own visie first, then the gemeente's other visies.
        def eigen_visie_eerst(obj):
            return obj.visie_id != overeenkomst.visie_id

        ambities = Ambitie.objects.filter(visie__gemeente=gemeente).select_related("visie")
        velden["ambitie"].queryset = ambities
        velden["ambitie"].choices = gegroepeerd(
            sorted(ambities, key=eigen_visie_eerst),
            lambda a: visie_label(a.visie),
            label=lambda a: a.titel,
            leeg=_("(nog geen ambitie)"),
        )
        doelstellingen = Doelstelling.objects.filter(
            ambitie__visie__gemeente=gemeente
        ).select_related("ambitie", "woonvorm")
        velden["doelstelling"].queryset = doelstellingen
        velden["doelstelling"].choices = gegroepeerd(
            sorted(doelstellingen, key=lambda d: d.ambitie.visie_id != overeenkomst.visie_id),
            lambda d: d.ambitie.titel,
            leeg=_("(geen doelstelling)"),
        )

        velden["woonvorm"].queryset = Woonvorm.objects.all()
        velden["woonvorm"].empty_label = _("(geen woonvorm)")
        velden["gebied"].queryset = Gebied.objects.filter(gemeente=gemeente)
        velden["gebied"].empty_label = _("(de hele gemeente)")

        # Other afspraken of the gemeente, this overeenkomst's first, in number order.
        andere = list(
            Afspraak.objects.filter(overeenkomst__gemeente=gemeente)
            .exclude(pk=self.instance.pk)
            .select_related("overeenkomst")
        )
        andere.sort(
            key=lambda a: (
                a.overeenkomst_id != overeenkomst.pk,
                -a.overeenkomst.periode_start,
                a.overeenkomst.titel,
                a.overeenkomst_id,
                services.natuurlijk(a.nummer),
            )
        )
        velden["verwijzingen"].queryset = Afspraak.objects.filter(
            overeenkomst__gemeente=gemeente
        ).exclude(pk=self.instance.pk)
        velden["verwijzingen"].choices = gegroepeerd(andere, lambda a: a.overeenkomst.titel)

    def type_keuzes(self):
        """Per type its radio button, the handreiking's uitleg and voorbeeld, and whether it is
        held to SMART; for the form to show without JavaScript."""
        return [
            (
                radio,
                *TYPE_UITLEG[AfspraakType(radio.data["value"])],
                radio.data["value"] in SMART_VRIJGESTELD,
            )
            for radio in self["type"]
        ]

    def clean_nummer(self):
        nummer = self.cleaned_data["nummer"]
        dubbel = Afspraak.objects.filter(
            overeenkomst=self.instance.overeenkomst, nummer=nummer
        ).exclude(pk=self.instance.pk)
        if dubbel.exists():
            raise forms.ValidationError(
                _("Nummer %(nummer)s is al gebruikt in deze overeenkomst; kies een ander nummer.")
                % {"nummer": nummer}
            )
        return nummer
