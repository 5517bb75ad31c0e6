"""Hosting: the cache policy per kind of output (policy.py) and the files each host reads (files.py).

Pure functions from the list of files a build wrote to the bytes of `_headers`, `_redirects` or the S3
manifest; generator.write.plugin writes them into the site folder, as statusgen's own files.
"""
from __future__ import annotations

from .files import HOST_FILES, HostingError, host_files
from .policy import KINDS, headers_for, kind_of

__all__ = ["HOST_FILES", "HostingError", "host_files", "KINDS", "headers_for", "kind_of"]
