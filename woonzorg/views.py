from django.apps import apps
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from . import services
from .fasen import fasen, kengetallen
from .forms import LoginForm, UitnodigingForm, WachtwoordVergetenForm
from .mixins import GemeenteEditorMixin, GemeenteMixin
from .models import Gebied, Gemeente, Organisatie, Rol


@login_required
def home(request):
    """Go to the gemeente the user last worked in, or their first one."""
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
        context["cyclus"] = [
            (fase, kengetallen(fase, self.gemeente, self.request.user)) for fase in fasen()
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
