"""Find personal data in free text: the personal-data guard of lägesrapporter.

Reports describe places, times and kinds of events — never identifiable people. Before free
text is stored we look for Swedish personnummer and samordningsnummer (every common form, with
the Luhn checksum checked), phone numbers, e-mail addresses and vehicle registration plates.

Findings carry the kind, the position and a salted digest of the matched text, so that they can
be logged and compared without keeping the value in clear.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass

import phonenumbers
from stdnum import luhn

PERSONAL_NUMBER = "personal_number"
COORDINATION_NUMBER = "coordination_number"
PHONE = "phone"
EMAIL = "email"
VEHICLE = "vehicle_plate"

# 6 or 8 date digits, optional separator (-, + or space), 4 digits.
_PNR = re.compile(r"(?<![\d-])((?:19|20)?\d{6})[-+ ]?(\d{4})(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Swedish plates: three letters (not I, Q, V, Å, Ä, Ö) and three characters, the last of
# which may be a letter since 2019 (ABC 123, ABC 12D). Upper case, optional space.
_PLATE = re.compile(
    r"(?<![A-Za-zÅÄÖåäö\d])([A-HJ-PR-UW-Z]{3}) ?(\d{2}[A-HJ-PR-UW-Z\d])(?![A-Za-zÅÄÖåäö\d])"
)


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    digest: str


def _digest(value: str, salt: str) -> str:
    normalised = re.sub(r"[\s+-]", "", value).lower()
    return hashlib.sha256(f"{salt}:{normalised}".encode()).hexdigest()[:16]


def _valid_date(digits: str) -> tuple[bool, bool]:
    """(is a plausible birth date, is a samordningsnummer) for YYMMDD or YYYYMMDD."""
    year = int(digits[:-4]) if len(digits) == 8 else 1900 + int(digits[:2])
    month, day = int(digits[-4:-2]), int(digits[-2:])
    coordination = day > 60
    if coordination:
        day -= 60
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False, False
    return True, coordination


def find_personal_numbers(text: str, salt: str = "") -> list[Finding]:
    findings = []
    for match in _PNR.finditer(text):
        date_part, serial = match.group(1), match.group(2)
        plausible, coordination = _valid_date(date_part)
        if not plausible or not luhn.is_valid(date_part[-6:] + serial):
            continue
        kind = COORDINATION_NUMBER if coordination else PERSONAL_NUMBER
        findings.append(Finding(kind, match.start(), match.end(), _digest(match.group(0), salt)))
    return findings


def find_phone_numbers(text: str, salt: str = "") -> list[Finding]:
    return [
        Finding(PHONE, m.start, m.end, _digest(m.raw_string, salt))
        for m in phonenumbers.PhoneNumberMatcher(text, "SE", leniency=phonenumbers.Leniency.VALID)
    ]


def find_emails(text: str, salt: str = "") -> list[Finding]:
    return [
        Finding(EMAIL, m.start(), m.end(), _digest(m.group(0), salt)) for m in _EMAIL.finditer(text)
    ]


def find_vehicle_plates(text: str, salt: str = "") -> list[Finding]:
    return [
        Finding(VEHICLE, m.start(), m.end(), _digest(m.group(0), salt))
        for m in _PLATE.finditer(text)
    ]


def find_personal_data(text: str, salt: str = "") -> list[Finding]:
    """All findings in ``text``, in order, without overlaps (identity numbers win over phones)."""
    ordered = (
        find_personal_numbers(text, salt)
        + find_emails(text, salt)
        + find_phone_numbers(text, salt)
        + find_vehicle_plates(text, salt)
    )
    taken: list[Finding] = []
    for finding in ordered:
        if all(finding.end <= t.start or finding.start >= t.end for t in taken):
            taken.append(finding)
    return sorted(taken, key=lambda f: f.start)


def redact(text: str, findings: list[Finding], mask: str = "[borttaget]") -> str:
    """Replace every finding with ``mask``."""
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + mask + text[finding.end :]
    return text
