from django.urls import path

from . import views

app_name = "uitvoering"

urlpatterns = [
    path("", views.ProgrammaIndexView.as_view(), name="index"),
    path("nieuw/", views.ProgrammaCreateView.as_view(), name="create"),
    path("activiteiten/", views.ActiviteitListView.as_view(), name="activiteiten"),
    # One uitvoeringsprogramma
    path("<int:pk>/", views.ProgrammaDetailView.as_view(), name="detail"),
    path("<int:pk>/bewerken/", views.ProgrammaUpdateView.as_view(), name="update"),
    path("<int:pk>/verwijderen/", views.ProgrammaDeleteView.as_view(), name="delete"),
    path("<int:pk>/planning/", views.PlanningView.as_view(), name="planning"),
    path("<int:pk>/begroting/", views.BegrotingView.as_view(), name="begroting"),
    path(
        "<int:pk>/activiteiten/nieuw/",
        views.ActiviteitCreateView.as_view(),
        name="activiteit_create",
    ),
    # One activiteit
    path("activiteit/<int:pk>/", views.ActiviteitDetailView.as_view(), name="activiteit"),
    path(
        "activiteit/<int:pk>/bewerken/",
        views.ActiviteitUpdateView.as_view(),
        name="activiteit_update",
    ),
    path(
        "activiteit/<int:pk>/verwijderen/",
        views.ActiviteitDeleteView.as_view(),
        name="activiteit_delete",
    ),
    path(
        "activiteit/<int:pk>/begroting/",
        views.BegrotingspostenView.as_view(),
        name="begrotingsposten",
    ),
    path("activiteit/<int:pk>/voortgang/", views.VoortgangView.as_view(), name="voortgang"),
    path(
        "activiteit/<int:pk>/geschiedenis/",
        views.ActiviteitGeschiedenisView.as_view(),
        name="activiteit_geschiedenis",
    ),
]
