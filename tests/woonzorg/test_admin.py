"""The beheerder's Django admin: every core model opens, users are searchable and addable."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.woonzorg.factories import GebiedFactory, RegioFactory
from woonzorg.models import (
    AuthenticatorApp,
    Doelgroep,
    Gebied,
    Gemeente,
    Organisatie,
    Regio,
    Rol,
    User,
    Woonvorm,
)

WOONZORG_MODELS = [model for model in admin.site._registry if model._meta.app_label == "woonzorg"]
# Nobody adds an authenticator app in the admin (tests/woonzorg/test_tweestaps.py).
TOEVOEGBAAR = [model for model in WOONZORG_MODELS if model is not AuthenticatorApp]


def admin_url(model, view, *args):
    return reverse(f"admin:woonzorg_{model._meta.model_name}_{view}", args=args)


def test_every_core_model_is_in_the_admin():
    assert set(WOONZORG_MODELS) == {
        Regio,
        Gemeente,
        Gebied,
        Organisatie,
        Doelgroep,
        Woonvorm,
        User,
        Rol,
        AuthenticatorApp,
    }


@pytest.fixture
def beheer(wereld, login):
    regio = RegioFactory(naam="Regio Noord")
    wereld.gemeente.regio = regio
    wereld.gemeente.save()
    GebiedFactory(gemeente=wereld.gemeente)
    GebiedFactory(gemeente=wereld.gemeente, parent=None, soort=Gebied.Soort.KERN, cbs_code="")
    return login(wereld.beheerder)


@pytest.mark.parametrize("model", TOEVOEGBAAR, ids=lambda m: m._meta.model_name)
def test_the_beheerder_opens_changelist_add_and_change_pages(beheer, model):
    changelist = beheer.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count > 0
    assert beheer.get(admin_url(model, "add")).status_code == 200
    obj = model.objects.first()
    assert beheer.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_search_on_the_user_changelist(wereld, beheer):
    url = admin_url(User, "changelist")
    found = beheer.get(url, {"q": "corporatie-x"}).context["cl"].result_list
    assert list(found) == [wereld.partner]
    found = beheer.get(url, {"q": "Woningcorporatie X"}).context["cl"].result_list
    assert list(found) == [wereld.partner]
    assert not beheer.get(url, {"q": "niemand-heet-zo"}).context["cl"].result_list


def test_the_user_changelist_lists_the_roles(wereld, beheer):
    content = beheer.get(admin_url(User, "changelist"), {"q": "lezer"}).content.decode()
    assert "lezer (Gemeente A)" in content


def test_gemeente_counts_are_not_multiplied_by_each_other(wereld, beheer):
    rows = beheer.get(admin_url(Gemeente, "changelist")).context["cl"].result_list
    gemeente_a = next(row for row in rows if row.pk == wereld.gemeente.pk)
    assert (gemeente_a._aantal_gebieden, gemeente_a._aantal_gebruikers) == (2, 4)


def test_adding_a_user_stores_the_email_in_lower_case(wereld, beheer):
    response = beheer.post(
        admin_url(User, "add"),
        {
            "email": "Nieuw.Account@Example.org",
            "usable_password": "true",
            "password1": "Zonnebloem-Kade-2026",
            "password2": "Zonnebloem-Kade-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw.account@example.org")
    assert user.check_password("Zonnebloem-Kade-2026")


def test_adding_a_user_refuses_an_existing_address_in_any_case(wereld, beheer):
    response = beheer.post(
        admin_url(User, "add"),
        {
            "email": "LEZER@gemeente-a.test",
            "usable_password": "true",
            "password1": "Zonnebloem-Kade-2026",
            "password2": "Zonnebloem-Kade-2026",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [
        "Er bestaat al een gebruiker met dit e-mailadres."
    ]


def test_roles_are_edited_on_the_user_page(wereld, beheer):
    response = beheer.get(admin_url(User, "change", wereld.partner.pk))
    formsets = response.context["inline_admin_formsets"]
    assert [f.formset.model for f in formsets] == [Rol]
    assert not beheer.get(admin_url(User, "add")).context["inline_admin_formsets"]


def test_a_non_staff_user_cannot_open_the_admin(wereld, login):
    response = login(wereld.beleidsadviseur).get(admin_url(User, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith("/beheer/login/")
