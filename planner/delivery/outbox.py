"""The outbox: with no NOTIFY_API_KEY, every message is written under VAR_DIR/outbox/ instead of
being sent, one file per message plus `index.jsonl`, and listed at /dev/outbox.

It keeps the Notify contract that matters for exactly-once: a reference is only ever written once,
and `find(reference)` answers as Notify's search by reference does.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import uuid
from collections.abc import Collection
from pathlib import Path
from typing import Any

from planner.models import utcnow


class OutboxSender:
    """A `Sender` that writes files. Safe across processes: the index is appended under a lock."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index = folder / "index.jsonl"

    def _write(self, reference: str, channel: str, suffix: str, content: bytes, **meta: Any) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            existing = self.find(reference)
            if existing is not None:
                return str(existing["id"])
            notify_id = str(uuid.uuid4())
            name = f"{reference}-{channel}{suffix}"
            (self.folder / name).write_bytes(content)
            entry = {
                "id": notify_id,
                "reference": reference,
                "type": channel,
                "file": name,
                "created_at": utcnow().isoformat() + "+00:00",
                "status": "outbox",
                **meta,
            }
            with open(self.index, "a", encoding="utf-8") as index:
                index.write(json.dumps(entry) + "\n")
            return notify_id

    def send_email(
        self,
        reference: str,
        email_address: str,
        personalisation: dict[str, Any],
        one_click_unsubscribe_url: str | None = None,
    ) -> str:
        text = (
            f"To: {email_address}\nSubject: {personalisation.get('subject', '')}\n"
            + (
                f"List-Unsubscribe: <{one_click_unsubscribe_url}>\n"
                if one_click_unsubscribe_url
                else ""
            )
            + f"\n{personalisation.get('body', '')}\n"
        )
        attached = personalisation.get("link_to_file")
        if isinstance(attached, dict):
            # Keep the attachment beside the message so a developer can open it.
            pdf = base64.b64decode(attached["file"])
            (self.folder / f"{reference}-attachment.pdf").parent.mkdir(parents=True, exist_ok=True)
            (self.folder / f"{reference}-attachment.pdf").write_bytes(pdf)
            text += f"\n[attached: {reference}-attachment.pdf, {len(pdf)} bytes]\n"
        elif attached:
            text += f"\n{attached}\n"
        return self._write(reference, "email", ".txt", text.encode())

    def send_sms(self, reference: str, phone_number: str, personalisation: dict[str, Any]) -> str:
        text = f"To: {phone_number}\n\n{personalisation.get('body', '')}\n"
        return self._write(reference, "sms", ".txt", text.encode())

    def send_letter(self, reference: str, pdf: bytes, postage: str) -> str:
        return self._write(reference, "letter", ".pdf", pdf, postage=postage)

    def erase(self, references: Collection[str]) -> int:
        """Remove every file written for these references (delivery ids) and their index lines:
        erasing a plan must not leave its messages, addresses and secret links on disk. Returns
        how many files were removed."""
        wanted = set(references)
        if not wanted or not self.folder.is_dir():
            return 0
        removed = 0
        with open(self.folder / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            kept = [e for e in self.entries() if e["reference"] not in wanted]
            for path in self.folder.iterdir():
                # Files are named "<delivery id>-<channel or attachment>.<ext>".
                if path.name[:36] in wanted and path.name[36:37] == "-":
                    path.unlink(missing_ok=True)
                    removed += 1
            if self.index.exists():
                fresh = self.index.with_name(".index.jsonl.new")
                fresh.write_text("".join(json.dumps(e) + "\n" for e in kept), encoding="utf-8")
                os.replace(fresh, self.index)
        return removed

    def entries(self) -> list[dict[str, Any]]:
        """Every message written so far, oldest first."""
        if not self.index.exists():
            return []
        with open(self.index, encoding="utf-8") as index:
            return [json.loads(line) for line in index if line.strip()]

    def find(self, reference: str) -> dict[str, Any] | None:
        return next((e for e in self.entries() if e["reference"] == reference), None)

    def get(self, notify_id: str) -> dict[str, Any]:
        found = next((e for e in self.entries() if e["id"] == notify_id), None)
        return found or {"id": notify_id, "status": "outbox"}


def erase_for(delivery_ids: Collection[str]) -> int:
    """Remove the outbox files of these deliveries (plan erasure calls this, after the rows go)."""
    from planner.delivery import settings as delivery_settings

    return OutboxSender(delivery_settings.load().outbox_dir).erase(delivery_ids)
