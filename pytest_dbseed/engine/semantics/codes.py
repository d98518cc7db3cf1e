"""Identifiers, hashes, tokens and codes with check digits, each in the shape real systems
use: 32 or 40 or 64 hex digits, UUIDs, ULIDs, JWTs, IBANs and EANs whose check digits
verify, API keys with their prefixes.

A code with a numbered form is a pair of builders (see :func:`numbered`): the fill draws
numbers at random, the unique form is a keyed permutation of the number space, so unique
values keep their check digits (a suffix would break them).
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Callable
from typing import Any

from pytest_dbseed.engine.bijections import affine
from pytest_dbseed.engine.rng import mix64
from pytest_dbseed.engine.semantics.model import Env, Fill, RowFn

Build = Callable[[Env], Fill]
Unique = Callable[[Env, int], tuple[RowFn, int | None]]

_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_GEOHASH = "0123456789bcdefghjkmnpqrstuvwxyz"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CODE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _in_base(n: int, alphabet: str, width: int) -> str:
    k = len(alphabet)
    out = []
    for _ in range(width):
        n, d = divmod(n, k)
        out.append(alphabet[d])
    return "".join(reversed(out))


def numbered(space: int, fmt: Callable[[int], str]) -> tuple[Build, Unique]:
    """(fill, unique form) of codes numbered ``0 .. space - 1`` and spelled by ``fmt``."""

    def build(env: Env) -> Fill:
        def fill(rng: random.Random, n: int) -> list[Any]:
            r = rng.random
            return [fmt(int(r() * space)) for _ in range(n)]

        return fill

    def unique(env: Env, key: int) -> tuple[RowFn, int | None]:
        a, c = affine(space, key)

        def rows(start: int, stop: int) -> list[Any]:
            return [fmt((a * r + c) % space) for r in range(start, stop)]

        return rows, space

    return build, unique


# --------------------------------------------------------------------------- hex


def hex_fill(nchars: int, prefix: str = "") -> Build:
    def build(env: Env) -> Fill:
        width = nchars if env.max_len is None else min(nchars, env.max_len - len(prefix))
        nbits = width * 4

        def fill(rng: random.Random, n: int) -> list[Any]:
            bits = rng.getrandbits
            return [f"{prefix}{bits(nbits):0{width}x}" for _ in range(n)]

        return fill

    return build


def hex_rows(nchars: int, prefix: str = "") -> Unique:
    """Unique hex strings: 16 digits that are a bijection of the row, then mixed digits."""

    def unique(env: Env, key: int) -> tuple[RowFn, int | None]:
        width = nchars if env.max_len is None else min(nchars, env.max_len - len(prefix))
        if width < 16:
            space = 16**width
            a, c = affine(space, key)
            return (lambda s, e: [f"{prefix}{(a * r + c) % space:0{width}x}" for r in range(s, e)],
                    space)  # fmt: skip
        tail = width - 16

        def rows(start: int, stop: int) -> list[Any]:
            out = []
            for r in range(start, stop):
                head = mix64(r ^ key)
                rest = "".join(f"{mix64(head ^ (i + 1) * 0x9E37):016x}" for i in range(0, tail, 16))
                out.append(f"{prefix}{head:016x}{rest[:tail]}")
            return out

        return rows, None

    return unique


# --------------------------------------------------------------------------- tokens


def _b62(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(_B62, k=n))


def _b62_of(x: int, width: int) -> str:
    return _in_base(x, _B62, width)


def api_key(env: Env) -> Fill:
    prefixes = ("sk_live_", "sk_test_", "pk_live_", "pk_test_", "key_", "ak_")
    width = 32 if env.max_len is None else max(8, min(32, env.max_len - 8))

    def fill(rng: random.Random, n: int) -> list[Any]:
        ch = rng.choices
        return [p + _b62(rng, width) for p in ch(prefixes, k=n)]

    return fill


def api_key_rows(env: Env, key: int) -> tuple[RowFn, int | None]:
    width = 32 if env.max_len is None else max(11, min(32, env.max_len - 8))

    def rows(start: int, stop: int) -> list[Any]:
        out = []
        for r in range(start, stop):
            head = mix64(r ^ key)  # 11 base-62 digits hold 64 bits: distinct rows, distinct keys
            prefix = ("sk_live_", "sk_test_")[head & 1]
            tail = _b62_of(mix64(head ^ 0xA5), 11) + _b62_of(mix64(head ^ 0x5A), 11)
            out.append(prefix + (_b62_of(head, 11) + tail)[:width])
        return out

    return rows, None


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


_JWT_HEAD = _b64url(b'{"alg":"HS256","typ":"JWT"}')


def _jwt(sub: str, iat: int, sig: bytes) -> str:
    body = json.dumps({"sub": sub, "iat": iat, "exp": iat + 3600}, separators=(",", ":"))
    return f"{_JWT_HEAD}.{_b64url(body.encode())}.{_b64url(sig)}"


def jwt(env: Env) -> Fill:
    def fill(rng: random.Random, n: int) -> list[Any]:
        r = rng.random
        rb = rng.randbytes
        return [_jwt(str(int(r() * 10**6)), 1_700_000_000 + int(r() * 3e7), rb(32))
                for _ in range(n)]  # fmt: skip

    return fill


def jwt_rows(env: Env, key: int) -> tuple[RowFn, int | None]:
    def rows(start: int, stop: int) -> list[Any]:
        out = []
        for r in range(start, stop):
            h = mix64(r ^ key)
            sig = h.to_bytes(8, "big") * 4
            out.append(_jwt(f"{r + 1}", 1_700_000_000 + h % 30_000_000, sig))
        return out

    return rows, None


def _session(user: int, signed: int, sig: bytes) -> str:
    body = json.dumps(
        {"_auth_user_id": str(user), "_auth_user_backend": _BACKEND,
         "_auth_user_hash": sig.hex()[:40]},
        separators=(",", ":"),
    )  # fmt: skip
    return f"{_b64url(body.encode())}:{_b62_of(signed, 6)}:{_b64url(sig)}"


_BACKEND = "django.contrib.auth.backends.ModelBackend"


def session_data(env: Env) -> Fill:
    """Django's signed session payload: base64 JSON, a timestamp, a signature."""

    def fill(rng: random.Random, n: int) -> list[Any]:
        r, rb = rng.random, rng.randbytes
        return [_session(1 + int(r() * 10**4), 1_700_000_000 + int(r() * 3e7), rb(32))
                for _ in range(n)]  # fmt: skip

    return fill


