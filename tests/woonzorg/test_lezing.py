"""woonzorg.lezing: a reader decorated with `eenmaal` reads once per page, and only there."""

from types import SimpleNamespace

from woonzorg import lezing

gelezen = []


@lezing.eenmaal
def lees(gemeente, user, *, soort="alles"):
    gelezen.append((gemeente.pk, user.pk, soort))
    return [len(gelezen)]


A, B = SimpleNamespace(pk=1), SimpleNamespace(pk=2)
GEBRUIKER = SimpleNamespace(pk=7)


def setup_function():
    gelezen.clear()


def test_outside_a_page_every_call_reads():
    assert lees(A, GEBRUIKER) == [1]
    assert lees(A, GEBRUIKER) == [2]


def test_within_a_page_the_same_call_reads_once():
    with lezing.gedeeld():
        eerste = lees(A, GEBRUIKER)
        assert lees(A, GEBRUIKER) is eerste
    assert gelezen == [(1, 7, "alles")]


def test_other_arguments_are_another_read():
    with lezing.gedeeld():
        lees(A, GEBRUIKER)
        lees(B, GEBRUIKER)
        lees(A, SimpleNamespace(pk=8))
        lees(A, GEBRUIKER, soort="lopend")
    assert len(gelezen) == 4


def test_the_next_page_reads_afresh():
    with lezing.gedeeld():
        lees(A, GEBRUIKER)
    with lezing.gedeeld():
        lees(A, GEBRUIKER)
    assert len(gelezen) == 2
