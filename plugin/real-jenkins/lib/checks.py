#!/usr/bin/env python3
"""The checks of smoke-plus.sh against a running controller (see ../README.md). One PASS/FAIL line per check.

usage: checks.py BASE_URL JENKINS_HOME RESULT_DIR UPSTREAM_DIR NODE_DIR [LOG_OFFSET]
  LOG_OFFSET: byte offset of JENKINS_HOME/jenkins.log where this run starts (default: its current size)
Environment: ONLY=areas (comma-separated numbers, e.g. ONLY=1,9) runs the setup plus only those areas.
"""
import base64
import hashlib
import http.cookiejar
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape

HERE = pathlib.Path(__file__).resolve().parent
BASE, JH, RESULT, UPDIR, NODE_DIR = sys.argv[1:6]
BASE = BASE if BASE.endswith("/") else BASE + "/"
JH = pathlib.Path(JH)
RESULT = pathlib.Path(RESULT)
UPDIR = pathlib.Path(UPDIR)
LOG = JH / "jenkins.log"
LOG_OFFSET = int(sys.argv[6]) if len(sys.argv) > 6 else (LOG.stat().st_size if LOG.exists() else 0)
CFG = JH / "io.jenkins.plugins.pythonmirror.PythonMirrorConfiguration.xml"
SCOPE = "io-jenkins-plugins-pythonmirror-PythonMirrorConfiguration"
WRAPPER = "io.jenkins.plugins.pythonmirror.PythonMirrorBuildWrapper"
MIRROR = BASE + "python-mirror/"
ONLY = {a.strip() for a in os.environ.get("ONLY", "").split(",") if a.strip()}
for sub in ("builds", "forms", "http"):
    (RESULT / sub).mkdir(parents=True, exist_ok=True)


def secret(name):
    return (JH / name).read_text().strip()


ADMIN = ("admin", secret("admin.token"))
DEV = ("dev", secret("dev.token"))
PASSWORDS = {"admin": secret("admin.password"), "dev": secret("dev.password")}
STAMP = time.strftime("%Y%m%d%H%M%S")
UPSTREAM_PROCESS = []  # the upstream http.server, so area 13 can stop it
JSON_PAGE = "application/vnd.pypi.simple.v1+json"
PRIVATE = "acme-smoke-" + STAMP
PRIVATE_MODULE = PRIVATE.replace("-", "_")
failures = []
passes = 0


# ---------------------------------------------------------------------------------------------- reporting

def check(area, name, ok, detail=""):
    global passes
    line = "%s  [%s] %s%s" % ("PASS" if ok else "FAIL", area, name, (" -- " + detail) if detail else "")
    print(line, flush=True)
    if ok:
        passes += 1
    else:
        failures.append(line)
    return ok


def info(msg):
    print("      " + msg, flush=True)


def wanted(area):
    return not ONLY or str(area) in ONLY


# ---------------------------------------------------------------------------------------------- HTTP

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def location(self, url):
        loc = self.headers.get("Location") if self.headers else None
        return urllib.parse.urljoin(url, loc) if loc else None


def basic(user, password):
    return "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()


