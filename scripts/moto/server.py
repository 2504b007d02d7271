"""moto's server app on a free loopback port, with two wire-format gaps closed
and faults injected on request (for tests).

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

A third middleware, Faults, injects failures for tests (it does nothing until a
test asks). Its control endpoint is on the same port:

  POST   /_tfready/faults   {"rules": [RULE, ...]}  -> {"ids": [ID, ...]}
  GET    /_tfready/faults                           -> {"rules": [RULE + "id", "hits"]}
  DELETE /_tfready/faults[?id=ID]                   -> clears one rule (or all)

A RULE matches requests on every field it gives:

  "service"   the signing name in the request's credential scope: "s3", "dynamodb", "sts"
  "action"    the operation: "PutBucketEncryption", "CreateTable", "GetCallerIdentity"
              (S3 operations are told from the method, the path and the
              subresource, e.g. PUT /bucket?encryption; path-style addressing only)
  "resource"  S3: the bucket (first path segment); other services: a string the
              request body must contain, e.g. a table name. Rules are global:
              tests sharing one server keep apart by giving a resource of their own.
  "path"      a regular expression the request's path must match (REST services,
              whose operation is told by the path: "/recovery-points/?$")
  "skip"      let this many matching requests through first (default 0)
  "times"     fault this many matching requests, then pass them again
              (default: every one until the rule is cleared)

and answers them with its "error":

  "AccessDenied"  HTTP 403 (JSON protocols: 400 AccessDeniedException), in the
                  service's error format; moto does not see the request
  "Throttling"    S3: 503 SlowDown; JSON: 400 ThrottlingException; query: 400
                  Throttling (EC2: 503 RequestLimitExceeded) -- what the SDK's retry
                  classifier takes for throttling
  "drop"          the connection is closed without an answer; moto does not see
                  the request
  "lose-answer"   moto handles the request, then the connection is closed before
                  the answer is sent (a call that took effect but looks failed)
  "answer"        the rule's "answer" is sent instead of moto's, for calls moto
                  does not implement: {"status": 200, "content_type": "text/xml",
                  "body": "..."}. The body is in the protocol moto would speak
                  (query: XML; JSON and CBOR services: AWS JSON, which the CBOR
                  middleware turns into CBOR; REST-JSON: JSON)
  "stop"          the server stops: the request's connection is closed, the
                  listening socket too (new connections are refused) and every
                  request on an open connection is dropped, until the process gets
                  SIGUSR1; then it listens again on the same port with moto's state
                  kept. Only for a server of a test's own.

"hits" counts the requests a rule faulted. A test that injects faults into the
shared server of scripts/with-moto.sh should scope them with "resource" and
clear its own rules by id when done.
"""

import io
import json
import os
import re
import signal
import socket
import sys
import threading
from urllib.parse import parse_qs, parse_qsl

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


# --- 3. Fault injection -------------------------------------------------------

FAULTS_PATH = "/_tfready/faults"
ERRORS = ("AccessDenied", "Throttling", "drop", "lose-answer", "stop", "answer")
RULE_KEYS = {"service", "action", "resource", "path", "skip", "times", "error", "answer"}

_CREDENTIAL = re.compile(r"Credential=[^/,\s]+/\d{8}/[^/]+/([^/]+)/aws4_request")

# Query parameters of S3 that are not subresources (they may come without a value).
_S3_PARAMS = {
    "prefix", "delimiter", "marker", "continuation-token", "start-after",
    "encoding-type", "key-marker", "version-id-marker", "upload-id-marker",
    "max-keys", "max-buckets", "list-type", "fetch-owner", "versionId",
    "uploadId", "partNumber", "bucket-region", "x-id",
}
# Subresources whose operation name is not Verb + "Bucket" + Subresource.
_S3_STEMS = {
    "publicAccessBlock": "PublicAccessBlock",
    "lifecycle": "BucketLifecycleConfiguration",
    "notification": "BucketNotificationConfiguration",
    "object-lock": "ObjectLockConfiguration",
    "ownershipControls": "BucketOwnershipControls",
}
_VERBS = {"GET": "Get", "PUT": "Put", "DELETE": "Delete", "HEAD": "Head", "POST": "Post"}


