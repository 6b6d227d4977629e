"""What a value of each field kind may look like: mobile and landline numbers, e-mail, text, choices.

Used by the model (a unit's own office `phone` and `email`) and by reply forms (each field has a
kind). Pure: every check returns None when the value is fine, else an i18n code and its params.
"""

from __future__ import annotations

import re

__all__ = ["KINDS", "check", "is_address", "mention_mobile", "normalise_phone"]

KINDS = ("text", "mobile", "landline", "phone", "email", "phone_or_email", "date", "choice")

# A mainland mobile number: 11 digits starting with 1 (spaces or dashes between groups are fine,
# and so is a +86 / 86 country prefix).
_MOBILE = re.compile(r"(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]){8}")
# A landline: an area code (0 and 2-3 more digits; optional brackets, dash or space) and 7-8
# digits, or 7-8 digits alone; an extension may follow (转123, -123, ext. 123).
_LANDLINE = re.compile(
    r"(?:(?:\(0[0-9]{2,3}\)|（0[0-9]{2,3}）|0[0-9]{2,3})[- ]?)?[2-9][0-9]{2,3}[- ]?[0-9]{4}"
    r"(?:\s*(?:转|-|ext\.?\s*|x)\s*[0-9]{1,6})?",
    re.IGNORECASE,
)
# Deliberately simple: one @, a dot in the domain, no spaces, quotes, commas, semicolons or line
# breaks (one address, never a list or a forged header). Mail servers decide the rest.
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", re.ASCII)
# What a robot may @-mention: exactly 11 digits of a mainland mobile, nothing else.
_MENTION = re.compile(r"1[3-9][0-9]{9}", re.ASCII)

_FULLWIDTH = {0xFF10 + n: ord("0") + n for n in range(10)} | {0xFF0D: ord("-"), 0xFF0B: ord("+"), 0xFF20: ord("@")}


def normalise_phone(text: str) -> str:
    """Full-width digits and signs (as typed with a Chinese input method) become ASCII; outer spaces go."""
    return text.translate(_FULLWIDTH).strip()


def is_mobile(text: str) -> bool:
    return _MOBILE.fullmatch(normalise_phone(text)) is not None


def is_landline(text: str) -> bool:
    return _LANDLINE.fullmatch(normalise_phone(text)) is not None


def is_email(text: str) -> bool:
    """One plain address (outer spaces aside): full-width signs are not turned into ASCII here, as
    the address is used as written."""
    return is_address(text.strip(" "))


def is_address(text: str) -> bool:
    """Exactly one address, as it goes into a mail's To: or From: (nothing around it)."""
    return _EMAIL.fullmatch(text) is not None


def mention_mobile(text: str) -> str | None:
    """The 11 digits a robot may @-mention for `text`, or None: a mobile as `is_mobile` reads it
    (groups apart, +86 in front), reduced to its digits; anything else is never mentioned."""
    if not is_mobile(text):
        return None
    digits = re.sub(r"[^0-9]", "", normalise_phone(text))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits if _MENTION.fullmatch(digits) else None


def check(kind: str, value: str, *, max_len: int | None = None, options: list[str] | None = None) -> str | None:
    """None when `value` fits `kind`, else the i18n code saying what is wrong.

    An empty value always fits: whether a field is required is decided by the caller.
    Codes: field_mobile, field_landline, field_phone, field_email, field_phone_or_email, field_too_long, field_choice,
    field_date (a date is parsed by the caller, which knows the campaign's span).
    """
    if not value.strip():
        return None
    if max_len is not None and len(value) > max_len:
        return "field_too_long"
    if kind == "mobile":
        return None if is_mobile(value) else "field_mobile"
    if kind == "landline":
        return None if is_landline(value) else "field_landline"
    if kind == "phone":
        return None if is_mobile(value) or is_landline(value) else "field_phone"
    if kind == "email":
        return None if is_email(value) else "field_email"
    if kind == "phone_or_email":  # 联系方式: a phone or an e-mail, as the notice leaves it open
        return None if is_mobile(value) or is_landline(value) or is_email(value) else "field_phone_or_email"
    if kind == "choice":
        return None if options is None or value in options else "field_choice"
    return None
