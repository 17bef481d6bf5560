from django.urls import path

from woonzorg.views import FaseView

app_name = "prestatieafspraken"

urlpatterns = [
    path("", FaseView.as_view(app_label="prestatieafspraken"), name="index"),
]