def _service(environ):
    """The signing name in the credential scope (header or presigned query)."""
    match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
    if match:
        return match.group(1)
    query = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
    parts = query.get("X-Amz-Credential", "").split("/")
    return parts[3] if len(parts) == 5 else ""


def s3_action(method, path, query):
    """(bucket, operation) of a path-style S3 request."""
    segments = path.lstrip("/").split("/", 1)
    bucket = segments[0]
    key = segments[1] if len(segments) > 1 else ""
    pairs = parse_qsl(query, keep_blank_values=True)
    params = dict(pairs)
    sub = next((k for k, v in pairs if not v and k not in _S3_PARAMS), None)
    verb = _VERBS.get(method, method.title())
    if not bucket:
        return "", "ListBuckets" if method == "GET" else verb
    if sub == "delete" and method == "POST":
        return bucket, "DeleteObjects"
    if sub == "versions":
        return bucket, "ListObjectVersions"
    if sub == "uploads":
        return bucket, "CreateMultipartUpload" if method == "POST" else "ListMultipartUploads"
    if sub:
        stem = _S3_STEMS.get(sub) or sub[0].upper() + sub[1:]
        if sub not in _S3_STEMS:
            stem = ("Object" if key else "Bucket") + stem
        return bucket, verb + stem
    if key:
        return bucket, verb + "Object"
    return bucket, {
        "HEAD": "HeadBucket",
        "PUT": "CreateBucket",
        "DELETE": "DeleteBucket",
        "GET": "ListObjectsV2" if params.get("list-type") == "2" else "ListObjects",
    }.get(method, verb)


