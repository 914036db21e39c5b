"""The personal-data guard: every format must be caught, ordinary report text must not."""

import pytest

from laget.analysis import pii

CAUGHT = [
    ("Personen 811228-9874 sågs vid torget", pii.PERSONAL_NUMBER, "811228-9874"),
    ("pnr 8112289874", pii.PERSONAL_NUMBER, "8112289874"),
    ("född 19811228-9874", pii.PERSONAL_NUMBER, "19811228-9874"),
    ("198112289874 var där", pii.PERSONAL_NUMBER, "198112289874"),
    ("över hundra år: 811228+9874", pii.PERSONAL_NUMBER, "811228+9874"),
    ("med mellanslag 811228 9874", pii.PERSONAL_NUMBER, "811228 9874"),
    ("samordningsnr 701063-2391", pii.COORDINATION_NUMBER, "701063-2391"),
    ("samordningsnr 197010632391", pii.COORDINATION_NUMBER, "197010632391"),
    ("ring 070-123 45 67", pii.PHONE, "070-123 45 67"),
    ("tel +46 70 123 45 67", pii.PHONE, "+46 70 123 45 67"),
    ("växel 0240-123 45", pii.PHONE, "0240-123 45"),
    ("mejla kalle.anka@example.se", pii.EMAIL, "kalle.anka@example.se"),
    ("bil ABC 123 stod kvar", pii.VEHICLE, "ABC 123"),
    ("regnr ABC12D", pii.VEHICLE, "ABC12D"),
]


@pytest.mark.parametrize(("text", "kind", "value"), CAUGHT)
def test_it_finds_each_format(text, kind, value):
    findings = pii.find_personal_data(text)
    assert [(f.kind, text[f.start : f.end]) for f in findings] == [(kind, value)]


@pytest.mark.parametrize(
    "text",
    [
        "Klotter på 12 väggar 2026-11-20 kl 14",
        "Ordernummer 1234567890",  # ten digits but not a date
        "811228-9875",  # a date, but the checksum is wrong
        "Bråk vid ICA 20-22, cirka 15 ungdomar",
        "EST vecka 47: 3 st glaskross",
        "abc 123 i gemener",  # lower case is not a plate
        "VAL 123",  # V is never used on plates
    ],
)
def test_it_leaves_ordinary_report_text_alone(text):
    assert pii.find_personal_data(text) == []


def test_it_never_returns_the_value_only_a_salted_digest():
    text = "811228-9874"
    [finding] = pii.find_personal_data(text, salt="s1")
    assert "9874" not in finding.digest
    assert finding.digest != pii.find_personal_data(text, salt="s2")[0].digest
    assert finding.digest == pii.find_personal_data("8112289874", salt="s1")[0].digest


def test_it_redacts_every_finding():
    text = "Ring 070-123 45 67 om ABC 123, pnr 811228-9874."
    assert (
        pii.redact(text, pii.find_personal_data(text))
        == "Ring [borttaget] om [borttaget], pnr [borttaget]."
    )


def test_an_identity_number_is_not_also_reported_as_a_phone_number():
    kinds = [f.kind for f in pii.find_personal_data("8112289874")]
    assert kinds == [pii.PERSONAL_NUMBER]
