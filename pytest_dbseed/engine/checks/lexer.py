"""CHECK constraint text -> tokens (quoted strings and identifiers, numbers, operators)."""

from __future__ import annotations

from dataclasses import dataclass

# --------------------------------------------------------------------------- tokenizer


class _Unsupported(Exception):
    """Text the parser does not read; the constraint is left to the database."""


@dataclass(frozen=True)
class _Tok:
    kind: str  # num, str, ident, qident, op, param, end
    text: str


_OPS4 = ("!~~*",)
_OPS3 = ("!~*", "~~*", "!~~")
_OPS2 = ("::", "<=", ">=", "<>", "!=", "||", "~~", "~*", "!~", "==")
_OPS1 = "()[],=<>+-*/%~.^"


def _quoted(text: str, i: int) -> tuple[str, int]:
    """The SQL string literal or quoted identifier starting at ``text[i]`` (a doubled
    quote stands for one), and the index just past its closing quote."""
    quote = text[i]
    j, buf = i + 1, []
    while True:
        if j >= len(text):
            raise _Unsupported("unterminated " + ("string" if quote == "'" else "identifier"))
        if text[j] == quote:
            if j + 1 < len(text) and text[j + 1] == quote:
                buf.append(quote)
                j += 2
                continue
            return "".join(buf), j + 1
        buf.append(text[j])
        j += 1


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "'\"":
            value, i = _quoted(text, i)
            toks.append(_Tok("str" if ch == "'" else "qident", value))
        elif ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            j = i
            while j < n and text[j].isdigit():
                j += 1
            if j < n and text[j] == ".":
                j += 1
                while j < n and text[j].isdigit():
                    j += 1
            if j < n and text[j] in "eE":
                k = j + 1
                if k < n and text[k] in "+-":
                    k += 1
                if k < n and text[k].isdigit():
                    j = k
                    while j < n and text[j].isdigit():
                        j += 1
            toks.append(_Tok("num", text[i:j]))
            i = j
        elif ch.isalpha() or ch == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_$"):
                j += 1
            toks.append(_Tok("ident", text[i:j]))
            i = j
        elif ch == ":" and i + 1 < n and (text[i + 1].isalpha() or text[i + 1] == "_"):
            # An unrendered bind parameter (":qty_1"): its value is unknown here.
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            toks.append(_Tok("param", text[i:j]))
            i = j
        else:
            for op in (*_OPS4, *_OPS3, *_OPS2):
                if text.startswith(op, i):
                    toks.append(_Tok("op", op))
                    i += len(op)
                    break
            else:
                if ch in _OPS1:
                    toks.append(_Tok("op", ch))
                    i += 1
                else:
                    raise _Unsupported(f"unexpected character {ch!r}")
    toks.append(_Tok("end", ""))
    return toks