def _describe(environ):
    """What a rule can match on: service, protocol, action, bucket, body."""
    req = {"service": _service(environ), "action": "", "bucket": "", "body": b"",
           "path": environ.get("PATH_INFO", "")}
    target = environ.get("HTTP_X_AMZ_TARGET")
    cbor = _RPC_V2_PATH.match(environ.get("PATH_INFO", ""))
    form = environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded")
    if target:
        req["protocol"] = "json"
        req["action"] = target.rsplit(".", 1)[-1]
    elif environ.get("HTTP_SMITHY_PROTOCOL") == "rpc-v2-cbor" and cbor:
        req["protocol"] = "cbor"
        req["action"] = cbor.group(2)
    elif form and req["service"] != "s3":
        req["protocol"] = "ec2" if req["service"] == "ec2" else "query"
    elif req["service"] in ("s3", ""):
        req["protocol"] = "s3"
        req["bucket"], req["action"] = s3_action(
            environ.get("REQUEST_METHOD", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        )
        return req
    else:
        req["protocol"] = "rest-json"
    # The body, for "resource" (and the query protocol's Action); put back for moto.
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length:
        req["body"] = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(req["body"])
    if req["protocol"] in ("query", "ec2"):
        req["action"] = parse_qs(req["body"].decode("utf-8", "replace")).get("Action", [""])[0]
    return req


def _error_answer(error, req, method):
    """(status, headers, body) of an injected error, in the service's format."""
    protocol = req["protocol"]
    denied = error == "AccessDenied"
    if protocol == "s3":
        status, code, message = (
            (403, "AccessDenied", "Access Denied")
            if denied
            else (503, "SlowDown", "Please reduce your request rate.")
        )
    elif protocol in ("json", "cbor", "rest-json"):
        status, code, message = (
            (400 if protocol != "rest-json" else 403, "AccessDeniedException",
             "User is not authorized to perform this action")
            if denied
            else (400 if protocol != "rest-json" else 429, "ThrottlingException", "Rate exceeded")
        )
    elif protocol == "ec2":
        status, code, message = (
            (403, "UnauthorizedOperation", "You are not authorized to perform this operation.")
            if denied
            else (503, "RequestLimitExceeded", "Request limit exceeded.")
        )
    else:
        status, code, message = (
            (403, "AccessDenied", "User is not authorized to perform this action")
            if denied
            else (400, "Throttling", "Rate exceeded")
        )
    message += " (injected by scripts/moto/server.py)"
    headers = [("x-amzn-RequestId", "tfready-fault"), ("x-amz-request-id", "tfready-fault")]
    if protocol == "json":
        body = json.dumps({"__type": code, "message": message}).encode()
        headers.append(("Content-Type", "application/x-amz-json-1.0"))
    elif protocol == "cbor":
        body = _cbor_text_map({"__type": code, "message": message})
        headers += [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor")]
    elif protocol == "rest-json":
        body = json.dumps({"message": message}).encode()
        headers += [("Content-Type", "application/json"), ("X-Amzn-ErrorType", code)]
    else:
        if protocol == "s3":
            xml = f"<Error><Code>{code}</Code><Message>{message}</Message>" \
                  "<RequestId>tfready-fault</RequestId></Error>"
        elif protocol == "ec2":
            xml = f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message>" \
                  "</Error></Errors><RequestID>tfready-fault</RequestID></Response>"
        else:
            xml = f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>" \
                  f"<Message>{message}</Message></Error>" \
                  "<RequestId>tfready-fault</RequestId></ErrorResponse>"
        body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + xml.encode()
        headers.append(("Content-Type", "application/xml"))
    if method == "HEAD":
        body = b""
    headers.append(("Content-Length", str(len(body))))
    reason = {403: "Forbidden", 400: "Bad Request", 429: "Too Many Requests",
              503: "Service Unavailable"}[status]
    return f"{status} {reason}", headers, body


class Faults:
    """Injects the faults a test asks for (see the module's docstring)."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.rules = []
        self.next_id = 1
        # Set while stopped by a "stop" fault; on_stop stops the listener.
        self.stopped = threading.Event()
        self.on_stop = lambda: None
        self.connections = []

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == FAULTS_PATH:
            return self._control(environ, start_response)
        sock = environ.get("werkzeug.socket")
        if self.stopped.is_set():
            self._drop(sock)
        with self.lock:
            active = bool(self.rules)
        if not active:
            return self.app(environ, start_response)
        req = _describe(environ)
        rule = self._rule_for(req)
        if rule is None:
            return self.app(environ, start_response)
        error = rule["error"]
        if error == "answer":
            # Answered below the CBOR middleware, in moto's own protocol.
            environ["tfready.answer"] = rule.get("answer") or {}
            return self.app(environ, start_response)
        if error in ("AccessDenied", "Throttling"):
            status, headers, body = _error_answer(error, req, environ.get("REQUEST_METHOD"))
            start_response(status, headers)
            return [body]
        if error == "lose-answer":
            _call(self.app, environ)
        elif error == "stop":
            self.stopped.set()
            self.on_stop()
            with self.lock:
                open_connections, self.connections = self.connections, []
            for other in open_connections:
                if other is not sock:
                    _shutdown(other)
        self._drop(sock)

    def remember(self, sock):
        """Called for each new connection, so that "stop" can close them all."""
        with self.lock:
            self.connections = [c for c in self.connections if c.fileno() >= 0]
            self.connections.append(sock)

    @staticmethod
    def _drop(sock):
        if sock is not None:
            _shutdown(sock)
        # werkzeug takes a ConnectionError for a client that went away: no answer.
        raise ConnectionAbortedError("tfready fault: connection closed without an answer")

    def _rule_for(self, req):
        with self.lock:
            for rule in self.rules:
                if not _matches(rule, req):
                    continue
                rule["seen"] += 1
                if rule["seen"] <= rule.get("skip", 0):
                    continue
                times = rule.get("times")
                if times is not None and rule["hits"] >= times:
                    continue
                rule["hits"] += 1
                return rule
        return None

    def _control(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        status, doc = "200 OK", None
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            try:
                rules = json.loads(environ["wsgi.input"].read(length))["rules"]
                for rule in rules:
                    _check_rule(rule)
            except (ValueError, KeyError, TypeError) as e:
                status, doc = "400 Bad Request", {"error": str(e)}
            else:
                ids = []
                with self.lock:
                    for rule in rules:
                        rule = dict(rule, id=self.next_id, seen=0, hits=0)
                        self.next_id += 1
                        self.rules.append(rule)
                        ids.append(rule["id"])
                doc = {"ids": ids}
        elif method == "GET":
            with self.lock:
                doc = {"rules": [{k: v for k, v in r.items() if k != "seen"} for r in self.rules]}
        elif method == "DELETE":
            query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
            with self.lock:
                if "id" in query:
                    self.rules = [r for r in self.rules if str(r["id"]) != query["id"]]
                else:
                    self.rules = []
            doc = {}
        else:
            status, doc = "405 Method Not Allowed", {"error": "use POST, GET or DELETE"}
        body = json.dumps(doc).encode()
        start_response(status, [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
        ])
        return [body]


def _check_rule(rule):
    if not isinstance(rule, dict):
        raise ValueError(f"a rule is an object, not {rule!r}")
    unknown = set(rule) - RULE_KEYS
    if unknown:
        raise ValueError(f"unknown rule fields {sorted(unknown)}; known: {sorted(RULE_KEYS)}")
    if rule.get("error") not in ERRORS:
        raise ValueError(f"error must be one of {ERRORS}, not {rule.get('error')!r}")
    if rule.get("error") == "answer" and not isinstance(rule.get("answer"), dict):
        raise ValueError("an \"answer\" rule needs an \"answer\" object: status, content_type, body")
    for key in ("skip", "times"):
        if rule.get(key) is not None and (not isinstance(rule[key], int) or rule[key] < 0):
            raise ValueError(f"{key} must be a whole number, not {rule[key]!r}")


def _matches(rule, req):
    for key in ("service", "action"):
        if key in rule and rule[key] != req[key]:
            return False
    if "path" in rule and not re.search(rule["path"], req["path"]):
        return False
    if "resource" in rule:
        if req["protocol"] == "s3":
            return req["bucket"] == rule["resource"]
        return rule["resource"].encode() in req["body"]
    return True


def _shutdown(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class Answers:
    """Sends a rule's canned answer in moto's place (see "answer" above)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        answer = environ.get("tfready.answer")
        if answer is None:
            return self.app(environ, start_response)
        body = str(answer.get("body", "")).encode()
        status = int(answer.get("status", 200))
        start_response(f"{status} {'OK' if status < 300 else 'Error'}", [
            ("Content-Type", answer.get("content_type", "application/json")),
            ("Content-Length", str(len(body))),
            ("x-amzn-RequestId", "tfready-answer"),
        ])
        return [body]


class FaultRequestHandler(MotoRequestHandler):
    """Tells the Faults middleware about each connection."""

    faults = None

    def setup(self):
        super().setup()
        if self.faults is not None:
            self.faults.remember(self.connection)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: server.py PORT_FILE")
    port_file = sys.argv[1]
    faults = Faults(CborToJson(Answers(PatchVersioning(DomainDispatcherApplication(create_backend_app)))))
    handler = type("Handler", (FaultRequestHandler,), {"faults": faults})
    server = make_server("127.0.0.1", 0, faults, threaded=True, request_handler=handler)
    os.environ["MOTO_PORT"] = str(server.port)

    def stop(signum, frame):
        sys.exit(0)

    resume = threading.Event()

    def on_stop():
        resume.clear()
        threading.Thread(target=server.shutdown, daemon=True).start()

    faults.on_stop = on_stop
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGUSR1, lambda signum, frame: resume.set())
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.port))
    os.replace(tmp, port_file)
    while True:
        server.serve_forever(poll_interval=0.1)
        # Stopped by a "stop" fault: refuse connections until SIGUSR1.
        server.socket.close()
        while not resume.wait(0.1):
            pass
        server.socket = socket.socket(server.address_family, socket.SOCK_STREAM)
        server.server_bind()
        server.server_activate()
        faults.stopped.clear()


if __name__ == "__main__":
    main()
