"""Text from URLs and data, shown through Streamlit's markdown renderer (st.markdown, st.caption, st.warning …).

    from ui.text import md_escape
    st.warning(t("unknown_filter_values", lang).format(values=md_escape(value)))

Why one helper: a theme named `![x](http://host/t.png)` or a `?q=[a](http://x)` link must show as the characters
typed, never as an image that fetches a URL or a link; every place that puts such text into markdown calls this.
"""

from __future__ import annotations

import re

# Every character that starts or ends a markdown construct (CommonMark + GFM: emphasis, links, images, code,
# headings, lists, tables, strikethrough, math, autolinks via ":" and "."): escaped with a backslash.
_MARKDOWN_SPECIAL = re.compile(r"""([\\`*_{}\[\]()#+\-.!|~$:<>&="'])""")

# GFM turns bare URLs and e-mail addresses into links after escapes are resolved, so escaping cannot stop it: a
# word joiner (U+2060, invisible, no line break) goes where the autolink patterns need adjacency ("http|://",
# "www|.", "@|domain").
_AUTOLINK_JOINTS = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=www)(?=\.)|(?<=@)")
WORD_JOINER = "\u2060"


def md_escape(text: object) -> str:
    """`text` shown literally by st.markdown and its relatives: markdown and HTML punctuation escaped, one line."""
    flat = " ".join(str(text).split())  # a newline would start a new block (a heading, a list, a table row)
    flat = _AUTOLINK_JOINTS.sub(WORD_JOINER, flat)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)  # CommonMark: a backslash makes any ASCII punctuation literal
