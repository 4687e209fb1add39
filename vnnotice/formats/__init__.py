"""Readers of real inputs beyond plain text: DOCX, PDF, legacy Vietnamese encodings.

Each reader module takes raw bytes and the input's name and returns text
(:mod:`vnnotice.formats.docx`, :mod:`vnnotice.formats.pdf`,
:mod:`vnnotice.formats.doc`); :mod:`vnnotice.formats.legacy` converts
TCVN3, VNI-Windows, VISCII and Windows-1258 text to Unicode. The heavy
packages (python-docx, pypdf) are imported inside the readers, so importing
vnnotice works without them.
"""