def request(method, path, auth=None, data=None, headers=None, jar=None, timeout=120, save=None):
    url = path if path.startswith("http") else BASE + path
    handlers = [NoRedirect(), urllib.request.ProxyHandler({})]
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))
    opener = urllib.request.build_opener(*handlers)
    if isinstance(data, str):
        data = data.encode()
    req = urllib.request.Request(url, data=data, method=method)
    if auth:
        req.add_header("Authorization", basic(*auth))
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with opener.open(req, timeout=timeout) as r:
            resp = Resp(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        resp = Resp(e.code, e.headers, e.read())
    except (urllib.error.URLError, OSError) as e:
        resp = Resp(0, None, ("connection failed: %s" % e).encode())
    if save:
        hdrs = "".join("%s: %s\n" % kv for kv in resp.headers.items()) if resp.headers else ""
        (RESULT / "http" / save).write_bytes(
            ("%s %s -> %s\n%s\n" % (method, url, resp.status, hdrs)).encode() + resp.body)
    return resp


def text_of(html):
    t = re.sub(r"<script[\s\S]*?</script>|<style[\s\S]*?</style>", " ", html)
    t = re.sub(r"<[^>]+>", " ", t)
    for a, b in (("&#039;", "'"), ("&#39;", "'"), ("&quot;", '"'), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")):
        t = t.replace(a, b)
    return re.sub(r"\s+", " ", t).strip()


def short(s, n=160):
    s = re.sub(r"\s+", " ", s or "").strip()
    return s if len(s) <= n else s[:n] + "..."


class Browser:
    """A signed-in browser session: the session cookie, and a crumb when asked for."""

    def __init__(self, user):
        self.user = user
        self.jar = http.cookiejar.CookieJar()
        page = request("GET", "login", jar=self.jar).text
        form = {"j_username": user, "j_password": PASSWORDS[user], "from": "/"}
        m = re.search(r'name="Jenkins-Crumb"[^>]*value="([^"]+)"', page)
        if m:  # the login form carries a crumb; without it Jenkins answers /loginError
            form["Jenkins-Crumb"] = m.group(1)
        r = request("POST", "j_spring_security_check", jar=self.jar, data=urllib.parse.urlencode(form),
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        loc = r.headers.get("Location", "") if r.headers else ""
        self.ok = r.status in (302, 303) and "loginError" not in loc
        self.detail = "sign-in as %s -> %s %s" % (user, r.status, loc)
        # Right after the sign-in redirect Jenkins sometimes still treats the session as anonymous (about 1 in 15
        # here): a crumb fetched then belongs to anonymous and the POST fails. Wait until the session is the user's.
        for _ in range(50 if self.ok else 0):
            w = request("GET", "whoAmI/api/json", jar=self.jar)
            if w.status == 200 and json.loads(w.body).get("name") == user:
                break
            time.sleep(0.1)
        else:
            if self.ok:
                self.ok, self.detail = False, self.detail + "; the session never became %s's" % user

    def crumb(self):
        r = request("GET", "crumbIssuer/api/json", jar=self.jar)
        if r.status != 200:
            return None
        doc = json.loads(r.body)
        return doc["crumbRequestField"], doc["crumb"]

    def post(self, path, data=b"", headers=None, crumb=False, save=None):
        h = dict(headers or {})
        if crumb:
            c = self.crumb()
            if c:
                h[c[0]] = c[1]
        return request("POST", path, data=data, headers=h, jar=self.jar, save=save)


# ---------------------------------------------------------------------------------------------- controller files

def jenkins_log():
    try:
        with open(LOG, "rb") as f:
            f.seek(LOG_OFFSET)
            return f.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return ""


def log_lines(pattern):
    return [l for l in jenkins_log().splitlines() if pattern in l]


def config_xml():
    try:
        return CFG.read_bytes()
    except FileNotFoundError:
        return b""


def sha(b):
    return hashlib.sha256(b).hexdigest()


def xml_value(xml, tag):
    m = re.search(r"<%s>(.*?)</%s>" % (tag, tag), xml.decode("utf-8", "replace"), re.S)
    return m.group(1) if m else None


# ---------------------------------------------------------------------------------------------- the form

def submit_form(tag, ops, user="admin", page="manage/configure"):
    """Runs lib/form.js; returns its summary (status, location, text, error, applied, notes)."""
    env = dict(os.environ, NODE_PATH=str(pathlib.Path(NODE_DIR) / "node_modules"))
    cmd = ["node", str(HERE / "form.js"), BASE, user, PASSWORDS[user], page, str(RESULT / "forms" / tag),
           json.dumps({"ops": ops})]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=240, env=env)
        out, err = p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        out, err = e.stdout or "", "timeout"
    (RESULT / "forms" / (tag + ".out")).write_text(out + "\n--- stderr\n" + (err or ""))
    last = [l for l in out.splitlines() if l.startswith("{")]
    if not last:
        return {"status": None, "error": "form.js printed no summary: " + short(err, 300)}
    return json.loads(last[-1])


def form_detail(s):
    if s.get("error"):
        return "form not submitted: " + short(s["error"], 300)
    loc = s.get("location") or ""
    return "HTTP %s%s%s" % (s.get("status"), (" -> " + loc) if loc else "",
                            "" if s.get("status") in (302, 303) else "; answer: " + short(s.get("text"), 300))


# ---------------------------------------------------------------------------------------------- jobs

SH_ENV = ("echo \"raw index: $PIP_INDEX_URL\"\n"
          "echo \"inherited pip settings: find-links=${PIP_FIND_LINKS:-none} extra-index=${PIP_EXTRA_INDEX_URL:-none}"
          " config-file=${PIP_CONFIG_FILE:-none}\"\n")


def install_script(package, module, venv="v"):
    # The install chain is the last command: its status is the step's status (sh -xe does not stop inside &&).
    return SH_ENV + ("rm -rf %s && python3 -m venv %s && . %s/bin/activate && pip install --no-cache-dir %s"
                     " && python -c 'import %s; print(\"imported %s from\", %s.__file__)'\n"
                     % (venv, venv, venv, package, module, module, module))


def freestyle_xml(command, wrapper=True, description="python-mirror smoke-plus"):
    wrappers = '<%s plugin="python-mirror"/>' % WRAPPER if wrapper else ""
    return """<?xml version='1.1' encoding='UTF-8'?>
<project>
  <description>%s</description>
  <keepDependencies>false</keepDependencies>
  <properties/>
  <scm class="hudson.scm.NullSCM"/>
  <canRoam>true</canRoam>
  <disabled>false</disabled>
  <blockBuildWhenDownstreamBuilding>false</blockBuildWhenDownstreamBuilding>
  <blockBuildWhenUpstreamBuilding>false</blockBuildWhenUpstreamBuilding>
  <triggers/>
  <concurrentBuild>false</concurrentBuild>
  <builders>
    <hudson.tasks.Shell><command>%s</command></hudson.tasks.Shell>
  </builders>
  <publishers/>
  <buildWrappers>%s</buildWrappers>
</project>
""" % (escape(description), escape(command), wrappers)


def pipeline_xml(script, description="python-mirror smoke-plus"):
    return """<?xml version='1.1' encoding='UTF-8'?>
<flow-definition plugin="workflow-job">
  <description>%s</description>
  <keepDependencies>false</keepDependencies>
  <properties/>
  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition" plugin="workflow-cps">
    <script>%s</script>
    <sandbox>true</sandbox>
  </definition>
  <triggers/>
  <disabled>false</disabled>
</flow-definition>
""" % (escape(description), escape(script))


def groovy_sh(script):
    assert "\\" not in script and "'''" not in script, "keep shell scripts free of backslashes and '''"
    return "sh '''\n%s'''" % script


def put_job(name, xml):
    r = request("POST", "createItem?name=" + name, auth=DEV, data=xml,
                headers={"Content-Type": "application/xml"})
    if r.status == 400 and b"already exists" in r.body:
        r = request("POST", "job/%s/config.xml" % name, auth=DEV, data=xml,
                    headers={"Content-Type": "application/xml"})
    return r.status


class Build:
    def __init__(self, job, number=None, result=None, console="", problem=None, seconds=0, path=None):
        self.job, self.number, self.result, self.console = job, number, result, console
        self.problem, self.seconds, self.path = problem, seconds, path

    @property
    def label(self):
        return "%s #%s" % (self.job, self.number if self.number else "?")

    def pip_errors(self):
        return [l.strip() for l in self.console.splitlines() if l.startswith("ERROR:") or "HTTP 4" in l
                or "HTTP 5" in l or "HTTPError" in l]

    def outcome(self):
        if self.problem:
            return self.problem
        errs = self.pip_errors()
        return "result %s in %.0fs%s; console %s" % (self.result, self.seconds,
                                                     ("; " + " | ".join(short(e, 160) for e in errs[:2])) if errs else "",
                                                     self.path)


def run_job(job, timeout=600):
    t0 = time.time()
    r = request("POST", "job/%s/build?delay=0sec" % job, auth=DEV)
    if r.status not in (200, 201):
        return Build(job, problem="trigger answered HTTP %s" % r.status)
    queue = r.headers.get("Location", "")
    number = None
    deadline = t0 + timeout
    while time.time() < deadline and number is None:
        q = request("GET", queue.rstrip("/") + "/api/json", auth=DEV)
        if q.status == 200:
            item = json.loads(q.body)
            if item.get("executable"):
                number = item["executable"]["number"]
            elif item.get("cancelled"):
                return Build(job, problem="queue item cancelled")
        time.sleep(0.5)
    if number is None:
        return Build(job, problem="never left the queue in %ds" % timeout)
    result = None
    while time.time() < deadline:
        s = request("GET", "job/%s/%d/api/json?tree=building,result" % (job, number), auth=DEV)
        if s.status == 200:
            doc = json.loads(s.body)
            if not doc.get("building") and doc.get("result"):
                result = doc["result"]
                break
        time.sleep(1)
    console = request("GET", "job/%s/%d/consoleText" % (job, number), auth=DEV).text
    path = RESULT / "builds" / ("%s-%d.log" % (job, number))
    path.write_text(console)
    b = Build(job, number, result, console, None if result else "still running after %ds" % timeout,
              time.time() - t0, path)
    check_masking(b)
    return b


def check_masking(b):
    """[12] every build: the echoed PIP_INDEX_URL shows build-N:****@ and no unmasked credentials appear."""
    leaked = re.findall(r"build-\d+:(?!\*\*\*\*@)[^@\s'\"]+@", b.console)
    masked = re.findall(r"raw index: \S*build-\d+:\*\*\*\*@\S+", b.console)
    check(12, "%s: PIP_INDEX_URL masked as build-N:****@, raw token never in the console" % b.label,
          not leaked and masked,
          ("UNMASKED: %s" % leaked[:1]) if leaked else
          ("%d masked index URL(s), e.g. %s" % (len(masked), masked[0][11:80]) if masked
           else "no echoed index URL in the console (%s)" % b.outcome()))


def check_install_build(area, b, what="flask", module="flask"):
    ok = check(area, "%s: build SUCCESS (pip install %s through the mirror)" % (b.label, what),
               b.result == "SUCCESS", b.outcome())
    downloads = [l.strip() for l in b.console.splitlines() if ("Downloading " + MIRROR) in l]
    check(area, "%s: pip downloaded from %s" % (b.label, MIRROR), len(downloads) > 0,
          "%d download line(s)%s" % (len(downloads), (", e.g. " + short(downloads[0], 120)) if downloads else ""))
    check(area, "%s: %s imported in the build's venv" % (b.label, module), ("imported " + module) in b.console)
    return ok


def upstream_requests(since=0, pattern=None):
    try:
        lines = (RESULT / "upstream.log").read_text(errors="replace").splitlines()
    except FileNotFoundError:
        return []
    lines = [l for l in lines if '"GET ' in l][since:]
    return [l for l in lines if pattern is None or re.search(pattern, l)]


# ---------------------------------------------------------------------------------------------- mirror state

def read_hits():
    """Cache hits from the status page; from python-mirror/api/status when the page does not render."""
    r = request("GET", "manage/python-mirror-status/", auth=ADMIN)
    if r.status == 200:
        m = re.search(r"Cache hits\s*</t[dh]>\s*<td[^>]*>\s*([\d,]+)", r.text)
        if m:
            return int(m.group(1).replace(",", "")), "status page"
    a = request("GET", "python-mirror/api/status", auth=ADMIN)
    if a.status == 200:
        def find(o):
            if isinstance(o, dict):
                if isinstance(o.get("hits"), int):
                    return o["hits"]
                for v in o.values():
                    h = find(v)
                    if h is not None:
                        return h
            return None
        h = find(json.loads(a.body))
        if h is not None:
            return h, "python-mirror/api/status (status page answered HTTP %s)" % r.status
    return None, "status page HTTP %s, python-mirror/api/status HTTP %s: %s" % (r.status, a.status, short(a.text, 120))


class Config:
    """The settings this run keeps in the global form; restore() puts them back after a failed rejection."""

    def __init__(self, upstream, data_dir):
        self.upstream = upstream
        self.values = {"dataDir": data_dir, "cacheCap": "", "pageTtl": "10m", "offline": False,
                       "anonymousRead": True, "privatePatterns": "acme-smoke-*", "allowlist": "", "syncSpec": "",
                       "findLinksByDefault": False, "publishByDefault": False, "tokenLifetime": "24h",
                       "retainBuilds": 3, "minReleaseAge": "", "holdUnknownAge": False, "neverHeld": "",
                       "ageOverrides": "", "blockedReleases": ""}

    def ops(self, **changes):
        values = dict(self.values, **changes)
        return [{"scope": SCOPE, "rows": "upstreams", "values": [{"url": self.upstream, "username": ""}]},
                {"scope": SCOPE, "set": values}]

    def submit(self, tag, **changes):
        s = submit_form(tag, self.ops(**changes))
        if s.get("status") in (302, 303):
            self.values.update(changes)
        return s

    def restore(self, tag):
        s = submit_form(tag, self.ops())
        info("restored the configuration after a rejected form took effect: %s" % form_detail(s))


# ---------------------------------------------------------------------------------------------- the run

def main():
    print("--- setup", flush=True)
    r = request("GET", "login")
    if not check(0, "controller answers at %s" % BASE, r.status == 200, "HTTP %s" % r.status):
        return
    # upstream: a local PEP 503 tree served by python3 -m http.server
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    uplog = open(RESULT / "upstream.log", "w")
    up = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                           "--directory", str(UPDIR)], stdout=uplog, stderr=subprocess.STDOUT)
    UPSTREAM_PROCESS.append(up)
    try:
        upstream = "http://127.0.0.1:%d/simple/" % port
        for _ in range(40):
            if request("GET", upstream).status == 200:
                break
            time.sleep(0.25)
        check(0, "upstream %s serves %s" % (upstream, UPDIR), request("GET", upstream + "flask/").status == 200)
        run_checks(upstream)
    finally:
        if up.poll() is None:
            up.terminate()
            up.wait(10)
        uplog.close()


