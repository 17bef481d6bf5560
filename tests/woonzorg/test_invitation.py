"""Inviting a partner contact: the form, the e-mail, the one-time link, and what is refused."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail

from tests.woonzorg.factories import OrganisatieFactory, UserFactory
from woonzorg import services
from woonzorg.models import Organisatie, Rol, User

LINK = re.compile(r"http://testserver(/account/uitnodiging/[^/\s]+/[^/\s]+/)")
NIEUW_WACHTWOORD = "Zonnebloem-Kade-2026"


def uitnodigen_url(gemeente):
    return f"/g/{gemeente.cbs_code}/gebruikers/uitnodigen/"


@pytest.fixture
def invite(wereld, login, django_capture_on_commit_callbacks):
    """POST the invitation form as `door` (default: the beleidsadviseur), e-mail sent on commit."""

    def _invite(door=None, gemeente=None, **data):
        gemeente = gemeente or wereld.gemeente
        data = {
            "email": "nieuw@corporatie-x.test",
            "first_name": "Noor",
            "last_name": "de Vries",
            "organisatie": wereld.corporatie.pk,
            "rol": Rol.Soort.PARTNER,
            **data,
        }
        client = login(door or wereld.beleidsadviseur)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(uitnodigen_url(gemeente), data)

    return _invite


def invitation_link(message):
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


# --- A new partner contact -------------------------------------------------------------------


def test_inviting_a_partner_contact_creates_an_account_and_sends_the_link(wereld, invite):
    response = invite()
    assert response.status_code == 302
    assert response["Location"] == "/g/GM0001/gebruikers/"

    user = User.objects.get(email="nieuw@corporatie-x.test")
    assert not user.has_usable_password()
    assert user.organisatie == wereld.corporatie
    assert (user.first_name, user.last_name) == ("Noor", "de Vries")
    assert user.uitgenodigd_door == wereld.beleidsadviseur
    assert user.uitgenodigd_op is not None
    assert list(user.rollen.values_list("gemeente", "soort")) == [(wereld.gemeente.pk, "partner")]

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@corporatie-x.test"]
    assert message.subject == "Uitnodiging voor Woonzorg Gemeente A"
    assert "namens Woningcorporatie X mee te werken aan de woonzorgcyclus van Gemeente A" in (
        message.body
    )
    assert "als partner" in message.body
    assert "De link is drie dagen geldig." in message.body
    invitation_link(message)


def test_the_user_list_confirms_the_invitation(wereld, invite, client):
    invite()
    response = client.get("/g/GM0001/gebruikers/")
    content = response.content.decode()
    assert "Uitnodiging verstuurd naar nieuw@corporatie-x.test." in content
    assert "<td>nieuw@corporatie-x.test</td>" in content


def test_the_email_address_is_stored_in_lower_case(wereld, invite):
    invite(email="Noor.de.Vries@Corporatie-X.test")
    assert User.objects.filter(email="noor.de.vries@corporatie-x.test").exists()


def test_following_the_link_sets_a_password_and_logs_in(wereld, invite, client):
    invite()
    link = invitation_link(mail.outbox[0])
    client.logout()

    # Django swaps the token for a session marker and redirects, so it does not leak via Referer.
    response = client.get(link, follow=True)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<h1 class="h2">Welkom bij Woonzorg</h1>' in content
    assert (
        "Kies een wachtwoord voor uw account <strong>nieuw@corporatie-x.test</strong>." in content
    )
    set_password_url = response.redirect_chain[-1][0]

    response = client.post(
        set_password_url,
        {"new_password1": NIEUW_WACHTWOORD, "new_password2": NIEUW_WACHTWOORD},
        follow=True,
    )
    # A partner starts at its organisatie's tasks.
    assert [url for url, _ in response.redirect_chain] == ["/", "/taken/"]
    assert response.context["user"].email == "nieuw@corporatie-x.test"
    assert "Welkom bij Woonzorg. Uw wachtwoord is ingesteld." in response.content.decode()
    assert User.objects.get(email="nieuw@corporatie-x.test").check_password(NIEUW_WACHTWOORD)


def test_the_link_works_only_once(wereld, invite, client):
    invite()
    link = invitation_link(mail.outbox[0])
    client.logout()
    set_password_url = client.get(link)["Location"]
    client.post(
        set_password_url, {"new_password1": NIEUW_WACHTWOORD, "new_password2": NIEUW_WACHTWOORD}
    )
    client.logout()

    response = client.get(link, follow=True)
    assert "Deze uitnodiging werkt niet meer" in response.content.decode()
    assert "<form" not in response.content.decode().split("<main", 1)[1]


def test_the_password_must_pass_the_validators(wereld, invite, client):
    invite()
    link = invitation_link(mail.outbox[0])
    client.logout()
    set_password_url = client.get(link)["Location"]
    response = client.post(set_password_url, {"new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["new_password2"]
    assert [error.code for error in errors] == ["password_too_short"]
    assert not User.objects.get(email="nieuw@corporatie-x.test").has_usable_password()


def test_an_expired_link_does_not_work(wereld, invite, client, monkeypatch, settings):
    invite()
    link = invitation_link(mail.outbox[0])
    client.logout()
    # The token generator counts in naive local time.
    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)

    content = client.get(link, follow=True).content.decode()
    assert '<h1 class="h2">Deze uitnodiging werkt niet meer</h1>' in content
    assert "een uitnodiging is drie dagen geldig" in content


@pytest.mark.parametrize(
    "link",
    [
        "/account/uitnodiging/abc/def-123/",
        "/account/uitnodiging/MQ/set-password/",  # no token in the session
    ],
)
def test_a_garbled_link_does_not_work(wereld, client, link):
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "Deze uitnodiging werkt niet meer" in response.content.decode()


def test_an_invited_user_whose_link_expired_can_request_a_new_password(wereld, invite, client):
    invite()
    mail.outbox.clear()
    client.logout()
    client.post("/account/password_reset/", {"email": "nieuw@corporatie-x.test"})
    assert len(mail.outbox) == 1


# --- Existing accounts -----------------------------------------------------------------------


def test_an_existing_user_of_the_same_organisatie_gets_access_to_a_second_gemeente(wereld, invite):
    wereld.corporatie.werkgebied.add(wereld.andere_gemeente)
    before = User.objects.count()
    password_hash = wereld.partner.password

    response = invite(
        door=wereld.andere_beleidsadviseur,
        gemeente=wereld.andere_gemeente,
        email="Partner@Corporatie-X.test",
    )
    assert response.status_code == 302
    assert User.objects.count() == before
    wereld.partner.refresh_from_db()
    assert wereld.partner.password == password_hash
    assert sorted(wereld.partner.rollen.values_list("gemeente__cbs_code", "soort")) == [
        ("GM0001", "partner"),
        ("GM0002", "partner"),
    ]

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Uitnodiging voor Woonzorg Gemeente B"
    assert "heeft u in Woonzorg toegang gegeven tot Gemeente B, als partner." in message.body
    assert "U logt in met uw bestaande account." in message.body
    assert "http://testserver/account/login/" in message.body
    assert not LINK.search(message.body)


def test_the_notice_for_an_existing_user_is_shown_to_the_inviter(wereld, invite, client):
    wereld.corporatie.werkgebied.add(wereld.andere_gemeente)
    invite(
        door=wereld.andere_beleidsadviseur,
        gemeente=wereld.andere_gemeente,
        email=wereld.partner.email,
    )
    content = client.get("/g/GM0002/gebruikers/").content.decode()
    assert (
        "partner@corporatie-x.test had al een account en heeft nu ook toegang tot deze gemeente."
        in content
    )


def test_an_existing_user_of_another_organisatie_is_refused(wereld, invite):
    zorg = OrganisatieFactory(
        naam="Zorggroep Y", soort=Organisatie.Soort.ZORGAANBIEDER, werkgebied=[wereld.gemeente]
    )
    collega = UserFactory(email="iemand@zorggroep-y.test", organisatie=zorg)  # no role anywhere

    response = invite(email="iemand@zorggroep-y.test")
    assert response.status_code == 200
    assert response.context["form"].errors["organisatie"] == [
        "iemand@zorggroep-y.test werkt al namens Zorggroep Y; een account hoort bij één "
        "organisatie."
    ]
    assert not collega.rollen.exists()
    assert mail.outbox == []


def test_someone_already_in_the_gemeente_is_refused(wereld, invite):
    response = invite(email=wereld.partner.email)
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "partner@corporatie-x.test heeft al toegang tot deze gemeente."
    ]
    assert wereld.partner.rollen.count() == 1
    assert mail.outbox == []


def test_inviting_again_before_the_password_is_chosen_sends_a_fresh_link(wereld, invite, client):
    invite()
    eerste_link = invitation_link(mail.outbox[0])

    response = invite()  # the first e-mail got lost, or the link expired

    assert response.status_code == 302
    assert len(mail.outbox) == 2
    tweede_link = invitation_link(mail.outbox[1])
    user = User.objects.get(email="nieuw@corporatie-x.test")
    assert user.rollen.count() == 1
    response = client.get(tweede_link, follow=True)
    assert "Welkom bij Woonzorg" in response.content.decode()
    assert eerste_link.split("/")[3] == tweede_link.split("/")[3]  # same account


def test_a_second_gemeente_before_the_password_is_chosen_still_gets_a_link(wereld, invite):
    invite()
    wereld.corporatie.werkgebied.add(wereld.andere_gemeente)

    response = invite(door=wereld.andere_beleidsadviseur, gemeente=wereld.andere_gemeente)

    assert response.status_code == 302
    assert invitation_link(mail.outbox[1])
    assert "U logt in met uw bestaande account." not in mail.outbox[1].body
    user = User.objects.get(email="nieuw@corporatie-x.test")
    assert set(user.rollen.values_list("gemeente", flat=True)) == {
        wereld.gemeente.pk,
        wereld.andere_gemeente.pk,
    }


def test_an_existing_user_without_organisatie_gets_the_chosen_one(wereld):
    zonder = UserFactory(email="los@example.org")
    services.invite_user(
        gemeente=wereld.gemeente,
        email="los@example.org",
        rol=Rol.Soort.PARTNER,
        organisatie=wereld.corporatie,
        invited_by=wereld.beleidsadviseur,
        base_url="https://woonzorg.example.org/",
    )
    zonder.refresh_from_db()
    assert zonder.organisatie == wereld.corporatie
    assert zonder.has_usable_password()


# --- Who may invite whom ---------------------------------------------------------------------


@pytest.mark.parametrize("wie", ["partner", "lezer"])
def test_a_partner_or_lezer_cannot_invite(wereld, invite, wie):
    response = invite(door=wereld.user(wie))
    assert response.status_code == 403
    assert not User.objects.filter(email="nieuw@corporatie-x.test").exists()
    assert mail.outbox == []


@pytest.mark.parametrize("rol", ["beleidsadviseur", "programmaleider"])
def test_staff_roles_are_only_for_gemeente_organisaties(wereld, invite, rol):
    response = invite(rol=rol)
    assert response.status_code == 200
    assert response.context["form"].errors["rol"] == [
        "Alleen medewerkers van de gemeente kunnen beleidsadviseur of programmaleider zijn."
    ]
    assert not User.objects.filter(email="nieuw@corporatie-x.test").exists()

    response = invite(
        rol=rol, email="collega@gemeente-a.test", organisatie=wereld.gemeente_organisatie.pk
    )
    assert response.status_code == 302
    assert Rol.objects.get(user__email="collega@gemeente-a.test").soort == rol


def test_a_programmaleider_may_invite_too(wereld, invite):
    assert invite(door=wereld.programmaleider).status_code == 302
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "geen-e-mailadres"}, "email"),
        ({"email": ""}, "email"),
        ({"organisatie": ""}, "organisatie"),
        ({"rol": "burgemeester"}, "rol"),
    ],
)
def test_nothing_is_created_when_the_form_is_invalid(wereld, invite, data, field):
    users, rollen = User.objects.count(), Rol.objects.count()
    response = invite(**data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert (User.objects.count(), Rol.objects.count()) == (users, rollen)
    assert mail.outbox == []


def test_only_organisaties_working_in_the_gemeente_can_be_chosen(wereld, invite):
    response = invite(organisatie=wereld.andere_corporatie.pk)
    assert response.context["form"].errors["organisatie"] == [
        "Selecteer een geldige keuze. Deze keuze is niet beschikbaar."
    ]
    form = response.context["form"]
    assert list(form.fields["organisatie"].queryset) == [
        wereld.gemeente_organisatie,
        wereld.corporatie,
    ]


def test_the_service_adds_the_organisatie_to_the_werkgebied_if_missing(
    wereld, django_capture_on_commit_callbacks
):
    nieuw = OrganisatieFactory(naam="Welzijn Nu", soort=Organisatie.Soort.WELZIJNSORGANISATIE)
    with django_capture_on_commit_callbacks(execute=True):
        uitnodiging = services.invite_user(
            gemeente=wereld.gemeente,
            email="contact@welzijn-nu.test",
            rol=Rol.Soort.PARTNER,
            organisatie=nieuw,
            invited_by=wereld.beleidsadviseur,
            base_url="https://woonzorg.example.org/",
        )
    assert uitnodiging.wachtwoord_kiezen
    assert list(nieuw.werkgebied.all()) == [wereld.gemeente]
    assert "https://woonzorg.example.org/account/uitnodiging/" in mail.outbox[0].body


def test_the_invitation_form_page(wereld, login):
    response = login(wereld.beleidsadviseur).get(uitnodigen_url(wereld.gemeente))
    content = response.content.decode()
    assert '<h1 class="h2">Iemand uitnodigen</h1>' in content
    assert response.context["form"].fields["rol"].initial == Rol.Soort.PARTNER
