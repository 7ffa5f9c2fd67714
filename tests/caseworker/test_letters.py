"""Letters for offline families: the address, preview, send, retry with plain-words failures,
and batches (200 letters through the pipeline to the fake Notify; a print batch as one PDF)."""

from __future__ import annotations

import io
import os
from datetime import date
from typing import Any

import pytest
from flask import Flask

from planner.caseworker import batch, letters
from planner.caseworker.models import Batch, BatchItem, PostalAddress
from planner.delivery.models import Delivery
from planner.extensions import db
from tests.caseworker.conftest import ADDRESS, make_plan, make_user

TINY_PDF = b"%PDF-1.7\n% a stand-in letter: rendering is timed in bench/bench_letters.py\n"


@pytest.fixture
def quick_letters(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip WeasyPrint (about a second a letter) where the test is about the pipeline."""
    from planner.delivery import rendering

    monkeypatch.setattr(rendering, "letter_pdf", lambda *a, **k: (TINY_PDF, False))


def test_address_is_validated_and_stored_encrypted(as_caseworker: Any) -> None:
    client, _user = as_caseworker
    record = make_plan()
    bad = client.post(
        f"/caseworker/families/{record.id}/address",
        data={"address": "Ms A Example\n10 High Street\nLeeds\nZZ9 9ZZ"},
    )
    assert "real UK postcode" in bad.get_data(as_text=True)
    assert db.session.get(PostalAddress, record.id) is None
    good = client.post(
        f"/caseworker/families/{record.id}/address", data={"address": "\n".join(ADDRESS)}
    )
    assert good.headers["Location"].endswith(f"/caseworker/families/{record.id}/letter")
    stored = db.session.get(PostalAddress, record.id)
    assert stored is not None and b"High Street" not in stored.address_enc
    assert letters.address_for(record.id) == ADDRESS


def test_letter_preview_is_the_real_letter_pdf(as_caseworker: Any) -> None:
    client, _user = as_caseworker
    record = make_plan()
    letters.save_address(record, ADDRESS, None)
    response = client.get(f"/caseworker/families/{record.id}/letter.pdf?download=1")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"


def test_send_by_post_then_retry_a_failure(
    as_caseworker: Any, notify: Any, quick_letters: None
) -> None:
    client, _user = as_caseworker
    record = make_plan()
    letters.save_address(record, ADDRESS, None)
    notify.fail_next(400)
    client.post(f"/caseworker/families/{record.id}/letter", data={"postage": "first"})
    failed = db.session.execute(db.select(Delivery)).scalar_one()
    assert failed.status == "failed"
    page = client.get(f"/caseworker/families/{record.id}").get_data(as_text=True)
    assert "cannot send to this family yet" in page and "Try again" in page
    retried = client.post(f"/caseworker/families/{record.id}/deliveries/{failed.id}/retry")
    assert retried.status_code == 302
    rows = db.session.execute(db.select(Delivery).order_by(Delivery.created_at)).scalars().all()
    assert [d.status for d in rows] == ["failed", "sent"]
    [sent] = notify.sent("letter")
    assert sent.reference == rows[1].id and sent.body["postage"] == "first"
    # Only failed deliveries can be retried.
    again = client.post(f"/caseworker/families/{record.id}/deliveries/{rows[1].id}/retry")
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("reason", "notify_status", "words"),
    [
        (
            "The last line of the address must be a real UK postcode or a country.",
            None,
            "The address postcode is not a real UK postcode.",
        ),
        (None, "validation-failed", "did not pass GOV.UK Notify's checks"),
        ("GOV.UK Notify was unavailable for too long. Please try again.", None, "was not working"),
        ("Something new", None, "It could not be sent."),
    ],
)
def test_failures_in_plain_words(reason: str | None, notify_status: str | None, words: str) -> None:
    delivery = Delivery(
        channel="letter", status="failed", reason=reason, notify_status=notify_status
    )
    happened, next_step = letters.explain(delivery)  # type: ignore[misc]
    assert words in str(happened) and str(next_step)


def _families(n: int) -> list[str]:
    ids = []
    for i in range(n):
        record = make_plan(date_of_birth=date(2015, 1 + i % 12, 1 + i % 28).isoformat())
        letters.save_address(record, ADDRESS, None)
        ids.append(record.id)
    return ids


def test_batch_filter_and_page(as_caseworker: Any, quick_letters: None, notify: Any) -> None:
    client, _user = as_caseworker
    _families(3)
    make_plan(support="sen_support")  # no address and not EHC: never chosen
    query = {"support": "ehc_plan", "year_group": "", "milestone": "", "weeks": ""}
    page = client.get("/caseworker/batch", query_string=query).get_data(as_text=True)
    assert "3 families match" in page
    made = client.post(
        "/caseworker/batch?" + "&".join(f"{k}={v}" for k, v in query.items()),
        data={"mode": "post", "postage": "second"},
    )
    assert made.status_code == 302
    progress = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "3 of 3 letters done" in progress and "No letters failed" in progress
    assert len(notify.sent("letter")) == 3


def test_batch_of_200_letters_through_the_worker(
    cw: Flask, notify: Any, quick_letters: None
) -> None:
    """Eager here; tests/caseworker/test_worker.py runs a batch on a real worker in CI."""
    user = make_user()
    ids = _families(200)
    notify.fail_next(400)  # one refusal, reported in plain words
    made = batch.create(
        user.council_id, ids, mode="post", postage="second", criteria={}, user_id=user.id
    )
    db.session.expire_all()
    found = db.session.get(Batch, made.id)
    progress = batch.progress(found)
    assert (found.status, progress.total, progress.done, progress.failed) == ("done", 200, 200, 1)
    assert len(notify.sent("letter")) == 199
    assert len({n.reference for n in notify.sent("letter")}) == 199
    report = batch.report(found)
    [failed] = [r for r in report if r["status"] == "failed"]
    assert "cannot send to this family yet" in failed["reason"]
    # A replayed task does nothing: no letter twice.
    assert batch.run(made.id) == "skipped"
    assert len(notify.sent("letter")) == 199


def test_print_batch_is_one_pdf_padded_for_duplex(as_caseworker: Any) -> None:
    from pypdf import PdfReader

    client, user = as_caseworker
    ids = _families(2)
    made = batch.create(
        user.council_id, ids, mode="print", postage="second", criteria={}, user_id=user.id
    )
    page = client.get(f"/caseworker/batch/{made.id}").get_data(as_text=True)
    assert "2 of 2 letters done" in page
    download = client.get(f"/caseworker/batch/{made.id}/letters.pdf")
    assert download.status_code == 200
    data = download.data
    download.close()
    pdf = PdfReader(io.BytesIO(data))
    assert len(pdf.pages) % 2 == 0 and len(pdf.pages) >= 4
    items = db.session.execute(db.select(BatchItem.status)).scalars().all()
    assert items == ["rendered", "rendered"]


def test_progress_page_refreshes_until_done(as_caseworker: Any) -> None:
    client, user = as_caseworker
    pending = Batch(council_id=user.council_id, mode="post", total=5, status="running")
    db.session.add(pending)
    db.session.commit()
    page = client.get(f"/caseworker/batch/{pending.id}").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="5">' in page and "0 of 5" in page
    api = client.get(f"/caseworker/api/batches/{pending.id}").get_json()
    assert api == {
        "id": pending.id,
        "status": "running",
        "total": 5,
        "done": 0,
        "failed": 0,
        "finished": False,
    }


@pytest.mark.skipif(not os.environ.get("CI"), reason="real worker batch runs in CI (Redis)")
def test_batch_on_a_real_worker() -> None:
    """CI: 200 letters, really rendered, by `celery worker -c 2` on Redis, to the fake Notify."""
    from tests.caseworker.worker import run_live_batch

    result = run_live_batch(letters=200, timeout=900)
    assert result["received"] == 200 and result["failed"] == 0
