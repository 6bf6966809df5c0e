#!/bin/bash
# Build a tiny pure-Python wheel NAME-VERSION and upload it with the credentials the plugin injects
# (TWINE_REPOSITORY_URL, TWINE_USERNAME, TWINE_PASSWORD). Runs inside the smoke's publish job, in a folder that
# also holds upload.py and mkwheel.py (fallbacks when build/setuptools+wheel or twine are missing).
# usage: bash publish.sh NAME VERSION
set -eu
NAME=$1
VERSION=$2
MOD=$(echo "$NAME" | tr -- '-.' '__')
rm -rf src dist && mkdir -p src dist
cd src
cat > pyproject.toml <<TOML
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "$NAME"
version = "$VERSION"
description = "python-mirror smoke-plus upload test"

[tool.setuptools]
py-modules = ["$MOD"]
TOML
echo "MESSAGE = 'hello from $NAME $VERSION'" > "$MOD.py"
echo 'from setuptools import setup; setup()' > setup.py
built=""
for py in python3 /usr/bin/python3; do
  command -v "$py" > /dev/null || continue
  if "$py" -c 'import build' 2> /dev/null; then
    "$py" -m build --wheel --no-isolation --outdir ../dist && built="$py -m build --wheel --no-isolation" && break
  fi
done
if [ -z "$built" ]; then
  for py in python3 /usr/bin/python3; do
    command -v "$py" > /dev/null || continue
    if "$py" -c 'import setuptools, wheel' 2> /dev/null; then
      "$py" setup.py -q bdist_wheel --dist-dir ../dist > ../setup.log 2>&1 \
        && built="$py setup.py bdist_wheel (setuptools $("$py" -c 'import setuptools; print(setuptools.__version__)'))" && break
      tail -n 20 ../setup.log
    fi
  done
fi
cd ..
if [ -z "$built" ]; then
  python3 mkwheel.py "$NAME" "$VERSION" dist
  built="mkwheel.py (standard library)"
fi
echo "wheel built with: $built"
python3 -c 'import sys, zipfile, email.parser
for p in sys.argv[1:]:
    z = zipfile.ZipFile(p)
    m = email.parser.Parser().parsestr(z.read([n for n in z.namelist() if n.endswith(".dist-info/METADATA")][0]).decode())
    print("built", p, "Metadata-Version", m["Metadata-Version"], "Name", m["Name"], "Version", m["Version"])' dist/*.whl
echo "uploading to $TWINE_REPOSITORY_URL as $TWINE_USERNAME"
if command -v twine > /dev/null; then
  echo "upload client: $(command -v twine) ($(twine --version 2>&1 | head -n 1))"
  twine upload --non-interactive --disable-progress-bar dist/*.whl
elif python3 -c 'import twine' 2> /dev/null; then
  echo "upload client: python3 -m twine"
  python3 -m twine upload --non-interactive --disable-progress-bar dist/*.whl
else
  echo "upload client: upload.py (standard library; twine is not installed on this machine)"
  python3 upload.py dist/*.whl
fi
