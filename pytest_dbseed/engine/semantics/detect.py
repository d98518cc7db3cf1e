"""Detection: which semantic a column's name (with its table and siblings) asks for."""

from __future__ import annotations

from collections.abc import Sequence

from pytest_dbseed.engine.semantics.catalog import SEMANTICS
from pytest_dbseed.engine.semantics.model import Semantic
from pytest_dbseed.engine.semantics.names import singular, split_name, table_word
from pytest_dbseed.engine.semantics.vocabulary import (
    _ADDRESS_WORDS,
    _BARE_UNITS,
    _EXACT,
    _FLAG_FALSE,
    _FLAG_PREFIX,
    _FLAG_TRUE,
    _HEIGHT_WORDS,
    _ID_BY_LENGTH,
    _IN_TABLE,
    _LAST,
    _MEASURED,
    _NAME_CONTEXT,
    _NEAR,
    _ORDER_WORDS,
    _PAYMENT_WORDS,
    _SHORT_FORMS,
    _TIME_SUFFIX,
    _TIME_WORDS,
    _UNITS,
)

_NUMERIC = frozenset({"int", "float", "decimal", "money"})


def _fits(sem: Semantic, kind: str, max_len: int | None) -> bool:
    if kind not in sem.kinds:
        return False
    if kind == "str" and max_len is not None and max_len < sem.min_length:
        return False
    return True


def _status_for(table: str) -> str:
    """Which status list suits a table, from any word of its name
    (``payment_history`` and ``order_events`` count as payment and order tables)."""
    words = {singular(w) for w in split_name(table.rsplit(".", 1)[-1])}
    if words & _ORDER_WORDS:
        return "order_status"
    if words & _PAYMENT_WORDS:
        return "payment_status"
    return "status"


def column_words(column: str) -> list[str]:
    """The words of a column name, digits that belong to a word kept on it (``md5``,
    ``sha256``, ``ipv6``), a trailing ordinal dropped (``address_line_1``, ``email2``)."""
    tokens = split_name(column)
    merged: list[str] = []
    for tok in tokens:
        if tok.isdigit() and merged and (merged[-1] + tok in _EXACT or merged[-1] + tok in _LAST):
            merged[-1] += tok
        else:
            merged.append(tok)
    while len(merged) > 1 and merged[-1].isdigit():
        merged.pop()
    return merged


def _table_words(table: str) -> set[str]:
    words = split_name(table.rsplit(".", 1)[-1])
    return {singular(w) for w in words} | {"".join(words), singular("".join(words))}


def _identifier(tokens: list[str], compact: str, max_len: int | None) -> list[str]:
    """``run_uuid String(32)`` is 32 hex digits, ``request_id String(36)`` a UUID: an
    identifier column's length says which identifier it holds."""
    last = tokens[-1]
    if not (last in ("uuid", "guid") or (last == "id" and len(tokens) > 1)):
        return []
    if compact in _EXACT and last == "id":
        return []
    for length, sem in _ID_BY_LENGTH:
        if max_len == length:
            return [sem]
    if max_len is None or max_len >= 36:
        return ["uuid_string"]
    return ["hash"] if max_len >= 16 else []


def _in_context(tokens: list[str], compact: str, table: str, siblings: Sequence[str]) -> list[str]:
    """What a generic column word (``address``, ``key``, ``path``...) means where it is:
    the table's words and the column's own qualifier first, then its siblings'."""
    last = tokens[-1]
    # a name of its own (``dial_code``, ``ip_address``) is not a generic word
    keys = [compact] if compact in _IN_TABLE or compact in _NEAR else []
    if not keys and compact not in _EXACT and (last in _IN_TABLE or last in _NEAR):
        keys = [last]
    if not keys:
        return []
    around = _table_words(table) | set(tokens[:-1])
    out = [sem for k in keys for words, sem in _IN_TABLE.get(k, ()) if words & around]
    near = {t for s in siblings for t in split_name(s)} | {"".join(split_name(s)) for s in siblings}
    out += [sem for k in keys for words, sem in _NEAR.get(k, ()) if words & near]
    return out


