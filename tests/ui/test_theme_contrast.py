"""Every text colour of the themes is readable on its background: WCAG AA, at least 4.5:1, for all sizes.

The test reads the stylesheets (assets/theme/base.qss followed by each app's own, as `load_stylesheet` joins
them) and the colours painted from Python under kiosk/ui. For every rule that sets a text colour or a background
it finds the pair a user sees:

- the text colour: the rule's own ``color``, else that of the rule it refines (``X[kind="a"]:pressed`` refines
  ``X[kind="a"]``, then ``X``; ``#bar QLabel`` sits inside ``#bar``), else the app's ``QWidget`` colour;
- the background: found the same way; a rule without one anywhere in that chain (a label on whatever is
  behind it) is checked against every surface of the app (`SURFACES`) or, when the QSS cannot say where it
  sits, against the places listed in `PLACED_ON`;
- a translucent background is laid over white and over black (a video behind it) and the worse counts;
- a progress bar's text crosses its chunk and its groove: it must be readable on both.

Large text is not exempted: the booth's readers are elderly and the 3:1 allowance needs a proven size.
Disabled buttons are held to the same rule: on the booth a greyed "Next" is still text a participant reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from kiosk.paths import ASSETS_DIR

ROOT = ASSETS_DIR.parent
THEMES = ASSETS_DIR / "theme"
AA = 4.5

#: Where a text colour with no background of its own is seen in each app (the surfaces it can sit on).
SURFACES: dict[str, tuple[str, ...]] = {
    "booth": (
        "QMainWindow",  # the screens' white
        'QFrame[panel="true"]',
        'QFrame[card="true"]',
        'QFrame[card="true"][checked="true"]',
        "QFrame#overlayCard",
        'QFrame#messageBanner[level="error"]',
        'QFrame#messageBanner[level="ok"]',
        'QFrame#messageBanner[level="info"]',
        'QFrame#messageBanner[level="warning"]',
    ),
    "console": (
        "QMainWindow",
        "#boothTile",
        '#boothTile[attention="ready"]',
        '#boothTile[attention="help"]',
        '#boothTile[attention="quality"]',
        "#actionBar",
        "#loginCard",
        "QTableWidget",
        "QListWidget",
    ),
    "setup": (
        "QMainWindow",
        "#setupWizard",  # a plain QWidget: the platform's window grey
        'QFrame#messageBanner[level="error"]',
        'QFrame#messageBanner[level="ok"]',
        'QFrame#messageBanner[level="info"]',
        'QFrame#messageBanner[level="warning"]',
        'QLabel#echoCancel[level="ok"]',
        'QLabel#echoCancel[level="warning"]',
    ),
}

#: The platform's window colour (Fusion), behind a top-level QWidget that has no background of its own.
PLATFORM_WINDOW = "#EFEFEF"

#: Backgrounds that hold no text of their own: the dimming behind an overlay card, bars whose labels have rules.
BACKDROPS = frozenset({'QFrame[overlay="true"]', "QFrame#topBar", "#topBar", "QFrame#setupSide"})

#: Rules only ever seen through a refinement that sets the background: every badge has a kind.
ALWAYS_REFINED = frozenset({"QLabel#badge"})

TRANSPARENT = "transparent"

#: Text whose background the QSS does not name: the selectors (or colours) of what is behind it.
PLACED_ON: dict[str, tuple[str, ...]] = {
    "QListWidget#setupSteps": ("QFrame#setupSide",),
    "QListWidget#setupSteps::item": ("QFrame#setupSide",),
    "QLabel#setupBrand": ("QFrame#setupSide",),
    "QFrame#topBar QLabel": ("QFrame#topBar",),
    "QFrame#topBar QLabel#stepLabel": ("QFrame#topBar",),
    "#topBar QLabel": ("#topBar",),
    "#officer": ("#topBar",),
    "#shift": ("#topBar",),
    "#appTitle": ("#topBar",),
    # The console's recording mark is in a tile's header, on any of the tile's tints.
    "#recording": ("#boothTile", '#boothTile[attention="ready"]', '#boothTile[attention="help"]',
                   '#boothTile[attention="quality"]'),
    # On the booth a countdown floats over the live video: any colour, so white and black.
    'QLabel[role="countdown"]': ("#FFFFFF", "#000000"),
}

#: Colours written in Python under kiosk/ui: (file, colour) -> the backgrounds the text is drawn on, or () when
#: the colour is not text (a frame guide, a signal bar, a picture's background). A new colour must be listed.
PYTHON_COLOURS: dict[tuple[str, str], tuple[str, ...]] = {
    ("kiosk/ui/widgets/video_view.py", "#15191e"): (),
    ("kiosk/ui/widgets/video_view.py", "#9aa4ae"): ("#15191e",),
    ("kiosk/ui/widgets/video_view.py", "#f0b429"): ("rgba(0, 0, 0, 200)",),
    ("kiosk/ui/widgets/video_view.py", "#ffffff"): ("rgba(10, 14, 18, 170)",),
    ("kiosk/ui/widgets/signal_bars.py", "#1E8E3E"): (),
    ("kiosk/ui/widgets/signal_bars.py", "#C77800"): (),
    ("kiosk/ui/widgets/signal_bars.py", "#C5221F"): (),
    ("kiosk/ui/widgets/signal_bars.py", "#8A969C"): (),
    ("kiosk/ui/widgets/signal_bars.py", "#C9D1D5"): (),
    ("kiosk/ui/widgets/camera_preview.py", "#FFD400"): (),
    ("kiosk/ui/widgets/camera_preview.py", "#3DDC84"): (),
    ("kiosk/ui/widgets/qr_view.py", "#000000"): (),
    ("kiosk/ui/widgets/signature_pad.py", "#0B1F2A"): (),
    ("kiosk/ui/widgets/signature_pad.py", "#5B6B73"): (),
    ("kiosk/ui/widgets/signature_pad.py", "#3D4F58"): ("#FFFFFF",),
    ("kiosk/ui/booth/documents_screen.py", "#15191e"): (),
    ("kiosk/ui/setup/pages/summary.py", "#3D4F58"): ("#FFFFFF", PLATFORM_WINDOW),
    ("kiosk/ui/console/workspace/documents_tab.py", "#8A4B00"): ("#FFFFFF", "#D7ECF4"),
    ("kiosk/ui/console/workspace/decision_tab.py", "#A50E0E"): ("#FFFFFF",),
    ("kiosk/ui/console/workspace/decision_tab.py", "#0B4F8A"): ("#FFFFFF",),
    ("kiosk/ui/console/workspace/data_tab.py", "#FCE8E6"): (),
    ("kiosk/ui/console/workspace/data_tab.py", "#A50E0E"): ("#FCE8E6", "#FFFFFF"),
    ("kiosk/ui/booth/assist_bar.py", "#00594F"): (),  # volume bars, not text
    ("kiosk/ui/booth/assist_bar.py", "#C9D6DB"): (),
    ("kiosk/ui/console/workspace/assist_panel.py", "#A50E0E"): ("#FCE8E6", "#FFFFFF"),
    ("kiosk/ui/console/workspace/assist_panel.py", "#1E6B34"): ("#FFFFFF",),
    ("kiosk/ui/console/workspace/assist_panel.py", "#FCE8E6"): (),
    # The collective queue's row tints: backgrounds under the theme's dark table text, not text.
    ("kiosk/ui/console/collective.py", "#EEF8F0"): (),
    ("kiosk/ui/console/collective.py", "#FFF5E6"): (),
    ("kiosk/ui/console/collective.py", "#FFFBEA"): (),
    ("kiosk/ui/console/collective.py", "#E8F0FB"): (),
    ("kiosk/ui/console/collective.py", "#F2F5F6"): (),
    ("kiosk/ui/console/collective.py", "#FDEEEE"): (),
}


# ------------------------------------------------------------------------------------------------ colours


def rgba(text: str) -> tuple[float, float, float, float]:
    """``#RGB``, ``#RRGGBB``, ``rgb()``, ``rgba()`` or a few names as (r, g, b, alpha 0..1)."""
    text = text.strip().lower()
    names = {"white": "#ffffff", "black": "#000000"}
    text = names.get(text, text)
    if text.startswith("#"):
        digits = text[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), 1.0
    match = re.fullmatch(r"rgba?\(([^)]*)\)", text)
    if not match:
        raise ValueError(f"not a colour: {text!r}")
    parts = [float(p) for p in match.group(1).split(",")]
    alpha = parts[3] / 255 if len(parts) == 4 else 1.0
    return parts[0], parts[1], parts[2], alpha