def run_checks(upstream):
    data_dir = str(JH / ("python-mirror-plus-" + STAMP))
    cfg = Config(upstream, data_dir)
    s = cfg.submit("00-base")
    xml = config_xml()
    check(0, "global form (jsdom + buildFormTree) saves upstream, data dir, private pattern acme-smoke-*",
          s.get("status") in (302, 303) and upstream.encode() in xml and data_dir.encode() in xml
          and b"acme-smoke-*" in xml, form_detail(s))

    jobs_made = set()

    def job(name, xml):
        if name not in jobs_made:
            st = put_job(name, xml)
            if st != 200:
                check(0, "job %s created/updated as dev through the REST API" % name, False, "HTTP %s" % st)
            jobs_made.add(name)
        return run_job(name)

    freestyle = freestyle_xml(install_script("flask", "flask"))
    pipeline = pipeline_xml("node {\n  withPythonMirror {\n    %s\n  }\n}\n" % groovy_sh(install_script("flask", "flask")))

    # ------------------------------------------------------------------ 1 routing + builds through the mirror
    if wanted(1):
        print("--- 1 routing and pip install flask through the mirror", flush=True)
        before_up = len(upstream_requests())
        r = request("GET", "python-mirror/simple/", save="1-simple.txt")
        check(1, "GET python-mirror/simple/ -> 200", r.status == 200,
              "HTTP %s%s" % (r.status, (" Location: " + r.headers.get("Location", "")) if r.status in (301, 302) else ""))
        url = MIRROR + "simple/flask/"
        r = request("GET", url, save="1-simple-flask.txt")
        files = re.findall(r'href="[^"]*?/?(flask-[^"#/]+\.(?:whl|tar\.gz))', r.text)
        check(1, "GET python-mirror/simple/flask/ -> 200 with the project page", r.status == 200 and files,
              "HTTP %s%s" % (r.status, ("; %d flask files, e.g. %s" % (len(files), files[0])) if files
                             else ("; Location: %s" % r.headers.get("Location")) if r.status in (301, 302, 303)
                             else "; " + short(r.text, 120)))
        r = request("GET", "python-mirror/simple/Flask/", save="1-simple-Flask.txt")
        loc = r.location(MIRROR + "simple/Flask/")
        check(1, "GET python-mirror/simple/Flask/ -> 301 to .../simple/flask/", r.status == 301 and loc == url,
              "HTTP %s Location %s -> %s" % (r.status, r.headers.get("Location") if r.headers else None, loc))
        seen = upstream_requests(before_up, r'"GET /simple/flask/')
        check(1, "upstream http.server saw GET /simple/flask/ from the mirror", len(seen) > 0,
              "%d request(s)" % len(seen))
        for name, xml in (("plus-freestyle", freestyle), ("plus-pipeline", pipeline)):
            before_up = len(upstream_requests())
            b = job(name, xml)
            check_install_build(1, b)
            check(1, "%s: build sees no inherited pip index settings" % b.label,
                  "inherited pip settings: find-links=none extra-index=none config-file=/dev/null" in b.console)
            wheels = upstream_requests(before_up, r'"GET /\S*flask\S*\.whl')
            pages = upstream_requests(before_up, r'"GET /simple/')
            info("upstream requests during %s: %d page(s), %d flask wheel(s) (cached files are not refetched)"
                 % (b.label, len(pages), len(wheels)))
        wheels = upstream_requests(0, r'"GET /\S*flask\S*\.whl')
        check(1, "upstream http.server served the flask wheel to the mirror", len(wheels) > 0,
              "%d GET(s)%s" % (len(wheels), (", e.g. " + wheels[0].split('"')[1]) if wheels else ""))

    # ------------------------------------------------------------------ 2 status page
    if wanted(2):
        print("--- 2 status page", flush=True)
        r = request("GET", "manage/python-mirror-status/", auth=ADMIN, save="2-status-admin.html")
        check(2, "GET manage/python-mirror-status/ as admin -> 200 with 'Hit rate'",
              r.status == 200 and "Hit rate" in r.text, "HTTP %s%s" % (r.status, "" if r.status == 200 else "; " + short(text_of(r.text), 160)))
        bad = log_lines("Unable to create expression")
        check(2, "jenkins.log has no 'Unable to create expression' (since this run started)", not bad,
              short(bad[0], 200) if bad else "")
        r = request("GET", "manage/python-mirror-status/", auth=DEV, save="2-status-dev.html")
        check(2, "GET manage/python-mirror-status/ as dev -> 403 or 404", r.status in (403, 404), "HTTP %s" % r.status)

    # ------------------------------------------------------------------ 3 sync now / purge cache
    if wanted(3):
        print("--- 3 Sync now and Purge cache", flush=True)
        page = BASE + "manage/python-mirror-status/"
        for action in ("syncNow", "purgeCache"):
            r = request("POST", "manage/python-mirror-status/" + action, auth=ADMIN, save="3-%s-admin.txt" % action)
            loc = r.location(page + action)
            check(3, "POST %s as admin (API token) -> redirect to the status page" % action,
                  r.status in (302, 303) and loc is not None and loc.split("?")[0] == page,
                  "HTTP %s Location %s%s" % (r.status, loc, "" if r.status in (302, 303) else "; " + short(text_of(r.text), 160)))
        bad = log_lines("NoSuchMethodError")
        check(3, "jenkins.log has no NoSuchMethodError", not bad, short(bad[0], 200) if bad else "")
        for action in ("syncNow", "purgeCache"):
            r = request("POST", "manage/python-mirror-status/" + action, auth=DEV, save="3-%s-dev.txt" % action)
            check(3, "POST %s as dev -> 403" % action, r.status == 403, "HTTP %s" % r.status)
        br = Browser("admin")
        if check(3, "browser session sign-in as admin", br.ok, br.detail):
            r = br.post("manage/python-mirror-status/syncNow", crumb=True, save="3-syncNow-session.txt")
            loc = r.location(page + "syncNow")
            check(3, "POST syncNow with admin's browser session + crumb -> redirect to the status page",
                  r.status in (302, 303) and loc is not None and loc.split("?")[0] == page,
                  "HTTP %s Location %s" % (r.status, loc))

    # ------------------------------------------------------------------ 4 uploads: CSRF and authentication
    if wanted(4):
        print("--- 4 uploads: authentication and CSRF", flush=True)
        boundary = "plusboundary" + STAMP
        multipart = ("--%s\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n"
                     "--%s\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n%s\r\n"
                     "--%s\r\nContent-Disposition: form-data; name=\"content\"; filename=\"x.whl\"\r\n"
                     "Content-Type: application/octet-stream\r\n\r\nnot a wheel\r\n--%s--\r\n"
                     % (boundary, boundary, PRIVATE, boundary, boundary)).encode()
        mp = {"Content-Type": "multipart/form-data; boundary=" + boundary}
        r = request("POST", "python-mirror/upload/", data=b"", save="4-upload-anon-empty.txt")
        check(4, "anonymous POST python-mirror/upload/ (empty body) -> 401", r.status == 401,
              "HTTP %s %s" % (r.status, short(text_of(r.text), 120)))
        r = request("POST", "python-mirror/upload/", data=multipart, headers=mp, save="4-upload-anon-multipart.txt")
        check(4, "anonymous POST python-mirror/upload/ (multipart) -> 401", r.status == 401,
              "HTTP %s %s" % (r.status, short(text_of(r.text), 120)))
        br = Browser("admin")
        r = br.post("python-mirror/upload/", data=multipart, headers=mp, save="4-upload-session.txt")
        check(4, "POST python-mirror/upload/ with admin's session cookie only (no Authorization) -> 401",
              br.ok and r.status == 401,
              "HTTP %s %s%s" % (r.status, short(text_of(r.text), 120), "" if br.ok else "; " + br.detail))
        for path in ("python-mirror/api/purge", "manage/python-mirror-status/purgeCache"):
            r = br.post(path, save="4-nocrumb-%s.txt" % path.replace("/", "_"))
            check(4, "POST %s with admin's session and no crumb -> 403 'No valid crumb'" % path,
                  br.ok and r.status == 403 and "no valid crumb" in r.text.lower(),
                  "HTTP %s %s%s" % (r.status, short(text_of(r.text), 120), "" if br.ok else "; " + br.detail))

        # publish from a build, install in the next one
        tools = HERE / "job"
        b64 = {n: base64.b64encode((tools / n).read_bytes()).decode() for n in ("publish.sh", "upload.py", "mkwheel.py")}
        publish_sh = (SH_ENV + "set +x\nrm -rf pub && mkdir pub && cd pub\n"
                      + "".join("echo %s | base64 -d > %s\n" % (v, n) for n, v in b64.items())
                      + "set -x\nbash publish.sh %s 1.0.0\n" % PRIVATE)
        publish = pipeline_xml("node {\n  withPythonMirror(publish: true) {\n    %s\n  }\n}\n" % groovy_sh(publish_sh))
        b = job("plus-publish", publish)
        up_lines = [l.strip() for l in b.console.splitlines()
                    if re.search(r"upload answer|HTTPError|Forbidden|Unauthorized|View at|upload client|wheel built with|Metadata-Version", l)]
        crumb_log = log_lines("No valid crumb was included in request for /python-mirror/upload")
        check(4, "%s: withPythonMirror(publish: true) builds %s and uploads it -> SUCCESS" % (b.label, PRIVATE),
              b.result == "SUCCESS",
              b.outcome() + ("; " + " | ".join(short(l, 140) for l in up_lines[-3:]) if up_lines else "")
              + ("; jenkins.log: " + short(crumb_log[-1], 160) if crumb_log else ""))
        install = pipeline_xml("node {\n  withPythonMirror {\n    %s\n  }\n}\n"
                               % groovy_sh(install_script(PRIVATE + "==1.0.0", PRIVATE_MODULE, "vp")))
        b = job("plus-install-private", install)
        check(4, "%s: the next build installs %s==1.0.0 from the mirror -> SUCCESS" % (b.label, PRIVATE),
              b.result == "SUCCESS" and ("imported " + PRIVATE_MODULE) in b.console, b.outcome())

    # ------------------------------------------------------------------ 10 declarative
    if wanted(10):
        print("--- 10 Declarative options { withPythonMirror() }", flush=True)
        decl = ("pipeline {\n  agent any\n  options { withPythonMirror() }\n  stages {\n    stage('t') {\n"
                "      steps {\n        %s\n      }\n    }\n  }\n}\n" % groovy_sh(install_script("flask", "flask", "vd")))
        b = job("plus-declarative", pipeline_xml(decl))
        check_install_build(10, b)

    # ------------------------------------------------------------------ 7 token lifetime
    if wanted(7):
        print("--- 7 build token lifetime", flush=True)
        s = cfg.submit("07-token-2h", tokenLifetime="2h")
        check(7, "form saves Build token lifetime = 2h", s.get("status") in (302, 303) and
              xml_value(config_xml(), "tokenLifetime") == "2h", form_detail(s))
        # no mirror request between the save and the build: the build must pick the new lifetime up by itself
        token_job = pipeline_xml("node {\n  withPythonMirror {\n    %s\n  }\n}\n" % groovy_sh(SH_ENV))
        started = datetime.now(timezone.utc)
        b = job("plus-token", token_job)
        m = re.search(r"valid until (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)", b.console)
        if m:
            until = datetime.fromisoformat(m.group(1).replace("Z", "+00:00"))
            delta = until - started
            check(7, "%s: console says the token is valid until ~now+2h (+-10 min)" % b.label,
                  abs(delta - timedelta(hours=2)) <= timedelta(minutes=10),
                  "valid until %s = build start + %.2fh" % (m.group(1), delta.total_seconds() / 3600))
        else:
            check(7, "%s: console says the token is valid until ~now+2h (+-10 min)" % b.label, False,
                  "no 'valid until <instant>' line; %s" % b.outcome())

    # ------------------------------------------------------------------ 8 counters survive a save
    if wanted(8):
        print("--- 8 counters survive a configuration save", flush=True)
        for _ in range(3):
            request("GET", "python-mirror/simple/flask/")
        h1, src1 = read_hits()
        s = cfg.submit("08-pagettl-5m", pageTtl="5m")
        saved = s.get("status") in (302, 303) and xml_value(config_xml(), "pageTtl") == "5m"
        check(8, "form saves Page freshness = 5m", saved, form_detail(s))
        h2, src2 = read_hits()
        check(8, "cache hits survive the save (before > 0, after >= before)",
              h1 is not None and h2 is not None and h1 > 0 and h2 >= h1,
              "hits before %s (%s), after %s (%s)" % (h1, src1, h2, src2))

    # ------------------------------------------------------------------ 6 rejected configurations change nothing
    if wanted(6):
        print("--- 6 a rejected configuration changes nothing", flush=True)
        for tag, ops, expect in (
                ("06-cachecap-lots", [{"scope": SCOPE, "set": {"cacheCap": "lots"}}], "Invalid size 'lots'"),
                ("06-blank-upstream", [{"scope": SCOPE, "addBlankRow": "upstreams"}], None)):
            for _ in range(2):
                request("GET", "python-mirror/simple/flask/")
            before = config_xml()
            h1, src1 = read_hits()
            s = submit_form(tag, cfg.ops() + ops)
            what = "cacheCap=lots" if expect else "an extra blank upstream row"
            rejected = s.get("status") is not None and s.get("status") not in (302, 303)
            check(6, "form with %s -> rejected (not a redirect)%s" % (what, " mentioning \"%s\"" % expect if expect else ""),
                  rejected and (expect is None or expect in (s.get("text") or "")), form_detail(s))
            after = config_xml()
            check(6, "form with %s: config XML byte-identical (sha256)" % what, sha(before) == sha(after),
                  "sha256 %s -> %s%s" % (sha(before)[:12], sha(after)[:12],
                                         "" if before == after else "; cacheCap now %r, upstream rows %d" % (
                                             xml_value(after, "cacheCap"), after.count(b"<url>"))))
            h2, src2 = read_hits()
            check(6, "form with %s: hit counter not reset" % what,
                  h1 is not None and h2 is not None and h2 >= h1 and h1 > 0,
                  "hits before %s (%s), after %s (%s)" % (h1, src1, h2, src2))
            r = request("GET", "python-mirror/simple/flask/", save="%s-simple-flask.txt" % tag)
            check(6, "form with %s: GET python-mirror/simple/flask/ still 200" % what, r.status == 200,
                  "HTTP %s %s" % (r.status, short(r.text, 160) if r.status != 200 else ""))
            if before != after:
                cfg.restore(tag + "-restore")

    # ------------------------------------------------------------------ 5 anonymous read off
    if wanted(5):
        print("--- 5 anonymous read off", flush=True)
        s = cfg.submit("05-anonymous-off", anonymousRead=False)
        check(5, "form saves 'Anyone may install public packages without signing in' = off",
              s.get("status") in (302, 303) and xml_value(config_xml(), "anonymousRead") == "false", form_detail(s))
        for path in ("python-mirror/simple/flask/", "python-mirror/simple/"):
            r = request("GET", path, save="5-anon-%s.txt" % path.replace("/", "_"))
            check(5, "anonymous GET %s -> 401" % path, r.status == 401, "HTTP %s" % r.status)
        for name, xml in (("plus-freestyle", freestyle), ("plus-pipeline", pipeline)):
            b = job(name, xml)
            check_install_build(5, b)
        host_pip(5, ("dev", DEV[1]))
        # later checks (JCasC) run with anonymous read off: builds and dev authenticate anyway

    # ------------------------------------------------------------------ 9 freestyle saved through the UI
    if wanted(9):
        print("--- 9 freestyle job saved through the configure page", flush=True)
        name = "plus-ui-freestyle"
        st = put_job(name, freestyle_xml("true", wrapper=False, description="saved through the UI by smoke-plus"))
        check(9, "job %s (no build wrapper) created as dev" % name, st == 200, "HTTP %s" % st)
        box = WRAPPER.replace(".", "-")
        s = submit_form("09-wrapper-only", [{"tick": box, "value": True}], user="dev", page="job/%s/configure" % name)
        xml = request("GET", "job/%s/config.xml" % name, auth=DEV).body
        (RESULT / "http" / "9-config-wrapper-only.xml").write_bytes(xml)
        el = wrapper_element(xml)
        check(9, "configure page as dev: tick only 'Use the Python package mirror' and save -> redirect",
              s.get("status") in (302, 303), form_detail(s))
        check(9, "config.xml has the wrapper without <findLinks>/<publish> (unset = global default)",
              el is not None and "<findLinks" not in el and "<publish" not in el,
              "wrapper element: %s" % (short(el, 200) if el is not None else "absent"))
        s = submit_form("09-override-publish", [
            {"tick": box, "value": True},
            {"within": box, "tickLabel": "Override the global defaults", "value": True,
             "set": {"publish": True, "findLinks": False}}], user="dev", page="job/%s/configure" % name)
        xml = request("GET", "job/%s/config.xml" % name, auth=DEV).body
        (RESULT / "http" / "9-config-override.xml").write_bytes(xml)
        el = wrapper_element(xml)
        check(9, "tick 'Override the global defaults' + publish, save -> <publish>true</publish><findLinks>false</findLinks>",
              s.get("status") in (302, 303) and el is not None and "<publish>true</publish>" in el
              and "<findLinks>false</findLinks>" in el,
              form_detail(s) + "; wrapper element: %s" % (short(el, 200) if el is not None else "absent"))

    # ------------------------------------------------------------------ 11 JCasC
    if wanted(11):
        print("--- 11 Configuration as Code", flush=True)
        r = request("POST", "manage/configuration-as-code/export", auth=ADMIN, save="11-export.yaml")
        block = casc_block(r.text) if r.status == 200 else None
        check(11, "POST manage/configuration-as-code/export as admin -> YAML with pythonMirror: upstreams: url",
              r.status == 200 and block is not None and "upstreams:" in block and upstream in block,
              "HTTP %s; %s" % (r.status, "pythonMirror block of %d lines" % len(block.splitlines()) if block
                              else "no pythonMirror block: " + short(r.text, 160)))
        if block is not None:
            lines = block.splitlines()
            children = [l for l in lines[1:] if l.strip()]
            indent = re.match(r"\s*", children[0]).group(0) if children else "    "
            body = [l for l in lines[1:] if not l.startswith(indent + "pageTtl:")]  # pageTtl at the block's level
            yaml = "unclassified:\n%s\n%spageTtl: \"7m\"\n%s\n" % (lines[0], indent, "\n".join(body))
            (RESULT / "http" / "11-apply.yaml").write_text(yaml)
            r = request("POST", "manage/configuration-as-code/apply", auth=ADMIN, data=yaml,
                        headers={"Content-Type": "application/x-yaml"}, save="11-apply.txt")
            ttl = xml_value(config_xml(), "pageTtl")
            check(11, "POST manage/configuration-as-code/apply (pageTtl \"7m\", same upstream) -> config XML has 7m",
                  r.status in (200, 302, 303) and ttl == "7m" and upstream.encode() in config_xml(),
                  "HTTP %s; pageTtl in XML %r%s" % (r.status, ttl, "" if r.status < 400 else "; " + short(text_of(r.text), 200)))
            b = job("plus-pipeline", pipeline)
            check_install_build(11, b)


    # ------------------------------------------------------------------ 14 supply-chain policy
    if wanted(14):
        print("--- 14 supply-chain policy: minimum release age and blocked releases", flush=True)
        policy_checks(job, cfg)

    # ------------------------------------------------------------------ 13 dependency report, SBOM, re-runs
    if wanted(13):
        print("--- 13 Python dependencies report, SBOM, changes, files kept for re-runs", flush=True)
        dependency_report_checks(job, freestyle, cfg)


