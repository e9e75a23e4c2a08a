"""One route convention: every views module exports ``routes`` beside its views, and
``debate.routes`` only puts those lists in order (plus the static files)."""

from __future__ import annotations

import importlib
import pkgutil

from starlette.routing import Mount, Route

from debate import routes, views


def _views_modules() -> list[str]:
    return sorted(info.name for info in pkgutil.iter_modules(views.__path__))


def test_every_views_module_exports_its_routes() -> None:
    for name in _views_modules():
        module = importlib.import_module(f"debate.views.{name}")
        found = getattr(module, "routes", None)
        assert isinstance(found, list) and found, f"debate.views.{name} has no routes list"
        assert all(isinstance(route, Route) for route in found), name


def test_the_table_is_every_views_module_routes_and_nothing_else() -> None:
    from_views = [
        route
        for name in _views_modules()
        for route in importlib.import_module(f"debate.views.{name}").routes
    ]
    table = [route for route in routes.routes if not isinstance(route, Mount)]
    assert sorted(map(id, table)) == sorted(map(id, from_views))
    assert [r.name for r in routes.routes if isinstance(r, Mount)] == ["static"]


def test_route_names_are_unique() -> None:
    names = [route.name for route in routes.routes]
    assert len(names) == len(set(names))
