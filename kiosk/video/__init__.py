"""asyncio + aiortc + OpenCV: cameras, tracks, peer sessions, signaling client, control channel, stills.

Imports no Qt; everything here runs under plain `asyncio.run`.
"""
