"""Upload wheels the way `twine upload` does (legacy upload API, multipart/form-data, Basic credentials).

Used by the smoke's publish job only when twine is not installed. Reads TWINE_REPOSITORY_URL, TWINE_USERNAME and
TWINE_PASSWORD (the plugin injects them) and prints the server's answer; exit status 1 on any HTTP error.
usage: python3 upload.py dist/*.whl
"""
import base64
import email.parser
import hashlib
import os
import re
import sys
import urllib.error
import urllib.request
import uuid
import zipfile

url = os.environ["TWINE_REPOSITORY_URL"]
auth = base64.b64encode((os.environ["TWINE_USERNAME"] + ":" + os.environ["TWINE_PASSWORD"]).encode()).decode()
status = 0


def one_line(body):
    """The answer as one line: the title of an HTML error page, or the text."""
    text = body.decode("utf-8", "replace")
    m = re.search(r"<title>(.*?)</title>", text, re.S)
    return re.sub(r"\s+", " ", m.group(1) if m else text).strip()[:300]


for path in sys.argv[1:]:
    with open(path, "rb") as f:
        content = f.read()
    with zipfile.ZipFile(path) as z:
        meta_name = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")][0]
        meta = email.parser.Parser().parsestr(z.read(meta_name).decode("utf-8"))
    fields = [
        (":action", "file_upload"),
        ("protocol_version", "1"),
        ("metadata_version", meta["Metadata-Version"]),
        ("name", meta["Name"]),
        ("version", meta["Version"]),
        ("filetype", "bdist_wheel"),
        ("pyversion", "py3"),
        ("sha256_digest", hashlib.sha256(content).hexdigest()),
    ]
    boundary = uuid.uuid4().hex
    parts = []
    for k, v in fields:
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, v)).encode())
    parts.append(("--%s\r\nContent-Disposition: form-data; name=\"content\"; filename=\"%s\"\r\n"
                  "Content-Type: application/octet-stream\r\n\r\n" % (boundary, os.path.basename(path))).encode())
    parts.append(content)
    parts.append(("\r\n--%s--\r\n" % boundary).encode())
    req = urllib.request.Request(url, data=b"".join(parts), method="POST")
    req.add_header("Content-Type", "multipart/form-data; boundary=" + boundary)
    req.add_header("Authorization", "Basic " + auth)
    print("Uploading %s (Metadata-Version %s) to %s" % (os.path.basename(path), meta["Metadata-Version"], url))
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            print("upload answer: HTTP %d %s" % (r.status, one_line(r.read(2000))))
    except urllib.error.HTTPError as e:
        print("upload answer: HTTP %d %s" % (e.code, one_line(e.read(4000))))
        status = 1
sys.exit(status)
