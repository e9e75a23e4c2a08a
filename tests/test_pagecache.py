"""The page cache: a thread page for readers who are not signed in is rendered once and served
again while its fingerprint is unchanged; any committed change, by any process, is seen at
the next request; each reader gets their own CSRF token; signed-in readers are never served
from it."""

from __future__ import annotations

import re
import threading

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup
from sqlmodel import select
from starlette.testclient import TestClient

from debate.app import create_app
from debate.core.db import session_scope
from debate.core.models import Reply, Role, Submission, Support, Visibility
from debate.core.settings import Settings
from debate.web.pagecache import PageCache
from tests.factories import login, make_consultation, make_user, post_form, seed_proposal

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def cache_of(client: TestClient) -> PageCache:
    cache: PageCache = client.app.state.page_cache  # type: ignore[attr-defined]
    return cache


def reply(client: TestClient, proposal_id: int, body: str) -> None:
    response = post_form(client, f"/proposals/{proposal_id}/replies", {"body": body})
    assert response.status_code == 303, response.text


def reply_submission(engine, body: str) -> int:
    with session_scope(engine) as session:
        found = session.exec(select(Submission).where(Submission.published_body == body)).one()
        assert found.id is not None
        return found.id


@pytest.fixture
def thread(client, engine) -> int:
    proposal = seed_proposal(engine, make_consultation(engine), title="Fler bussar")
    for n in range(3):
        reply(client, proposal, f"Svar nummer {n}")
    client.cookies.clear()
    return proposal


def test_a_second_read_is_served_from_the_cache_with_the_readers_own_token(client, thread):
    cache = cache_of(client)
    first = client.get(f"/proposals/{thread}")
    hits = cache.hits
    second = client.get(f"/proposals/{thread}")
    assert first.status_code == second.status_code == 200
    assert cache.hits == hits + 1
    assert first.text == second.text
    assert "Svar nummer 2" in second.text
    assert cache.marker not in second.text
    tokens = set(TOKEN.findall(second.text))
    assert len(tokens) == 1

    # Another reader (another session) is served the same page with their own token.
    other = TestClient(client.app, follow_redirects=False)
    page = other.get(f"/proposals/{thread}")
    assert cache.hits == hits + 2
    assert "Svar nummer 2" in page.text and cache.marker not in page.text
    assert set(TOKEN.findall(page.text)).isdisjoint(tokens)

    # The token in the cached page is the session's own: the reply form accepts it.
    response = client.post(
        f"/proposals/{thread}/replies", data={"csrf_token": tokens.pop(), "body": "Ett svar"}
    )
    assert response.status_code == 303


def test_a_change_committed_elsewhere_is_seen_at_the_next_read(client, engine, thread):
    """A hide decision, a masked copy, a new name, a new reply, a support: each written in its
    own transaction, as another process would, shows at once."""
    url = f"/proposals/{thread}"
    assert "Svar nummer 1" in client.get(url).text
    target = reply_submission(engine, "Svar nummer 1")
    with session_scope(engine) as session:
        session.get_one(Submission, target).visibility = Visibility.HIDDEN
    assert "Svar nummer 1" not in client.get(url).text

    other = reply_submission(engine, "Svar nummer 2")
    with session_scope(engine) as session:
        session.get_one(Submission, other).published_body = "Svar nummer [borttaget]"
    page = client.get(url).text
    assert "Svar nummer 2" not in page and "Svar nummer [borttaget]" in page

    with session_scope(engine) as session:
        session.get_one(Submission, other).author_name = "Kim"
    assert "Kim" in client.get(url).text

    user = make_user(engine, Role.CITIZEN)
    with session_scope(engine) as session:
        session.add(Support(proposal_id=thread, supporter_key=f"user:{user.id}"))
    assert 'data-supports="1"' in client.get(url).text

    reply(client, thread, "Ett helt nytt svar")
    assert "Ett helt nytt svar" in client.get(url).text


def test_every_change_raises_the_version_in_sql(engine, thread):
    """Two transactions that change the same submission one after the other both count, even
    when both loaded it before either wrote (the sum of versions must grow with each)."""
    with session_scope(engine) as session:
        target = session.exec(select(Reply)).first()
        assert target is not None
        submission_id = target.submission_id
        before = session.get_one(Submission, submission_id).version
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def change(name: str) -> None:
        try:
            with session_scope(engine) as session:
                submission = session.get_one(Submission, submission_id)
                barrier.wait(timeout=10)
                submission.author_name = name
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    if engine.dialect.name == "sqlite":
        # SQLite has one writer at a time: the second waits, so run them one after the other.
        barrier = threading.Barrier(1)
        change("A")
        change("B")
    else:
        threads = [threading.Thread(target=change, args=(name,)) for name in "AB"]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == []
    with session_scope(engine) as session:
        assert session.get_one(Submission, submission_id).version == before + 2


def test_signed_in_readers_and_addresses_with_a_query_are_not_cached(client, engine, thread):
    cache = cache_of(client)
    client.get(f"/proposals/{thread}")
    user = make_user(engine, Role.CITIZEN)
    login(client, user)
    hits, misses = cache.hits, cache.misses
    page = client.get(f"/proposals/{thread}")
    assert user.display_name in page.text
    assert (cache.hits, cache.misses) == (hits, misses)

    client.cookies.clear()
    with_query = client.get(f"/proposals/{thread}?x=1")
    assert with_query.status_code == 200
    assert (cache.hits, cache.misses) == (hits, misses)


