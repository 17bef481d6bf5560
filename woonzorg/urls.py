from django.contrib import admin
from django.urls import include, path

from . import oidc, views

gemeente_patterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("ketencheck/", views.KetencheckView.as_view(), name="ketencheck"),
    path("gebruikers/", views.GebruikersView.as_view(), name="gebruikers"),
    path("gebruikers/uitnodigen/", views.UitnodigenView.as_view(), name="uitnodigen"),
    path("analyse/", include("analyses.urls")),
    path("visie/", include("visies.urls")),
    path("prestatieafspraken/", include("prestatieafspraken.urls")),
    path("uitvoering/", include("uitvoering.urls")),
    path("borging/", include("borging.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("taken/", views.TakenView.as_view(), name="taken"),
    path("g/<str:gemeente>/", include(gemeente_patterns)),
    # Before django.contrib.auth.urls, so these override its login and password reset.
    path("account/login/", views.LoginView.as_view(), name="login"),
    path("account/password_reset/", views.WachtwoordVergetenView.as_view(), name="password_reset"),
    path(
        "account/uitnodiging/<uidb64>/<token>/",
        views.UitnodigingAccepterenView.as_view(),
        name="uitnodiging_accepteren",
    ),
    path("account/tweede-stap/", views.TweedeStapView.as_view(), name="tweede_stap"),
    path("account/tweestapsverificatie/", views.TweestapsView.as_view(), name="tweestaps"),
    path(
        "account/tweestapsverificatie/herstelcodes/",
        views.HerstelcodesView.as_view(),
        name="herstelcodes",
    ),
    path(
        "account/tweestapsverificatie/uitzetten/",
        views.TweestapsUitzettenView.as_view(),
        name="tweestaps_uitzetten",
    ),
    # OpenID Connect; the names are mozilla-django-oidc's own, which it reverses.
    path("account/oidc/", oidc.AanvraagView.as_view(), name="oidc_authentication_init"),
    path("account/oidc/terug/", oidc.TerugkeerView.as_view(), name="oidc_authentication_callback"),
    path("account/herinneringen/", views.HerinneringenView.as_view(), name="herinneringen"),
    path(
        "account/herinneringen/uit/<str:token>/",
        views.HerinneringenUitView.as_view(),
        name="herinneringen_uit",
    ),
    path("account/", include("django.contrib.auth.urls")),
    path("beheer/", admin.site.urls),
]
