"""Where the parties' own pictures diverge, on known figures."""

from laget.analysis.divergence import (
    ASSESSMENT,
    ONLY_ONE,
    TREND,
    Divergence,
    Figure,
    PartyView,
    divergences,
)

KOMMUN, POLIS = 1, 2
KLOTTER, BRAND, SAMLING, INBROTT = 10, 11, 12, 13


def test_one_party_alone_has_nothing_to_diverge_from():
    assert (
        divergences([PartyView(KOMMUN, {KLOTTER: Figure(5, "red", "increased")})], [KLOTTER]) == []
    )


def test_lights_trends_and_one_sided_problems_are_found_in_category_order():
    kommun = PartyView(
        KOMMUN,
        {
            KLOTTER: Figure(14, "red", "increased"),
            BRAND: Figure(2, "yellow", "increased"),
            SAMLING: Figure(6, "yellow", ""),
            INBROTT: Figure(3, "green", "unchanged"),
        },
    )
    polis = PartyView(
        POLIS,
        {
            KLOTTER: Figure(9, "green", "decreased"),
            BRAND: Figure(1, "yellow", "decreased"),
            SAMLING: Figure(0, "", ""),
            INBROTT: Figure(40, "green", "unchanged"),  # counts alone never diverge
        },
    )
    found = divergences([kommun, polis], [KLOTTER, BRAND, SAMLING, INBROTT])
    assert found == [
        Divergence(KLOTTER, ASSESSMENT, (KOMMUN, POLIS), large=True),
        Divergence(KLOTTER, TREND, (KOMMUN, POLIS)),
        Divergence(BRAND, TREND, (KOMMUN, POLIS)),
        Divergence(SAMLING, ONLY_ONE, (KOMMUN, POLIS)),
    ]


def test_a_one_step_gap_is_not_large_and_an_empty_row_has_no_view():
    kommun = PartyView(KOMMUN, {KLOTTER: Figure(None, "yellow", ""), BRAND: Figure(3, "red", "")})
    polis = PartyView(POLIS, {KLOTTER: Figure(None, "red", "")})  # no view on BRAND
    assert divergences([kommun, polis], [KLOTTER, BRAND]) == [
        Divergence(KLOTTER, ASSESSMENT, (KOMMUN, POLIS), large=False)
    ]


def test_agreeing_parties_do_not_diverge():
    same = {KLOTTER: Figure(4, "yellow", "increased")}
    assert divergences([PartyView(KOMMUN, same), PartyView(POLIS, same)], [KLOTTER]) == []
