"""Wires the spoken guidance to the booth window: the screen shown, the language chosen, the assist bars.

The window says when its screen changed (`BoothWindow.screen_changed`); the guidance key of what it shows
(`kiosk.app.booth.guidance.guidance_key`) and its translated text (`kiosk.ui.booth.guidance`) go to the
`VoiceGuide`, which stops the previous text and says the new one. Choosing a language says the screen again in
it. The bars' touches go to the guide; the guide's volume and availability come back to the bars. When a visit
ends, large text is switched off for the next participant (the guide resets its volume itself).
"""

from __future__ import annotations

from kiosk.app.booth.guidance import GuidanceKey, guidance_key
from kiosk.app.booth.visit_flow import VisitFlow
from kiosk.app.booth.voice import Utterance, VoiceGuide
from kiosk.ui.booth.guidance import utterance
from kiosk.ui.booth.inactivity import InactivityWatcher
from kiosk.ui.booth.window import BoothWindow


def current_utterance(window: BoothWindow) -> Utterance | None:
    """The guidance of what `window` shows now, in the visit's language."""
    shown = window.current_screen()
    problem = window.problem.problem() if shown is window.problem else None
    key = guidance_key(window.state, problem)
    return None if key is None else utterance(key, window.state.language)


def bind_voice(
    window: BoothWindow, guide: VoiceGuide, visit: VisitFlow, inactivity: InactivityWatcher | None = None
) -> None:
    """Connect `guide` to `window`, `visit` and the "still there?" question (call after the flows' inputs are
    bound: a language choice is spoken after the flows switched to it)."""
    controls = window.assist

    def screen_changed() -> None:
        guide.show(current_utterance(window))

    def language_chosen(*_args: object) -> None:
        chosen = current_utterance(window)
        if chosen is not None:
            guide.say(chosen)

    def sync() -> None:
        controls.set_sound(
            speech_available=guide.speech_available, sound_available=guide.sound_available, volume_level=guide.level
        )

    window.screen_changed.connect(screen_changed)
    window.language_toggle_requested.connect(language_chosen)
    window.welcome.language_requested.connect(language_chosen)
    controls.repeat_requested.connect(guide.repeat)
    controls.louder_requested.connect(guide.louder)
    controls.quieter_requested.connect(guide.quieter)
    if inactivity is not None:
        # Someone who turned away hears the question too; the screen's own text comes back with "listen again".
        inactivity.asked.connect(
            lambda: guide.say(utterance(GuidanceKey.STILL_THERE, window.state.language))
        )
    guide.subscribe(sync)
    sync()
    guide.attach(visit)
    visit.subscribe_ended(lambda _why: controls.set_large_text(False))
