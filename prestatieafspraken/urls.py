from django.urls import path

from . import views

app_name = "prestatieafspraken"

urlpatterns = [
    path("", views.OvereenkomstIndexView.as_view(), name="index"),
    path("nieuw/", views.OvereenkomstCreateView.as_view(), name="create"),
    path("catalogus/", views.CatalogusView.as_view(), name="catalogus"),
    path("afspraken/", views.AfspraakListView.as_view(), name="afspraken"),
    # One overeenkomst
    path("<int:pk>/", views.OvereenkomstDetailView.as_view(), name="detail"),
    path("<int:pk>/bewerken/", views.OvereenkomstUpdateView.as_view(), name="update"),
    path("<int:pk>/verwijderen/", views.OvereenkomstDeleteView.as_view(), name="delete"),
    path("<int:pk>/partijen/", views.PartijenView.as_view(), name="partijen"),
    path("<int:pk>/afspraken/nieuw/", views.AfspraakCreateView.as_view(), name="afspraak_create"),
    path(
        "<int:pk>/ter-ondertekening/",
        views.TerOndertekeningView.as_view(),
        name="ter_ondertekening",
    ),
    path(
        "<int:pk>/terug-naar-concept/",
        views.TerugNaarConceptView.as_view(),
        name="terug_naar_concept",
    ),
    path("<int:pk>/beeindigen/", views.BeeindigenView.as_view(), name="beeindigen"),
    path("<int:pk>/ondertekenen/", views.OndertekenenView.as_view(), name="ondertekenen"),
    path("<int:pk>/pdf/", views.OvereenkomstPdfView.as_view(), name="pdf"),
    path(
        "<int:pk>/geschiedenis/", views.OvereenkomstGeschiedenisView.as_view(), name="geschiedenis"
    ),
    path(
        "<int:pk>/jaarschijven/nieuw/",
        views.JaarschijfCreateView.as_view(),
        name="jaarschijf_create",
    ),
    # One afspraak
    path("afspraak/<int:pk>/", views.AfspraakDetailView.as_view(), name="afspraak"),
    path("afspraak/<int:pk>/bewerken/", views.AfspraakUpdateView.as_view(), name="afspraak_update"),
    path(
        "afspraak/<int:pk>/verwijderen/",
        views.AfspraakDeleteView.as_view(),
        name="afspraak_delete",
    ),
    path(
        "afspraak/<int:pk>/geschiedenis/",
        views.AfspraakGeschiedenisView.as_view(),
        name="afspraak_geschiedenis",
    ),
    # One jaarschijf
    path("jaarschijf/<int:pk>/", views.JaarschijfDetailView.as_view(), name="jaarschijf"),
    path(
        "jaarschijf/<int:pk>/bewerken/",
        views.JaarschijfUpdateView.as_view(),
        name="jaarschijf_update",
    ),
    path(
        "jaarschijf/<int:pk>/verwijderen/",
        views.JaarschijfDeleteView.as_view(),
        name="jaarschijf_delete",
    ),
]
