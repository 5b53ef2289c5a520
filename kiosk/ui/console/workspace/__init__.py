"""The officer's workspace for the focused session, one module per tab (F2 data, F3 documents, F4 decision).

- `container`: `Workspace`, the tabs with the rule verdict above them and the action bar below them;
- `data_tab`, `documents_tab`, `decision_tab`: the tabs; `actions`: the action bar;
- `still_viewer`: a still with zoom and rotation; `texts`: the words for the application layer's codes;
- `part`: the tabs' base (one translation context for the whole workspace).
"""

from kiosk.ui.console.workspace.container import Workspace

__all__ = ["Workspace"]
