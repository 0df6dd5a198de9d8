"""collection_paused: the cycle collector off inside, as it was after (also on errors)."""

from __future__ import annotations

import gc

import pytest

from annotator.gc_pause import collection_paused


@pytest.fixture
def collector_state():
    was_on = gc.isenabled()
    yield
    if was_on:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("collector_state")
@pytest.mark.parametrize("on_before", [True, False])
def test_the_collector_is_off_inside_and_as_before_after(on_before):
    (gc.enable if on_before else gc.disable)()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is on_before
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("the state comes back on errors too")
    assert gc.isenabled() is on_before
