"""Schemathesis hooks of the API fuzz step (tests/tests/api_fuzz.rs).

Attachments are uploaded as `application/pdf` (and the chat's as PNG, JPEG or WebP too), which
schemathesis has no serializer for: send the generated value as raw bytes, as a client
uploading a file would.
"""

import json

import schemathesis


@schemathesis.serializer("application/pdf", "image/png", "image/jpeg", "image/webp")
def pdf_serializer(ctx, value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return json.dumps(value).encode("utf-8")