def over(top: str, below: tuple[float, float, float]) -> tuple[float, float, float]:
    """`top` painted over an opaque `below`."""
    r, g, b, a = rgba(top)
    return (r * a + below[0] * (1 - a), g * a + below[1] * (1 - a), b * a + below[2] * (1 - a))


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """The worse WCAG contrast ratio of `foreground` on `background` (translucent ones over white and black)."""
    worst = 21.0
    for base in ((255.0, 255.0, 255.0), (0.0, 0.0, 0.0)):
        back = over(background, base)
        fore = over(foreground, back)
        light, dark = sorted((luminance(fore), luminance(back)), reverse=True)
        worst = min(worst, (light + 0.05) / (dark + 0.05))
    return worst


def test_the_contrast_formula_matches_wcag() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("#FFFFFF", "rgba(0, 0, 0, 0)") == pytest.approx(1.0)


# ------------------------------------------------------------------------------------------------ QSS


@dataclass
class Theme:
    """One app's stylesheet: the declarations of each selector, later rules overriding earlier ones."""

    name: str
    rules: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, name: str) -> Theme:
        """base.qss then ``<name>.qss``, as the app loads them."""
        theme = cls(name)
        for part in ("base", name):
            text = re.sub(r"/\*.*?\*/", "", (THEMES / f"{part}.qss").read_text(encoding="utf-8"), flags=re.S)
            for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", text):
                declarations = {}
                for declaration in body.split(";"):
                    if ":" in declaration:
                        key, value = declaration.split(":", 1)
                        declarations[key.strip().lower()] = value.strip()
                for selector in selectors.split(","):
                    theme.rules.setdefault(normal(selector), {}).update(declarations)
        return theme

    def own(self, selector: str, prop: str) -> str | None:
        """`prop` as set on `selector` itself (``background-color`` counts as ``background``)."""
        rule = self.rules.get(selector, {})
        value = rule.get(prop) or (rule.get("background-color") if prop == "background" else None)
        if value is None:
            return None
        if value in ("transparent", "none"):
            return TRANSPARENT
        if prop == "background" and not (value.startswith(("#", "rgb")) or value in ("white", "black")):
            return None  # a gradient or an image: not a colour the test can judge
        return value

    def find(self, selector: str, prop: str, *, ancestors: bool) -> str | None:
        """`prop` of `selector` or of the rules it refines (or sits in: `ancestors`); see the module doc."""
        for candidate in chain(selector, ancestors=ancestors):
            value = self.own(candidate, prop)
            if value is not None:
                return value
        return None

    def text_colour(self, selector: str) -> str:
        """The text colour an element of `selector` is drawn with (colours do not pass from parent to child)."""
        value = self.find(selector, "color", ancestors=False)
        return value if value not in (None, TRANSPARENT) else self.default_text()

    def default_text(self) -> str:
        """The app's text colour (``QWidget { color }``)."""
        return self.rules["QWidget"]["color"]

    def backgrounds(self, selector: str) -> list[tuple[str, str]]:
        """(where, colour) of every background the text of `selector` can be seen on."""
        value = self.find(selector, "background", ancestors=True)
        if value not in (None, TRANSPARENT):
            return [(selector, value)]
        for candidate in chain(selector):
            if candidate in PLACED_ON:
                return [(place, self.surface(place)) for place in PLACED_ON[candidate]]
        return [(place, self.surface(place)) for place in SURFACES[self.name]]

    def surface(self, place: str) -> str:
        """The colour of a surface named by selector (or a literal colour)."""
        if re.fullmatch(r"#[0-9A-Fa-f]{6}|rgba?\(.*\)", place):
            return place
        if place == "#setupWizard" and self.own(place, "background") is None:
            return PLATFORM_WINDOW
        value = self.find(place, "background", ancestors=True)
        assert value not in (None, TRANSPARENT), f"{self.name}: the surface {place} has no background colour"
        return str(value)


