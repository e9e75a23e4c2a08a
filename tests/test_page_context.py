"""Page contexts are frozen dataclasses (``debate.web.context``): a template gets each
field as it is, one level deep, and the views outside the moderator's and admins' modules
build no context as a ``dict``."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from debate.web.context import FormState, context_values

ROOT = Path(__file__).resolve().parents[1]
RENDERERS = ("render", "render_text")


@dataclasses.dataclass(frozen=True, slots=True)
class Inner:
    name: str


@dataclasses.dataclass(frozen=True, slots=True)
class Page:
    inner: Inner
    items: list[Inner]
    title: str = "Rubrik"


def test_fields_are_handed_over_whole_one_level_deep() -> None:
    inner = Inner("a")
    items = [Inner("b")]
    values = context_values(Page(inner, items))
    assert values == {"inner": inner, "items": items, "title": "Rubrik"}
    assert values["inner"] is inner and values["items"] is items  # not copied, not converted


def test_parts_are_merged_in_order_and_later_parts_win() -> None:
    values = context_values((Page(Inner("a"), []), FormState({"title": "Fel"}), {"title": "Ny"}))
    assert values["errors"] == {"title": "Fel"} and values["values"] == {}
    assert values["title"] == "Ny"
    assert context_values(None) == {} and context_values((None, FormState())) == {
        "errors": {},
        "values": {},
    }


def test_a_context_is_frozen() -> None:
    page = Page(Inner("a"), [])
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.title = "Annan"  # type: ignore[misc]


@pytest.mark.parametrize("bad", [Page, 3, "text", [("a", 1)]])
def test_anything_else_is_refused(bad: object) -> None:
    with pytest.raises(TypeError):
        context_values(bad)  # type: ignore[arg-type]


def _dict_contexts(path: Path) -> list[int]:
    """Lines where a ``dict`` display is rendered or assigned to ``context``."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        rendered = isinstance(node, ast.Call) and getattr(node.func, "id", "") in RENDERERS
        if rendered and any(isinstance(arg, ast.Dict) for arg in node.args[2:3]):
            lines.append(node.lineno)
        assigned = isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict | ast.BinOp)
        if assigned and any(getattr(t, "id", "") == "context" for t in node.targets):
            lines.append(node.lineno)
    return lines


def test_views_build_no_dict_contexts() -> None:
    found = {}
    for path in sorted([*ROOT.glob("debate/views/*.py"), *ROOT.glob("debate/web/*.py")]):
        name = path.relative_to(ROOT).as_posix()
        if lines := _dict_contexts(path):
            found[name] = lines
    assert found == {}


def test_the_check_sees_a_dict_context(tmp_path: Path) -> None:
    source = tmp_path / "view.py"
    source.write_text(
        "async def a(request):\n"
        "    return await render(request, 'a.html', {'x': 1})\n"
        "async def b(request):\n"
        "    context = {'x': 1} | other\n"
        "    return await render(request, 'b.html', context)\n"
        "async def c(request):\n"
        "    return await render(request, 'c.html', Page(1))\n",
        encoding="utf-8",
    )
    assert sorted(_dict_contexts(source)) == [2, 4]
