#!/usr/bin/env python3
"""An upstream with upload times, for the release-policy checks of smoke-plus (area 14).

usage: aged_index.py PORT UPSTREAM_DIR OUT_DIR

Generates tiny pure-Python wheels of the project `smoke-aged` -- 1.0 uploaded 30 days ago, 2.0 an hour ago (relative
to the moment it starts) -- into OUT_DIR, writes OUT_DIR/index.json (filename, sha256, size, upload-time, version of
each), and serves on 127.0.0.1:PORT:

  /simple/smoke-aged/   PEP 691 JSON with PEP 700 upload-time when the Accept header asks for
                        application/vnd.pypi.simple.v1+json (as the mirror does), PEP 503 HTML otherwise
  /aged-files/<name>    the wheels
  anything else         UPSTREAM_DIR as `python3 -m http.server` serves it (the PEP 503 tree of the other areas),
                        so the mirror can use this server as its only upstream

Every request is logged to stderr in http.server's format. Standard library only.
"""
import base64
import hashlib
import http.server
import io
import json
import os
import sys
import zipfile
from datetime import datetime, timedelta, timezone

PROJECT = "smoke-aged"
DIST = "smoke_aged"
AGES = {"1.0": timedelta(days=30), "2.0": timedelta(hours=1)}
JSON_TYPE = "application/vnd.pypi.simple.v1+json"


def wheel(version):
    """The bytes of a minimal wheel whose module prints its version."""
    files = {
        DIST + ".py": 'VERSION = "%s"\n' % version,
        "%s-%s.dist-info/METADATA" % (DIST, version):
            "Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: smoke-plus release-policy test\n" % (PROJECT, version),
        "%s-%s.dist-info/WHEEL" % (DIST, version):
            "Wheel-Version: 1.0\nGenerator: aged_index\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "%s-%s.dist-info/RECORD" % (DIST, version)
    out = io.BytesIO()
    lines = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            data = text.encode()
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # same bytes on every run
            z.writestr(info, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            lines.append("%s,sha256=%s,%d" % (name, digest, len(data)))
        lines.append(record + ",,")
        z.writestr(zipfile.ZipInfo(record, date_time=(2020, 1, 1, 0, 0, 0)), "\n".join(lines) + "\n")
    return out.getvalue()


def generate(out_dir):
    now = datetime.now(timezone.utc)
    entries = []
    os.makedirs(out_dir, exist_ok=True)
    for version, age in AGES.items():
        data = wheel(version)
        filename = "%s-%s-py3-none-any.whl" % (DIST, version)
        with open(os.path.join(out_dir, filename), "wb") as f:
            f.write(data)
        entries.append({"filename": filename, "version": version, "sha256": hashlib.sha256(data).hexdigest(),
                        "size": len(data), "upload-time": (now - age).strftime("%Y-%m-%dT%H:%M:%S.%fZ")})
    with open(os.path.join(out_dir, "index.json"), "w") as f:
        json.dump({"project": PROJECT, "files": entries}, f, indent=2)
    return entries


def main():
    port, upstream_dir, out_dir = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    entries = generate(out_dir)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=upstream_dir, **kwargs)

        def send_bytes(self, status, content_type, body):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def page(self):
            if JSON_TYPE in (self.headers.get("Accept") or ""):
                doc = {"meta": {"api-version": "1.1"}, "name": PROJECT, "versions": list(AGES),
                       "files": [{"filename": e["filename"], "url": "../../aged-files/" + e["filename"],
                                  "hashes": {"sha256": e["sha256"]}, "size": e["size"],
                                  "upload-time": e["upload-time"]} for e in entries]}
                return self.send_bytes(200, JSON_TYPE, json.dumps(doc, indent=1).encode())
            links = "".join('<a href="../../aged-files/%s#sha256=%s">%s</a>\n' % (e["filename"], e["sha256"], e["filename"])
                            for e in entries)
            body = "<!DOCTYPE html><html><body>\n%s</body></html>\n" % links
            return self.send_bytes(200, "text/html; charset=utf-8", body.encode())

        def do_GET(self):
            path = self.path.split("?")[0]
            if path == "/simple/%s/" % PROJECT:
                return self.page()
            if path == "/simple/%s" % PROJECT:
                self.send_response(301)
                self.send_header("Location", "/simple/%s/" % PROJECT)
                self.send_header("Content-Length", "0")
                return self.end_headers()
            if path.startswith("/aged-files/"):
                name = os.path.basename(path)
                if name in {e["filename"] for e in entries}:
                    with open(os.path.join(out_dir, name), "rb") as f:
                        return self.send_bytes(200, "application/octet-stream", f.read())
                return self.send_bytes(404, "text/plain", b"not found\n")
            return super().do_HEAD() if self.command == "HEAD" else super().do_GET()

        do_HEAD = do_GET

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print("aged_index: serving %s on 127.0.0.1:%d (files in %s)" % (PROJECT, port, out_dir), file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