def normal(selector: str) -> str:
    """A selector with single spaces."""
    return " ".join(selector.split())


def variants(compound: str) -> list[str]:
    """One compound selector and what it refines: without its pseudo-state and attributes, then its id or type."""
    out = [compound]
    while True:
        shorter = re.sub(r"(::?[\w-]+|\[[^\]]*\])$", "", out[-1])
        if shorter == out[-1] or not shorter:
            break
        out.append(shorter)
    match = re.fullmatch(r"([A-Za-z]\w*)(#[\w-]+)", out[-1])
    if match:
        out += [match.group(2), match.group(1)]
    return out


def chain(selector: str, *, ancestors: bool = True) -> list[str]:
    """`selector`, then the rules it refines (`variants`); with `ancestors`, then what it sits in."""
    parts = [p for p in selector.split(" ") if p != ">"]
    prefix, last = parts[:-1], parts[-1]
    out = [" ".join([*prefix, v]) for v in variants(last)]
    if prefix:
        out += variants(last)
        if ancestors:
            out += chain(" ".join(prefix))
    return out


def is_text_rule(selector: str, declarations: dict[str, str]) -> bool:
    """A rule that sets what text is drawn on (not a scroll bar's handle, a border or a size)."""
    if not ({"color", "background", "background-color"} & declarations.keys()):
        return False
    if re.search(r"::(handle|add-line|sub-line|up-button|down-button|groove|indicator)", selector):
        return False
    return not (re.search(r"QScrollBar|QScrollArea", selector) or selector in BACKDROPS | ALWAYS_REFINED)


