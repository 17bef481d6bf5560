from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from . import lezing, permissions, services, taken, tweestaps
from .fasen import fasen, kengetallen
from .forms import (
    CodeForm,
    HerinneringenForm,
    LoginForm,
    TweedeStapForm,
    UitnodigingForm,
    WachtwoordVergetenForm,
)
from .ketencheck import aantal_breuken, ketencheck
from .ketencheck import per_fase as ketencheck_per_fase
from .mixins import GemeenteEditorMixin, GemeenteMixin
from .models import Gebied, Gemeente, Organisatie, Rol


@login_required
def home(request):
    """Go to the gemeente the user last worked in, or their first one; a partner, who may
    work in several gemeenten, starts at the tasks of its organisatie."""
    soorten = set(Rol.objects.filter(user=request.user).values_list("soort", flat=True))
    if soorten == {Rol.Soort.PARTNER}:
        return redirect("taken")
    gemeenten = Gemeente.objects.for_user(request.user)
    gemeente = gemeenten.filter(cbs_code=request.session.get("gemeente")).first()
    gemeente = gemeente or gemeenten.first()
    if gemeente is None:
        return render(request, "woonzorg/geen_gemeente.html")
    return redirect(gemeente)


class DashboardView(GemeenteMixin, TemplateView):
    """The gemeente's cycle: per phase what exists, each number a link to its list."""

    template_name = "woonzorg/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        with lezing.gedeeld():  # the phases read the visie, the indicatoren … once
            # The ketencheck only for those who see the whole chain (see woonzorg.ketencheck).
            if permissions.has_full_view(user, self.gemeente):
                keten = ketencheck_per_fase(self.gemeente, user)
                context["breuken"] = aantal_breuken([c for _fase, lijst in keten for c in lijst])
            else:
                keten = [(fase, []) for fase in fasen()]
            context["cyclus"] = [
                (fase, kengetallen(fase, self.gemeente, user), controles)
                for fase, controles in keten
            ]
        context["partners"] = (
            Organisatie.objects.for_user(self.request.user)
            .filter(werkgebied=self.gemeente)
            .exclude(soort=Organisatie.Soort.GEMEENTE)
            .order_by("soort", "naam")
        )
        aantallen = dict(
            self.gemeente.gebieden.values_list("soort").annotate(aantal=Count("pk")).order_by()
        )
        context["gebieden_per_soort"] = [
            (soort.label, aantallen[soort]) for soort in Gebied.Soort if soort in aantallen
        ]
        return context


class KetencheckView(GemeenteMixin, TemplateView):
    """Every broken link of the gemeente's chain, grouped by kind, each with where to mend it."""

    template_name = "woonzorg/ketencheck.html"

    def check_permission(self):
        # A partner sees only its own part of the chain: to it every other link looks broken.
        permissions.require(permissions.has_full_view(self.request.user, self.gemeente))

    def get_context_data(self, **kwargs):
        with lezing.gedeeld():
            controles = ketencheck(self.gemeente, self.request.user)
        return super().get_context_data(
            controles=controles,
            breuken=aantal_breuken(controles),
            **kwargs,
        )


class FaseView(GemeenteMixin, TemplateView):
    """The entry page of a phase; its app's own pages hang below it."""

    app_label = ""

    def get_template_names(self):
        return [f"{self.app_label}/index.html", "woonzorg/fase_index.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fase"] = apps.get_app_config(self.app_label).fase
        return context


class GebruikersView(GemeenteEditorMixin, ListView):
    """Who works in this gemeente, in which role; the place to invite partner contacts."""

    template_name = "woonzorg/gebruiker_list.html"
    context_object_name = "rollen"
    paginate_by = 50

    def get_queryset(self):
        return (
            Rol.objects.for_user(self.request.user)
            .filter(gemeente=self.gemeente)
            .select_related("user__organisatie")
            .order_by("user__organisatie__naam", "user__last_name", "user__email")
        )


