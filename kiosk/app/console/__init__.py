"""The console's application layer: the officer's sessions, their detail, verification and the hub, without Qt.

- `state`: `ConsoleState`, the one home of every assigned session (`session.Booth` with its `SessionDetail`);
- `service`: `ConsoleService`, the console's use cases (hub, signaling, one peer per booth, the outbox);
- `peers`: the media side of focus (`PeerRouter`) and the network mark;
- `verification` and `claim`: what the officer checks, and the claim the checks produce;
- `hub_port` / `hub_adapter`: `ConsoleHubPort` and its `HubAdapter` over `kiosk.client`'s `HubClient`;
- `view`: `ConsoleView`, what the service asks of the window.
"""