def pairs(theme: Theme) -> list[tuple[str, str, str, str, float]]:
    """(selector, text colour, where, background, ratio) of every text rule of `theme`."""
    out = []
    for selector, declarations in theme.rules.items():
        if not is_text_rule(selector, declarations):
            continue
        owner = selector.replace("::chunk", "") if selector.endswith("::chunk") else selector
        foreground = theme.text_colour(owner)
        for where, background in theme.backgrounds(selector):
            out.append((selector, foreground, where, background, contrast(foreground, background)))
        if selector.endswith("QProgressBar::chunk") or selector == "QProgressBar":
            groove = theme.find("QProgressBar", "background", ancestors=False)
            if groove:
                out.append((selector + " (groove)", foreground, "QProgressBar", groove, contrast(foreground, groove)))
    return out


@pytest.mark.parametrize("app", sorted(SURFACES))
def test_every_text_colour_of_the_theme_is_readable_on_its_background(app: str) -> None:
    theme = Theme.load(app)
    low = [
        f"{selector}: text {fg} on {bg} ({where}) is {ratio:.2f}:1"
        for selector, fg, where, bg, ratio in pairs(theme)
        if ratio < AA
    ]
    assert low == [], f"{app} theme below {AA}:1 (WCAG AA):\n" + "\n".join(low)


def test_the_known_pairs_are_found() -> None:
    """The reader sees the pairs it is meant to judge (a parser that finds nothing would pass anything)."""
    booth = {(s, fg.upper(), bg.upper()) for s, fg, _, bg, _ in pairs(Theme.load("booth"))}
    assert ('QPushButton[kind="primary"]', "#FFFFFF", "#00594F") in booth
    assert any(s == "QProgressBar::chunk" for s, _, _ in booth)
    console = {(s, fg.upper(), bg.upper()) for s, fg, _, bg, _ in pairs(Theme.load("console"))}
    assert any(s == 'QLabel#badge[kind="ready"]' and fg == "#FFFFFF" for s, fg, _ in console)
    assert any(s == '#topBar QLabel#chip[level="warn"]' and fg == "#FFFFFF" for s, fg, _ in console)


# ------------------------------------------------------------------------------------------------ Python


def python_colours() -> dict[tuple[str, str], int]:
    """Every ``"#rrggbb"`` literal in kiosk/ui's Python: (file, colour) -> line."""
    found: dict[tuple[str, str], int] = {}
    for path in sorted((ROOT / "kiosk" / "ui").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for colour in re.findall(r"[\"'](#[0-9A-Fa-f]{6})\b", line):
                found.setdefault((str(path.relative_to(ROOT)), colour), number)
    return found


def test_every_colour_painted_from_python_is_known_and_readable() -> None:
    found = python_colours()
    unknown = [f"{file}:{line} {colour}" for (file, colour), line in found.items()
               if (file, colour) not in PYTHON_COLOURS]
    assert unknown == [], "say in PYTHON_COLOURS whether these are text and on what:\n" + "\n".join(unknown)
    low = [
        f"{file}: text {colour} on {bg} is {contrast(colour, bg):.2f}:1"
        for (file, colour), backgrounds in PYTHON_COLOURS.items()
        for bg in backgrounds
        if contrast(colour, bg) < AA
    ]
    assert low == [], "\n".join(low)
