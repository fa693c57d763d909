"""ui.text.md_escape: text from URLs and data keeps its characters but loses every markdown meaning."""

from __future__ import annotations

import re

import pytest

from ui.text import WORD_JOINER, md_escape

HOSTILE = [
    "![x](http://host/t.png)",
    "[点我](http://host/q)**粗体**",
    "# 标题\n- 列表\n| a | b |",
    "<img src=x onerror=alert(1)>",
    "`code` ~~删~~ $x$ _斜_",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_every_markdown_character_is_escaped_and_the_text_kept(text):
    out = md_escape(text)
    # Every markdown/HTML punctuation character is preceded by a backslash (CommonMark: then it is literal).
    assert not re.search(r"(?<!\\)[\[\]()!*#|<>`~$_]", out.replace("\\\\", "")), out
    # Unescaping gives back the text (one line; the word joiners are invisible).
    assert re.sub(r"\\(.)", r"\1", out).replace(WORD_JOINER, "") == " ".join(text.split())


def test_one_line_no_block_can_start():
    assert "\n" not in md_escape("a\n# b\n\n- c")


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("see http://host/x", "http" + WORD_JOINER),
        ("www.host.cn", "www" + WORD_JOINER),
        ("a@host.cn", "@" + WORD_JOINER),
    ],
)
def test_bare_urls_and_mail_addresses_cannot_become_links(text, broken):
    assert broken in md_escape(text)  # GFM autolinks need these characters adjacent