def otp_secret(env: Env) -> Fill:
    width = 32 if env.max_len is None else min(32, env.max_len)

    def fill(rng: random.Random, n: int) -> list[Any]:
        ch = rng.choices
        return ["".join(ch(_B32, k=width)) for _ in range(n)]

    return fill


def otp_secret_rows(env: Env, key: int) -> tuple[RowFn, int | None]:
    width = 32 if env.max_len is None else min(32, env.max_len)

    def rows(start: int, stop: int) -> list[Any]:
        out = []
        for r in range(start, stop):
            h = mix64(r ^ key)  # 13 base-32 digits hold the 64 bits
            out.append((_in_base(h, _B32, 13) + _in_base(mix64(h ^ 7), _B32, 13)
                        + _in_base(mix64(h ^ 9), _B32, 13))[:width])  # fmt: skip
        return out

    return rows, None if width >= 13 else 32**width


def ulid_fmt(n: int) -> str:
    # 48-bit millisecond time (around 2023-2024) then 80 bits: Crockford base 32
    ms = 1_690_000_000_000 + (mix64(n) % 40_000_000_000)
    return _in_base(ms, _CROCKFORD, 10) + _in_base(n, _CROCKFORD, 16)


ULID_BUILD, ULID_ROWS = numbered(1 << 80, ulid_fmt)


