from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import tweestaps
from .models import Organisatie, Rol, User

# --- Shared by the phase apps' forms --------------------------------------------------------------


class DatumInput(forms.DateInput):
    """The browser's date picker; the value in ISO form, as it expects."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class GebiedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, gebied):
        return f"{gebied.naam} ({gebied.get_soort_display()})"


def jaartal_veld(veld, label) -> None:
    """A year field within the models' range (2000–2100), its message naming the field: the
    model's own validators would not say which field is wrong."""
    veld.validators = [MinValueValidator(2000), MaxValueValidator(2100)]
    veld.widget.attrs.update({"min": 2000, "max": 2100})
    veld.error_messages["min_value"] = veld.error_messages["max_value"] = _(
        "Vul bij %(veld)s een jaartal tussen 2000 en 2100 in."
    ) % {"veld": label}


def organisaties_van(gemeente):
    """The organisaties working in the gemeente, its own included: parties, trekkers,
    betrokkenen, financiers."""
    return Organisatie.objects.filter(werkgebied=gemeente).order_by("naam")


def gegroepeerd(objecten, groep, label=str, leeg=None) -> list:
    """Choices in <optgroup>s, in the order the objects come: [(groep, [(pk, label), …]), …].

    The field keeps its queryset, so what is posted is still validated against it.
    """
    groepen: dict = {}
    for obj in objecten:
        groepen.setdefault(str(groep(obj)), []).append((obj.pk, label(obj)))
    keuzes = list(groepen.items())
    return [("", leeg), *keuzes] if leeg is not None else keuzes


# --- Accounts -------------------------------------------------------------------------------------


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Deze combinatie van e-mailadres en wachtwoord is onbekend. Let op hoofdletters."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mailadres")
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class CodeForm(forms.Form):
    """A code of the authenticator app (six digits), or a herstelcode."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        return tweestaps.normaliseer(self.cleaned_data["code"])


class TweedeStapForm(CodeForm):
    """The second step of logging in: checks the code against the user's app or herstelcodes."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["code"].widget.attrs["autofocus"] = True
        self.fields["code"].help_text = _(
            "De zes cijfers die uw authenticator-app nu toont. Telefoon kwijt? Vul dan een van "
            "uw herstelcodes in."
        )

    def clean_code(self):
        code = super().clean_code()
        self.controle = tweestaps.controleer(self.user, code)
        if self.controle.wacht_tot:
            seconden = tweestaps.seconden_tot(self.controle.wacht_tot)
            raise forms.ValidationError(
                ngettext(
                    "Er is een onjuiste code ingevuld. Wacht nog %(n)d seconde en probeer het "
                    "dan opnieuw.",
                    "Er is een onjuiste code ingevuld. Wacht nog %(n)d seconden en probeer het "
                    "dan opnieuw.",
                    seconden,
                )
                % {"n": seconden},
                code="wachten",
            )
        if self.controle.device is None:
            raise forms.ValidationError(
                _(
                    "Deze code klopt niet. Vul de code in die uw authenticator-app nu toont (hij "
                    "verandert elke 30 seconden), of een herstelcode die u nog niet hebt gebruikt."
                ),
                code="onjuist",
            )
        return code


class WachtwoordVergetenForm(PasswordResetForm):
    """Also reaches invited users who never chose a password (their link may have expired).

    Django skips accounts without a usable password; here those are exactly the invited users
    who still need one, so they are included.
    """

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True)


class UitnodigingForm(forms.Form):
    """Invite a partner contact (or a colleague) to work in this gemeente."""

    email = forms.EmailField(label=_("E-mailadres"))
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisatie.objects.none(),
        help_text=_("De organisatie namens wie deze persoon werkt."),
    )
    rol = forms.ChoiceField(
        label=_("Rol"),
        choices=Rol.Soort.choices,
        initial=Rol.Soort.PARTNER,
        help_text=_(
            "Partner: ziet en ondertekent alleen waar de eigen organisatie bij betrokken is. "
            "Lezer: leest alles van de gemeente, wijzigt niets."
        ),
    )

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.filter(werkgebied=gemeente)

    def clean(self):
        cleaned = super().clean()
        organisatie = cleaned.get("organisatie")
        rol = cleaned.get("rol")
        staff = {Rol.Soort.BELEIDSADVISEUR, Rol.Soort.PROGRAMMALEIDER}
        if organisatie and rol in staff and organisatie.soort != Organisatie.Soort.GEMEENTE:
            self.add_error(
                "rol",
                _(
                    "Alleen medewerkers van de gemeente kunnen beleidsadviseur of "
                    "programmaleider zijn."
                ),
            )
        return cleaned


class HerinneringenForm(forms.ModelForm):
    """The user's own choice: the daily reminder e-mail on or off."""

    class Meta:
        model = User
        fields = ["herinneringen"]

    def save(self, commit=True):
        # Only this field: the rest of the row may have changed since the page was loaded (a
        # reminder that just went out set laatste_herinnering).
        if commit:
            self.instance.save(update_fields=["herinneringen"])
        return self.instance
