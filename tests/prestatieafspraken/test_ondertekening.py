"""Signing: who may sign for which organisatie, what a signature records, and what a change of a
signed text does to the versie and to the signatures already given (services.onderteken,
registreer_wijziging, terug_naar_concept; ondertekenstand as a pure function)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from prestatieafspraken import services
from prestatieafspraken.models import Afspraak, Ondertekening, Overeenkomst, Partij
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory, PartijFactory
from tests.woonzorg.factories import OrganisatieFactory, RolFactory, UserFactory
from woonzorg import audit
from woonzorg.models import Rol

Status = Overeenkomst.Status


@pytest.fixture
def overeenkomst(wereld):
    """Concept of Gemeente A with two parties (the gemeente and corporatie X) and one afspraak."""
    o = OvereenkomstFactory(gemeente=wereld.gemeente, titel="Prestatieafspraken 2022–2025")
    PartijFactory(overeenkomst=o, organisatie=wereld.gemeente_organisatie)
    PartijFactory(overeenkomst=o, organisatie=wereld.corporatie)
    AfspraakFactory(overeenkomst=o, nummer="1.1", titel="Geclusterde woonvormen")
    return o


@pytest.fixture
def ter_ondertekening(wereld, overeenkomst):
    services.ter_ondertekening(overeenkomst, door=wereld.beleidsadviseur, mail=False)
    overeenkomst.refresh_from_db()
    return overeenkomst


def teken(overeenkomst, user, **kwargs):
    overeenkomst.refresh_from_db()
    kwargs.setdefault("gelezen_hash", overeenkomst.inhoud_hash)
    return services.onderteken(overeenkomst, door=user, **kwargs)


def wijzig_tekst(overeenkomst, tekst="We zetten in op 120 geclusterde wooneenheden."):
    Afspraak.objects.filter(overeenkomst=overeenkomst).update(tekst=tekst)


# --- Who signs ------------------------------------------------------------------------------------


def test_a_partner_signs_for_its_own_organisatie(wereld, ter_ondertekening):
    voor = timezone.now()
    ondertekening = teken(ter_ondertekening, wereld.partner, functie="  directeur-bestuurder ")

    ondertekening.refresh_from_db()
    assert ondertekening.overeenkomst == ter_ondertekening
    assert ondertekening.organisatie == wereld.corporatie
    assert ondertekening.ondertekend_door == wereld.partner
    assert ondertekening.naam == wereld.partner.get_full_name()
    assert ondertekening.functie == "directeur-bestuurder"
    assert ondertekening.versie == 1
    assert voor <= ondertekening.ondertekend_op <= timezone.now()
    assert ondertekening.inhoud_hash == services.bereken_hash(ter_ondertekening)
    assert ondertekening.inhoud_hash == ter_ondertekening.inhoud_hash
    assert not ondertekening.vervallen
    # the gemeente has not signed yet
    assert Ondertekening.objects.get() == ondertekening
    ter_ondertekening.refresh_from_db()
    assert ter_ondertekening.status == Status.TER_ONDERTEKENING


def test_signing_is_written_to_the_audit_log(wereld, ter_ondertekening):
    teken(ter_ondertekening, wereld.partner)
    entry = audit.entries_for(ter_ondertekening).first()
    assert entry.user == wereld.partner
    assert entry.change_message == (
        f"Ondertekend namens Woningcorporatie X: versie 1, sha256 {ter_ondertekening.inhoud_hash}."
    )


def test_a_signer_without_a_full_name_signs_with_the_email(wereld, ter_ondertekening):
    user = UserFactory(email="zonder-naam@corporatie-x.test", first_name="", last_name="")
    user.organisatie = wereld.corporatie
    user.save()
    RolFactory(user=user, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)
    assert teken(ter_ondertekening, user).naam == "zonder-naam@corporatie-x.test"


def met_rol(organisatie, gemeente, soort):
    user = UserFactory(organisatie=organisatie)
    RolFactory(user=user, gemeente=gemeente, soort=soort)
    return user


@pytest.mark.parametrize(
    "wie",
    [
        "partner-van-geen-partij",
        "lezer-van-een-partij",
        "partij-met-rol-in-andere-gemeente",
        "andere-beleidsadviseur",
        "beheerder",
    ],
)
def test_who_may_not_sign(wereld, ter_ondertekening, wie):
    if wie == "partner-van-geen-partij":
        anders = OrganisatieFactory(naam="Woningcorporatie Q", werkgebied=[wereld.gemeente])
        user = met_rol(anders, wereld.gemeente, Rol.Soort.PARTNER)
    elif wie == "lezer-van-een-partij":
        user = wereld.lezer  # works for the gemeente, which is a party
        assert user.organisatie == wereld.gemeente_organisatie
    elif wie == "partij-met-rol-in-andere-gemeente":
        user = met_rol(wereld.corporatie, wereld.andere_gemeente, Rol.Soort.PARTNER)
    elif wie == "andere-beleidsadviseur":
        user = wereld.andere_beleidsadviseur
    else:
        user = wereld.beheerder  # a superuser, but not on behalf of any organisatie
        assert user.organisatie is None

    with pytest.raises(PermissionDenied):
        teken(ter_ondertekening, user)
    assert not Ondertekening.objects.exists()
    assert not audit.entries_for(ter_ondertekening).filter(change_message__startswith="Ondertekend")


def test_one_signature_per_organisatie_per_versie(wereld, ter_ondertekening):
    teken(ter_ondertekening, wereld.partner)
    with pytest.raises(ValidationError) as fout:
        teken(ter_ondertekening, wereld.partner)
    assert fout.value.messages == [
        f"Woningcorporatie X heeft versie 1 al ondertekend (door {wereld.partner.get_full_name()})."
    ]
    assert Ondertekening.objects.count() == 1

    # a colleague of the same organisatie cannot sign it a second time either
    collega = met_rol(wereld.corporatie, wereld.gemeente, Rol.Soort.PARTNER)
    with pytest.raises(ValidationError):
        teken(ter_ondertekening, collega)
    assert Ondertekening.objects.count() == 1


def test_a_stale_hash_signs_nothing(wereld, ter_ondertekening):
    with pytest.raises(ValidationError) as fout:
        teken(ter_ondertekening, wereld.partner, gelezen_hash="0" * 64)
    assert fout.value.messages == [
        "De tekst is gewijzigd sinds u hem opende. Lees versie 1 en onderteken opnieuw."
    ]
    assert not Ondertekening.objects.exists()


def test_only_an_agreement_out_for_signature_is_signed(wereld, overeenkomst):
    with pytest.raises(ValidationError) as fout:
        services.onderteken(overeenkomst, door=wereld.partner, gelezen_hash="")
    assert fout.value.messages == ["Deze overeenkomst ligt niet ter ondertekening."]
    assert not Ondertekening.objects.exists()


def test_the_last_signature_makes_it_ondertekend(wereld, ter_ondertekening):
    teken(ter_ondertekening, wereld.partner)
    ter_ondertekening.refresh_from_db()
    assert ter_ondertekening.status == Status.TER_ONDERTEKENING
    assert ter_ondertekening.ondertekenaar_ids() == [wereld.gemeente_organisatie.pk]

    teken(ter_ondertekening, wereld.programmaleider)
    ter_ondertekening.refresh_from_db()
    assert ter_ondertekening.status == Status.ONDERTEKEND
    assert ter_ondertekening.ondertekenaar_ids() == []
    assert audit.entries_for(ter_ondertekening).first().change_message == (
        "Alle partijen hebben versie 1 ondertekend."
    )
    assert set(Ondertekening.objects.values_list("organisatie", "versie")) == {
        (wereld.corporatie.pk, 1),
        (wereld.gemeente_organisatie.pk, 1),
    }


# --- A changed text: a new versie, signatures vervallen -------------------------------------------


def test_a_change_after_a_signature_makes_a_new_versie(
    wereld, ter_ondertekening, django_capture_on_commit_callbacks
):
    ondertekening = teken(ter_ondertekening, wereld.partner)
    oude_hash = ter_ondertekening.inhoud_hash
    wijzig_tekst(ter_ondertekening)

    with django_capture_on_commit_callbacks(execute=True):
        nieuw = services.registreer_wijziging(
            ter_ondertekening, door=wereld.beleidsadviseur, base_url="https://woonzorg.test/"
        )

    assert nieuw is True
    # the object passed in is brought up to date
    assert ter_ondertekening.versie == 2
    ter_ondertekening.refresh_from_db()
    assert ter_ondertekening.versie == 2
    assert ter_ondertekening.status == Status.TER_ONDERTEKENING
    assert ter_ondertekening.inhoud_hash == services.bereken_hash(ter_ondertekening) != oude_hash
    ondertekening.refresh_from_db()
    assert ondertekening.vervallen
    assert (ondertekening.versie, ondertekening.inhoud_hash) == (1, oude_hash)
    assert sorted(ter_ondertekening.ondertekenaar_ids()) == sorted(
        [wereld.gemeente_organisatie.pk, wereld.corporatie.pk]
    )

    # every party is asked again, the one that had signed included; lezers are not asked
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ba@gemeente-a.test",
        "partner@corporatie-x.test",
        "pl@gemeente-a.test",
    ]
    bericht = mail.outbox[0]
    assert bericht.subject == "Ter ondertekening: Prestatieafspraken 2022–2025 (versie 2)"
    link = f"https://woonzorg.test/g/GM0001/prestatieafspraken/{ter_ondertekening.pk}/ondertekenen/"
    assert all(link in m.body for m in mail.outbox)
    assert audit.entries_for(ter_ondertekening).first().change_message == (
        f"Tekst gewijzigd: versie 2 (sha256 {ter_ondertekening.inhoud_hash}); 1 eerdere "
        "ondertekening(en) vervallen."
    )


def test_the_new_versie_is_signed_with_its_own_hash(wereld, ter_ondertekening):
    teken(ter_ondertekening, wereld.partner)
    oude_hash = ter_ondertekening.inhoud_hash
    wijzig_tekst(ter_ondertekening)
    services.registreer_wijziging(ter_ondertekening, door=wereld.beleidsadviseur, mail=False)

    with pytest.raises(ValidationError):
        teken(ter_ondertekening, wereld.partner, gelezen_hash=oude_hash)
    nieuw = teken(ter_ondertekening, wereld.partner)
    assert (nieuw.versie, nieuw.inhoud_hash) == (2, services.bereken_hash(ter_ondertekening))
    assert list(Ondertekening.objects.order_by("versie").values_list("versie", "vervallen")) == [
        (1, True),
        (2, False),
    ]


def test_a_change_of_a_signed_agreement_sends_it_out_again(wereld, ter_ondertekening):
    teken(ter_ondertekening, wereld.partner)
    teken(ter_ondertekening, wereld.beleidsadviseur)
    ter_ondertekening.refresh_from_db()
    assert ter_ondertekening.status == Status.ONDERTEKEND

    PartijFactory(
        overeenkomst=ter_ondertekening,
        organisatie=OrganisatieFactory(werkgebied=[wereld.gemeente]),
        rol=Partij.Rol.MEDEONDERTEKENAAR,
    )
    assert services.registreer_wijziging(ter_ondertekening, door=wereld.beheerder, mail=False)
    ter_ondertekening.refresh_from_db()
    assert (ter_ondertekening.status, ter_ondertekening.versie) == (Status.TER_ONDERTEKENING, 2)
    assert not Ondertekening.objects.filter(vervallen=False).exists()


def test_no_change_no_new_versie(wereld, ter_ondertekening, django_capture_on_commit_callbacks):
    ondertekening = teken(ter_ondertekening, wereld.partner)
    ter_ondertekening.titel = ter_ondertekening.titel  # saved unchanged
    ter_ondertekening.save()

    with django_capture_on_commit_callbacks(execute=True):
        nieuw = services.registreer_wijziging(ter_ondertekening, door=wereld.beleidsadviseur)

    assert nieuw is False
    ter_ondertekening.refresh_from_db()
    assert ter_ondertekening.versie == 1
    ondertekening.refresh_from_db()
    assert not ondertekening.vervallen
    assert mail.outbox == []


def test_a_change_in_concept_makes_no_versie(wereld, overeenkomst):
    wijzig_tekst(overeenkomst)
    assert services.registreer_wijziging(overeenkomst, door=wereld.beleidsadviseur) is False
    overeenkomst.refresh_from_db()
    assert (overeenkomst.versie, overeenkomst.status, overeenkomst.inhoud_hash) == (
        1,
        Status.CONCEPT,
        "",
    )


def test_a_change_that_was_not_registered_is_caught_when_signing(wereld, ter_ondertekening):
    # e.g. an organisatie renamed elsewhere: the text a party would sign is no longer version 1
    teken(ter_ondertekening, wereld.partner)
    oude_hash = ter_ondertekening.inhoud_hash
    wijzig_tekst(ter_ondertekening)

    with pytest.raises(ValidationError) as fout:
        teken(ter_ondertekening, wereld.beleidsadviseur, gelezen_hash=oude_hash)
    assert "Lees versie 2" in fout.value.messages[0]
    ter_ondertekening.refresh_from_db()
    # the new versie is kept although nothing was signed
    assert ter_ondertekening.versie == 2
    assert ter_ondertekening.inhoud_hash == services.bereken_hash(ter_ondertekening)
    assert list(Ondertekening.objects.values_list("versie", "vervallen")) == [(1, True)]


def test_terug_naar_concept_with_signatures(wereld, ter_ondertekening):
    ondertekening = teken(ter_ondertekening, wereld.partner)
    o = services.terug_naar_concept(ter_ondertekening, door=wereld.programmaleider)
    assert (o.status, o.versie, o.inhoud_hash) == (Status.CONCEPT, 2, "")
    ondertekening.refresh_from_db()
    assert ondertekening.vervallen
    assert audit.entries_for(o).first().change_message == (
        "Teruggezet naar concept; 1 ondertekening(en) vervallen."
    )

    # the next round is versie 2, and the partner signs it again
    services.ter_ondertekening(o, door=wereld.beleidsadviseur, mail=False)
    assert teken(o, wereld.partner).versie == 2


def test_terug_naar_concept_without_signatures_still_makes_the_next_offer_a_new_versie(
    wereld, ter_ondertekening
):
    """Otherwise a changed text would be offered again as the same "versie 1" as the e-mails
    that went out for the withdrawn one."""
    o = services.terug_naar_concept(ter_ondertekening, door=wereld.beleidsadviseur)
    assert (o.status, o.versie, o.inhoud_hash) == (Status.CONCEPT, 2, "")
    o.refresh_from_db()
    assert (o.status, o.versie) == (Status.CONCEPT, 2)


# --- ondertekenstand: a pure function on the rows -------------------------------------------------

NU = datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)


def handtekening(organisatie_id, versie, *, vervallen=False, uur=0):
    return Ondertekening(
        organisatie_id=organisatie_id,
        versie=versie,
        vervallen=vervallen,
        ondertekend_op=NU + datetime.timedelta(hours=uur),
        inhoud_hash=str(versie) * 64,
    )


def test_ondertekenstand_says_who_signed_which_versie():
    # no database: unsaved rows, and any query would fail here
    overeenkomst = Overeenkomst(versie=2)
    gemeente, x, y, z = (Partij(organisatie_id=i) for i in (1, 2, 3, 4))
    v1_gemeente = handtekening(1, 1, vervallen=True)
    v2_gemeente = handtekening(1, 2, uur=5)
    v1_x = handtekening(2, 1, vervallen=True, uur=1)
    v2_y = handtekening(3, 2, uur=2)
    weg = handtekening(9, 2)  # an organisatie that has since been removed as a party

    stand = services.ondertekenstand(
        overeenkomst, [gemeente, x, y, z], [v1_x, v2_gemeente, weg, v1_gemeente, v2_y]
    )

    assert [regel.partij for regel in stand] == [gemeente, x, y, z]
    assert [(r.huidige, r.eerdere, r.getekend) for r in stand] == [
        (v2_gemeente, [v1_gemeente], True),
        (None, [v1_x], False),  # signed the old versie only: missing now
        (v2_y, [], True),
        (None, [], False),  # never signed
    ]


def test_a_vervallen_signature_of_the_current_versie_does_not_count():
    stand = services.ondertekenstand(
        Overeenkomst(versie=3), [Partij(organisatie_id=1)], [handtekening(1, 3, vervallen=True)]
    )
    assert stand[0].huidige is None
    assert [o.versie for o in stand[0].eerdere] == [3]


def test_earlier_signatures_are_listed_newest_versie_first():
    rijen = [handtekening(1, 1, vervallen=True), handtekening(1, 3, vervallen=True),
             handtekening(1, 2, vervallen=True)]  # fmt: skip
    stand = services.ondertekenstand(Overeenkomst(versie=4), [Partij(organisatie_id=1)], rijen)
    assert [o.versie for o in stand[0].eerdere] == [3, 2, 1]
    assert not stand[0].getekend
