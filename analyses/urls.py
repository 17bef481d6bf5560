from django.urls import path

from . import views

app_name = "analyses"

urlpatterns = [
    path("", views.AnalyseIndexView.as_view(), name="index"),
    path("nieuw/", views.AnalyseCreateView.as_view(), name="create"),
    path("<int:pk>/", views.AnalyseDetailView.as_view(), name="detail"),
    path("<int:pk>/bewerken/", views.AnalyseUpdateView.as_view(), name="update"),
    path("<int:pk>/normen/", views.NormenView.as_view(), name="normen"),
    path("<int:pk>/behoefteraming.<str:formaat>", views.ExportView.as_view(), name="export"),
    path(
        "<int:pk>/bevindingen/nieuw/", views.BevindingCreateView.as_view(), name="bevinding_create"
    ),
    path(
        "bevindingen/<int:pk>/bewerken/",
        views.BevindingUpdateView.as_view(),
        name="bevinding_update",
    ),
    path(
        "bevindingen/<int:pk>/verwijderen/",
        views.BevindingDeleteView.as_view(),
        name="bevinding_delete",
    ),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/bevestigen/", views.ImportBevestigenView.as_view(), name="import_bevestigen"),
    path("sjabloon.<str:formaat>", views.SjabloonView.as_view(), name="sjabloon"),
]
