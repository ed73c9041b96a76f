r"""Words inside the math: `\text{…}` between two relations is prose (a separator), opening a row
before `=` it is the name defined, after a number it is the number's unit; else a name in roman."""
from __future__ import annotations

import re

TEXT_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(-[A-Za-z]+)*")  # `\text{log-loss}`: one word
TEXT_NAME_RE = re.compile(r"[^\W\d_]*[^\x00-\x7f][^\W\d_]*")  # a word in any script, as grammar.lark's TEXT_WORD
CONNECTIVES = {"where", "for", "and", "with", "if", "since", "hence", "thus", "so", "then", "or",
               "as", "by", "using", "because", "st", "subject", "when", "iff", "ie", "eg", "i.e.",
               "e.g.", "s.t.", "and", "which", "let", "given"}


def a_unit(m: re.Match, row: str) -> bool:
    """`= 32,768 \\text{ parametros}`, `3.0\\text{ Ton/Ha}`: a lower-case word, or a unit per unit, after a
    number and set off by a space inside its braces, is the number's unit (a name in roman, `\\text{KL}`,
    has no such space)."""
    words = m.group(2).strip()
    return m.group(2)[:1].isspace() and (words.islower() or "/" in words) \
        and re.search(r"\d\s*$", row[:m.start()]) is not None  # `3.0\text{ Ton/Ha}`: a unit per unit


def separates(text: str) -> bool:
    """`\\text{ where }`, `\\text{for all}`, `\\text{(2)}`: prose; `\\text{KL}`, `\\text{logit}`: a name."""
    words = text.strip()
    return not TEXT_WORD_RE.fullmatch(words) or (words.lower() in CONNECTIVES and not words.isupper())  # OR: odds ratio


def names_a_side(m: re.Match, row: str) -> bool:
    """`\\text{信号} = …`, `\\text{Porcentaje Entrenable} = …` opening a row: one word in a non-Latin
    script, or a few words that are not a connective's, then `=`, is the name defined."""
    words = m.group(2).split()
    named = len(words) == 1 and TEXT_NAME_RE.fullmatch(words[0]) is not None or 1 < len(words) <= 4 and all(
        w.isalpha() for w in words) and words[0].lower() not in CONNECTIVES
    return (m.group(1) == "text" and not row[:m.start()].strip(" \t&") and named
            and re.match(r"\s*=(?!=)", row[m.end():]) is not None)
