"""Batches of letters: choose families by a filter, then post every letter through the delivery
pipeline or render them all into one print-ready PDF, in the background.

The web request stores the batch and one item per family, then enqueues the batch id. The task
(`caseworker.batch_letters`) works through the pending items. Each item is claimed with a
compare-and-set on its status in the same transaction that writes its Delivery row, so a
replayed or duplicated task never posts a letter twice; a post item's progress afterwards is its
delivery's status, so the workers sending letters report progress without any bookkeeping here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, update

from planner import crypto, queue
from planner.caseworker import letters, search
from planner.caseworker.models import Batch, BatchItem, PostalAddress
from planner.delivery import service as deliveries
from planner.delivery.models import Delivery
from planner.extensions import db, rowcount
from planner.models import PlanRecord, new_id, utcnow, visible_to_staff

log = logging.getLogger(__name__)

# A family may stop sharing between a batch being made and its letters going out.
UNSHARED = "The family stopped sharing their plan with the council."
# Delivery statuses that mean a post item has finished its journey through the pipeline.
POST_DONE = frozenset({"sent", "delivered", "failed"})


def create(
    council_id: int,
    plan_ids: list[str],
    *,
    mode: str,
    postage: str,
    criteria: dict[str, Any],
    user_id: int | None,
) -> Batch:
    """Store the batch and its items (pending), commit, and enqueue the batch id."""
    batch = Batch(
        council_id=council_id,
        created_by=user_id,
        mode=mode,
        postage=postage,
        criteria=criteria,
        total=len(plan_ids),
    )
    db.session.add(batch)
    db.session.flush()
    references = dict(
        db.session.execute(
            db.select(PlanRecord.id, PlanRecord.reference).where(
                PlanRecord.id.in_(plan_ids),
                PlanRecord.council_id == council_id,
                visible_to_staff(),
            )
        ).all()
    )
    db.session.add_all(
        BatchItem(batch_id=batch.id, plan_id=pid, reference=references[pid], position=n)
        for n, pid in enumerate(plan_ids)
        if pid in references
    )
    db.session.commit()
    enqueue(batch.id)
    log.info("batch %s queued: %s letters (%s)", batch.id, batch.total, mode)
    return batch


def enqueue(batch_id: str) -> None:
    """Send `caseworker.batch_letters` with the batch id alone."""
    queue.run_letter_batch(batch_id)


def _start(batch_id: str) -> bool:
    """pending -> running. A replay of a running batch (worker lost) carries on with whatever is
    still pending; a finished one does nothing."""
    result = db.session.execute(
        update(Batch)
        .where(Batch.id == batch_id, Batch.status.in_(("pending", "running")))
        .values(status="running", started_at=func.coalesce(Batch.started_at, utcnow()))
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return rowcount(result) == 1


def run(batch_id: str) -> str:
    """The task's body: hand every pending item to delivery, or render it; then finish."""
    if not _start(batch_id):
        log.info("batch %s already finished", batch_id)
        return "skipped"
    batch = db.session.get(Batch, batch_id)
    assert batch is not None
    try:
        if batch.mode == "post":
            _post_items(batch)
        else:
            _print_items(batch)
    except Exception:
        db.session.rollback()
        log.exception("batch %s stopped", batch_id)
        _set(batch_id, status="failed", reason="The batch stopped unexpectedly. Start it again.")
        raise
    _set(batch_id, status="done", finished_at=utcnow())
    return "done"


def _set(batch_id: str, **values: Any) -> None:
    db.session.execute(update(Batch).where(Batch.id == batch_id).values(**values))
    db.session.commit()


def _pending(batch_id: str) -> list[BatchItem]:
    return list(
        db.session.execute(
            db.select(BatchItem)
            .where(BatchItem.batch_id == batch_id, BatchItem.status == "pending")
            .order_by(BatchItem.position)
        ).scalars()
    )


def _fail(item_id: int, reason: str) -> None:
    db.session.execute(
        update(BatchItem)
        .where(BatchItem.id == item_id, BatchItem.status == "pending")
        .values(status="failed", reason=reason)
    )
    db.session.commit()


def _post_items(batch: Batch) -> None:
    queued: list[str] = []
    for item in _pending(batch.id):
        record = db.session.get(PlanRecord, item.plan_id) if item.plan_id else None
        address = letters.address_for(record.id) if record else None
        if record is None:
            _fail(item.id, "The plan was deleted before the letter was sent.")
            continue
        if not record.shared:
            _fail(item.id, UNSHARED)
            continue
        if address is None:
            _fail(item.id, "There is no postal address for this family.")
            continue
        delivery_id = new_id()
        # Write the delivery and claim the item in one transaction: one letter per item, even
        # when two runs of the task overlap (the loser's claim matches nothing and rolls back).
        db.session.add(
            Delivery(
                id=delivery_id,
                plan_id=record.id,
                channel="letter",
                contact_enc=crypto.encrypt_json(
                    {"address_lines": address, "link": letters.link_for(record, record.language)}
                ),
                language=record.language,
                variant=record.variant,
                postage=batch.postage,
            )
        )
        db.session.flush()
        claimed = db.session.execute(
            update(BatchItem)
            .where(BatchItem.id == item.id, BatchItem.status == "pending")
            .values(status="queued", delivery_id=delivery_id)
            .execution_options(synchronize_session=False)
        )
        if rowcount(claimed) != 1:
            db.session.rollback()
            continue
        db.session.commit()
        queued.append(delivery_id)
        # Enqueue as we go, so the sending workers start while the rest are still being queued.
        deliveries.enqueue(delivery_id)
    log.info("batch %s handed %s letters to delivery", batch.id, len(queued))


