"""Theme (工作任务) and sub-task headings: numbering, spacing and the short theme name.

Shared by the PDF-text parser and the table readers so that both write the same heading for the
same cell: ``一、以 数 据 流动…`` and ``以数据流动…`` give one theme, ``（一）推动…`` and ``1. 推动…``
one sub-task.
"""

from __future__ import annotations

import re

_CN_DIGITS = "一二三四五六七八九十百零〇"
# 一、 / 一. / 第一部分 — how a theme (top level) is numbered.
THEME_NUMBER = re.compile(rf"^\s*(?:[{_CN_DIGITS}]+\s*[、.．]|第[{_CN_DIGITS}]+(?:部分|章|项)\s*[、.．:：]?)\s*")
# （一） / (1) / 1. / 1、 / 1． — how a sub-task is numbered (never a bare "5G": a mark must follow).
SUBTASK_NUMBER = re.compile(rf"^\s*(?:[（(]\s*(?:[{_CN_DIGITS}]+|\d+)\s*[)）]|\d+\s*[.．、](?!\d))\s*")
# Quoted names: the short name of a theme is the one it puts in quotes (“要素通”).
_QUOTED = re.compile(r"[“「\"]([^”」\"“「]{1,12})[”」\"]")
# The programme's own name is quoted in many headings and never a theme's short name.
PROGRAMME_NAMES = frozenset({"数字湾区"})
_ASCII_WORD = re.compile(r"[0-9A-Za-z]")


def squeeze(text: str) -> str:
    """Remove the spaces PDF justification puts between characters (以 数 据 流 → 以数据流), and line
    breaks; a space between two ASCII letters or digits (a real word gap) stays."""
    text = text.replace("\r", "\n")
    out: list[str] = []
    chars = list(text)
    for i, char in enumerate(chars):
        if char.isspace():
            before = out[-1] if out else ""
            after = next((c for c in chars[i + 1 :] if not c.isspace()), "")
            if char != "\n" and before and after and _ASCII_WORD.match(before) and _ASCII_WORD.match(after):
                out.append(" ")
            continue
        out.append(char)
    return "".join(out).strip()


def join_lines(lines: list[str]) -> str:
    """Cell text with its line breaks removed and nothing else changed (PDF and Excel wrap lines
    inside a cell; a break between two ASCII letters was a word gap and becomes one space)."""
    out = ""
    for line in lines:
        line = line.strip()
        if out and line and out[-1].isascii() and out[-1].isalpha() and line[0].isascii() and line[0].isalpha():
            out += " "
        out += line
    return out


def theme_heading(cell: str) -> str:
    """A theme cell as a heading: squeezed, without its 一、 number."""
    return THEME_NUMBER.sub("", squeeze(cell), count=1).strip()


def subtask_heading(cell: str) -> str:
    """A sub-task cell as a heading: squeezed, without its 1. / （一） number."""
    return SUBTASK_NUMBER.sub("", squeeze(cell), count=1).strip()


def starts_subtask(line: str) -> bool:
    return bool(SUBTASK_NUMBER.match(line))


def starts_theme(line: str) -> bool:
    return bool(THEME_NUMBER.match(line))


def theme_short(theme: str, programme_names: frozenset[str] = PROGRAMME_NAMES) -> str:
    """The short name of a theme: the last quoted name in it (…实现湾区发展“要素通” → 要素通),
    a short theme itself (保障措施), the phrase before a closing 机制/体系 (…多方参与机制 → 多方参与), or else
    the theme's first clause, never cut inside a word."""
    quoted = [q.strip() for q in _QUOTED.findall(theme) if q.strip() and q.strip() not in programme_names]
    if quoted:
        return quoted[-1]
    if len(theme) <= 6:
        return theme
    bare = _QUOTED.sub("", theme)
    match = re.search(r"([\u4e00-\u9fff]{2,4})(?:机制|体系|格局|工作)$", bare)
    if match:
        return match.group(1)
    # Otherwise the first clause whole: a tag cut at 6 characters (加快推进全省…) names nothing.
    return re.split(r"[，,；;。]", bare)[0].strip() or theme
