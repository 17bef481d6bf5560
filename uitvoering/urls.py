from django.urls import path

from woonzorg.views import FaseView

app_name = "uitvoering"

urlpatterns = [
    path("", FaseView.as_view(app_label="uitvoering"), name="index"),
]