def _measure(tokens: list[str]) -> list[str]:
    """A measurement by its unit (``weight_kg``, ``height_cm``, ``volume_ml``): the unit
    says the magnitude; a unit that could mean something else needs a measured word."""
    unit = _UNITS.get(tokens[-1])
    if unit is None or len(tokens) < 2:
        return []
    words = set(tokens[:-1])
    if words & _HEIGHT_WORDS:
        return [f"height_{unit}", f"measure_{unit}"]
    if tokens[-1] in _BARE_UNITS or words & _MEASURED:
        return [f"measure_{unit}"]
    return []


def _candidates(
    table: str,
    column: str,
    kind: str,
    siblings: Sequence[str] = (),
    max_len: int | None = None,
) -> list[str]:
    tokens = column_words(column)
    if not tokens:
        return []
    compact = "".join(tokens)
    last = tokens[-1]
    word_of_table = table_word(table)
    out: list[str] = []

    if kind == "bool":
        words = set(tokens)
        if words & _FLAG_FALSE:
            out.append("flag_rarely_true")
        elif words & _FLAG_TRUE:
            out.append("flag_mostly_true")
        elif tokens[0] in _FLAG_PREFIX:
            out.append("flag")
        return out

    if kind in ("date", "datetime"):
        if compact in _EXACT:
            out.extend(_EXACT[compact])
        if last in _TIME_SUFFIX or len(tokens) == 1:
            for tok in tokens:
                if tok in _TIME_WORDS:
                    out.append(_TIME_WORDS[tok])
                    break
            out.append("event_at")
        return out

    if kind == "str":
        out.extend(_identifier(tokens, compact, max_len))
    out.extend(_in_context(tokens, compact, table, siblings))
    if compact == "state" and kind == "str":
        # ``state`` next to address columns is a region; elsewhere it is a status.
        near = {t for s in siblings for t in split_name(s)}
        out.append("state" if near & _ADDRESS_WORDS else _status_for(table))
    if compact == "status" and kind == "str":
        out.append(_status_for(table))
    if compact in _EXACT:
        out.extend(_EXACT[compact])
    if last == "name":
        qualifier = tokens[-2] if len(tokens) > 1 else word_of_table
        if qualifier in _NAME_CONTEXT:
            out.append(_NAME_CONTEXT[qualifier])
        elif len(tokens) == 1:
            out.append("name")
        else:
            out.append(_NAME_CONTEXT.get(word_of_table, "name"))
    if kind in _NUMERIC:
        out.extend(_measure(tokens))
    if last in _LAST:
        sem = _LAST[last]
        out.append(_status_for(table) if sem == "status" else sem)
    if len(tokens) > 1 and tokens[0] in ("num", "number", "n", "total") and kind == "int":
        out.append("count")
    return out


def _short_form(sem: Semantic, kind: str, max_len: int | None) -> Semantic | None:
    if kind != "str" or max_len is None:
        return None
    for limit, name in _SHORT_FORMS.get(sem.name, ()):
        if max_len <= limit:
            short = SEMANTICS[name]
            return short if _fits(short, kind, max_len) else None
    return None


def detect(
    table: str,
    column: str,
    kind: str,
    max_len: int | None,
    siblings: Sequence[str] = (),
) -> Semantic | None:
    """The semantic of ``table.column`` for a column of ``kind``, or ``None``.

    ``kind`` is the engine's type family: ``str``, ``int``, ``float``, ``decimal``,
    ``money``, ``bool``, ``date``, ``datetime``, ``inet``, ``macaddr``, ``tsvector``...
    ``siblings`` are the table's other column names (``state`` beside ``city`` is a region).
    A name whose usual value does not fit a short column gets its code form instead
    (``country CHAR(2)`` -> ``country_code``, ``currency String(3)`` -> ``currency_code``).
    """
    for name in _candidates(table, column, kind, siblings, max_len):
        sem = SEMANTICS.get(name)
        if sem is None:
            continue
        short = _short_form(sem, kind, max_len)
        if short is not None:
            return short
        if _fits(sem, kind, max_len):
            return sem
    return None
