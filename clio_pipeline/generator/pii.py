"""Fake personal data for planting into synthetic conversations, and the validators that check it.

Every value is generated, never hard-coded, so card numbers pass Luhn and IBANs pass ISO 7064 mod 97:
a scrubber that relies on checksums is exercised by values it has never seen before.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

from clio_pipeline.generator.pool import pick

FIRST_NAMES = [
    "Amara", "Sofia", "Mateo", "Yuki", "Oluwaseun", "Priya", "Liam", "Wei", "Fatima", "Giulia",
    "Björn", "Aisha", "Diego", "Linh", "Kwame", "Ingrid", "Rafael", "Mei", "Tomasz", "Chloé",
    "Hamid", "Leilani", "Santiago", "Anouk", "Dmitri", "Zanele", "Hiroshi", "Camila", "Noah", "Elif",
    "João", "Margarethe", "Arjun", "Nadia", "Pierre", "Lucía", "Jonas", "Thandiwe", "Keiko", "Marcus",
]
LAST_NAMES = [
    "Okafor", "Hernández", "Nakamura", "Patel", "Müller", "Dubois", "Kowalski", "Silva", "O'Brien",
    "Haddad", "Andersson", "Rossi", "Kim", "Nguyen", "Mensah", "Ivanova", "García", "Schmidt", "Moreau",
    "Ferreira", "Costa", "Fischer", "Yilmaz", "Chowdhury", "Van der Berg", "Lindqvist", "Adeyemi",
    "Takahashi", "Romero", "Lefebvre", "Wagner", "Santos", "Bianchi", "Mahlangu", "Novak", "Zhang",
]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


# Folded once at import: e-mail addresses and handles are ASCII even for "Björn Müller".
_FIRST_ASCII = [_ascii(n) for n in FIRST_NAMES]
_LAST_ASCII = [_ascii(n) for n in LAST_NAMES]

MAIL_DOMAINS = {
    "en": ["gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com", "fastmail.co.uk"],
    "es": ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "outlook.es"],
    "fr": ["gmail.com", "orange.fr", "free.fr", "laposte.net", "yahoo.fr"],
    "de": ["gmail.com", "web.de", "gmx.de", "t-online.de", "posteo.de"],
    "pt": ["gmail.com", "sapo.pt", "uol.com.br", "outlook.pt", "bol.com.br"],
}

STREETS = {
    "en": [
        "{n} Elm Street, Springfield, IL 62704", "{n} Maple Avenue, Portland, OR 97205",
        "{n} Oak Lane, Austin, TX 78704", "{n} Acacia Avenue, Leeds LS6 2AB",
        "{n} Harbour Road, Bristol BS1 5TY", "{n} Cedar Court, Columbus, OH 43215",
    ],
    "es": ["Calle Mayor {n}, 28013 Madrid", "Avenida de la Constitución {n}, 41001 Sevilla",
           "Carrer de Balmes {n}, 08006 Barcelona", "Calle Colón {n}, 46004 Valencia"],
    "fr": ["{n} rue des Lilas, 69003 Lyon", "{n} avenue Jean Jaurès, 31000 Toulouse",
           "{n} boulevard Voltaire, 75011 Paris", "{n} rue Nationale, 59000 Lille"],
    "de": ["Hauptstraße {n}, 10115 Berlin", "Lindenweg {n}, 80331 München",
           "Goethestraße {n}, 50667 Köln", "Am Markt {n}, 04109 Leipzig"],
    "pt": ["Rua das Flores {n}, 1200-195 Lisboa", "Avenida Paulista {n}, São Paulo - SP, 01310-100",
           "Rua de Santa Catarina {n}, 4000-447 Porto", "Rua Augusta {n}, Curitiba - PR, 80010-000"],
}

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
           "outubro", "novembro", "dezembro"],
}


def luhn_valid(number: str) -> bool:
    """True when the digits of `number` (spaces and dashes allowed) pass the Luhn checksum."""
    digits = number.replace(" ", "").replace("-", "")
    if not digits.isdigit() or len(digits) < 12:
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _luhn_check_digit(partial: str) -> str:
    # The check digit is the one that makes the whole number pass; doubling starts at the digit left of it.
    for candidate in "0123456789":
        if luhn_valid(partial + candidate):
            return candidate
    raise AssertionError("unreachable: one of ten digits always completes a Luhn number")


def iban_valid(iban: str) -> bool:
    """True when `iban` (spaces allowed) has a country code, two check digits and passes mod 97."""
    compact = iban.replace(" ", "").upper()
    if len(compact) < 15 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    if not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(numeric) % 97 == 1


def _iban_from_bban(country: str, bban: str) -> str:
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    check = 98 - int(numeric) % 97
    return f"{country}{check:02d}{bban}"


def _digits(rng: random.Random, k: int) -> str:
    # One draw for the whole run of digits: this is the generator's hottest helper.
    return f"{rng.randrange(10**k):0{k}d}"


def fake_card(rng: random.Random) -> str:
    """A Visa, Mastercard or Amex number with a valid Luhn digit, formatted the way people type them."""
    kind = rng.random()
    if kind < 0.15:
        partial = pick(rng, ["34", "37"]) + _digits(rng, 12)
        number = partial + _luhn_check_digit(partial)
        return f"{number[:4]} {number[4:10]} {number[10:]}"
    prefix = "4" if kind < 0.6 else str(rng.randint(51, 55))
    partial = prefix + _digits(rng, 15 - len(prefix))
    number = partial + _luhn_check_digit(partial)
    style = rng.random()
    if style < 0.5:
        return " ".join(number[i : i + 4] for i in range(0, 16, 4))
    if style < 0.75:
        return "-".join(number[i : i + 4] for i in range(0, 16, 4))
    return number


def _fr_bban(rng: random.Random) -> str:
    bank, branch, account = _digits(rng, 5), _digits(rng, 5), _digits(rng, 11)
    # The French RIB key, so the BBAN is valid in its own right and not only at the IBAN level.
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    return f"{bank}{branch}{account}{key:02d}"


_BBAN: dict[str, Callable[[random.Random], str]] = {
    "DE": lambda rng: _digits(rng, 18),
    "FR": _fr_bban,
    "ES": lambda rng: _digits(rng, 20),
    "GB": lambda rng: pick(rng, ["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + _digits(rng, 14),
    "PT": lambda rng: _digits(rng, 21),
}
IBAN_COUNTRY = {"en": "GB", "de": "DE", "fr": "FR", "es": "ES", "pt": "PT"}


def fake_iban(rng: random.Random, country: str) -> str:
    """A mod-97-valid IBAN for DE, FR, ES, GB or PT, printed in groups of four as on a bank statement."""
    iban = _iban_from_bban(country, _BBAN[country](rng))
    if rng.random() < 0.7:
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban


def fake_ssn(rng: random.Random) -> str:
    """A US SSN in valid format: area 001-899 except 666, group 01-99, serial 0001-9999."""
    area = rng.randint(1, 898)
    if area >= 666:
        area += 1
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def fake_name(rng: random.Random) -> str:
    return f"{pick(rng, FIRST_NAMES)} {pick(rng, LAST_NAMES)}"


def fake_email(rng: random.Random, language: str) -> str:
    first, last = pick(rng, _FIRST_ASCII), pick(rng, _LAST_ASCII)
    local = pick(rng, [f"{first}.{last}", f"{first[0]}{last}", f"{first}{rng.randint(1, 99)}", f"{last}.{first}"])
    return f"{local}@{pick(rng, MAIL_DOMAINS[language])}"


def _area(rng: random.Random) -> int:
    return rng.randint(201, 989)


# Per language, the number formats people actually type; built lazily so one call draws one number.
_PHONE_FORMATS: dict[str, list[Callable[[random.Random], str]]] = {
    "en": [lambda r: f"+1 {_area(r)}-555-{_digits(r, 4)}", lambda r: f"({_area(r)}) 555-{_digits(r, 4)}",
           lambda r: f"{_area(r)}.555.{_digits(r, 4)}", lambda r: f"+44 20 7946 0{_digits(r, 3)}",
           lambda r: f"07700 900{_digits(r, 3)}"],
    "es": [lambda r: f"+34 6{_digits(r, 2)} {_digits(r, 3)} {_digits(r, 3)}",
           lambda r: f"6{_digits(r, 2)} {_digits(r, 2)} {_digits(r, 2)} {_digits(r, 2)}",
           lambda r: f"+34 91 {_digits(r, 3)} {_digits(r, 2)} {_digits(r, 2)}"],
    "fr": [lambda r: f"06 {_digits(r, 2)} {_digits(r, 2)} {_digits(r, 2)} {_digits(r, 2)}",
           lambda r: f"+33 6 {_digits(r, 2)} {_digits(r, 2)} {_digits(r, 2)} {_digits(r, 2)}",
           lambda r: f"07 {_digits(r, 2)} {_digits(r, 2)} {_digits(r, 2)} {_digits(r, 2)}",
           lambda r: f"01 {_digits(r, 2)} {_digits(r, 2)} {_digits(r, 2)} {_digits(r, 2)}"],
    "de": [lambda r: f"+49 30 {_digits(r, 6)}", lambda r: f"0171 {_digits(r, 7)}",
           lambda r: f"+49 171 {_digits(r, 7)}", lambda r: f"089 {_digits(r, 3)} {_digits(r, 4)}"],
    "pt": [lambda r: f"+351 91{_digits(r, 1)} {_digits(r, 3)} {_digits(r, 3)}",
           lambda r: f"({r.randint(11, 99)}) 9{_digits(r, 4)}-{_digits(r, 4)}",
           lambda r: f"+55 11 9{_digits(r, 4)}-{_digits(r, 4)}",
           lambda r: f"21{_digits(r, 1)} {_digits(r, 3)} {_digits(r, 3)}"],
}


def fake_phone(rng: random.Random, language: str) -> str:
    return pick(rng, _PHONE_FORMATS[language])(rng)


def fake_address(rng: random.Random, language: str) -> str:
    return pick(rng, STREETS[language]).format(n=rng.randint(2, 2400) if language == "en" else rng.randint(1, 180))


def fake_ip(rng: random.Random) -> str:
    if rng.random() < 0.75:
        return f"{rng.randint(11, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    groups = [f"{rng.getrandbits(16):x}" for _ in range(8)]
    if rng.random() < 0.5:
        return "2001:db8:" + ":".join(groups[2:])
    return f"2a02:{groups[1]}:{groups[2]}::{groups[7]}"


def fake_handle(rng: random.Random) -> str:
    first, last = pick(rng, _FIRST_ASCII), pick(rng, _LAST_ASCII)
    return "@" + pick(rng, [f"{first}_{last}", f"{first}{rng.randint(70, 2009)}", f"the{last}", f"{first}.{last[:3]}"])


def fake_url(rng: random.Random) -> str:
    first, last = pick(rng, _FIRST_ASCII), pick(rng, _LAST_ASCII)
    return pick(rng, [
        f"https://www.facebook.com/{first}.{last}.{rng.randint(1, 999)}",
        f"https://github.com/{first}{last}",
        f"https://www.linkedin.com/in/{first}-{last}-{rng.randint(1000, 9999)}",
        f"https://instagram.com/{first}_{last}",
        f"https://drive.google.com/file/d/{rng.getrandbits(64):x}/view?usp=sharing&user={first}",
        f"http://myblog.example.net/users/{first}{last}/posts/{rng.randint(1, 400)}",
    ])


def fake_dob(rng: random.Random, language: str) -> str:
    year, month, day = rng.randint(1948, 2007), rng.randint(1, 12), rng.randint(1, 28)
    month_name = MONTHS[language][month - 1]
    formats = {
        "en": [f"{month_name} {day}, {year}", f"{month:02d}/{day:02d}/{year}", f"{year}-{month:02d}-{day:02d}"],
        "es": [f"{day:02d}/{month:02d}/{year}", f"{day} de {month_name} de {year}"],
        "fr": [f"{day:02d}/{month:02d}/{year}", f"{day} {month_name} {year}"],
        "de": [f"{day:02d}.{month:02d}.{year}", f"{day}. {month_name} {year}"],
        "pt": [f"{day:02d}/{month:02d}/{year}", f"{day} de {month_name} de {year}"],
    }
    return pick(rng, formats[language])


def fake_value(rng: random.Random, pii_type: str, language: str) -> str:
    """One fresh fake value of `pii_type`, in the conventions of `language`."""
    if pii_type == "NAME":
        return fake_name(rng)
    if pii_type == "EMAIL":
        return fake_email(rng, language)
    if pii_type == "PHONE":
        return fake_phone(rng, language)
    if pii_type == "ADDRESS":
        return fake_address(rng, language)
    if pii_type == "CARD":
        return fake_card(rng)
    if pii_type == "IBAN":
        return fake_iban(rng, IBAN_COUNTRY[language])
    if pii_type == "SSN":
        return fake_ssn(rng)
    if pii_type == "IP":
        return fake_ip(rng)
    if pii_type == "URL":
        return fake_url(rng)
    if pii_type == "HANDLE":
        return fake_handle(rng)
    if pii_type == "DOB":
        return fake_dob(rng, language)
    raise ValueError(f"unknown PII type {pii_type!r}")
