"""Pure measures on images (numpy/OpenCV), shared by the booth's still capture (`kiosk.video.stills`) and the hub's
checks of documents uploaded from a browser (`kiosk.server.online_quality`): one definition of "too dark",
"blurred", "glare" and "no card found" for both. Imports nothing of the layers that use it."""
