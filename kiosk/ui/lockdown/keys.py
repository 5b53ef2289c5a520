"""The key combinations that would close, switch or leave the booth window, which the lockdown swallows."""

from __future__ import annotations

from PySide6.QtCore import Qt

_K = Qt.Key
_FUNCTION_KEYS = frozenset({getattr(_K, f"Key_F{i}") for i in range(1, 13)})
_ALWAYS_BLOCKED = frozenset({_K.Key_Escape, _K.Key_F11, _K.Key_Meta, _K.Key_Super_L, _K.Key_Super_R})
_ALT_BLOCKED = frozenset({_K.Key_F4, _K.Key_Tab, _K.Key_Backtab, _K.Key_Escape, _K.Key_Space, _K.Key_F2})
_CTRL_ALT_BLOCKED = frozenset({_K.Key_Backspace, _K.Key_Delete}) | _FUNCTION_KEYS
_CTRL_BLOCKED = frozenset({_K.Key_W, _K.Key_Q, _K.Key_Escape, _K.Key_F4})


def is_blocked_key(key: int | Qt.Key, modifiers: Qt.KeyboardModifier) -> bool:
    """True for a key combination that would close, switch or leave the booth window."""
    key = Qt.Key(key)
    mods = Qt.KeyboardModifier
    ctrl = bool(modifiers & mods.ControlModifier)
    alt = bool(modifiers & mods.AltModifier)
    meta = bool(modifiers & mods.MetaModifier)
    if meta or key in _ALWAYS_BLOCKED:  # every Super combination belongs to the desktop, never to the booth
        return True
    if ctrl and alt and key in _CTRL_ALT_BLOCKED:
        return True
    if alt and key in _ALT_BLOCKED:
        return True
    return ctrl and key in _CTRL_BLOCKED