def object_id_fmt(n: int) -> str:
    return f"{0x64000000 + mix64(n) % 0x2000000:08x}{n:016x}"


OBJECT_ID_BUILD, OBJECT_ID_ROWS = numbered(1 << 64, object_id_fmt)


def message_id(env: Env) -> Fill:
    hosts = ("mail.example.com", "mx.example.org", "smtp.example.net")

    def fill(rng: random.Random, n: int) -> list[Any]:
        bits = rng.getrandbits
        return [f"<{bits(64):016x}.{bits(32):08x}@{rng.choice(hosts)}>" for _ in range(n)]

    return fill


def message_id_rows(env: Env, key: int) -> tuple[RowFn, int | None]:
    def rows(start: int, stop: int) -> list[Any]:
        return [f"<{mix64(r ^ key):016x}.{r:x}@mail.example.com>" for r in range(start, stop)]

    return rows, None


def geohash_fmt(n: int) -> str:
    return _in_base(n, _GEOHASH, 9)


GEOHASH_BUILD, GEOHASH_ROWS = numbered(32**9, geohash_fmt)

CONFIRMATION_BUILD, CONFIRMATION_ROWS = numbered(32**6, lambda n: _in_base(n, _CODE, 6))

SERIAL_BUILD, SERIAL_ROWS = numbered(36**10, lambda n: "SN" + _in_base(
    n, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 10))  # fmt: skip


# --------------------------------------------------------------------------- check digits


