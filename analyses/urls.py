from django.urls import path

from woonzorg.views import FaseView

app_name = "analyses"

urlpatterns = [
    path("", FaseView.as_view(app_label="analyses"), name="index"),
]
