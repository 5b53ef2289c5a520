"""`kiosk.domain.claims` re-exports the claim modules: one import for every caller, no definition of its own."""

from __future__ import annotations

import inspect

import kiosk.domain.claims as claims


def test_every_public_name_is_importable_from_claims() -> None:
    for name in claims.__all__:
        assert getattr(claims, name) is not None, name


def test_claims_defines_nothing_itself() -> None:
    """The definitions live in the split modules; `claims` only names them."""
    for name in claims.__all__:
        value = getattr(claims, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert value.__module__ != "kiosk.domain.claims", name
            assert value.__module__.startswith("kiosk.domain."), (name, value.__module__)
