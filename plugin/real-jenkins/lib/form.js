// Submit a Jenkins configuration page (global /manage/configure or a job's configure page) the way a browser
// does: sign in with the login form, load the page in jsdom with Jenkins' own scripts, apply the edits given in
// SPEC, let Jenkins' buildFormTree() assemble the "json" field, POST every form field to the form's action.
//
// usage: node form.js BASE_URL USER PASSWORD PAGE OUT_PREFIX SPEC_JSON
//   PAGE       e.g. manage/configure or job/NAME/configure
//   SPEC_JSON  {"ops": [...], "submit": true}; ops, applied in order:
//     {"scope": G, "set": {"field": value, ...}}      inputs/textareas/checkboxes named _.field inside group G
//     {"scope": G, "rows": "upstreams", "values": [{"url": ..., "username": ...}, ...]}
//                                                      exactly these repeatable rows (extra rows removed)
//     {"scope": G, "addBlankRow": "upstreams"}          one more, empty row (the "Add" button's effect)
//     {"tick": NAME, "value": true}                    the checkbox named NAME (e.g. an optional block of a
//                                                      descriptor: io-jenkins-plugins-...-PythonMirrorBuildWrapper)
//     {"within": NAME, "tickLabel": TEXT, "value": true}
//                                                      the checkbox labelled TEXT inside the block of checkbox NAME
//   A group G is the name of a row set (a descriptor section of the global page, e.g.
//   io-jenkins-plugins-pythonmirror-PythonMirrorConfiguration) or of an optional-block checkbox.
//
// Writes OUT_PREFIX-page.html (the page as loaded), -json.txt (the structured form), -response.html, and
// -summary.json; prints the summary (status, location, response text) as the last stdout line.
// Exit status: 0 when the form was submitted (whatever the answer), 1 when it could not be.
const { JSDOM, CookieJar, VirtualConsole, ResourceLoader } = require('jsdom');
const fs = require('fs');

const [base, user, password, page, outPrefix, specText] = process.argv.slice(2);
const spec = JSON.parse(specText || '{"ops": []}');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const summary = { page, user, notes: [] };
const note = (m) => summary.notes.push(m);

function textOf(html) {
  return html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ').replace(/&#039;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

async function signIn(jar) {
  const remember = async (resp) => { for (const c of resp.headers.getSetCookie()) await jar.setCookie(c, base); };
  let resp = await fetch(base + 'login', { redirect: 'manual' });
  await remember(resp);
  const loginPage = await resp.text();
  const crumb = loginPage.match(/name="Jenkins-Crumb"[^>]*value="([^"]+)"/);
  const body = new URLSearchParams({ j_username: user, j_password: password, from: '/' });
  if (crumb) body.set('Jenkins-Crumb', crumb[1]);
  resp = await fetch(base + 'j_spring_security_check', {
    method: 'POST', redirect: 'manual', body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: await jar.getCookieString(base) },
  });
  await remember(resp);
  const where = resp.headers.get('location') || '';
  if (resp.status !== 302 || where.includes('loginError')) throw new Error(`sign-in as ${user} failed: ${resp.status} ${where}`);
  // Right after the sign-in redirect the session is sometimes still anonymous for a moment: wait until it is ours.
  for (let i = 0; i < 50; i++) {
    resp = await fetch(base + 'whoAmI/api/json', { headers: { Cookie: await jar.getCookieString(base) } });
    if (resp.status === 200 && (await resp.json()).name === user) return;
    await sleep(100);
  }
  throw new Error(`signed in as ${user}, but the session stayed anonymous`);
}

