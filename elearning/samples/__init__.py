"""Minimal packages of our own (SCORM 1.2, SCORM 2004, H5P), licensed with the project.

``build(name)`` zips one of the folders beside this module; the tests and the demo upload them.
Both SCORM samples run the same script (``sco.js``, it speaks 1.2 and 2004), added to each zip here.
"""
import io
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

HERE = Path(__file__).resolve().parent
SAMPLES = {"scorm12": "sample-scorm12.zip", "scorm2004": "sample-scorm2004.zip", "h5p": "sample.h5p"}
SHARED_SCO = HERE / "sco.js"


def build(name):
    """The bytes of the zip of sample ``name`` (scorm12, scorm2004 or h5p), files in a stable order."""
    folder = HERE / name
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
        if name.startswith("scorm"):
            archive.write(SHARED_SCO, SHARED_SCO.name)
    return buffer.getvalue()


def upload(name):
    """Sample ``name`` as an uploaded file, as a form receives it."""
    return SimpleUploadedFile(SAMPLES[name], build(name), content_type="application/zip")
