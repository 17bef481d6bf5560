from django.urls import path

from . import views

app_name = "visies"

urlpatterns = [
    path("", views.VisieIndexView.as_view(), name="index"),
    path("nieuw/", views.VisieCreateView.as_view(), name="create"),
    path("<int:pk>/", views.VisieDetailView.as_view(), name="detail"),
    path("<int:pk>/afdrukken/", views.VisieAfdrukkenView.as_view(), name="afdrukken"),
    path("<int:pk>/bewerken/", views.VisieUpdateView.as_view(), name="update"),
    path("<int:pk>/verwijderen/", views.VisieDeleteView.as_view(), name="delete"),
    path("<int:pk>/vaststellen/", views.VaststellenView.as_view(), name="vaststellen"),
    path("<int:pk>/nieuwe-versie/", views.NieuweVersieView.as_view(), name="nieuwe_versie"),
    path("<int:pk>/themas/", views.ThemasView.as_view(), name="themas"),
    path("<int:pk>/ambities/nieuw/", views.AmbitieCreateView.as_view(), name="ambitie_create"),
    path("<int:pk>/afwegingskader/", views.AfwegingskaderView.as_view(), name="afwegingskader"),
    path("<int:pk>/afwegingskader/criteria/", views.CriteriaView.as_view(), name="criteria"),
    path(
        "<int:pk>/initiatieven/nieuw/",
        views.InitiatiefCreateView.as_view(),
        name="initiatief_create",
    ),
    path("ambities/<int:pk>/", views.AmbitieDetailView.as_view(), name="ambitie"),
    path("ambities/<int:pk>/bewerken/", views.AmbitieUpdateView.as_view(), name="ambitie_update"),
    path(
        "ambities/<int:pk>/verwijderen/",
        views.AmbitieDeleteView.as_view(),
        name="ambitie_delete",
    ),
    path(
        "ambities/<int:pk>/doelstellingen/nieuw/",
        views.DoelstellingCreateView.as_view(),
        name="doelstelling_create",
    ),
    path(
        "ambities/<int:pk>/concreetheid/",
        views.ConcreetheidView.as_view(),
        name="concreetheid",
    ),
    path(
        "doelstellingen/<int:pk>/bewerken/",
        views.DoelstellingUpdateView.as_view(),
        name="doelstelling_update",
    ),
    path(
        "doelstellingen/<int:pk>/verwijderen/",
        views.DoelstellingDeleteView.as_view(),
        name="doelstelling_delete",
    ),
    path("initiatieven/<int:pk>/", views.InitiatiefDetailView.as_view(), name="initiatief"),
    path(
        "initiatieven/<int:pk>/bewerken/",
        views.InitiatiefUpdateView.as_view(),
        name="initiatief_update",
    ),
    path(
        "initiatieven/<int:pk>/beoordelen/",
        views.BeoordelenView.as_view(),
        name="beoordelen",
    ),
    path(
        "initiatieven/<int:pk>/verwijderen/",
        views.InitiatiefDeleteView.as_view(),
        name="initiatief_delete",
    ),
]
