"""One rule for names on officer screens: masked at a glance, in full where the officer verifies."""

from __future__ import annotations

from kiosk.domain.disclosure import Disclosure, shown_name


def test_names_are_masked_at_a_glance_and_full_to_verify() -> None:
    assert shown_name(Disclosure.GLANCE, "Budi  Santoso") == "B*** S******"
    assert shown_name(Disclosure.VERIFY, "Budi  Santoso") == "Budi Santoso"


def test_without_the_full_name_the_hubs_masked_name_is_shown() -> None:
    assert shown_name(Disclosure.VERIFY, None, "B*** S******") == "B*** S******"
    assert shown_name(Disclosure.GLANCE, "", "") == ""