def luhn_digit(digits: str) -> str:
    """The Luhn check digit to append to ``digits``."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def gs1_digit(digits: str) -> str:
    """The GS1 (EAN/UPC/ISBN-13) check digit to append to ``digits``."""
    total = sum(int(ch) * (3 if i % 2 == 0 else 1) for i, ch in enumerate(reversed(digits)))
    return str((10 - total % 10) % 10)


def _ean(n: int) -> str:
    body = f"{400000000000 + n % 600000000000:012d}"
    return body + gs1_digit(body)


def _upc(n: int) -> str:
    body = f"{n % 10**11:011d}"
    body = str(1 + int(body[0]) % 9) + body[1:]
    return body + gs1_digit(body)


def _isbn(n: int) -> str:
    body = f"978{n % 10**9:09d}"
    d = body + gs1_digit(body)
    return f"{d[:3]}-{d[3]}-{d[4:8]}-{d[8:12]}-{d[12]}"


def _imei(n: int) -> str:
    body = f"35{n % 10**12:012d}"
    return body + luhn_digit(body)


def _aba(n: int) -> str:
    body = f"{n % 10**8:08d}"
    body = f"{(int(body[:2]) % 12) + 1:02d}" + body[2:]  # Federal Reserve routing symbols
    w = (3, 7, 1, 3, 7, 1, 3, 7)
    s = sum(int(ch) * k for ch, k in zip(body, w))
    return body + str((10 - s % 10) % 10)


EAN_BUILD, EAN_ROWS = numbered(600000000000, _ean)
UPC_BUILD, UPC_ROWS = numbered(9 * 10**10, lambda n: _upc(n + 10**10))
ISBN_BUILD, ISBN_ROWS = numbered(10**9, _isbn)
IMEI_BUILD, IMEI_ROWS = numbered(10**12, _imei)
ROUTING_BUILD, ROUTING_ROWS = numbered(10**8, _aba)
ACCOUNT_BUILD, ACCOUNT_ROWS = numbered(9 * 10**9, lambda n: f"{10**9 + n:010d}")
LAST4_BUILD, LAST4_ROWS = numbered(10**4, lambda n: f"{n:04d}")
CVV_BUILD, CVV_ROWS = numbered(10**3, lambda n: f"{n:03d}")
OTP_BUILD, OTP_ROWS = numbered(10**6, lambda n: f"{n:06d}")
EXT_BUILD, EXT_ROWS = numbered(9000, lambda n: str(1000 + n))
EIN_BUILD, EIN_ROWS = numbered(9 * 10**8, lambda n: f"{10 + n // 10**7:02d}-{n % 10**7:07d}")
EMPLOYEE_BUILD, EMPLOYEE_ROWS = numbered(10**6, lambda n: f"E{n:06d}")
INVOICE_BUILD, INVOICE_ROWS = numbered(
    5 * 10**6, lambda n: f"INV-{2020 + n // 10**6}-{n % 10**6 + 1:06d}"
)
TRACKING_BUILD, TRACKING_ROWS = numbered(
    36**6 * 10**8, lambda n: "1Z" + _in_base(n // 10**8, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 6)
    + "03" + f"{n % 10**8:08d}"
)  # fmt: skip


def _iban(cc: str, bban: str) -> str:
    """``cc`` + the two ISO 13616 check digits (mod 97) + ``bban``."""
    text = bban + cc + "00"
    number = int("".join(str(int(ch, 36)) for ch in text))
    return f"{cc}{98 - number % 97:02d}{bban}"


# BBAN of each country: (letters before, digits) e.g. GB: 4-letter bank code, 14 digits
_BBAN = {"DE": (0, 18), "FR": (0, 23), "ES": (0, 20), "IT": (1, 22), "NL": (4, 10),
         "GB": (4, 14), "BE": (0, 12), "AT": (0, 16), "CH": (0, 17), "PL": (0, 24),
         "PT": (0, 21), "IE": (4, 14), "SE": (0, 20), "DK": (0, 14), "FI": (0, 14)}  # fmt: skip


def iban_for(cc: str) -> Callable[[int], str]:
    letters, digits = _BBAN.get(cc, _BBAN["DE"])
    if cc not in _BBAN:
        cc = "DE"

    def fmt(n: int) -> str:
        head = _in_base(mix64(n) % 26**letters, _UPPER, letters) if letters else ""
        return _iban(cc, head + f"{n % 10**digits:0{digits}d}")

    return fmt


def _isin(n: int) -> str:
    body = f"US{n % 10**9:09d}"
    expanded = "".join(str(int(ch, 36)) for ch in body)
    return body + luhn_digit(expanded)


ISIN_BUILD, ISIN_ROWS = numbered(10**9, _isin)

_VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
_VIN_VALUES = {
    **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10))), **{str(d): d for d in range(10)},
}  # fmt: skip
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_WMIS = ("1HG", "1FA", "JHM", "WVW", "WBA", "WDB", "VF1", "ZFA", "KMH", "SAL", "YV1", "5YJ")


def _vin(n: int) -> str:
    wmi = _WMIS[mix64(n) % len(_WMIS)]
    vds = _in_base(mix64(n ^ 0x71) % 33**5, _VIN_CHARS, 5)
    rest = _in_base(n, _VIN_CHARS, 8)  # year, plant, serial
    vin = wmi + vds + "0" + rest
    total = sum(_VIN_VALUES[ch] * w for ch, w in zip(vin, _VIN_WEIGHTS))
    check = "X" if total % 11 == 10 else str(total % 11)
    return vin[:8] + check + vin[9:]


VIN_BUILD, VIN_ROWS = numbered(33**8, _vin)


def _plate(n: int) -> str:
    letters, digits = divmod(n, 10**4)
    text = _in_base(letters, _UPPER, 3)
    if digits < 9000 and mix64(n) % 3 == 0:  # 7ABC123, the same (letters, digits) spelled alike
        return f"{1 + digits // 1000}{text}{digits % 1000:03d}"
    return f"{text}-{digits:04d}"


PLATE_BUILD, PLATE_ROWS = numbered(26**3 * 10**4, _plate)

SKU_ROWS = numbered(26**3 * 10**5, lambda n: f"{_in_base(n // 10**5, _UPPER, 3)}-{n % 10**5:05d}")[
    1
]
