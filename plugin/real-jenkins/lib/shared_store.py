#!/usr/bin/env python3
"""Two controllers on one bucket (see ../README.md, shared-store.sh): PASS/FAIL lines, exit 0 only when all pass.

usage: shared_store.py BASE1 HOME1 BASE2 HOME2 RESULT_DIR UPSTREAM_DIR NODE_DIR S3_ENDPOINT S3_KEY S3_SECRET
Controller 1 reaches the upstream (a local PEP 503 tree); controller 2's upstream is a closed port. Both are
configured through the real global configuration form with the same bucket; a Pipeline build on controller 1
installs flask, then the same build on controller 2 installs it from the bucket alone.
"""
import importlib.util
import json
import pathlib
import re
import socket
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
BASE1, HOME1, BASE2, HOME2, RESULT, UPDIR, NODE_DIR, S3_ENDPOINT, S3_KEY, S3_SECRET = sys.argv[1:11]
RESULT = pathlib.Path(RESULT)
BUCKET = "s3://mirror/jenkins-%s/" % time.strftime("%Y%m%d%H%M%S")


def controller(name, base, home):
    """checks.py loaded once per controller: its helpers then talk to that controller."""
    out = RESULT / name
    out.mkdir(parents=True, exist_ok=True)
    saved = sys.argv
    sys.argv = ["checks.py", base, home, str(out), UPDIR, NODE_DIR]
    try:
        spec = importlib.util.spec_from_file_location("checks_" + name, HERE / "checks.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.argv = saved
    return module


c1 = controller("c1", BASE1, HOME1)
c2 = controller("c2", BASE2, HOME2)
passes, failures = 0, []


def check(name, ok, detail=""):
    global passes
    print("%s  [15] %s%s" % ("PASS" if ok else "FAIL", name, (" -- " + detail) if detail else ""), flush=True)
    if ok:
        passes += 1
    else:
        failures.append(name)
    return ok


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def storage_ops(c, upstream, **extra):
    values = {"dataDir": str(pathlib.Path(c.JH) / "python-mirror-shared"), "cacheCap": "", "pageTtl": "10m",
              "offline": False, "anonymousRead": True, "privatePatterns": "", "allowlist": "", "syncSpec": "",
              "findLinksByDefault": False, "publishByDefault": False, "tokenLifetime": "24h", "retainBuilds": 3,
              "minReleaseAge": "", "holdUnknownAge": False, "neverHeld": "", "ageOverrides": "",
              "blockedReleases": "", "storage": BUCKET, "s3Endpoint": S3_ENDPOINT, "s3Region": "",
              "s3PathStyle": True, "s3AccessKeyId": S3_KEY, "s3SecretAccessKey": S3_SECRET}
    values.update(extra)
    return [{"scope": c.SCOPE, "rows": "upstreams", "values": [{"url": upstream, "username": ""}]},
            {"scope": c.SCOPE, "set": values}]


def status(c):
    r = c.request("GET", "python-mirror/api/status", auth=c.ADMIN)
    return json.loads(r.body)["status"] if r.status == 200 else {"error": "HTTP %s" % r.status}


def main():
    uplog = open(RESULT / "upstream.log", "w")
    port = free_port()
    up = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory",
                           UPDIR], stdout=uplog, stderr=subprocess.STDOUT)
    try:
        upstream = "http://127.0.0.1:%d/simple/" % port
        for _ in range(40):
            if c1.request("GET", upstream).status == 200:
                break
            time.sleep(0.25)
        dead = "http://127.0.0.1:%d/simple/" % free_port()
        run(upstream, dead)
    finally:
        up.terminate()
        up.wait(10)
        uplog.close()


