"""The status of an overeenkomst and who may change it: concept → ter ondertekening → ondertekend
→ beëindigd, and back from ter ondertekening to concept. A beëindigde overeenkomst is read-only
for everyone, the beheerder included."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from prestatieafspraken import services
from prestatieafspraken.models import Overeenkomst, Partij
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
    JaarschijfFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.woonzorg.factories import OrganisatieFactory
from woonzorg import audit, permissions

Status = Overeenkomst.Status
EDITORS = ("beleidsadviseur", "programmaleider", "beheerder")
NIET_EDITORS = ("lezer", "partner", "andere_beleidsadviseur")


@pytest.fixture
def overeenkomst(wereld):
    o = OvereenkomstFactory(gemeente=wereld.gemeente, titel="Prestatieafspraken 2022–2025")
    PartijFactory(overeenkomst=o, organisatie=wereld.gemeente_organisatie)
    PartijFactory(overeenkomst=o, organisatie=wereld.corporatie)
    AfspraakFactory(overeenkomst=o)
    return o


def zet_status(wereld, o, status):
    """Walk `o` through the services to `status`."""
    if status == Status.CONCEPT:
        return o
    services.ter_ondertekening(o, door=wereld.beleidsadviseur, mail=False)
    o.refresh_from_db()
    if status == Status.TER_ONDERTEKENING:
        return o
    for user in (wereld.partner, wereld.beleidsadviseur):
        services.onderteken(o, door=user, gelezen_hash=o.inhoud_hash)
    o.refresh_from_db()
    if status == Status.ONDERTEKEND:
        return o
    services.beeindigen(o, door=wereld.beleidsadviseur)
    o.refresh_from_db()
    return o


def status_van(o):
    o.refresh_from_db()
    return o.status


# --- concept → ter ondertekening ------------------------------------------------------------------


@pytest.mark.parametrize("wie", EDITORS)
def test_an_editor_puts_a_concept_out_for_signature(wereld, overeenkomst, wie):
    aanbieding = services.ter_ondertekening(overeenkomst, door=wereld.user(wie), mail=False)
    overeenkomst.refresh_from_db()
    assert overeenkomst.status == Status.TER_ONDERTEKENING
    assert overeenkomst.versie == 1
    assert overeenkomst.inhoud_hash == services.bereken_hash(overeenkomst)
    assert sorted(u.email for u in aanbieding.ontvangers) == [
        "ba@gemeente-a.test",
        "partner@corporatie-x.test",
        "pl@gemeente-a.test",
    ]
    assert aanbieding.zonder_account == []
    entry = audit.entries_for(overeenkomst).first()
    assert entry.user == wereld.user(wie)
    assert entry.change_message == (
        f"Versie 1 ter ondertekening aangeboden (sha256 {overeenkomst.inhoud_hash})."
    )


@pytest.mark.parametrize("wie", NIET_EDITORS)
def test_others_may_not_put_it_out_for_signature(wereld, overeenkomst, wie):
    with pytest.raises(PermissionDenied):
        services.ter_ondertekening(overeenkomst, door=wereld.user(wie), mail=False)
    overeenkomst.refresh_from_db()
    assert (overeenkomst.status, overeenkomst.inhoud_hash) == (Status.CONCEPT, "")


def test_the_parties_are_emailed_after_commit(
    wereld, overeenkomst, django_capture_on_commit_callbacks
):
    zonder = OrganisatieFactory(naam="Huurdersorganisatie A", werkgebied=[wereld.gemeente])
    PartijFactory(overeenkomst=overeenkomst, organisatie=zonder, rol=Partij.Rol.MEDEONDERTEKENAAR)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        aanbieding = services.ter_ondertekening(overeenkomst, door=wereld.beleidsadviseur)
    assert mail.outbox == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in aanbieding.ontvangers)
    assert len(mail.outbox) == 3
    assert aanbieding.zonder_account == [zonder]


def test_without_mail_nothing_is_sent(wereld, overeenkomst, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.ter_ondertekening(overeenkomst, door=wereld.beleidsadviseur, mail=False)
    assert mail.outbox == []


def test_refused_without_partijen(wereld):
    o = OvereenkomstFactory(gemeente=wereld.gemeente)
    AfspraakFactory(overeenkomst=o)
    with pytest.raises(ValidationError) as fout:
        services.ter_ondertekening(o, door=wereld.beleidsadviseur)
    assert fout.value.messages == ["Voeg eerst de partijen toe die ondertekenen."]
    assert status_van(o) == Status.CONCEPT


def test_refused_without_afspraken(wereld):
    o = OvereenkomstFactory(gemeente=wereld.gemeente)
    PartijFactory(overeenkomst=o, organisatie=wereld.corporatie)
    with pytest.raises(ValidationError) as fout:
        services.ter_ondertekening(o, door=wereld.beleidsadviseur)
    assert fout.value.messages == ["Er staan nog geen afspraken in de overeenkomst."]
    assert status_van(o) == Status.CONCEPT


def test_refused_with_both_reasons_when_empty(wereld):
    o = OvereenkomstFactory(gemeente=wereld.gemeente)
    with pytest.raises(ValidationError) as fout:
        services.ter_ondertekening(o, door=wereld.beleidsadviseur)
    assert fout.value.messages == [
        "Voeg eerst de partijen toe die ondertekenen.",
        "Er staan nog geen afspraken in de overeenkomst.",
    ]


# --- ter ondertekening → concept, → ondertekend ---------------------------------------------------


@pytest.mark.parametrize("wie", EDITORS)
def test_an_editor_takes_it_back_to_concept(wereld, overeenkomst, wie):
    zet_status(wereld, overeenkomst, Status.TER_ONDERTEKENING)
    o = services.terug_naar_concept(overeenkomst, door=wereld.user(wie))
    assert (o.status, o.inhoud_hash) == (Status.CONCEPT, "")
    assert status_van(overeenkomst) == Status.CONCEPT


@pytest.mark.parametrize("wie", NIET_EDITORS)
def test_others_may_not_take_it_back(wereld, overeenkomst, wie):
    zet_status(wereld, overeenkomst, Status.TER_ONDERTEKENING)
    with pytest.raises(PermissionDenied):
        services.terug_naar_concept(overeenkomst, door=wereld.user(wie))
    assert status_van(overeenkomst) == Status.TER_ONDERTEKENING


def test_the_last_signature_makes_it_ondertekend(wereld, overeenkomst):
    zet_status(wereld, overeenkomst, Status.TER_ONDERTEKENING)
    services.onderteken(overeenkomst, door=wereld.partner, gelezen_hash=overeenkomst.inhoud_hash)
    assert status_van(overeenkomst) == Status.TER_ONDERTEKENING
    services.onderteken(
        overeenkomst, door=wereld.programmaleider, gelezen_hash=overeenkomst.inhoud_hash
    )
    assert status_van(overeenkomst) == Status.ONDERTEKEND


# --- ondertekend → beëindigd ----------------------------------------------------------------------


@pytest.mark.parametrize("wie", EDITORS)
def test_an_editor_ends_a_signed_agreement(wereld, overeenkomst, wie):
    zet_status(wereld, overeenkomst, Status.ONDERTEKEND)
    o = services.beeindigen(overeenkomst, door=wereld.user(wie))
    assert o.status == Status.BEEINDIGD
    assert status_van(overeenkomst) == Status.BEEINDIGD
    assert audit.entries_for(o).first().change_message == "Overeenkomst beëindigd."


@pytest.mark.parametrize("wie", NIET_EDITORS)
def test_others_may_not_end_it(wereld, overeenkomst, wie):
    zet_status(wereld, overeenkomst, Status.ONDERTEKEND)
    with pytest.raises(PermissionDenied):
        services.beeindigen(overeenkomst, door=wereld.user(wie))
    assert status_van(overeenkomst) == Status.ONDERTEKEND


# --- every transition from a wrong status is refused ----------------------------------------------


def aanbieden(wereld, o):
    return services.ter_ondertekening(o, door=wereld.beleidsadviseur, mail=False)


def terug(wereld, o):
    return services.terug_naar_concept(o, door=wereld.beleidsadviseur)


def beeindigen(wereld, o):
    return services.beeindigen(o, door=wereld.beleidsadviseur)


def ondertekenen(wereld, o):
    return services.onderteken(o, door=wereld.partner, gelezen_hash=o.inhoud_hash)


@pytest.mark.parametrize(
    "overgang, status, melding",
    [
        (aanbieden, Status.TER_ONDERTEKENING, "Alleen een concept kan ter ondertekening"),
        (aanbieden, Status.ONDERTEKEND, "Alleen een concept kan ter ondertekening"),
        (terug, Status.CONCEPT, "Alleen een overeenkomst die ter ondertekening ligt"),
        (terug, Status.ONDERTEKEND, "Alleen een overeenkomst die ter ondertekening ligt"),
        (beeindigen, Status.CONCEPT, "Alleen een ondertekende overeenkomst kan"),
        (beeindigen, Status.TER_ONDERTEKENING, "Alleen een ondertekende overeenkomst kan"),
        (ondertekenen, Status.CONCEPT, "Deze overeenkomst ligt niet ter ondertekening."),
        # The partner signed on the way to ondertekend: that is what it is told.
        (ondertekenen, Status.ONDERTEKEND, "Woningcorporatie X heeft versie 1 al ondertekend"),
        (ondertekenen, Status.BEEINDIGD, "Woningcorporatie X heeft versie 1 al ondertekend"),
    ],
    ids=lambda v: getattr(v, "__name__", str(v))[:24],
)
def test_a_transition_from_the_wrong_status_is_a_validation_error(
    wereld, overeenkomst, overgang, status, melding
):
    zet_status(wereld, overeenkomst, status)
    versie = overeenkomst.versie
    with pytest.raises(ValidationError) as fout:
        overgang(wereld, overeenkomst)
    assert fout.value.messages[0].startswith(melding)
    overeenkomst.refresh_from_db()
    assert (overeenkomst.status, overeenkomst.versie) == (status, versie)


OVERGANGEN = {
    "ter_ondertekening": lambda o, user: services.ter_ondertekening(o, door=user, mail=False),
    "terug_naar_concept": lambda o, user: services.terug_naar_concept(o, door=user),
    "beeindigen": lambda o, user: services.beeindigen(o, door=user),
}


@pytest.mark.parametrize("overgang", OVERGANGEN)
@pytest.mark.parametrize("wie", EDITORS)
def test_a_beeindigde_overeenkomst_changes_no_more(wereld, overeenkomst, overgang, wie):
    # read-only: an editor, the beheerder too, is refused before the status is looked at
    zet_status(wereld, overeenkomst, Status.BEEINDIGD)
    with pytest.raises(PermissionDenied):
        OVERGANGEN[overgang](overeenkomst, wereld.user(wie))
    assert status_van(overeenkomst) == Status.BEEINDIGD


@pytest.mark.parametrize("wie", (*EDITORS, *NIET_EDITORS))
def test_a_beeindigde_overeenkomst_is_alleen_lezen_for_everyone(wereld, overeenkomst, wie):
    jaarschijf = JaarschijfFactory(overeenkomst=overeenkomst)
    afspraak = overeenkomst.afspraken.get()
    zet_status(wereld, overeenkomst, Status.BEEINDIGD)
    assert overeenkomst.alleen_lezen
    user = wereld.user(wie)
    for obj in (overeenkomst, afspraak, jaarschijf, overeenkomst.partijen.first()):
        assert obj.alleen_lezen
        assert not permissions.can_edit(user, obj), obj
        with pytest.raises(PermissionDenied):
            permissions.require_edit(user, obj)


@pytest.mark.parametrize("wie", ("beleidsadviseur", "beheerder"))
def test_an_editor_is_told_why(wereld, overeenkomst, wie):
    zet_status(wereld, overeenkomst, Status.BEEINDIGD)
    with pytest.raises(PermissionDenied) as fout:
        permissions.require_edit(wereld.user(wie), overeenkomst)
    assert str(fout.value) == "Deze overeenkomst is beëindigd en kan niet meer worden gewijzigd."


@pytest.mark.parametrize(
    "status", [Status.CONCEPT, Status.TER_ONDERTEKENING, Status.ONDERTEKEND], ids=str
)
def test_before_it_ends_the_editors_may_edit_it(wereld, overeenkomst, status):
    zet_status(wereld, overeenkomst, status)
    assert not overeenkomst.alleen_lezen
    for wie in EDITORS:
        assert permissions.can_edit(wereld.user(wie), overeenkomst), wie
    for wie in NIET_EDITORS:
        assert not permissions.can_edit(wereld.user(wie), overeenkomst), wie
