"""Write a minimal pure-Python wheel with the standard library only (a fallback when neither `build` nor
setuptools with `wheel` is available to the job). usage: python3 mkwheel.py NAME VERSION OUT_DIR
"""
import base64
import hashlib
import os
import re
import sys
import zipfile

name, version, out = sys.argv[1:4]
dist = re.sub(r"[-_.]+", "_", name).lower()
files = {
    dist + ".py": 'MESSAGE = "hello from %s %s"\n' % (name, version),
    "%s-%s.dist-info/METADATA" % (dist, version): "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (name, version),
    "%s-%s.dist-info/WHEEL" % (dist, version):
        "Wheel-Version: 1.0\nGenerator: mkwheel\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
record = "%s-%s.dist-info/RECORD" % (dist, version)
os.makedirs(out, exist_ok=True)
path = os.path.join(out, "%s-%s-py3-none-any.whl" % (dist, version))
lines = []
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    for n, text in files.items():
        data = text.encode()
        z.writestr(n, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        lines.append("%s,sha256=%s,%d" % (n, digest, len(data)))
    lines.append(record + ",,")
    z.writestr(record, "\n".join(lines) + "\n")
print("wrote " + path)
