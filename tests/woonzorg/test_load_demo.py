"""`manage.py load_demo`: the worked example "Gemeente A", idempotent, with working demo logins."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from woonzorg.models import Gebied, Gemeente, Organisatie, Regio, Rol, User

pytestmark = pytest.mark.django_db

GM_A, GM_B = "/g/GM9001/", "/g/GM9002/"
# The accounts the README promises.
DEMO_ACCOUNTS = {
    "beleidsadviseur@gemeente-a.demo",
    "programmaleider@gemeente-a.demo",
    "lezer@gemeente-a.demo",
    "partner@woningcorporatie-x.demo",
    "partner@woningcorporatie-y.demo",
    "partner@zorgkantoor.demo",
    "beleidsadviseur@gemeente-b.demo",
    "beheerder@woonzorg.demo",
}


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def printed_logins(output):
    """(email, password) per account line of the command's table."""
    return [
        (match.group(1), match.group(2))
        for match in re.finditer(r"^(\S+@\S+)\s.*\s(\S+)$", output, re.M)
    ]


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Regio, Gemeente, Gebied, Organisatie, User, Rol)
    }


@pytest.fixture
def demo():
    return load_demo()


def test_load_demo_fills_the_empty_database(demo):
    assert counts() == {
        "Regio": 1,
        "Gemeente": 2,
        "Gebied": 15,
        "Organisatie": 9,
        "User": 8,
        "Rol": 8,
    }
    assert "Demo 'Gemeente A' geladen. Inloggen:" in demo


def test_load_demo_twice_changes_nothing(demo):
    before = counts()
    roles = sorted(Rol.objects.values_list("user__email", "gemeente__cbs_code", "soort"))
    second = load_demo()
    assert counts() == before
    assert sorted(Rol.objects.values_list("user__email", "gemeente__cbs_code", "soort")) == roles
    assert second == demo


def test_load_demo_again_resets_the_passwords_and_keeps_a_wider_werkgebied(demo):
    lezer = User.objects.get(email="lezer@gemeente-a.demo")
    lezer.set_password("iets-anders-gekozen")
    lezer.save()
    corporatie_x = Organisatie.objects.get(naam="Woningcorporatie X")
    corporatie_x.werkgebied.add(Gemeente.objects.get(cbs_code="GM9002"))

    load_demo()
    lezer.refresh_from_db()
    assert lezer.check_password("woonzorg-demo-2026")
    assert corporatie_x.werkgebied.count() == 2


def test_every_printed_account_logs_in_with_the_printed_password(demo):
    logins = printed_logins(demo)
    assert {email for email, _ in logins} == DEMO_ACCOUNTS
    for email, password in logins:
        assert User.objects.get(email=email).check_password(password), email


def test_a_demo_user_logs_in_through_the_login_page(demo, client):
    email, password = printed_logins(demo)[0]
    response = client.post("/account/login/", {"username": email, "password": password})
    assert response.status_code == 302
    assert client.get("/")["Location"] == GM_A


@pytest.mark.parametrize(
    "email",
    [
        "beleidsadviseur@gemeente-a.demo",
        "programmaleider@gemeente-a.demo",
        "lezer@gemeente-a.demo",
        "partner@woningcorporatie-x.demo",
        "partner@zorgkantoor.demo",
    ],
)
def test_gemeente_a_users_see_only_gemeente_a(demo, client, email):
    client.force_login(User.objects.get(email=email))
    response = client.get("/", follow=True)
    if email.startswith("partner@"):
        # A partner starts at its organisatie's tasks.
        assert response.redirect_chain == [("/taken/", 302)]
        response = client.get(GM_A)
    else:
        assert response.redirect_chain == [(GM_A, 302)]
    assert response.context["gemeente"].naam == "Gemeente A"
    assert client.get(GM_B).status_code == 404


def test_gemeente_b_beleidsadviseur_sees_only_gemeente_b(demo, client):
    client.force_login(User.objects.get(email="beleidsadviseur@gemeente-b.demo"))
    assert client.get("/")["Location"] == GM_B
    assert client.get(GM_A).status_code == 404


@pytest.mark.parametrize("email", ["partner@woningcorporatie-y.demo", "beheerder@woonzorg.demo"])
def test_woningcorporatie_y_and_the_beheerder_see_both(demo, client, email):
    client.force_login(User.objects.get(email=email))
    assert client.get("/")["Location"] == ("/taken/" if email.startswith("partner@") else GM_A)
    assert client.get(GM_A).status_code == 200
    assert client.get(GM_B).status_code == 200


def test_the_demo_dashboard_of_gemeente_a(demo, client):
    client.force_login(User.objects.get(email="beleidsadviseur@gemeente-a.demo"))
    content = client.get(GM_A).content.decode()
    assert "<li>Wijk: 4</li>" in content
    assert "<li>Buurt: 8</li>" in content
    assert "<li>Kern: 1</li>" in content
    partners = re.findall(r"<tr><td>([^<]+)</td>", content)
    assert "Woningcorporatie X" in partners
    assert "Zorgkantoor Regio A" in partners
    assert "Gemeente A" not in partners
    assert len(partners) == 7


def test_later_phases_build_on_the_core_it_returns():
    from woonzorg.management.commands.load_demo import load_core

    core = load_core()
    assert core.gemeente_a.cbs_code == "GM9001"
    assert core.gebieden["WK900102"].naam == "Wijk Y"
    assert core.users["partner@woningcorporatie-y.demo"].organisatie.naam == "Woningcorporatie Y"
