"""The SMART check, on the handbook's own bike-theft progression and on the forms goals take."""

from __future__ import annotations

import datetime
import re

import pytest

from laget.analysis import smart
from laget.analysis.smart import (
    BASELINE_WITHOUT_VALUE,
    DECREASE,
    EMPTY_TEXT,
    INCREASE,
    LETTER_NAMES_SV,
    LETTERS,
    MESSAGES_SV,
    NO_BASELINE,
    NO_DEADLINE,
    NO_DIRECTION,
    NO_INDICATOR,
    NO_NUMBER,
    NO_PLACE,
    UNREALISTIC_TARGET,
    VAGUE_DEADLINE,
    VAGUE_VERB,
    Finding,
    SmartResult,
    check_goal,
    message_sv,
    parse_number_word,
)

# §8.3 of the process spec: MÅLFORMULERING → BERÖRDA PARAMETRAR, verbatim ("o" is the source's 0).
PROGRESSION = [
    ("Minska antalet brott", "A"),
    ("Minska antalet anmälda brott från 100 till o.", "MA"),
    ("Minska antalet anmälda cykelstölder från 100 till o.", "MA"),
    (
        "Minska antalet anmälda cykelstölder på cykelparkeringen vid järnvägsstationen "
        "från 100 till o.",
        "SMA",
    ),
    (
        "Minska antalet anmälda cykelstölder på cykelparkeringen vid järnvägsstationen, "
        "med minst 10 stycken. Antal att jämföra med är 100.",
        "SMAR",
    ),
    (
        "Minska antalet anmälda cykelstölder på cykelparkeringen vid järnvägsstationen. "
        "De uppgick under år 2016 till 100 stycken och ska under år 2017 minska med minst "
        "10 stycken.",
        "SMART",
    ),
]


def blocking(result: SmartResult, letter: str) -> set[str]:
    return {f.code for f in result[letter].findings if f.blocking}


@pytest.mark.parametrize(("text", "letters"), PROGRESSION, ids=[f"row{i}" for i in range(1, 7)])
def test_the_handbook_rows_get_exactly_the_handbook_letters(text: str, letters: str) -> None:
    result = check_goal(text)

    assert result.covered == frozenset(letters)
    assert result.parameters == ", ".join(letters)
    assert result.missing == tuple(letter for letter in LETTERS if letter not in letters)


@pytest.mark.parametrize("row", range(1, 6), ids=[f"row{i}to{i + 1}" for i in range(1, 6)])
def test_each_step_fixes_what_the_findings_of_the_step_before_named(row: int) -> None:
    earlier = check_goal(PROGRESSION[row - 1][0])
    later = check_goal(PROGRESSION[row][0])

    gained = later.covered - earlier.covered
    assert earlier.covered <= later.covered
    for letter in gained:
        assert blocking(earlier, letter), f"row {row} should say why {letter} is missing"
        assert not blocking(later, letter)
    for letter in set(LETTERS) - later.covered:
        assert blocking(later, letter), f"row {row + 1} should say why {letter} is missing"


def test_the_findings_say_what_the_handbook_assessments_say() -> None:
    rows = [check_goal(text) for text, _ in PROGRESSION]

    # Row 1: "en vision … som egentligen inte går att följa upp"
    assert blocking(rows[0], "S") == {NO_INDICATOR, NO_PLACE}
    assert blocking(rows[0], "M") == {NO_NUMBER}
    assert blocking(rows[0], "R") == {NO_BASELINE}
    assert blocking(rows[0], "T") == {NO_DEADLINE}
    # Row 2 → 3: the crime type is named; the place is still missing.
    assert blocking(rows[1], "S") == {NO_INDICATOR, NO_PLACE}
    assert blocking(rows[2], "S") == {NO_PLACE}
    # Row 4: "målet inte är realistiskt och det saknas en angiven tid"
    assert blocking(rows[3], "R") == {UNREALISTIC_TARGET}
    assert rows[3]["R"].findings[0].matched == "till o"
    assert blocking(rows[3], "T") == {NO_DEADLINE}
    # Row 5: "En fråga som återstår är när"
    assert [f.code for f in rows[4].findings] == [NO_DEADLINE]
    # Row 6: nothing left to say.
    assert rows[5].findings == ()