def deps_json(job, number):
    r = request("GET", "job/%s/%d/pythonDependencies/api/json?depth=3" % (job, number), auth=DEV,
                save="13-%s-%d.json" % (job, number))
    return r.status, (json.loads(r.body) if r.status == 200 else None)


def sha256_of_upstream_file(filename):
    for f in pathlib.Path(UPDIR).rglob(filename):
        return hashlib.sha256(f.read_bytes()).hexdigest()
    return None


def deps_pipeline(extra):
    """Two stages, each its own withPythonMirror block; the second also asks for a project no index has."""
    first = install_script("flask", "flask", venv="v1")
    second = SH_ENV + ("rm -rf v2 && python3 -m venv v2 && . v2/bin/activate && pip install --no-cache-dir %s"
                       " && (pip install --no-cache-dir no-such-project-smoke-plus || true)\n" % extra)
    return pipeline_xml("node {\n  stage('Deps') {\n    withPythonMirror {\n      %s\n    }\n  }\n"
                        "  stage('More') {\n    withPythonMirror {\n      %s\n    }\n  }\n}\n"
                        % (groovy_sh(first), groovy_sh(second)))


def dependency_report_checks(job, freestyle, cfg):
    name = "plus-deps-pipeline"
    request("POST", "job/%s/doDelete" % name, auth=DEV)  # a rerun starts the job's history afresh
    # build 1: two stages; flask's closure in the first, markupsafe (already in it) in the second
    b1 = job(name, deps_pipeline("markupsafe"))
    check(13, "%s: SUCCESS" % b1.label, b1.result == "SUCCESS", b1.outcome())
    check(13, "%s: the console names the report" % b1.label,
          b1.console.count("Python dependencies from the mirror:") == 2,
          short(next((l for l in b1.console.splitlines() if "Python dependencies from the mirror" in l), "no such line"), 200))
    st, d = deps_json(name, b1.number)
    sections = d.get("sections", []) if d else []
    check(13, "%s: pythonDependencies/api/json has one section per block, labelled with its stage" % b1.label,
          st == 200 and [x.get("label") for x in sections] == ["Deps", "More"],
          "HTTP %s; labels %s" % (st, [x.get("label") for x in sections]))
    flask = [f for x in sections for f in x.get("files", []) if f.get("project") == "flask"]
    want = sha256_of_upstream_file(flask[0]["filename"]) if flask else None
    check(13, "%s: flask listed with the upstream file's sha256, size and a source" % b1.label,
          bool(flask) and flask[0].get("sha256") == want and flask[0].get("size", 0) > 0
          and flask[0].get("source") in ("cache", "upstream"),
          ("%s sha256 %s (upstream file %s), size %s, source %s" % (flask[0]["filename"], flask[0]["sha256"][:12],
                                                                     (want or "?")[:12], flask[0].get("size"),
                                                                     flask[0].get("source"))) if flask else "no flask")
    missing = sections[1].get("missing", []) if len(sections) > 1 else []
    check(13, "%s: the project no index has is listed as missing" % b1.label,
          "no-such-project-smoke-plus" in missing, "missing: %s" % missing)
    check(13, "%s: the first build of the job has nothing to compare with" % b1.label,
          d is not None and d.get("comparedWith") is None, "comparedWith %s" % (d or {}).get("comparedWith"))
    page = request("GET", "job/%s/%d/pythonDependencies/" % (name, b1.number), auth=DEV, save="13-page.html")
    check(13, "%s: the Python dependencies page renders with both stages and the SBOM link" % b1.label,
          page.status == 200 and "Deps" in page.text and "More" in page.text and 'href="sbom"' in page.text,
          "HTTP %s" % page.status)
    build_page = request("GET", "job/%s/%d/" % (name, b1.number), auth=DEV)
    check(13, "%s: the build page shows the summary" % b1.label,
          build_page.status == 200 and re.search(r"Python dependencies</a>: \d+ files?, \d+ from cache", build_page.text),
          "HTTP %s" % build_page.status)
    r = request("GET", "job/%s/%d/pythonDependencies/sbom" % (name, b1.number), auth=DEV, save="13-sbom.json")
    bom = json.loads(r.body) if r.status == 200 else {}
    purls = [c.get("purl", "") for c in bom.get("components", [])]
    archived = JH / "jobs" / name / "builds" / str(b1.number) / "python-dependencies.cdx.json"
    check(13, "%s: SBOM downloads: CycloneDX 1.6, a pkg:pypi purl per file, SHA-256, archived in the build dir" % b1.label,
          r.status == 200 and r.headers.get("Content-Type", "").startswith("application/vnd.cyclonedx+json")
          and bom.get("bomFormat") == "CycloneDX" and bom.get("specVersion") == "1.6"
          and any(p.startswith("pkg:pypi/flask@") for p in purls)
          and all(c.get("hashes", [{}])[0].get("alg") == "SHA-256" for c in bom.get("components", []))
          and archived.is_file(),
          "HTTP %s; %d components; archived %s" % (r.status, len(purls), archived.is_file()))
    # build 2: the same requirements -> no changes
    b2 = job(name, deps_pipeline("markupsafe"))
    st, d2 = deps_json(name, b2.number)
    check(13, "%s: the same requirements again -> 'no changes' against #%s" % (b2.label, b1.number),
          b2.result == "SUCCESS" and d2 is not None and d2.get("comparedWith") == b1.number and d2.get("changes") == [],
          "result %s; comparedWith %s; changes %s" % (b2.result, (d2 or {}).get("comparedWith"), (d2 or {}).get("changes")))
    page = request("GET", "job/%s/%d/pythonDependencies/" % (name, b2.number), auth=DEV)
    check(13, "%s: the page says no changes" % b2.label, "No changes since build" in page.text, "HTTP %s" % page.status)
    # build 3: one more requirement (six, no dependencies) -> exactly that change
    put_job(name, deps_pipeline("markupsafe six"))
    b3 = run_job(name)
    st, d3 = deps_json(name, b3.number)
    changes = (d3 or {}).get("changes")
    check(13, "%s: one added requirement -> exactly that change" % b3.label,
          b3.result == "SUCCESS" and changes is not None and len(changes) == 1
          and changes[0].get("kind") == "added" and changes[0].get("project") == "six",
          "result %s; changes %s" % (b3.result, changes))
    # freestyle: the wrapper's block is one section without a stage
    bf = job("plus-freestyle", freestyle)
    st, df = deps_json("plus-freestyle", bf.number)
    check(13, "%s: a freestyle build has the report too (one section, no stage)" % bf.label,
          st == 200 and len(df.get("sections", [])) == 1 and df["sections"][0].get("label") is None
          and any(f.get("project") == "flask" for f in df["sections"][0].get("files", [])),
          "HTTP %s; %s" % (st, short(json.dumps(df)[:300] if df else "", 200)))
    # files of recent successful builds are kept: the status page counts them, the data dir lists the jobs
    r = request("GET", "manage/python-mirror-status/", auth=ADMIN, save="13-status.html")
    m = re.search(r"Kept for re-runs of recent builds\s*</td>\s*<td[^>]*>\s*([^<]+)<", r.text)
    retained = pathlib.Path(cfg.values["dataDir"]) / "state" / "retained.json"
    kept = json.loads(retained.read_text()) if retained.is_file() else {}
    check(13, "status page shows bytes kept for re-runs; state/retained.json lists the jobs",
          m is not None and m.group(1).strip() not in ("0 B", "0") and name in kept and "plus-freestyle" in kept,
          "status: %s; retained owners: %s" % (m.group(1).strip() if m else "row missing", sorted(kept)))
    # a cache cap evicts what no recent build needs; with the upstream down, re-running the job still installs
    lone = "attrs"  # fetched by hand (no build asks for it), so nothing keeps it
    page = request("GET", "python-mirror/simple/%s/" % lone, auth=DEV, headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    files = json.loads(page.body).get("files", []) if page.status == 200 else []
    wheel = next((f for f in files if f["filename"].endswith(".whl")), None)
    if wheel is not None:
        request("GET", urllib.parse.urljoin(MIRROR + "simple/%s/" % lone, wheel["url"]), auth=DEV)
    s = cfg.submit("13-cap", cacheCap="1k")
    request("POST", "manage/python-mirror-status/syncNow", auth=ADMIN)
    data = pathlib.Path(cfg.values["dataDir"])
    deadline = time.time() + 150
    evicted = False
    while time.time() < deadline and not evicted:
        time.sleep(5)
        evicted = wheel is not None and not any(data.joinpath("files").rglob(wheel["filename"]))
    check(13, "cache cap 1k + Sync now: eviction removes a file no recent build obtained (%s)" % (wheel or {}).get("filename"),
          s.get("status") in (302, 303) and evicted, form_detail(s) + "; evicted %s" % evicted)
    for up in UPSTREAM_PROCESS:
        up.terminate()
        up.wait(10)
    b4 = job(name, deps_pipeline("markupsafe six"))
    check(13, "%s: with the upstream down and the cap reached, re-running the job installs from the kept files" % b4.label,
          b4.result == "SUCCESS", b4.outcome())
    cfg.submit("13-cap-off", cacheCap="")


def version_script(requirement, dist, venv):
    """pip install REQUIREMENT in a fresh venv, then print the installed version of DIST (the last command)."""
    return SH_ENV + ("rm -rf %s && python3 -m venv %s && . %s/bin/activate && pip install --no-cache-dir '%s'"
                     " && python -c 'import importlib.metadata as m; print(\"installed %s\", m.version(\"%s\"))'\n"
                     % (venv, venv, venv, requirement, dist, dist))


def page_files(r):
    """Filenames and versions of a PEP 691 JSON answer."""
    try:
        doc = json.loads(r.body)
        return [f["filename"] for f in doc.get("files", [])], doc.get("versions")
    except (ValueError, KeyError, TypeError):
        return [], None


def upstream_sha(project, filename):
    """The sha256 the local PEP 503 tree lists for FILENAME."""
    index = UPDIR / "simple" / project / "index.html"
    m = re.search(re.escape(filename) + r"#sha256=([0-9a-f]{64})", index.read_text()) if index.is_file() else None
    return m.group(1) if m else None


def policy_checks(job, cfg):
    """[14] the release policy in the global form, on the pages, the file URLs, the builds, JCasC and the API."""
    # An upstream with PEP 700 upload times: smoke-aged 1.0 (30 days old) and 2.0 (an hour old); every other path
    # is the local PEP 503 tree, so the whole controller can use it as its only upstream for this area.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    aged_dir = RESULT / "aged-files"
    log = open(RESULT / "aged-upstream.log", "w")
    proc = subprocess.Popen([sys.executable, str(HERE / "aged_index.py"), str(port), str(UPDIR), str(aged_dir)],
                            stdout=log, stderr=subprocess.STDOUT)
    original = cfg.upstream
    try:
        aged = "http://127.0.0.1:%d/simple/" % port
        for _ in range(40):
            if request("GET", aged + "smoke-aged/").status == 200:
                break
            time.sleep(0.25)
        files = {f["version"]: f for f in json.loads((aged_dir / "index.json").read_text())["files"]}
        old, new = files["1.0"], files["2.0"]
        check(14, "aged upstream %s serves smoke-aged 1.0 (upload-time %s) and 2.0 (%s) as PEP 691 JSON" % (
            aged, old["upload-time"][:19], new["upload-time"][:19]),
              page_files(request("GET", aged + "smoke-aged/", headers={"Accept": JSON_PAGE}))[0]
              == [old["filename"], new["filename"]])

        # the form: upstream switched to the aged index, minimum release age 7d, a never-held pattern
        cfg.upstream = aged
        s = cfg.submit("14-policy", minReleaseAge="7d", neverHeld="acme-smoke-*", holdUnknownAge=False)
        xml = config_xml()
        check(14, "global form (jsdom + buildFormTree) saves Minimum release age 7d, never-held acme-smoke-*,"
                  " hold unknown age off",
              s.get("status") in (302, 303) and xml_value(xml, "minReleaseAge") == "7d"
              and xml_value(xml, "neverHeld") == "acme-smoke-*" and xml_value(xml, "holdUnknownAge") == "false"
              and aged.encode() in xml, form_detail(s))
        r = request("GET", "python-mirror/api/policy", auth=ADMIN, save="14-policy-get.json")
        doc = json.loads(r.body) if r.status == 200 else {}
        check(14, "GET python-mirror/api/policy as admin -> the saved policy (minReleaseAge 7d, neverHeld acme-smoke-*)",
              doc.get("minReleaseAge") == "7d" and doc.get("neverHeld") == ["acme-smoke-*"],
              "HTTP %s %s" % (r.status, short(r.text, 200)))
        r = request("GET", "python-mirror/api/policy", auth=DEV, save="14-policy-get-dev.txt")
        check(14, "GET python-mirror/api/policy as dev -> 403", r.status == 403, "HTTP %s" % r.status)

        # pages and file URLs
        r = request("GET", "python-mirror/simple/smoke-aged/", auth=ADMIN, headers={"Accept": JSON_PAGE},
                    save="14-page-json.txt")
        names, versions = page_files(r)
        note = (r.headers.get("X-Python-Mirror-Policy") or "") if r.headers else ""
        check(14, "simple/smoke-aged/ (JSON): only 1.0, versions [\"1.0\"], X-Python-Mirror-Policy names the held file",
              r.status == 200 and names == [old["filename"]] and versions == ["1.0"] and new["filename"] in note,
              "HTTP %s; files %s; versions %s; header %r" % (r.status, names, versions, short(note, 160)))
        r = request("GET", "python-mirror/simple/smoke-aged/", auth=ADMIN, headers={"Accept": "text/html"},
                    save="14-page-html.txt")
        check(14, "simple/smoke-aged/ (HTML): 1.0 listed, 2.0 not",
              r.status == 200 and old["filename"] in r.text and new["filename"] not in r.text, "HTTP %s" % r.status)
        url = "python-mirror/files/%s/%s" % (new["sha256"], new["filename"])
        r = request("GET", url, auth=ADMIN, save="14-held-file.txt")
        reason = (r.headers.get("X-Python-Mirror-Policy") or "") if r.headers else ""
        check(14, "GET the 2.0 file URL -> 404, reason in X-Python-Mirror-Policy and the body",
              r.status == 404 and reason.startswith("held back by the mirror's minimum release age (7d) until ")
              and r.text.strip() == new["filename"] + " is " + reason,
              "HTTP %s; header %r; body %r" % (r.status, reason, short(r.text, 200)))

        # builds: the newest allowed version; a pin on the held one fails
        b = job("plus-policy-aged", pipeline_xml("node {\n  withPythonMirror {\n    %s\n  }\n}\n"
                                                  % groovy_sh(version_script("smoke-aged", "smoke-aged", "va"))))
        check(14, "%s: pip install smoke-aged -> SUCCESS with 1.0 (2.0 is held back)" % b.label,
              b.result == "SUCCESS" and "installed smoke-aged 1.0" in b.console, b.outcome())
        b = job("plus-policy-pin", pipeline_xml("node {\n  withPythonMirror {\n    %s\n  }\n}\n"
                                                 % groovy_sh(version_script("smoke-aged==2.0", "smoke-aged", "vp"))))
        check(14, "%s: pip install smoke-aged==2.0 -> FAILURE, pip sees only 1.0" % b.label,
              b.result == "FAILURE" and "(from versions: 1.0)" in b.console, b.outcome())
        got = [l for l in (RESULT / "aged-upstream.log").read_text(errors="replace").splitlines() if '"GET ' in l]
        check(14, "the aged upstream served the 1.0 wheel and never the 2.0 wheel",
              any(old["filename"] in l for l in got) and not any(new["filename"] in l for l in got),
              "%d request(s) for 1.0, %d for 2.0" % (sum(old["filename"] in l for l in got),
                                                      sum(new["filename"] in l for l in got)))
        request("GET", "python-mirror/simple/flask/", auth=ADMIN)  # an HTML page: no upload times
        r = request("GET", "manage/python-mirror-status/", auth=ADMIN, save="14-status.html")
        held = re.search(r"Files held back now\s*</td>\s*<td[^>]*>\s*(\d+)", r.text)
        unknown = re.search(r"Files of unknown age\s*</td>\s*<td[^>]*>\s*(\d+)", r.text)
        check(14, "status page: files held back now >= 1, files of unknown age >= 1 (flask's HTML page),"
                  " policy 'minimum release age 7d'",
              r.status == 200 and held is not None and int(held.group(1)) >= 1 and unknown is not None
              and int(unknown.group(1)) >= 1 and "minimum release age 7d" in r.text,
              "HTTP %s; held %s; unknown age %s" % (r.status, held.group(1) if held else None,
                                                    unknown.group(1) if unknown else None))
        r = request("GET", "python-mirror/metrics", auth=ADMIN, save="14-metrics.txt")
        m = re.search(r"^python_mirror_policy_held_files (\d+)$", r.text, re.M)
        check(14, "python-mirror/metrics has python_mirror_policy_held_files >= 1",
              r.status == 200 and m is not None and int(m.group(1)) >= 1, "HTTP %s; %s" % (r.status, m and m.group(0)))

        # a blocked release of the local tree: pip falls back to the previous one
        block = "alabaster==1.0.0: smoke-plus: blocked to test the fall-back"
        lines = "# smoke-plus area 14\n" + block  # two lines: a comment, then the entry
        s = cfg.submit("14-block", minReleaseAge="7d", neverHeld="acme-smoke-*", blockedReleases=lines)
        check(14, "global form saves Blocked releases (a comment line and '%s')" % block,
              s.get("status") in (302, 303) and xml_value(config_xml(), "blockedReleases") == lines, form_detail(s))
        b = job("plus-policy-blocked", pipeline_xml("node {\n  withPythonMirror {\n    %s\n  }\n}\n"
                                                     % groovy_sh(version_script("alabaster", "alabaster", "vb"))))
        check(14, "%s: pip install alabaster -> SUCCESS with 0.7.13 (1.0.0 is blocked)" % b.label,
              b.result == "SUCCESS" and "installed alabaster 0.7.13" in b.console, b.outcome())
        sha = upstream_sha("alabaster", "alabaster-1.0.0-py3-none-any.whl")
        r = request("GET", "python-mirror/files/%s/alabaster-1.0.0-py3-none-any.whl" % sha, auth=ADMIN,
                    save="14-blocked-file.txt")
        check(14, "GET the alabaster 1.0.0 file URL -> 404 'blocked by the mirror's policy (alabaster==1.0.0): ...'",
              r.status == 404 and r.headers.get("X-Python-Mirror-Policy")
              == "blocked by the mirror's policy (alabaster==1.0.0): smoke-plus: blocked to test the fall-back",
              "HTTP %s; header %r" % (r.status, r.headers.get("X-Python-Mirror-Policy") if r.headers else None))
        blocked_log = log_lines("alabaster-1.0.0-py3-none-any.whl is blocked by the mirror's policy")
        check(14, "jenkins.log names the blocked file and the reason (logged once)", len(blocked_log) >= 1,
              "%d line(s)%s" % (len(blocked_log), (": " + short(blocked_log[0], 160)) if blocked_log else ""))

        # JCasC export carries the policy
        r = request("POST", "manage/configuration-as-code/export", auth=ADMIN, save="14-export.yaml")
        exported = casc_block(r.text) if r.status == 200 else None
        check(14, "JCasC export has minReleaseAge: \"7d\", neverHeld and the two lines of blockedReleases as a |- block",
              exported is not None and 'minReleaseAge: "7d"' in exported and 'neverHeld: "acme-smoke-*"' in exported
              and re.search(r"blockedReleases: \|-\n\s+# smoke-plus area 14\n\s+alabaster==1\.0\.0: ", exported) is not None,
              "HTTP %s; %s" % (r.status, short(exported or r.text, 200)))

        # PUT api/policy (API token, no crumb): applied at once and written back into the configuration
        r = request("PUT", "python-mirror/api/policy", auth=ADMIN, data=json.dumps({"minReleaseAge": "0"}),
                    headers={"Content-Type": "application/json"}, save="14-policy-put.txt")
        xml = config_xml()
        check(14, "PUT python-mirror/api/policy {\"minReleaseAge\": \"0\"} as admin -> 200, written back into the"
                  " configuration (age and blocks cleared)",
              r.status == 200 and not xml_value(xml, "minReleaseAge") and not xml_value(xml, "blockedReleases")
              and xml_value(xml, "neverHeld") in (None, ""),
              "HTTP %s %s; XML minReleaseAge %r blockedReleases %r" % (
                  r.status, short(r.text, 120), xml_value(xml, "minReleaseAge"), xml_value(xml, "blockedReleases")))
        cfg.values.update(minReleaseAge="", neverHeld="", blockedReleases="", holdUnknownAge=False)
        r = request("PUT", "python-mirror/api/policy", auth=ADMIN, data='{"minReleaseAge": "soon"}',
                    headers={"Content-Type": "application/json"}, save="14-policy-put-bad.txt")
        check(14, "PUT a bad policy -> 400 with one line, configuration unchanged",
              r.status == 400 and r.text.strip().startswith("minReleaseAge: Invalid duration 'soon'")
              and config_xml() == xml, "HTTP %s %s" % (r.status, short(r.text, 160)))
        b = job("plus-policy-pin", pipeline_xml("node {\n  withPythonMirror {\n    %s\n  }\n}\n"
                                                 % groovy_sh(version_script("smoke-aged==2.0", "smoke-aged", "vp"))))
        check(14, "%s: with the age removed, pip install smoke-aged==2.0 -> SUCCESS with 2.0" % b.label,
              b.result == "SUCCESS" and "installed smoke-aged 2.0" in b.console, b.outcome())
    finally:
        cfg.upstream = original
        s = cfg.submit("14-restore")
        if s.get("status") not in (302, 303) or original.encode() not in config_xml():
            info("could not put the original upstream back: %s" % form_detail(s))
        if proc.poll() is None:
            proc.terminate()
            proc.wait(10)
        log.close()


def wrapper_element(xml):
    t = xml.decode("utf-8", "replace")
    m = re.search(r"<%s\b[^>]*?(/>|>.*?</%s>)" % (re.escape(WRAPPER), re.escape(WRAPPER)), t, re.S)
    return m.group(0) if m else None


def casc_block(yaml):
    """The pythonMirror: block (its first line and the more indented lines below it) of a JCasC export."""
    lines = yaml.splitlines()
    for i, l in enumerate(lines):
        m = re.match(r"(\s*)pythonMirror:\s*$", l)
        if m:
            out = [l]
            for n in lines[i + 1:]:
                if n.strip() and len(n) - len(n.lstrip()) <= len(m.group(1)):
                    break
                out.append(n)
            return "\n".join(out)
    return None


def host_pip(area, cred):
    """pip on this machine, in a fresh venv, with no pip configuration, through the mirror with dev's API token."""
    venv = RESULT / "host-venv"
    shutil.rmtree(venv, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_"))}
    env.update(PIP_CONFIG_FILE="/dev/null", PIP_DISABLE_PIP_VERSION_CHECK="1")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=False, env=env, capture_output=True)
    index = MIRROR.replace("://", "://%s:%s@" % cred) + "simple/"
    p = subprocess.run([str(venv / "bin" / "pip"), "install", "--no-cache-dir", "--index-url", index, "flask"],
                       env=env, capture_output=True, text=True, timeout=300)
    out = (p.stdout + p.stderr).replace(cred[1], "****")
    (RESULT / "host-pip.log").write_text(out)
    shutil.rmtree(venv, ignore_errors=True)
    ok = p.returncode == 0 and re.search(r"Successfully installed .*\bflask-", out) is not None
    errs = [l for l in out.splitlines() if l.startswith("ERROR")]
    check(area, "pip on this machine (fresh venv, PIP_CONFIG_FILE=/dev/null) --index-url http://dev:<API token>@.../simple/ flask",
          ok, "exit %s%s; log %s" % (p.returncode, ("; " + short(errs[0], 160)) if errs else "", RESULT / "host-pip.log"))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a crash is a failure, never a silent pass
        import traceback
        traceback.print_exc()
        check("x", "checks.py ran to the end", False, "%s: %s" % (type(e).__name__, e))
    print("SMOKE-PLUS %s: %d passed, %d failed" % ("PASSED" if not failures and passes else "FAILED", passes, len(failures)))
    if failures:
        print("failed checks:")
        for f in failures:
            print("  " + f)
    sys.exit(1 if failures or not passes else 0)