def test_a_message_is_shown_once_on_a_kept_page(client, thread):
    cache = cache_of(client)
    reply(client, thread, "Med ett tack")  # leaves a flash message for the next page
    other = TestClient(client.app)  # a second reader keeps the new page first
    assert "Med ett tack" in other.get(f"/proposals/{thread}").text
    hits = cache.hits
    page = BeautifulSoup(client.get(f"/proposals/{thread}").text, "html.parser")
    assert cache.hits == hits + 1  # served from the cache, message and all
    flashes = page.select("[data-flash]")
    assert [f["data-flash"] for f in flashes] == ["success"]
    assert "Tack" in flashes[0].get_text()
    again = BeautifulSoup(client.get(f"/proposals/{thread}").text, "html.parser")
    assert again.select("[data-flash]") == []  # shown once
    assert cache.flash_marker not in again.text and cache.marker not in again.text
    assert other.get(f"/proposals/{thread}").text.count("data-flash") == 0


def test_a_thread_that_gains_a_reply_renders_only_the_new_one(client, engine, thread):
    cache = cache_of(client)
    client.get(f"/proposals/{thread}")  # rendered and kept, each of its 3 replies too
    reply(client, thread, "Ett fjärde svar")
    client.cookies.clear()
    hits = cache.fragments.hits
    page = BeautifulSoup(client.get(f"/proposals/{thread}").text, "html.parser")
    assert cache.fragments.hits == hits + 3  # the three earlier replies came from the cache
    texts = [t.get_text() for t in page.select("[data-reply] .text")]
    assert texts == ["Svar nummer 0", "Svar nummer 1", "Svar nummer 2", "Ett fjärde svar"]
    # a reply's new version is a new piece: a masked text shows at once (see also above)
    with session_scope(engine) as session:
        changed = session.exec(
            select(Submission).where(Submission.published_body == "Svar nummer 1")
        ).one()
        changed.published_body = "Svar ████ 1"
    page = BeautifulSoup(client.get(f"/proposals/{thread}").text, "html.parser")
    assert "Svar ████ 1" in [t.get_text() for t in page.select("[data-reply] .text")]


def test_fragments_keep_to_their_size() -> None:
    fragments = PageCache(max_bytes=4000).fragments  # a quarter of the page cache
    for n in range(5):
        fragments.put(("reply", n), Markup.escape("x" * 300))
    assert fragments.get(("reply", 0)) is None and fragments.get(("reply", 1)) is None
    assert fragments.get(("reply", 4)) == "x" * 300


def test_each_language_has_its_own_page(client, thread):
    swedish = client.get(f"/proposals/{thread}").text
    client.get("/lang/en", params={"next": "/"})
    english = client.get(f"/proposals/{thread}").text
    assert 'lang="sv"' in swedish and "Skriv ett svar" in swedish
    assert 'lang="en"' in english and "Write a reply" in english


def test_a_hidden_proposal_is_404_from_the_cache_too(client, engine, thread):
    assert client.get(f"/proposals/{thread}").status_code == 200
    with session_scope(engine) as session:
        for submission in session.exec(select(Submission).where(Submission.kind == "proposal")):
            submission.visibility = Visibility.HIDDEN
    assert client.get(f"/proposals/{thread}").status_code == 404
    assert client.get("/proposals/999999").status_code == 404


def test_off_with_zero_megabytes(settings: Settings, engine, thread):
    off = Settings.from_env(
        {},
        data_dir=settings.data_dir,
        database_url=settings.database_url,
        secret_key=settings.secret_key,
        page_cache_mb=0,
    )
    app = create_app(off)
    with TestClient(app) as other:
        assert "Svar nummer 0" in other.get(f"/proposals/{thread}").text
        assert "Svar nummer 0" in other.get(f"/proposals/{thread}").text
        assert (app.state.page_cache.hits, len(app.state.page_cache)) == (0, 0)
    app.state.engine.dispose()


def test_the_cache_keeps_to_its_size_and_forgets_the_least_recently_used() -> None:
    cache = PageCache(max_bytes=4000)
    for n in range(5):
        cache.put(("page", n), n, b"x" * 900)
    assert len(cache) == 4 and cache.size == 3600
    assert cache.get(("page", 0), 0, "t") is None  # the oldest went first
    assert cache.get(("page", 1), 1, "t") == b"x" * 900
    cache.put(("page", 5), 5, b"y" * 900)  # drops page 2, not the page 1 just read
    assert cache.get(("page", 1), 1, "t") is not None and cache.get(("page", 2), 2, "t") is None
    assert cache.get(("page", 1), "another fingerprint", "t") is None
    cache.put(("big",), 0, b"z" * 1001)  # over a quarter of the cache: not kept
    assert cache.get(("big",), 0, "t") is None
    marked = f"<i value={cache.marker}><i value={cache.marker}>".encode()
    assert cache.personalise(marked, "abc") == b"<i value=abc><i value=abc>"
    cache.put(("forms",), 0, marked)
    assert cache.get(("forms",), 0, "tok") == b"<i value=tok><i value=tok>"
    assert cache.get(("forms",), 0, "other") == b"<i value=other><i value=other>"
