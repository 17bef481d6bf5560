from django.urls import path

from . import views

app_name = "borging"

urlpatterns = [
    path("", views.MonitoringView.as_view(), name="index"),
    path("indicatoren/nieuw/", views.IndicatorCreateView.as_view(), name="indicator_create"),
    path("metingen/inlezen/", views.MetingenUploadView.as_view(), name="metingen_upload"),
    path("metingen/sjabloon.csv", views.MetingenSjabloonView.as_view(), name="metingen_sjabloon"),
    # One indicator
    path("indicator/<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator"),
    path(
        "indicator/<int:pk>/bewerken/", views.IndicatorUpdateView.as_view(), name="indicator_update"
    ),
    path(
        "indicator/<int:pk>/verwijderen/",
        views.IndicatorDeleteView.as_view(),
        name="indicator_delete",
    ),
    path(
        "indicator/<int:pk>/streefwaarden/",
        views.StreefwaardenView.as_view(),
        name="streefwaarden",
    ),
    path("indicator/<int:pk>/meting/", views.MetingView.as_view(), name="meting"),
    path(
        "indicator/<int:pk>/geschiedenis/",
        views.IndicatorGeschiedenisView.as_view(),
        name="indicator_geschiedenis",
    ),
    # Evaluaties
    path("evaluaties/", views.EvaluatieListView.as_view(), name="evaluaties"),
    path("evaluaties/nieuw/", views.EvaluatieCreateView.as_view(), name="evaluatie_create"),
    path("evaluatie/<int:pk>/", views.EvaluatieDetailView.as_view(), name="evaluatie"),
    path(
        "evaluatie/<int:pk>/bewerken/",
        views.EvaluatieUpdateView.as_view(),
        name="evaluatie_update",
    ),
    path(
        "evaluatie/<int:pk>/verwijderen/",
        views.EvaluatieDeleteView.as_view(),
        name="evaluatie_delete",
    ),
    # The chain of one ambitie, from bevinding to indicator
    path("keten/<int:pk>/", views.KetenView.as_view(), name="keten"),
    path("keten/<int:pk>/afdrukken/", views.KetenAfdrukkenView.as_view(), name="keten_afdrukken"),
    # Jaarschijfrapporten
    path("rapporten/", views.RapportenView.as_view(), name="rapporten"),
    path("rapporten/aanvragen/", views.RapportAanvragenView.as_view(), name="rapport_aanvragen"),
    path("rapport/<int:pk>/status/", views.RapportStatusView.as_view(), name="rapport_status"),
    path(
        "rapport/<int:pk>/download/", views.RapportDownloadView.as_view(), name="rapport_download"
    ),
]