class UitnodigenView(GemeenteEditorMixin, FormView):
    template_name = "woonzorg/uitnodiging_form.html"
    form_class = UitnodigingForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "gemeente": self.gemeente}

    def form_valid(self, form):
        try:
            uitnodiging = services.invite_user(
                gemeente=self.gemeente,
                invited_by=self.request.user,
                base_url=self.request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)  # the service names the form field it refuses
            return self.form_invalid(form)
        if uitnodiging.wachtwoord_kiezen:
            text = _("Uitnodiging verstuurd naar %(email)s.")
        else:
            text = _("%(email)s had al een account en heeft nu ook toegang tot deze gemeente.")
        messages.success(self.request, text % {"email": uitnodiging.user.email})
        return redirect("gebruikers", gemeente=self.gemeente.cbs_code)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # The button for the gemeente's own account, when OpenID Connect is configured.
        oidc_knop = settings.OIDC_KNOP if settings.OIDC_ENABLED else None
        return super().get_context_data(oidc_knop=oidc_knop, **kwargs)


class WachtwoordVergetenView(auth_views.PasswordResetView):
    form_class = WachtwoordVergetenForm


class UitnodigingAccepterenView(auth_views.PasswordResetConfirmView):
    """The invitation link: choose a password, then straight in."""

    template_name = "registration/uitnodiging_accepteren.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, _("Welkom bij Woonzorg. Uw wachtwoord is ingesteld."))
        return super().form_valid(form)


# --- Two-step login (woonzorg/tweestaps.py) -------------------------------------------------------

NIEUWE_HERSTELCODES = "woonzorg_nieuwe_herstelcodes"  # in the session, until shown once


@method_decorator(never_cache, name="dispatch")
class TweedeStapView(auth_views.RedirectURLMixin, FormView):
    """After the password: the code of the app, or a herstelcode. Also asked again, later in a
    session, before new herstelcodes or another phone (tweestaps.code_is_vers)."""

    form_class = TweedeStapForm
    template_name = "registration/tweede_stap.html"
    next_page = settings.LOGIN_REDIRECT_URL

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        klaar = user.is_verified() and tweestaps.code_is_vers(request)
        if klaar or not user.tweestaps_aan:
            return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            next=self.get_redirect_url(), opnieuw=self.request.user.is_verified(), **kwargs
        )

    def form_valid(self, form):
        tweestaps.tweede_stap_gedaan(self.request, form.controle.device)
        if form.controle.herstelcode:
            messages.warning(self.request, herstelcode_gebruikt(self.request.user))
        return redirect(self.get_success_url())


@method_decorator(never_cache, name="dispatch")
class TweestapsView(LoginRequiredMixin, auth_views.RedirectURLMixin, FormView):
    """Whether two-step login is on; turning it on, or moving it to another phone: scan the QR
    code, then confirm with the first code the app shows."""

    form_class = CodeForm
    template_name = "registration/tweestaps.html"
    next_page = "tweestaps"

    @cached_property
    def koppelen(self) -> bool:
        return not self.request.user.tweestaps_aan or "koppelen" in self.request.GET

    def get(self, request, *args, **kwargs):
        if self.koppelen and request.user.tweestaps_aan and not tweestaps.code_is_vers(request):
            return tweestaps.naar_stap("tweede_stap", request.get_full_path())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.koppelen:
            return redirect("tweestaps")
        if request.user.tweestaps_aan and not tweestaps.code_is_vers(request):
            return tweestaps.naar_stap("tweede_stap", request.get_full_path())
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(
            aan=user.tweestaps_aan,
            koppelen=self.koppelen,
            verplicht=tweestaps.verplicht(user),
            next=self.get_redirect_url(),
            **kwargs,
        )
        if self.koppelen:
            sleutel = tweestaps.nieuwe_sleutel(self.request)
            context["koppeling"] = tweestaps.koppeling(user, sleutel)
        else:
            context["app"] = tweestaps.app_van(user)
            context["herstelcodes_over"] = tweestaps.herstelcodes_over(user)
        return context

    def form_valid(self, form):
        al_aan = self.request.user.tweestaps_aan
        codes = tweestaps.bevestig(self.request, form.cleaned_data["code"])
        if codes is None:
            form.add_error(
                "code",
                _(
                    "Deze code klopt niet. Vul de code in die de app nu bij Woonzorg toont, en "
                    "kijk of de klok van uw telefoon gelijk loopt."
                ),
            )
            return self.form_invalid(form)
        self.request.session[NIEUWE_HERSTELCODES] = codes
        if al_aan:
            text = _("De nieuwe telefoon is gekoppeld; de vorige werkt niet meer.")
        else:
            text = _("Tweestapsverificatie staat aan.")
        messages.success(self.request, text)
        return redirect_met_next("herstelcodes", self.get_redirect_url())


