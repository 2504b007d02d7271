"""moto's server app on a free loopback port, with two wire-format gaps closed.

Usage: server.py PORT_FILE

Binds 127.0.0.1 on a port the kernel picks, writes the port to PORT_FILE
once it listens, and serves until SIGTERM/SIGINT.

moto does all the work; two WSGI middlewares only adapt the wire format
where moto 5.2.5 and the AWS SDK for Rust disagree:

1. PatchVersioning: for a bucket whose versioning was never set, moto
   answers S3 GetBucketVersioning with an empty element named after its
   internal output shape instead of <VersioningConfiguration/>, the root the
   S3 API documents and the Rust SDK checks (boto3 does not look at the
   root name). The middleware renames that one root element.

2. CborToJson: the Rust SDK speaks Smithy RPC v2 CBOR to services that offer
   it (CloudWatch among them), which moto does not understand; boto3 picks
   the AWS JSON 1.0 protocol of the same services, which moto does. The
   middleware translates such requests to AWS JSON 1.0 and the answers back
   to CBOR with botocore's own model, parsers and serializers for the
   operation (so timestamps, blobs and numbers keep their types).
"""

import io
import json
import os
import re
import signal
import sys

import botocore.session
from botocore import parsers, serialize
from werkzeug.serving import make_server

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)


def _call(app, environ):
    """Runs a WSGI app; returns (status, headers, body bytes)."""
    captured = {}

    def capture(status, headers, exc_info=None):
        captured["status"] = status
        captured["headers"] = headers
        return lambda data: None

    chunks = app(environ, capture)
    try:
        body = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return captured["status"], captured["headers"], body


def _without(headers, *names):
    names = {n.lower() for n in names}
    return [(k, v) for k, v in headers if k.lower() not in names]


# --- 1. S3 GetBucketVersioning root element ---------------------------------

_ROOT = re.compile(rb"<(/?)([A-Za-z]+)((?:\s[^>]*)?)>")


def _is_get_bucket_versioning(environ):
    if environ.get("REQUEST_METHOD") != "GET":
        return False
    query = environ.get("QUERY_STRING", "")
    keys = [part.split("=", 1)[0] for part in query.split("&") if part]
    return "versioning" in keys


def fix_versioning_root(body):
    """Rename the root element of a GetBucketVersioning answer."""
    after_decl = body.find(b"?>") + 2 if body.startswith(b"<?xml") else 0
    start = body.find(b"<", after_decl)
    if start < 0:
        return body
    match = _ROOT.match(body, start)
    if not match or match.group(2) in (b"VersioningConfiguration", b"Error"):
        return body
    name = match.group(2)
    head = body[:start] + b"<VersioningConfiguration" + match.group(3) + b">"
    rest = body[match.end():]
    if match.group(3).endswith(b"/"):
        # Self-closing: a bucket whose versioning was never set.
        return head + rest
    closing = b"</" + name + b">"
    at = rest.rfind(closing)
    if at < 0:
        return body
    return head + rest[:at] + b"</VersioningConfiguration>" + rest[at + len(closing):]


class PatchVersioning:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if not _is_get_bucket_versioning(environ):
            return self.app(environ, start_response)
        status, headers, body = _call(self.app, environ)
        if status.startswith("200"):
            body = fix_versioning_root(body)
        headers = _without(headers, "content-length")
        headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        return [body]


# --- 2. Smithy RPC v2 CBOR <-> AWS JSON 1.0 ----------------------------------

_RPC_V2_PATH = re.compile(r"^/service/([^/]+)/operation/([^/]+)$")


def _cbor_head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    if n < 256:
        return bytes([major << 5 | 24, n])
    if n < 65536:
        return bytes([major << 5 | 25]) + n.to_bytes(2, "big")
    return bytes([major << 5 | 26]) + n.to_bytes(4, "big")


def _cbor_text_map(d):
    """A CBOR map of text strings, for error bodies."""
    out = bytearray(_cbor_head(5, len(d)))
    for k, v in d.items():
        for text in (k, v):
            raw = text.encode()
            out += _cbor_head(3, len(raw)) + raw
    return bytes(out)


class CborToJson:
    def __init__(self, app):
        self.app = app
        self.session = botocore.session.get_session()
        self.models = {}

    def _service_model(self, target_prefix):
        """The botocore model whose JSON target prefix the CBOR path names."""
        if target_prefix not in self.models:
            found = None
            for name in self.session.get_available_services():
                model = self.session.get_service_model(name)
                if model.metadata.get("targetPrefix") == target_prefix:
                    found = model
                    break
            self.models[target_prefix] = found
        return self.models[target_prefix]

    def __call__(self, environ, start_response):
        match = _RPC_V2_PATH.match(environ.get("PATH_INFO", ""))
        if environ.get("HTTP_SMITHY_PROTOCOL") != "rpc-v2-cbor" or not match:
            return self.app(environ, start_response)
        model = self._service_model(match.group(1))
        if model is None:
            return self.app(environ, start_response)
        op = model.operation_model(match.group(2))

        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        params = {}
        if op.input_shape is not None and body:
            params = parsers.RpcV2CBORParser().parse(
                {"body": body, "headers": {}, "status_code": 200}, op.input_shape
            )
            params.pop("ResponseMetadata", None)
        request = serialize.create_serializer("json", include_validation=False)
        request = request.serialize_to_request(params, op)
        json_body = request["body"]
        if isinstance(json_body, str):
            json_body = json_body.encode()
        environ = dict(environ)
        environ["PATH_INFO"] = "/"
        environ["wsgi.input"] = io.BytesIO(json_body)
        environ["CONTENT_LENGTH"] = str(len(json_body))
        environ["CONTENT_TYPE"] = request["headers"]["Content-Type"]
        environ["HTTP_X_AMZ_TARGET"] = request["headers"]["X-Amz-Target"]
        environ.pop("HTTP_SMITHY_PROTOCOL", None)

        status, headers, answer = _call(self.app, environ)
        code = int(status.split()[0])
        try:
            doc = json.loads(answer) if answer.strip() else {}
        except ValueError:
            doc = None
        if doc is None:
            # Not JSON (moto's HTML page for an unimplemented action): as it came.
            start_response(status, headers)
            return [answer]
        out = b""
        if code >= 300:
            error_type = str(doc.get("__type", code)).rsplit("#", 1)[-1]
            message = doc.get("message", doc.get("Message", ""))
            out = _cbor_text_map({"__type": error_type, "message": str(message)})
        elif op.output_shape is not None:
            parsed = parsers.create_parser("json").parse(
                {"body": answer, "headers": {}, "status_code": 200}, op.output_shape
            )
            parsed.pop("ResponseMetadata", None)
            buf = bytearray()
            serialize.RpcV2CBORSerializer()._serialize_data_item(
                buf, parsed, op.output_shape
            )
            out = bytes(buf)
        headers = _without(headers, "content-length", "content-type")
        headers += [
            ("Content-Type", "application/cbor"),
            ("Content-Length", str(len(out))),
            ("smithy-protocol", "rpc-v2-cbor"),
        ]
        start_response(status, headers)
        return [out]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: server.py PORT_FILE")
    port_file = sys.argv[1]
    app = CborToJson(PatchVersioning(DomainDispatcherApplication(create_backend_app)))
    server = make_server(
        "127.0.0.1", 0, app, threaded=True, request_handler=MotoRequestHandler
    )
    os.environ["MOTO_PORT"] = str(server.port)

    def stop(signum, frame):
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.port))
    os.replace(tmp, port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