def test_the_progression_reads_its_facts() -> None:
    facts = check_goal(PROGRESSION[5][0]).facts

    assert facts.direction == DECREASE
    assert facts.indicator == "cykelstölder"
    assert facts.place == "på cykelparkeringen vid järnvägsstationen"
    assert facts.baseline == 100
    assert facts.deadline == "2017"  # 2016 dates the baseline, not the deadline
    assert check_goal(PROGRESSION[3][0]).facts.target == 0


def test_the_test_goal_record_of_the_spec_covers_every_letter_through_the_form() -> None:
    result = check_goal(
        "Minska antalet brott",
        indicator="anmälda cykelstölder",
        place="cykelparkeringen vid järnvägsstationen",
        baseline=100,
        target=90,
        deadline=datetime.date(2017, 12, 31),
    )

    assert result.parameters == "S, M, A, R, T"
    assert result.facts.deadline == "2017-12-31"
    assert result.facts.place == "cykelparkeringen vid järnvägsstationen"


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Verka för ökad trygghet i Centrum.", "Verka för"),
        ("Kommunen verkar för färre inbrott i Västanfors.", "verkar för"),
        ("Värna om tryggheten i centrum.", "Värna om"),
        ("Polisen värnar om ordningen på torget.", "värnar om"),
        ("Arbeta för att minska antalet inbrott i Fagersta med 20 % under 2027.", "Arbeta för"),
        ("Vi jobbar för färre cykelstölder vid stationen.", "jobbar för"),
        ("Främja trygghet på torget.", "Främja"),
        ("Sträva efter färre bilbränder i Västanfors.", "Sträva efter"),
        ("Eftersträva lugn på stationen.", "Eftersträva"),
        ("Bidra till minskad skadegörelse vid skolan.", "Bidra till"),
        ("Öka medvetenheten om cykelstölder vid stationen.", "Öka medvetenheten"),
        ("Skapa förutsättningar för färre inbrott i Ludvika.", "Skapa förutsättningar"),
        ("Motverka klotter vid skolan.", "Motverka"),
        ("Förebygga inbrott i Västanfors.", "Förebygga"),
    ],
)
def test_every_vague_phrase_is_named_and_keeps_the_goal_from_being_specific(
    text: str, phrase: str
) -> None:
    result = check_goal(text)

    vague = [f for f in result["S"].findings if f.code == VAGUE_VERB]
    assert [f.matched for f in vague] == [phrase]
    start, end = vague[0].span or (0, 0)
    assert text[start:end] == phrase
    assert "S" not in result.covered
    assert f"”{phrase}”" in message_sv(vague[0])


def test_motverka_with_a_measure_says_what_it_means() -> None:
    result = check_goal("Motverka klotter vid skolan med minst tio sanerade klotter per månad.")

    assert VAGUE_VERB not in {f.code for f in result.findings}
    assert {"S", "M"} <= result.covered


@pytest.mark.parametrize(
    "text",
    [
        "Minska antalet cykelstölder vid stationen med 10 stycken.",
        "Minska antalet cykelstölder vid stationen med minst 10.",
        "Minska antalet cykelstölder vid stationen med 20 %.",
        "Minska antalet cykelstölder vid stationen med 20%.",
        "Minska andelen otrygga i Centrum med fem procentenheter.",
        "Minska antalet cykelstölder vid stationen från 100 till 90.",
        "Minska antalet cykelstölder vid stationen till 1 000.",
        "Minska antalet cykelstölder vid stationen med tio.",
        "Minska antalet cykelstölder vid stationen med tjugofem stycken.",
        "Minska antalet cykelstölder vid stationen med hundra.",
        "Minska antalet cykelstölder vid stationen med etthundrafemtio.",
        "Halvera antalet bostadsinbrott i Västanfors.",
        "Öka andelen som känner sig trygga i Centrum enligt trygghetsundersökningen.",
    ],
)
def test_numbers_in_digits_words_and_shares_make_a_goal_measurable(text: str) -> None:
    result = check_goal(text)

    assert "M" in result.covered
    assert result["M"].findings == ()