@method_decorator(never_cache, name="dispatch")
class HerstelcodesView(LoginRequiredMixin, auth_views.RedirectURLMixin, TemplateView):
    """New herstelcodes are shown once, right after they are made; a POST makes new ones."""

    template_name = "registration/herstelcodes.html"
    next_page = "tweestaps"

    def get(self, request, *args, **kwargs):
        codes = request.session.pop(NIEUWE_HERSTELCODES, None)
        if not codes:
            return redirect("tweestaps")
        return self.render_to_response(
            self.get_context_data(codes=codes, next=self.get_success_url())
        )

    def post(self, request, *args, **kwargs):
        if not request.user.tweestaps_aan:
            return redirect("tweestaps")
        if not tweestaps.code_is_vers(request):
            return tweestaps.naar_stap("tweede_stap", reverse("tweestaps"))
        request.session[NIEUWE_HERSTELCODES] = tweestaps.nieuwe_herstelcodes(request.user)
        messages.success(request, _("Nieuwe herstelcodes gemaakt; de vorige werken niet meer."))
        return redirect("herstelcodes")


class TweestapsUitzettenView(LoginRequiredMixin, FormView):
    """Turning it off asks for a code, so a session left open is not enough. A beheerder cannot."""

    form_class = TweedeStapForm
    template_name = "registration/tweestaps_uitzetten.html"
    success_url = reverse_lazy("tweestaps")

    def get(self, request, *args, **kwargs):
        if not request.user.tweestaps_aan:
            return redirect("tweestaps")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not request.user.tweestaps_aan:
            return redirect("tweestaps")
        if tweestaps.verplicht(request.user):
            raise PermissionDenied(_("Voor een beheerder is tweestapsverificatie verplicht."))
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(verplicht=tweestaps.verplicht(self.request.user), **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        tweestaps.zet_uit(self.request)
        messages.success(
            self.request,
            _("Tweestapsverificatie staat uit. U logt voortaan in met alleen uw wachtwoord."),
        )
        return super().form_valid(form)


def herstelcode_gebruikt(user) -> str:
    over = tweestaps.herstelcodes_over(user)
    if over:
        text = _("U bent ingelogd met een herstelcode; die is nu gebruikt. U hebt er nog %(n)d.")
        text %= {"n": over}
    else:
        text = _("U bent ingelogd met uw laatste herstelcode.")
    advies = _("Koppel een nieuwe telefoon of maak nieuwe herstelcodes bij Tweestapsverificatie.")
    return f"{text} {advies}"


def redirect_met_next(naam, next_url):
    return redirect(f"{reverse(naam)}?{urlencode({'next': next_url})}" if next_url else naam)


# --- Mijn taken and the daily reminder ------------------------------------------------------------


class TakenView(LoginRequiredMixin, TemplateView):
    """What the user's organisatie must do, over every gemeente the user works in."""

    template_name = "woonzorg/taken.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lijsten = taken.takenlijsten(self.request.user, timezone.localdate())
        context["lijsten"] = lijsten
        context["aantal_dringend"] = taken.aantal_dringend(lijsten)
        context["onderdelen"] = [(f"taken-{lijst.soort}", lijst.titel) for lijst in lijsten]
        return context


class HerinneringenView(LoginRequiredMixin, UpdateView):
    """The user's own setting: the daily reminder on or off."""

    form_class = HerinneringenForm
    template_name = "woonzorg/herinneringen_form.html"
    success_url = reverse_lazy("herinneringen")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        if form.cleaned_data["herinneringen"]:
            text = _("U krijgt een dagelijkse herinnering als er iets op u wacht.")
        else:
            text = _("U krijgt geen dagelijkse herinneringen meer.")
        messages.success(self.request, text)
        return super().form_valid(form)


class HerinneringenUitView(TemplateView):
    """The opt-out link in the reminder: works without logging in. GET only asks; POST turns it
    off, because mail scanners open links."""

    template_name = "woonzorg/herinneringen_uit.html"

    def dispatch(self, request, *args, **kwargs):
        self.ontvanger = taken.user_van_uit_token(kwargs["token"])
        if self.ontvanger is None:
            return self.render_to_response(self.get_context_data(ongeldig=True), status=400)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(ontvanger=self.ontvanger, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.ontvanger.herinneringen:
            self.ontvanger.herinneringen = False
            self.ontvanger.save(update_fields=["herinneringen"])
        return self.render_to_response(self.get_context_data(uitgezet=True))
