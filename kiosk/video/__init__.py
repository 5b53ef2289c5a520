"""asyncio + aiortc + OpenCV: cameras, tracks, peer sessions, signaling client, control channel, stills.

Imports no Qt; everything here runs under plain `asyncio.run` (tests) or a qasync loop (the apps).

How the booth and console apps use it
=====================================

Cameras (`kiosk.video.camera`)::

    camera = open_camera(settings.booth.camera, settings.booth.camera_width, settings.booth.camera_height,
                         settings.booth.camera_fps)        # "synthetic", "0", "/dev/video2" or a video file
    camera.add_listener(lambda state: loop.call_soon_threadsafe(on_camera_state, state))  # CameraState
    camera.start()
    image = camera.latest_frame()       # newest full-resolution BGR numpy frame (or None); never a queue
    camera.info                         # CameraInfo: requested vs actual width/height/fps
    camera.stop()

Document stills and QR (`kiosk.video.stills`), off the loop::

    quality = await asyncio.to_thread(assess_still, image)   # StillQuality: sharpness, glare, brightness, card
    quality.problems(settings.video)                          # (StillProblem.BLURRY, ...) -> guidance text
    still = await capture_still(camera, settings.video)       # best of recent frames, card cropped, JPEG
    still.jpeg, still.sha256, still.ok                        # upload with kiosk.client, then capture_done
    code = await asyncio.to_thread(read_qr, image)            # booking code or None

Signaling (`kiosk.video.signaling`): one WebSocket to the hub per app::

    client = SignalingClient(url, token, hello=HelloPayload(role=Role.BOOTH, session_id=...),
                             on_envelope=dispatch, on_connection=lambda up: ...)
    await client.start()                 # connects, reconnects with backoff, re-sends HELLO each time
    await client.send(envelope)          # waits for the connection (bounded) when it is down
    client.hello = new_hello             # what is announced after the next reconnect
    await client.close()

Peer sessions (`kiosk.video.peer`): one per (booth, console) pair for the whole session; survives failures::

    # booth, after ASSIGNMENT:
    peer = BoothPeer(session_id, settings.video, client.send, camera=camera,
                     microphone=open_audio_input(settings.booth.microphone),
                     speaker=open_audio_output(settings.booth.speaker),
                     control_handler=on_control,     # async (ControlMessage) -> answer payload | None
                     on_state=on_peer_state,         # PeerState: IDLE/CONNECTING/CONNECTED/RECONNECTING/CLOSED
                     on_stats=on_stats,              # PeerStats once a second
                     on_remote_frame=on_officer_frame)
    await peer.connect()                 # the booth offers; re-offers after failures with backoff
    # console, on ASSIGNMENT (the booth's offer then arrives through signaling):
    peer = ConsolePeer(session_id, settings.video, client.send, microphone=mic, speaker=speaker,
                       camera=officer_camera_or_None, on_remote_frame=lambda: tile.update())
    # both: route the hub's OFFER/ANSWER/BYE for this session to the peer
    await peer.handle_signal(envelope)

    frame = peer.latest_frame()          # newest remote frame, RGB888 numpy (H x W x 3) or None: pull on paint
    await peer.focus() / await peer.unfocus()                # console: quality, audio routing, officer video
    await peer.set_quality(QualityLevel.STANDARD)            # console: no renegotiation
    reply = await peer.request(ControlType.CAPTURE_REQUEST, CaptureRequestPayload(document="ektp"))
    peer.start_recording(path); await peer.stop_recording()  # console: off-loop Matroska recording
    peer.last_stats                                          # PeerStats or None
    await peer.close()                   # bye, close connection, no task or thread left behind

Control handlers answer requests: return None (ack), the answer payload (`CaptureDonePayload` for a
capture_request, `SignatureDonePayload` for a signature_request), or raise `ControlError(code, detail)`.
A booth session applies `set_quality` itself before calling the handler.

Audio (`kiosk.video.audio`): `open_audio_input("default" | device | "tone" | "null")`,
`open_audio_output("default" | device | "null")`, `sound_available()`; `peer.remote_audio.level()` for a meter.

Callbacks run on the event loop and must return quickly; heavy work goes to `asyncio.to_thread`. A callback
that raises is logged and does not affect the session (it used to abort aiortc's close half-way).

Remote video is decoded by aiortc's thread and converted to `display_format` (default ``"rgb24"``) in a worker
thread, one frame in flight per peer, newest wins; `on_remote_frame` fires when a converted frame is ready, and
`latest_frame()` returns it without converting on the loop. Video receivers use `jitter.MarkerJitterBuffer`,
which hands a frame to the decoder on its last packet (aiortc's own waits for the next frame: +100 ms at 10 fps).
Figures for one console and 2-12 booths: docs/benchmarks.md, "Console capacity".
"""
