"""Session and URL keys of the filter panel: a leaf module, so that the dataset state can clear the filters
without importing the panel (which imports the page links, which import the URL state: an import cycle).
"""

from __future__ import annotations

from geo.selection.filters import Q_DEPT, Q_GROUPS, Q_KEYWORD, Q_REGION, Q_THEME

K_THEME, K_DEPT, K_REGION, K_KEYWORD, K_GROUPS = "flt_theme", "flt_dept", "flt_region", "flt_keyword", "flt_groups"
K_LANG = "ui_lang"
CANON = "_flt_canon"
FILTER_URL_KEYS = (Q_THEME, Q_DEPT, Q_REGION, Q_KEYWORD, Q_GROUPS)
