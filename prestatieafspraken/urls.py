from django.urls import path

from woonzorg.views import FaseView

from . import views

app_name = "prestatieafspraken"

urlpatterns = [
    path("", FaseView.as_view(app_label="prestatieafspraken"), name="index"),
    path("catalogus/", views.CatalogusView.as_view(), name="catalogus"),
]