@pytest.mark.parametrize(
    "text",
    [
        "Minska antalet cykelstölder vid stationen under år 2017.",
        "Minska antalet cykelstölder vid stationen inom två år.",
        "Minska antalet cykelstölder vid stationen under 2017 och 2018.",
        "Minska antalet cykelstölder vid stationen senast 2026-12-31.",
        "Minska antalet cykelstölder vid stationen senast den 31 december 2027.",
        "Minska en del cykelstölder vid stationen.",
    ],
)
def test_numbers_that_are_times_or_articles_do_not_make_a_goal_measurable(text: str) -> None:
    assert blocking(check_goal(text), "M") == {NO_NUMBER}


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("noll", 0),
        ("tre", 3),
        ("tio", 10),
        ("Tolv", 12),
        ("tjugofem", 25),
        ("nittionio", 99),
        ("hundra", 100),
        ("etthundra", 100),
        ("tvåhundrafemtio", 250),
        ("tusen", 1000),
        ("tretusenfemhundra", 3500),
        ("en", None),
        ("ett", None),
        ("cykel", None),
        ("tjugo" * 20, None),
    ],
)
def test_swedish_number_words(word: str, value: int | None) -> None:
    assert parse_number_word(word) == value


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("under år 2017", "2017"),
        ("under 2027", "2027"),
        ("senast 2026-12-31", "2026-12-31"),
        ("senast den 31 december 2027", "31 december 2027"),
        ("till och med 31/12 2027", "31/12 2027"),
        ("senast i mars", "mars"),
        ("före juni 2027", "juni 2027"),
        ("inom två år", "inom två år"),
        ("inom 18 månader", "inom 18 månader"),
        ("under hösten 2027", "hösten"),
        ("till årsskiftet", "årsskiftet"),
        ("i år", "i år"),
        ("under kvartal 3", "kvartal 3"),
    ],
)
def test_deadlines_in_several_forms(text: str, deadline: str) -> None:
    result = check_goal(f"Minska antalet cykelstölder vid stationen med 10 stycken {text}.")

    assert "T" in result.covered
    assert result.facts.deadline == deadline


def test_the_year_of_the_baseline_is_no_deadline() -> None:
    result = check_goal(
        "Minska antalet cykelstölder vid stationen med 10 stycken. "
        "De uppgick under år 2016 till 100 stycken."
    )

    assert "R" in result.covered
    assert blocking(result, "T") == {NO_DEADLINE}


@pytest.mark.parametrize("phrase", ["på sikt", "på lång sikt", "framöver", "så snart som möjligt"])
def test_a_vague_time_is_named(phrase: str) -> None:
    result = check_goal(f"Minska antalet cykelstölder vid stationen {phrase}.")

    [finding] = result["T"].findings
    assert finding.code == VAGUE_DEADLINE
    assert finding.matched == phrase
    assert message_sv(finding).startswith(f"”{phrase}” är ingen tidpunkt")


@pytest.mark.parametrize(
    "text",
    [
        "Minska antalet cykelstölder vid stationen från 100 till 90.",
        "Minska antalet cykelstölder vid stationen med 10 %. Utgångsvärdet för 2016 är 100.",
        "Minska antalet cykelstölder vid stationen med 10. Nuläge: 100.",
        "Minska antalet cykelstölder vid stationen med 10. Under 2016 anmäldes 100 stölder.",
        "Minska antalet cykelstölder vid stationen med 10. Antalet var 100 under 2016.",
        "Minska antalet cykelstölder vid stationen med 10. I dag anmäls cirka 100 per år.",
        "Minska antalet cykelstölder vid stationen med 10 jämfört med 100 år 2016.",
        "Cykelstölderna vid stationen, som idag är 100 per år, ska minska med 10.",
    ],
)
def test_a_value_to_compare_with_makes_the_goal_realistic(text: str) -> None:
    result = check_goal(text)

    assert "R" in result.covered
    assert result["R"].findings == ()
    assert result.facts.baseline == 100


