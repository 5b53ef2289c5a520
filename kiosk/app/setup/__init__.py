"""The setup wizard's application layer, without Qt: the rules and files of setting up a booth PC (`model`) and
its sound checks (`sound`). The wizard's pages in `kiosk.ui.setup` only show and forward."""
