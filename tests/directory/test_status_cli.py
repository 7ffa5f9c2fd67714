"""`planner offer status --council CODE` (issue 17.2) and the held-import exit status."""

from __future__ import annotations

import json

from flask import Flask

from planner.directory.cli import offer_cli
from planner.directory.importer import import_source
from planner.models import Council
from tests.directory.conftest import FeedServer, v3_service


def test_status_json(feed_server: FeedServer, council: Council, app: Flask) -> None:
    feed_server.serve_v3(
        [
            v3_service("s1", "Youth club"),
            v3_service("s2", "Old club", assured_date="2019-05-01"),
            v3_service("s3", "Closed club", status="inactive"),
            v3_service("bad", "Bad", minimum_age="ten"),
        ],
        nested_in_list=True,
    )
    import_source(feed_server.url, council)

    result = app.test_cli_runner().invoke(offer_cli, ["status", "--council", "testshire"])

    assert result.exit_code == 0, result.output
    status = json.loads(result.output)
    last = status.pop("last_import")
    assert status == {"council": "testshire", "services": 3, "active": 2, "stale": 1}
    assert set(last) == {
        "started_at",
        "finished_at",
        "result",
        "created",
        "updated",
        "removed",
        "skipped",
    }
    assert (last["result"], last["created"], last["skipped"]) == ("succeeded", 3, 1)
    assert last["started_at"].endswith("Z") and last["finished_at"] >= last["started_at"]


def test_status_of_a_council_never_imported(council: Council, app: Flask) -> None:
    result = app.test_cli_runner().invoke(offer_cli, ["status", "--council", "testshire"])
    assert json.loads(result.output) == {
        "council": "testshire",
        "services": 0,
        "active": 0,
        "stale": 0,
        "last_import": None,
    }


def test_status_of_an_unknown_council_names_the_option(app: Flask) -> None:
    result = app.test_cli_runner().invoke(offer_cli, ["status", "--council", "nowhere"])
    assert result.exit_code == 1 and "--council: no council with the code nowhere" in result.output


def test_a_held_import_exits_2_and_confirming_applies_it(
    feed_server: FeedServer, council: Council, app: Flask
) -> None:
    services = [v3_service(f"s{i}", f"Club {i}") for i in range(4)]
    feed_server.serve_v3(services, nested_in_list=True)
    import_source(feed_server.url, council)
    feed_server.routes.clear()
    feed_server.serve_v3(services[:2], nested_in_list=True)
    runner = app.test_cli_runner()

    held = runner.invoke(offer_cli, ["import", feed_server.url, "--council", "testshire"])
    assert held.exit_code == 2
    assert "held for an admin to confirm" in held.output and "2 would be removed" in held.output

    done = runner.invoke(
        offer_cli, ["import", feed_server.url, "--council", "testshire", "--confirm-removals", "2"]
    )
    assert done.exit_code == 0 and "2 removed" in done.output
