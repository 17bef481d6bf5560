"""Reads that several phases make on one page, made once.

The dashboard asks every phase for its numbers and its part of the ketencheck; several of them
read the same thing (the visie in force, the gemeente's overeenkomsten, its indicatoren with
their metingen). A reader decorated with `eenmaal` reads once within `gedeeld()`: the page
wraps its work in it, and the second phase gets the first one's result. Outside `gedeeld()`
every call reads afresh, so a service called on its own, or after a change, never sees an old
result.

A shared result is shared: callers read it and never change it (filter into a new list).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
_gedeeld: ContextVar[dict | None] = ContextVar("woonzorg_lezing", default=None)


@contextmanager
def gedeeld() -> Iterator[None]:
    """Within this block each `eenmaal` reader reads once per arguments."""
    token = _gedeeld.set({})
    try:
        yield
    finally:
        _gedeeld.reset(token)


def eenmaal(lezer: Callable[P, R]) -> Callable[P, R]:
    """Share the result of `lezer(gemeente, user, ...)` within `gedeeld()`; arguments are told
    apart by primary key (a gemeente, a user) or by value, so they are model instances or
    hashable values."""

    @wraps(lezer)
    def lees(*args: P.args, **kwargs: P.kwargs) -> R:
        gelezen = _gedeeld.get()
        if gelezen is None:
            return lezer(*args, **kwargs)
        sleutel = (lezer, *map(_sleutel, args), *((k, _sleutel(v)) for k, v in kwargs.items()))
        if sleutel not in gelezen:
            gelezen[sleutel] = lezer(*args, **kwargs)
        return gelezen[sleutel]

    return lees


def _sleutel(waarde):
    pk = getattr(waarde, "pk", None)
    return (type(waarde), pk) if pk is not None else waarde