async function main() {
  const jar = new CookieJar();
  await signIn(jar);

  const errors = [];
  const vc = new VirtualConsole();
  vc.on('jsdomError', (e) => errors.push(String(e.message || e).slice(0, 200)));
  class ControllerOnly extends ResourceLoader { // scripts and styles from the controller only
    fetch(url, options) { return url.startsWith(base) ? super.fetch(url, options) : null; }
  }
  const dom = await JSDOM.fromURL(base + page, {
    cookieJar: jar, runScripts: 'dangerously', resources: new ControllerOnly(), pretendToBeVisual: true, virtualConsole: vc,
    beforeParse(win) {
      win.matchMedia = () => ({ matches: false, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {} });
      win.alert = (m) => note('alert: ' + m);
      win.scrollTo = () => {};
    },
  });
  const w = dom.window;
  const d = w.document;
  await new Promise((r) => (d.readyState === 'complete' ? r() : w.addEventListener('load', r)));
  await sleep(3000); // behaviours and adjuncts load asynchronously
  try { w.Behaviour.applySubtree(d.body, true); } catch (e) { note('applySubtree: ' + e.message); }
  fs.writeFileSync(outPrefix + '-page.html', dom.serialize());

  const form = d.querySelector('form[name="config"]');
  if (!form || typeof w.buildFormTree !== 'function') throw new Error(`no form "config" or no buildFormTree() on ${page}`);

  // Templates of repeatable rows: keep a copy (for "Add"). Then drop every template (repeatable rows, the
  // prototypes of hetero lists), as the page's scripts do on load in a browser.
  const templates = new Map();
  d.querySelectorAll('.repeated-chunk.to-be-removed').forEach((t) => {
    const name = t.getAttribute('name');
    if (!templates.has(name)) templates.set(name, []);
    templates.get(name).push({ container: t.parentElement, chunk: t.cloneNode(true) });
  });
  d.querySelectorAll('.to-be-removed').forEach((t) => t.remove());

  // What the optional-block, radio-block and row-set behaviours do on page load (they do not all run under jsdom):
  // the start row's @ref names the governing checkbox, the rows up to the end marker get @nameRef.
  let seq = 0;
  const wireGroups = () => {
    d.querySelectorAll('.optional-block-start').forEach((row) => {
      const box = row.querySelector("input[type='checkbox']");
      if (box && !row.getAttribute('ref')) row.setAttribute('ref', (box.id = box.id || 'plusCbx' + seq++));
    });
    d.querySelectorAll('.radio-block-start').forEach((row) => { // radioBlock.js: the radio governs its block
      const radio = row.querySelector("input[type='radio']");
      if (radio && !row.getAttribute('ref')) row.setAttribute('ref', (radio.id = radio.id || 'plusRadio' + seq++));
    });
    d.querySelectorAll('.row-set-end').forEach((end) => {
      let e = end;
      for (let depth = 0; ; e = e.previousElementSibling) {
        if (e.classList.contains('row-set-end')) depth++;
        if (e.classList.contains('row-set-start')) depth--;
        if (depth === 0) break;
      }
      let ref = e.getAttribute('ref');
      if (!ref) e.id = ref = e.id || 'plusRowSet' + seq++;
      w.applyNameRef(e, end, ref);
    });
  };
  wireGroups();

  // group lookup: a row set start with @name, or a checkbox with that name
  const groupEl = (name) => {
    const el = d.querySelector(`.row-set-start[name="${name}"]`) || form.querySelector(`input[type="checkbox"][name="${name}"]`);
    if (!el) throw new Error(`no group "${name}" on ${page} (is the plugin loaded? does this page have it?)`);
    return el;
  };
  const inGroup = (e, g) => {
    for (let p = e; p && p !== form; p = w.findFormParent(p, form, true)) if (p === g) return true;
    return false;
  };
  const fieldsIn = (g, sel) => Array.from(form.querySelectorAll(sel)).filter((e) => e !== g && inGroup(e, g));
  const chunkOf = (e) => e.closest('.repeated-chunk');

  const setValue = (el, v) => {
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = !!v;
    else el.value = v == null ? '' : String(v);
  };

  const applied = [];
  for (const op of spec.ops || []) {
    if (op.set && !op.tickLabel) {
      const g = groupEl(op.scope);
      for (const [field, v] of Object.entries(op.set)) {
        const els = fieldsIn(g, `[name="_.${field}"]`);
        const top = els.filter((e) => !chunkOf(e)); // not a field of a repeatable row
        const targets = top.length ? top : els;
        if (targets.length === 0) throw new Error(`no field _.${field} in ${op.scope}`);
        targets.forEach((el) => setValue(el, v));
        applied.push(`${field}=${JSON.stringify(v)}`);
      }
    } else if (op.rows) {
      const g = groupEl(op.scope);
      let chunks = Array.from(form.querySelectorAll(`.repeated-chunk[name="${op.rows}"]`)).filter((c) => inGroup(c, g));
      const want = op.values || [];
      chunks.slice(want.length).forEach((c) => c.remove());
      chunks = chunks.slice(0, want.length);
      while (chunks.length < want.length) chunks.push(addRow(op.rows));
      want.forEach((vals, i) => {
        for (const [field, v] of Object.entries(vals)) {
          const el = chunks[i].querySelector(`[name="_.${field}"]`);
          if (!el) throw new Error(`no field _.${field} in a "${op.rows}" row`);
          setValue(el, v);
        }
      });
      applied.push(`${op.rows}: ${want.length} row(s) ${JSON.stringify(want)}`);
    } else if (op.addBlankRow) {
      const c = addRow(op.addBlankRow);
      c.querySelectorAll('input[type="text"],input:not([type]),input[type="password"],textarea').forEach((e) => (e.value = ''));
      applied.push(`added a blank "${op.addBlankRow}" row`);
    } else if (op.tick) {
      const boxes = Array.from(form.querySelectorAll(`input[type="checkbox"][name="${op.tick}"]`));
      if (boxes.length !== 1) throw new Error(`${boxes.length} checkboxes named ${op.tick} on ${page}`);
      boxes[0].checked = op.value !== false;
      applied.push(`ticked ${op.tick}=${boxes[0].checked}`);
    } else if (op.tickLabel) {
      const g = groupEl(op.within);
      const box = fieldsIn(g, 'input[type="checkbox"]').find((b) => labelOf(b).includes(op.tickLabel));
      if (!box) {
        const seen = fieldsIn(g, 'input[type="checkbox"]').map((b) => `${b.name}:"${labelOf(b)}"`);
        throw new Error(`no checkbox labelled "${op.tickLabel}" inside ${op.within}; checkboxes there: ${seen.join(', ') || 'none'}`);
      }
      box.checked = op.value !== false;
      applied.push(`ticked "${op.tickLabel}" (${box.name})=${box.checked}`);
      // fields of that block: grouped under its checkbox, or (an inline block) under the enclosing group
      for (const [field, v] of Object.entries(op.set || {})) {
        let els = fieldsIn(box, `[name="_.${field}"]`);
        if (els.length === 0) els = fieldsIn(g, `[name="_.${field}"]`);
        if (els.length !== 1) throw new Error(`${els.length} fields _.${field} inside "${op.tickLabel}"`);
        setValue(els[0], v);
        applied.push(`${field}=${JSON.stringify(v)}`);
      }
    } else {
      throw new Error('unknown op ' + JSON.stringify(op));
    }
  }
  summary.applied = applied;

  function labelOf(box) {
    const parts = [];
    if (box.id) d.querySelectorAll(`label[for="${box.id}"]`).forEach((l) => parts.push(l.textContent));
    if (box.nextElementSibling && box.nextElementSibling.tagName === 'LABEL') parts.push(box.nextElementSibling.textContent);
    if (box.closest('label')) parts.push(box.closest('label').textContent);
    parts.push(box.getAttribute('title') || '');
    return parts.join(' ').replace(/\s+/g, ' ').trim();
  }

  // One more row from the page's template: the real "Add" button when its script works here, else a clone.
  function addRow(name) {
    let t = (templates.get(name) || [])[0];
    if (!t) { // the repeatable script already took the template: copy an existing row instead
      const row = form.querySelector(`.repeated-chunk[name="${name}"]`);
      if (!row) throw new Error(`no template and no row for repeatable "${name}"`);
      t = { container: row.parentElement, chunk: row.cloneNode(true) };
      note(`no row template for "${name}" left on the page; copied an existing row`);
    }
    const before = form.querySelectorAll(`.repeated-chunk[name="${name}"]`).length;
    const chunk = t.chunk.cloneNode(true);
    chunk.classList.remove('to-be-removed');
    const insertion = t.container.querySelector(':scope > .repeatable-insertion-point');
    t.container.insertBefore(chunk, insertion || t.container.querySelector(':scope > .repeatable-add:not(.repeatable-add-top)'));
    try { w.Behaviour.applySubtree(chunk, true); } catch (e) { note('applySubtree(new row): ' + e.message); }
    wireGroups();
    if (form.querySelectorAll(`.repeated-chunk[name="${name}"]`).length !== before + 1) throw new Error(`adding a "${name}" row failed`);
    note(`added a "${name}" row by cloning the page's row template (what the Add button inserts)`);
    return chunk;
  }

  w.buildFormTree(form);
  const fields = new URLSearchParams();
  for (const [k, v] of new w.FormData(form).entries()) {
    if (k === 'json' && v === 'init') continue;
    fields.append(k, typeof v === 'string' ? v : '');
  }
  if (!fields.has('Submit')) fields.append('Submit', 'Save');
  const json = JSON.parse(fields.get('json'));
  fs.writeFileSync(outPrefix + '-json.txt', JSON.stringify(json, null, 1));
  summary.json = json;
  if (errors.length) summary.pageScriptErrors = errors.slice(0, 5);
  if (spec.submit === false) { summary.status = null; return; }

  const action = new URL(form.getAttribute('action'), base + page).href;
  const resp = await fetch(action, {
    method: 'POST', redirect: 'manual', body: fields.toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: await jar.getCookieString(base) },
  });
  const body = await resp.text();
  fs.writeFileSync(outPrefix + '-response.html', body);
  summary.action = action;
  summary.status = resp.status;
  summary.location = resp.headers.get('location') || '';
  summary.text = textOf(body).slice(0, 2000);
  w.close();
}

main()
  .then(() => { finish(0); })
  .catch((e) => { summary.error = String(e.message || e); finish(1); });

function finish(code) {
  const slim = Object.assign({}, summary);
  delete slim.json; // in -json.txt
  try { fs.writeFileSync(outPrefix + '-summary.json', JSON.stringify(summary, null, 1)); } catch (e) { /* ignore */ }
  console.log(JSON.stringify(slim));
  process.exit(code);
}