def test_a_number_after_today_is_no_baseline_without_a_verb_of_state() -> None:
    result = check_goal("I dag ska vi minska cykelstölderna vid stationen med 10 under 2027.")

    assert blocking(result, "R") == {NO_BASELINE}
    assert result.facts.baseline is None


def test_a_baseline_period_without_its_value_is_covered_with_advice() -> None:
    result = check_goal("Minska antalet cykelstölder vid stationen med 10 % jämfört med 2016.")

    assert "R" in result.covered
    assert [(f.code, f.blocking) for f in result["R"].findings] == [(BASELINE_WITHOUT_VALUE, False)]
    assert "T" not in result.covered  # the comparison year is no deadline


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Minska antalet cykelstölder vid stationen från 100 till 0 under 2027.", "till 0"),
        ("Minska antalet cykelstölder vid stationen från 100 till noll under 2027.", "till noll"),
        ("Minska antalet cykelstölder vid stationen med 100 % jämfört med 2016.", "med 100 %"),
        ("Cykelstölderna vid stationen ska upphöra helt under 2027 (100 under 2016).", None),
        ("Inga cykelstölder ska ske vid stationen under 2027; i dag sker 100 per år.", "Inga"),
        ("Eliminera cykelstölderna vid stationen under 2027; i dag sker 100 per år.", None),
    ],
)
def test_a_target_of_zero_is_not_realistic(text: str, matched: str | None) -> None:
    result = check_goal(text)

    assert "R" not in result.covered
    [finding] = [f for f in result["R"].findings if f.code == UNREALISTIC_TARGET]
    if matched:
        assert finding.matched == matched


def test_increasing_from_zero_is_realistic() -> None:
    result = check_goal(
        "Öka antalet trygghetsvandringar i Västanfors från 0 till 4 under 2027.",
    )

    assert result.covered == frozenset("SMART")
    assert result.facts.direction == INCREASE


def test_the_subject_before_the_verb_names_what_is_to_change() -> None:
    assert "S" in check_goal("Antalet anmälda cykelstölder vid stationen ska minska.").covered
    assert blocking(check_goal("Brotten i Centrum ska minska."), "S") == {NO_INDICATOR}


@pytest.mark.parametrize(
    "text",
    [
        "Minska antalet cykelstölder på sikt.",
        "Minska antalet cykelstölder i samverkan med polisen.",
        "Minska antalet cykelstölder under 2017.",
        "Minska antalet cykelstölder i mars.",
        "Minska antalet cykelstölder på nätterna.",
        "Minska antalet cykelstölder i början av året.",
    ],
)
def test_times_and_manners_are_not_places(text: str) -> None:
    assert NO_PLACE in blocking(check_goal(text), "S")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Minska antalet cykelstölder i Ludvika.", "i Ludvika"),
        ("Minska antalet cykelstölder i centrum.", "i centrum"),
        ("Minska antalet inbrott i hela kommunen.", "i hela kommunen"),
        ("Minska antalet cykelstölder utanför Folkets hus.", "utanför Folkets"),
        ("Minska klottret på skolor i Västanfors.", "på skolor i Västanfors"),
    ],
)
def test_places_are_read(text: str, place: str) -> None:
    result = check_goal(text)

    assert NO_PLACE not in blocking(result, "S")
    assert result.facts.place == place


def test_a_goal_without_a_word_of_movement_gets_advice_not_a_gap() -> None:
    result = check_goal("Färre än 90 anmälda cykelstölder vid stationen under 2017.")
    assert "S" in result.covered

    result = check_goal("Cykelstölderna vid stationen ska vara 90 under 2017 (100 under 2016).")
    assert "S" in result.covered
    assert [(f.code, f.blocking) for f in result["S"].findings] == [(NO_DIRECTION, False)]


def test_each_structured_field_covers_its_part() -> None:
    text = "Minska antalet brott"
    assert check_goal(text).covered == {"A"}

    assert check_goal(text, target=90)["M"].covered
    assert check_goal(text, baseline=100)["R"].covered
    assert check_goal(text, deadline=datetime.date(2027, 12, 31))["T"].covered
    assert blocking(check_goal(text, place="Centrum"), "S") == {NO_INDICATOR}
    assert blocking(check_goal(text, indicator="anmälda cykelstölder"), "S") == {NO_PLACE}
    assert check_goal(text, place="Centrum", indicator="anmälda cykelstölder")["S"].covered
    assert not check_goal(text, place="  ", indicator="")["S"].covered