def run(upstream, dead):
    # A rejected storage value changes nothing (the issue 13 rule, for the new fields too).
    before = c1.config_xml()
    s = c1.submit_form("15-bad-storage", storage_ops(c1, upstream, storage="http://not-a-bucket/"))
    check("controller 1: Save with storage 'http://not-a-bucket/' is refused and nothing is written",
          s.get("status") not in (302, 303) and "s3://" in (s.get("text") or "") and c1.config_xml() == before,
          c1.form_detail(s))
    for c, up, name in ((c1, upstream, "controller 1"), (c2, dead, "controller 2")):
        s = c.submit_form("15-storage", storage_ops(c, up))
        check("%s: Save the global configuration with storage %s, endpoint %s, path-style, key and secret"
              % (name, BUCKET, S3_ENDPOINT), s.get("status") in (302, 303), c.form_detail(s))
        xml = c.config_xml().decode("utf-8", "replace")
        check("%s: saved XML has the bucket and an encrypted secret (the plain secret is not in the file)" % name,
              BUCKET in xml and "<s3PathStyle>true</s3PathStyle>" in xml and S3_SECRET not in xml
              and re.search(r"<s3SecretAccessKey>\{[^<]+\}</s3SecretAccessKey>", xml) is not None)
        st = status(c)
        check("%s: python-mirror/api/status storage is shared and ok" % name,
              st.get("storage", {}).get("kind") == "shared" and st.get("storage", {}).get("state") == "ok",
              json.dumps(st.get("storage")))
    r = c2.request("POST", "manage/configuration-as-code/export", auth=c2.ADMIN, save="15-export.yaml")
    block = c2.casc_block(r.text) if r.status == 200 else None
    check("controller 2: JCasC export has storage, s3Endpoint, s3PathStyle and no plain secret",
          block is not None and BUCKET in block and "s3Endpoint" in block and "s3PathStyle: true" in block
          and S3_SECRET not in block, c2.short(block or r.text, 300))
    r = c2.request("GET", "manage/python-mirror-status/", auth=c2.ADMIN, save="15-status.html")
    check("controller 2: status page shows the Storage row with the bucket",
          r.status == 200 and "Storage" in r.text and BUCKET in r.text, "HTTP %s" % r.status)

    script = "node {\n  withPythonMirror {\n    %s\n  }\n}\n" % c1.groovy_sh(c1.install_script("flask", "flask"))
    for c in (c1, c2):
        c.put_job("shared-store-flask", c.pipeline_xml(script))
    b1 = c1.run_job("shared-store-flask")
    check("controller 1 (upstream reachable): Pipeline withPythonMirror { pip install flask } -> SUCCESS",
          b1.result == "SUCCESS" and "imported flask from" in b1.console, b1.outcome())
    fetched1 = status(c1).get("bytesFetched", 0)
    check("controller 1 fetched the set from its upstream", fetched1 > 0, "bytesFetched %s" % fetched1)
    b2 = c2.run_job("shared-store-flask")
    check("controller 2 (upstream unreachable: %s): the same build -> SUCCESS" % dead,
          b2.result == "SUCCESS" and "imported flask from" in b2.console, b2.outcome())
    st2 = status(c2)
    check("controller 2 got nothing from an upstream and served the whole set (from the bucket)",
          st2.get("bytesFetched") == 0 and st2.get("bytesServed", 0) >= fetched1,
          "bytesFetched %s, bytesServed %s (controller 1 fetched %s)"
          % (st2.get("bytesFetched"), st2.get("bytesServed"), fetched1))
    check("controller 2: storage still ok, %s requests to the bucket" % st2.get("storage", {}).get("requests"),
          st2.get("storage", {}).get("state") == "ok")
    # Restore: local storage again, so the homes can be reused by the other checks.
    for c, up, name in ((c1, upstream, "controller 1"), (c2, dead, "controller 2")):
        s = c.submit_form("15-local", storage_ops(c, up, storage=""))
        check("%s: Save with an empty storage field -> back to the local data directory" % name,
              s.get("status") in (302, 303) and status(c).get("storage", {}).get("kind") == "local",
              c.form_detail(s))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a crash is a failure, never a silent pass
        import traceback
        traceback.print_exc()
        check("shared_store.py ran to the end", False, "%s: %s" % (type(e).__name__, e))
    print("SHARED-STORE %s: %d passed, %d failed" % ("PASSED" if not failures and passes else "FAILED", passes,
                                                    len(failures)))
    sys.exit(1 if failures or not passes else 0)
