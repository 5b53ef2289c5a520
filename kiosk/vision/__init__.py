"""Machine checks on document stills and booth video: faces, card reading, a second person in the booth.

Everything here is CPU work on images (numpy arrays, BGR as OpenCV gives them) with no I/O and no event loop:
callers run it off the GUI and event loops (the console through `kiosk.app.blocking.run_blocking`). The rules
that turn a number into words for the officer are in `kiosk.domain.assist`. The models are those the installed
packages ship (dlib's detector and ResNet face model from `face-recognition-models`, OpenCV's bundled cascades,
Tesseract's Indonesian data from Debian); nothing is downloaded at run time.
"""