def test_the_forms_target_overrides_the_words_about_the_level() -> None:
    text = PROGRESSION[3][0]  # "… från 100 till o."

    assert "R" in check_goal(text, target=90).covered
    result = check_goal(text, target=0)
    [finding] = result["R"].findings
    assert finding.code == UNREALISTIC_TARGET
    assert finding.params == {"baseline": 100, "target": 0}
    assert result.facts.target == 0
    assert check_goal("Minska antalet cykelstölder", baseline=100, target=0)["R"].covered is False


@pytest.mark.parametrize("text", ["", "   \n\t"])
def test_an_empty_text_covers_nothing(text: str) -> None:
    result = check_goal(text)

    assert result.covered == frozenset()
    assert blocking(result, "A") == {EMPTY_TEXT}
    assert blocking(result, "M") == {NO_NUMBER}
    assert blocking(result, "T") == {NO_DEADLINE}


def test_an_empty_text_with_every_field_still_lacks_the_goal_itself() -> None:
    result = check_goal(
        "",
        baseline=100,
        target=90,
        deadline=datetime.date(2027, 12, 31),
        place="Stationen",
        indicator="Anmälda cykelstölder",
    )

    assert result.covered == frozenset("SMRT")


def test_the_citizen_promise_example() -> None:
    # spec-medborgarloften.md, scenario 8: the vague goal is caught, the rewritten one passes.
    vague = check_goal("Verka för ökad trygghet")
    assert VAGUE_VERB in {f.code for f in vague.findings}
    assert NO_NUMBER in blocking(vague, "M")
    assert NO_DEADLINE in blocking(vague, "T")

    rewritten = check_goal(
        "Minska andelen boende i Västanfors som känner sig otrygga från 38 % till 30 % "
        "till 2026-12-31."
    )
    assert rewritten.covered == frozenset("SMART")
    assert (rewritten.facts.baseline, rewritten.facts.target) == (38, 30)
    assert rewritten.facts.deadline == "2026-12-31"


def test_every_code_has_a_swedish_explanation_and_every_letter_a_name() -> None:
    codes = {
        value
        for name, value in vars(smart).items()
        if name.isupper() and isinstance(value, str) and re.fullmatch(r"[a-z_]+", value)
    } - {DECREASE, INCREASE, "develop"}
    assert codes == set(MESSAGES_SV)
    assert set(LETTER_NAMES_SV) == set(LETTERS)
    for code in codes:
        text = message_sv(Finding("S", code, matched="verka för"))
        assert "{" not in text and text.endswith(".")


def test_every_finding_has_a_message_key_in_the_catalogue() -> None:
    texts = [text for text, _ in PROGRESSION] + ["Verka för ökad trygghet på sikt", ""]
    for text in texts:
        for finding in check_goal(text).findings:
            assert finding.message_key in MESSAGES_SV
            assert finding.letter in LETTERS


@pytest.mark.parametrize(
    "text",
    [
        "a" * 10_000,
        "1 " * 5_000,
        "från " * 2_000,
        "jämföra med " + " " * 9_980 + "x",
        "på " * 3_333,
        "Minska antalet " * 666,
        "uppgick under " * 714,
        "i dag " * 1_666,
        "helt " * 2_000,
        "9" * 10_000,
        "1/" * 5_000,
        "tjugo" * 2_000,
        ("Minska antalet anmälda cykelstölder på cykelparkeringen vid järnvägsstationen. " * 200)[
            :10_000
        ],
    ],
    ids=lambda text: repr(text[:12]),
)
def test_a_long_text_is_checked_without_catastrophic_backtracking(text: str) -> None:
    assert len(text) >= 9_990
    result = check_goal(text)

    assert set(result.letters) == set(LETTERS)
    assert "A" in result.covered
