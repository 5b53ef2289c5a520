"""The doctor's report: one `CheckResult` per check, rendered as a plain-text table or as JSON."""

from __future__ import annotations

import enum
import json
import textwrap
from dataclasses import asdict, dataclass


class Status(enum.Enum):
    """The outcome of one check."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"


@dataclass(frozen=True)
class CheckResult:
    """One row of the doctor's table: what was checked, the outcome, what was seen, and what to do."""

    key: str
    title: str
    status: Status
    detail: str
    hint: str = ""


@dataclass(frozen=True)
class Report:
    """All results of one doctor run."""

    results: tuple[CheckResult, ...]
    language: str = "id"

    @property
    def ok(self) -> bool:
        """True when no check failed (warnings and skipped checks allowed)."""
        return all(r.status is not Status.FAIL for r in self.results)

    def get(self, key: str) -> CheckResult:
        """The result of check `key`."""
        return next(r for r in self.results if r.key == key)

    def to_json(self) -> str:
        """The results as JSON (for scripts and monitoring)."""
        rows = [{**asdict(r), "status": r.status.value} for r in self.results]
        return json.dumps({"ok": self.ok, "results": rows}, ensure_ascii=False, indent=2)

    def table(self, width: int = 100, color: bool = False) -> str:
        """A plain-text table, one row per check, the hint indented under each failure or warning."""
        en = self.language == "en"
        labels = {
            Status.PASS: ("OK", "LULUS"),
            Status.WARN: ("WARN", "PERINGATAN"),
            Status.FAIL: ("FAIL", "GAGAL"),
            Status.SKIP: ("SKIP", "DILEWATI"),
        }
        colors = {Status.PASS: "32", Status.WARN: "33", Status.FAIL: "31;1", Status.SKIP: "2"}
        name_w = max(len(r.title) for r in self.results) if self.results else 10
        status_w = max(len(label[0 if en else 1]) for label in labels.values())
        head = ("Check", "Result", "Details") if en else ("Pemeriksaan", "Hasil", "Keterangan")
        name_w = max(name_w, len(head[0]))
        status_w = max(status_w, len(head[1]))
        detail_w = max(30, width - name_w - status_w - 4)
        lines = [f"{head[0]:<{name_w}}  {head[1]:<{status_w}}  {head[2]}", "-" * min(width, 120)]
        for r in self.results:
            label = labels[r.status][0 if en else 1]
            shown = f"\033[{colors[r.status]}m{label:<{status_w}}\033[0m" if color else f"{label:<{status_w}}"
            detail = textwrap.wrap(r.detail, detail_w) or [""]
            lines.append(f"{r.title:<{name_w}}  {shown}  {detail[0]}")
            pad = " " * (name_w + status_w + 4)
            lines.extend(pad + more for more in detail[1:])
            if r.hint and r.status in (Status.FAIL, Status.WARN):
                for i, part in enumerate(textwrap.wrap(r.hint, detail_w - 2)):
                    lines.append(pad + ("→ " if i == 0 else "  ") + part)
        failed = sum(r.status is Status.FAIL for r in self.results)
        warned = sum(r.status is Status.WARN for r in self.results)
        lines.append("-" * min(width, 120))
        if en:
            lines.append("All checks passed." if failed == 0 and warned == 0
                         else f"{failed} failed, {warned} warnings.")
        else:
            lines.append("Semua pemeriksaan lulus." if failed == 0 and warned == 0
                         else f"{failed} gagal, {warned} peringatan.")
        return "\n".join(lines)
