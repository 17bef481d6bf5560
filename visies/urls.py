from django.urls import path

from woonzorg.views import FaseView

app_name = "visies"

urlpatterns = [
    path("", FaseView.as_view(app_label="visies"), name="index"),
]