def batch_dir(batch_id: str) -> Path:
    return Path(current_app.config["VAR_DIR"]) / "batches" / batch_id


def _print_items(batch: Batch) -> None:
    folder = batch_dir(batch.id)
    folder.mkdir(parents=True, exist_ok=True)
    for item in _pending(batch.id):
        record = db.session.get(PlanRecord, item.plan_id) if item.plan_id else None
        address = letters.address_for(record.id) if record else None
        if record is not None and not record.shared:
            _fail(item.id, UNSHARED)
            continue
        if record is None or address is None:
            _fail(item.id, "There is no postal address for this family.")
            continue
        try:
            pdf, _summary = letters.letter_pdf(record, address)
        except Exception:  # one bad letter must not stop the other families' letters
            db.session.rollback()
            log.exception("batch %s: letter %s did not render", batch.id, item.id)
            _fail(item.id, "The letter could not be made. Try this family's letter on its own.")
            continue
        (folder / f"{item.position:06d}.pdf").write_bytes(pdf)
        db.session.execute(
            update(BatchItem)
            .where(BatchItem.id == item.id, BatchItem.status == "pending")
            .values(status="rendered")
        )
        db.session.commit()
    _combine(batch, folder)


def _combine(batch: Batch, folder: Path) -> None:
    """One PDF for the printer. Each letter is padded to an even number of pages so, printed on
    both sides, every letter starts on its own sheet and folds into its own envelope."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    rendered = db.session.execute(
        db.select(BatchItem.position)
        .where(BatchItem.batch_id == batch.id, BatchItem.status == "rendered")
        .order_by(BatchItem.position)
    ).scalars()
    for position in rendered:
        reader = PdfReader(folder / f"{position:06d}.pdf")
        writer.append(reader)
        if len(reader.pages) % 2:
            box = reader.pages[0].mediabox
            writer.add_blank_page(width=box.width, height=box.height)
    target = folder / "letters.pdf"
    with open(target, "wb") as out:
        writer.write(out)
    for part in folder.glob("0*.pdf"):
        part.unlink()
    _set(batch.id, pdf_path=str(target))


# ------------------------------------------------------------------------------ progress, report
@dataclass(frozen=True)
class Progress:
    """How far a batch has got: `done` of `total`, of which `failed` failed."""

    total: int
    done: int
    failed: int
    finished: bool

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.done / self.total)


def progress(batch: Batch) -> Progress:
    """Counted from the items (print) or from their deliveries' statuses (post)."""
    if batch.mode == "post":
        rows = db.session.execute(
            db.select(BatchItem.status, Delivery.status, func.count())
            .select_from(BatchItem)
            .outerjoin(Delivery, Delivery.id == BatchItem.delivery_id)
            .where(BatchItem.batch_id == batch.id)
            .group_by(BatchItem.status, Delivery.status)
        ).all()
        done = sum(n for item, sent, n in rows if item == "failed" or sent in POST_DONE)
        failed = sum(n for item, sent, n in rows if item == "failed" or sent == "failed")
    else:
        rows = db.session.execute(
            db.select(BatchItem.status, func.count())
            .where(BatchItem.batch_id == batch.id)
            .group_by(BatchItem.status)
        ).all()
        done = sum(n for status, n in rows if status in ("rendered", "failed"))
        failed = sum(n for status, n in rows if status == "failed")
    finished = batch.status in ("done", "failed") and (done >= batch.total or batch.mode == "print")
    return Progress(total=batch.total, done=done, failed=failed, finished=finished)


def report(batch: Batch) -> list[dict[str, Any]]:
    """One row per family: reference, outcome and, for failures, the reason in plain words."""
    rows = db.session.execute(
        db.select(BatchItem, Delivery)
        .outerjoin(Delivery, Delivery.id == BatchItem.delivery_id)
        .where(BatchItem.batch_id == batch.id)
        .order_by(BatchItem.position)
    ).all()
    out = []
    for item, delivery in rows:
        if delivery is not None:
            status = delivery.status
            explained = letters.explain(delivery)
            reason = str(explained[0]) if explained else None
            next_step = str(explained[1]) if explained else None
        else:
            status, reason, next_step = item.status, item.reason, None
        out.append(
            {
                "reference": item.reference,
                "plan_id": item.plan_id,
                "status": status,
                "reason": reason,
                "next_step": next_step,
                "delivery_id": item.delivery_id,
            }
        )
    return out


def for_council(council_id: int, batch_id: str) -> Batch | None:
    batch = db.session.get(Batch, batch_id)
    return batch if batch is not None and batch.council_id == council_id else None


def recent(council_id: int, limit: int = 20) -> list[Batch]:
    return list(
        db.session.execute(
            db.select(Batch)
            .where(Batch.council_id == council_id)
            .order_by(Batch.created_at.desc())
            .limit(limit)
        ).scalars()
    )


def addressed_count(council_id: int) -> int:
    return int(
        db.session.execute(
            db.select(func.count(PostalAddress.plan_id))
            .join(PlanRecord, PlanRecord.id == PostalAddress.plan_id)
            .where(PlanRecord.council_id == council_id, visible_to_staff())
        ).scalar_one()
    )


def select(council_id: int, rule: search.Filter, today: Any) -> list[str]:
    """The plans a batch with this filter would go to (only those with an address on file)."""
    return search.select(council_id, rule, today)
