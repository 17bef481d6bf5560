from django.urls import path

from woonzorg.views import FaseView

app_name = "borging"

urlpatterns = [
    path("", FaseView.as_view(app_label="borging"), name="index"),
]
