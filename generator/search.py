"""Search: placeholder until the search engines land (see issue 4)."""

from .pages import front


def search_page(cat, engine):
    return "search/index.md", front({"title": "检索"}) + "# 检索\n"


def build_search_index(engine, cat, site):
    return None
