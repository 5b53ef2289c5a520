"""The console's Qt-free aids: wait levels and reminders, ready phrases, still quality in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.app.console.phrases import PhrasesError, ReadyPhrase, load_phrases, parse_phrases
from kiosk.app.console.session import DocumentStill
from kiosk.app.console.still_quality import Glare, Level, Light, Sharpness, judge
from kiosk.app.console.wait_cue import WaitCue, WaitLevel, WaitReminders
from kiosk.config import ConfigError, VideoSettings, load_settings


def test_wait_levels_escalate_at_the_thresholds() -> None:
    cue = WaitCue(long_s=120, urgent_s=300, reminder_s=60)
    assert [cue.level(s) for s in (None, 0, 119, 120, 299, 300)] == [
        WaitLevel.NONE, WaitLevel.WAITING, WaitLevel.WAITING, WaitLevel.LONG, WaitLevel.LONG, WaitLevel.URGENT,
    ]


def test_reminders_ring_once_per_interval_and_restart_with_a_new_request() -> None:
    reminders = WaitReminders(WaitCue(long_s=120, urgent_s=300, reminder_s=60))
    assert reminders.due({"s-1": 100}) == []
    assert reminders.due({"s-1": 120}) == ["s-1"]
    assert reminders.due({"s-1": 150}) == []
    assert reminders.due({"s-1": 185}) == ["s-1"]
    assert reminders.due({"s-1": 600}) == ["s-1"]  # a busy spell rings once, not for every reminder missed
    assert reminders.due({"s-1": 601}) == []
    assert reminders.due({"s-1": 700, "s-2": 130}, exclude="s-1") == ["s-2"]  # never the booth being served
    assert reminders.due({}) == []  # answered
    assert reminders.due({"s-1": 125}) == ["s-1"]  # a new request counts afresh


def test_no_reminders_when_switched_off() -> None:
    assert WaitReminders(WaitCue(reminder_s=0)).due({"s-1": 1000}) == []


def test_wait_settings_are_checked(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("[console]\nwait_long_s = 300\nwait_urgent_s = 120\n")
    with pytest.raises(ConfigError, match="wait_urgent_s"):
        load_settings(config)
    config.write_text("[console]\nwait_long_s = 60\nwait_urgent_s = 180\nwait_reminder_s = 30\n")
    console = load_settings(config).console
    assert (console.wait_long_s, console.wait_urgent_s, console.wait_reminder_s) == (60, 180, 30)


def test_the_packaged_phrases_are_complete_in_both_languages() -> None:
    phrases = load_phrases()
    assert len(phrases) >= 5
    assert all(p.id and p.en and p.id != p.en for p in phrases)
    assert phrases[0].text("en") == phrases[0].en and phrases[0].text("id") == phrases[0].id


def test_a_branch_list_replaces_the_packaged_one(tmp_path: Path) -> None:
    own = tmp_path / "phrases.toml"
    own.write_text('[[phrase]]\nid = "Silakan duduk."\nen = "Please sit down."\n', encoding="utf-8")
    assert load_phrases(own) == (ReadyPhrase("Silakan duduk.", "Please sit down."),)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[[phrase]]\nid = 'Halo'\n", "phrase 1 has no 'en' text"),
        ("[[phrase]]\nid = 'Halo'\nen = '  '\n", "phrase 1 has no 'en' text"),
        ("phrase = 3\n", "must be a list"),
        ("[[phrase]\n", "not valid TOML"),
        (f"[[phrase]]\nid = '{'x' * 501}'\nen = 'y'\n", "over 500 characters"),
    ],
)
def test_a_bad_phrases_file_is_named_and_the_packaged_list_used(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(PhrasesError, match=problem):
        parse_phrases(text, "branch.toml")
    bad = tmp_path / "phrases.toml"
    bad.write_text(text, encoding="utf-8")
    assert load_phrases(bad) == load_phrases()


def test_still_quality_in_words_by_the_booths_limits() -> None:
    limits = VideoSettings(still_min_sharpness=120, still_max_glare_ratio=0.02)
    good = judge(DocumentStill("ektp", "d", sharpness=212, glare_ratio=0.004, brightness=141), limits)
    assert (good.sharpness, good.glare, good.light, good.level) == (Sharpness.SHARP, Glare.LITTLE, Light.GOOD,
                                                                     Level.GOOD)
    edge = judge(DocumentStill("ektp", "d", sharpness=135, glare_ratio=0.011, brightness=150), limits)
    assert (edge.sharpness, edge.glare, edge.level) == (Sharpness.ENOUGH, Glare.SOME, Level.WARN)
    bad = judge(DocumentStill("ektp", "d", sharpness=80, glare_ratio=0.05, brightness=40), limits)
    assert (bad.sharpness, bad.glare, bad.light, bad.level) == (Sharpness.BLURRY, Glare.HEAVY, Light.DARK, Level.BAD)
    assert judge(DocumentStill("ektp", "d"), limits).level is Level.GOOD  # no figures: nothing to warn about
