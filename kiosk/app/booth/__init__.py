"""The booth's application layer (Qt-free): one participant's visit, from check-in to the claim reference.

- `state.VisitState`: what the booth knows about the current visit (observable data, no I/O);
- `visit_flow.VisitFlow`: the spine: steps, problem screens, hub calls that retry, ending a visit;
- one flow per concern: `checkin_flow`, `consent_flow`, `identity_flow`, `service_flow`, `documents_flow`
  (guided capture, with `capture.DocumentCapture`), `call_flow` (the officer's control requests),
  `signature_flow`, `health_flow` (the camera); `flows.build_flows()` wires them;
- ports: `view.BoothView` (the window), `hub_port.BoothHubPort` (the hub; `hub_adapter.HubAdapter` implements it
  over `kiosk.client`), `call_port.CallPort` (the live link; `call_link.CallLink` implements it), `camera_port`.
"""
