"""What both envelopes share: whatever either parser accepts is complete, and nothing else gets through."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.protocol.base import MessageError
from kiosk.protocol.control import parse_control
from kiosk.protocol.signaling import parse_envelope


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
    )
)
def test_arbitrary_json_is_parsed_or_refused_never_anything_else(value: object) -> None:
    for parse in (parse_envelope, parse_control):
        try:
            result = parse(json.dumps(value))
        except MessageError:
            continue
        # Whatever is accepted is complete: it survives a round trip unchanged.
        assert parse(result.to_json()) == result


@pytest.mark.parametrize("parse", [parse_envelope, parse_control])
@pytest.mark.parametrize(
    "raw", ["[" * 50_000 + "]" * 50_000, '{"v": 1, "type": "ack", "payload": ' + '{"a": ' * 40_000]
)
def test_a_deeply_nested_message_is_refused_by_both_parsers(parse: Callable[[str], object], raw: str) -> None:
    # 50,000 levels fit in the size limit; the JSON parser's recursion used to escape as RecursionError.
    with pytest.raises(MessageError) as refused:
        parse(raw)
    assert refused.value.code == "too_deep"
