#!/usr/bin/env python3
"""The output formats of one run of pgpair, checked against each other.

Usage: formats-check.py DIR [SCHEMA]

DIR holds what the same run printed in each format (out.json, out.sarif,
out.github, out.text), the rule table (rules.json), each rule's
explanation (explain/ID), the version (version) and the working folder
of the run (cwd).  SCHEMA is the SARIF
2.1.0 JSON Schema; without it the SARIF log is not validated against it.

JSON is the reference: the SARIF results and notifications, the GitHub
commands and the text lines must say what its diagnostics say, each in
its own encoding, with the escaping policy of src/escape.h, which this
file implements again on its side.
"""
import json
import os
import re
import sys
import urllib.parse

fails = []


def fail(msg):
    fails.append(msg)


def read(d, name):
    with open(os.path.join(d, name), 'rb') as f:
        return f.read()


def strict_utf8(data, what):
    try:
        return data.decode('utf-8', 'strict')
    except UnicodeDecodeError as e:
        fail('%s is not UTF-8: %s' % (what, e))
        return data.decode('utf-8', 'replace')


BIDI = set([0x061c, 0x200e, 0x200f]) | set(range(0x202a, 0x202f)) | \
    set(range(0x2066, 0x206a))


def policy_text(s, keep=''):
    """A JSON-decoded string as text and GitHub commands write it."""
    out = []
    for ch in s:
        c = ord(ch)
        if ch in keep:
            out.append(ch)
        elif 0x80 <= c <= 0x9f or c in BIDI:
            out.append('\\u%04x' % c)
        elif c < 0x20 or c == 0x7f:
            out.append('\\x%02x' % c)
        else:
            out.append(ch)
    return ''.join(out)


def raw_bytes(s):
    """The bytes a JSON string stands for: \\xNN is a byte of the input."""
    out = bytearray()
    i = 0
    while i < len(s):
        m = re.match(r'\\x([0-9a-f]{2})', s[i:])
        if m:
            out.append(int(m.group(1), 16))
            i += 4
        else:
            out += s[i].encode('utf-8')
            i += 1
    return bytes(out)


CWD = ''


def relative(path):
    """A file as SARIF and GitHub name it: relative to the working folder."""
    if path.startswith(CWD + '/'):
        path = path[len(CWD) + 1:]
    while path.startswith('./'):
        path = path[2:].lstrip('/')
    return path


def main():
    global CWD
    d = sys.argv[1]
    schema_path = sys.argv[2] if len(sys.argv) > 2 else None
    CWD = read(d, 'cwd').decode().rstrip('\n')

    diags = json.loads(strict_utf8(read(d, 'out.json'), 'JSON'))['diagnostics']
    rules = json.loads(read(d, 'rules.json'))['rules']
    version = read(d, 'version').decode().split('\n')[0].split(' ')[1]

    # --- SARIF -----------------------------------------------------------
    sarif = json.loads(strict_utf8(read(d, 'out.sarif'), 'SARIF'))
    if schema_path:
        import jsonschema
        with open(schema_path) as f:
            schema = json.load(f)
        v = jsonschema.Draft4Validator(
            schema, format_checker=jsonschema.FormatChecker())
        for e in sorted(v.iter_errors(sarif), key=lambda e: list(e.path)):
            fail('SARIF against the schema: %s at %s' %
                 (e.message, '/'.join(str(p) for p in e.path)))
    if sarif.get('version') != '2.1.0':
        fail('SARIF version %r' % sarif.get('version'))
    run = sarif['runs'][0]
    drv = run['tool']['driver']
    if drv.get('name') != 'pgpair' or drv.get('version') != version:
        fail('SARIF driver %r %r, not pgpair %s' %
             (drv.get('name'), drv.get('version'), version))
    if not re.match(r'^https?://', drv.get('informationUri', '')):
        fail('SARIF informationUri %r' % drv.get('informationUri'))
    if run.get('columnKind') != 'unicodeCodePoints':
        fail('SARIF columnKind %r' % run.get('columnKind'))
    level = {'info': 'note', 'warning': 'warning', 'error': 'error'}
    srules = drv.get('rules', [])
    if [r['id'] for r in srules] != [r['id'] for r in rules]:
        fail('SARIF rules are not the rule table, in its order')
    for sr, r in zip(srules, rules):
        explain = read(d, 'explain/' + r['id']).decode()
        head, _, rest = explain.partition('\n\n')
        want = {
            'shortDescription': r['summary'],
            'fullDescription': r['doc'],
            'help': rest.rstrip('\n'),
        }
        for k, w in want.items():
            if sr.get(k, {}).get('text') != w:
                fail('SARIF rule %s: %s %r, not %r' %
                     (r['id'], k, sr.get(k, {}).get('text'), w))
        if head != '%s (%s)' % (r['id'], r['level']):
            fail('pgpair explain %s: first line %r' % (r['id'], head))
        if sr.get('defaultConfiguration', {}).get('level') != level[r['level']]:
            fail('SARIF rule %s: default level %r' % (r['id'],
                 sr.get('defaultConfiguration')))

    def message(dg):
        return dg['message'] + ('\nhint: ' + dg['hint'] if 'hint' in dg else '')

    want_results = [dg for dg in diags if dg['rule'] and dg['file']]
    want_notes = [dg for dg in diags if not (dg['rule'] and dg['file'])]
    results = run.get('results', [])
    inv = run.get('invocations', [{}])[0]
    notes = inv.get('toolExecutionNotifications', [])
    if len(results) != len(want_results):
        fail('SARIF has %d results, JSON %d findings' %
             (len(results), len(want_results)))
    if len(notes) != len(want_notes):
        fail('SARIF has %d notifications, JSON %d other diagnostics' %
             (len(notes), len(want_notes)))
    ok = not any(dg['rule'] is None and dg['severity'] == 'error'
                 for dg in diags)
    if inv.get('executionSuccessful') is not ok:
        fail('SARIF executionSuccessful %r' % inv.get('executionSuccessful'))

    def check_location(what, loc, dg):
        pl = loc['physicalLocation']
        uri = pl['artifactLocation']['uri']
        if re.match(r'^[A-Za-z][A-Za-z0-9+.-]*:', uri):
            fail('%s: uri %r is not relative' % (what, uri))
        if re.search(r'[^A-Za-z0-9._~/%-]', uri):
            fail('%s: uri %r has a character it should escape' % (what, uri))
        got = urllib.parse.unquote_to_bytes(uri)
        if got != raw_bytes(relative(dg['file'])):
            fail('%s: uri %r is not the file %r' % (what, uri, dg['file']))
        reg = pl['region']
        want = (dg['line'] or 1, dg['column'])
        if (reg.get('startLine'), reg.get('startColumn')) != want:
            fail('%s: region %r, not line %r column %r' %
                 (what, reg, dg['line'], dg['column']))

    for i, (res, dg) in enumerate(zip(results, want_results)):
        what = 'SARIF result %d' % i
        if res.get('ruleId') != dg['rule']:
            fail('%s: ruleId %r, not %r' % (what, res.get('ruleId'), dg['rule']))
        ri = res.get('ruleIndex')
        if ri is None or srules[ri]['id'] != dg['rule']:
            fail('%s: ruleIndex %r' % (what, ri))
        if res.get('level') != level[dg['severity']]:
            fail('%s: level %r' % (what, res.get('level')))
        if res['message']['text'] != message(dg):
            fail('%s: message %r, not %r' % (what, res['message']['text'],
                 message(dg)))
        check_location(what, res['locations'][0], dg)
    for i, (n, dg) in enumerate(zip(notes, want_notes)):
        what = 'SARIF notification %d' % i
        if n.get('level') != level[dg['severity']] or \
                n['message']['text'] != message(dg):
            fail('%s: %r, not %r' % (what, n, dg))
        if dg['file']:
            check_location(what, n['locations'][0], dg)

    # --- GitHub workflow commands ------------------------------------------
    gh = strict_utf8(read(d, 'out.github'), 'GitHub output')
    lines = gh.split('\n')
    if lines[-1] != '':
        fail('GitHub output does not end with a line break')
    lines = lines[:-1]
    if len(lines) != len(diags):
        fail('GitHub has %d commands, JSON %d diagnostics' %
             (len(lines), len(diags)))
    command = {'info': 'notice', 'warning': 'warning', 'error': 'error'}
    pat = re.compile(r'^::(error|warning|notice) ((?:[a-z]+=[^,:]*,)*'
                     r'title=[^,:]*)::(.*)$')

    def unprop(s):
        return s.replace('%3A', ':').replace('%2C', ',').replace(
            '%0D', '\r').replace('%0A', '\n').replace('%25', '%')

    def unmsg(s):
        return s.replace('%0D', '\r').replace('%0A', '\n').replace('%25', '%')

    for i, (line, dg) in enumerate(zip(lines, diags)):
        what = 'GitHub command %d' % i
        if re.search(r'[\x00-\x08\x0b-\x1f\x7f]', line):
            fail('%s holds a control character: %r' % (what, line))
        m = pat.match(line)
        if not m:
            fail('%s: not a workflow command: %r' % (what, line))
            continue
        if m.group(1) != command[dg['severity']]:
            fail('%s: %s for %s' % (what, m.group(1), dg['severity']))
        props = dict(p.split('=', 1) for p in m.group(2).split(','))
        props = {k: unprop(v) for k, v in props.items()}
        want = {'title': dg['rule'] or 'pgpair'}
        if dg['file']:
            want['file'] = policy_text(relative(dg['file']), '\t\r\n')
            if dg['line']:
                want['line'] = str(dg['line'])
                want['col'] = str(dg['column'])
        if props != want:
            fail('%s: properties %r, not %r' % (what, props, want))
        if unmsg(m.group(3)) != policy_text(message(dg), '\t\r\n'):
            fail('%s: message %r, not %r' % (what, unmsg(m.group(3)),
                 policy_text(message(dg), '\t\r\n')))

    # --- text ----------------------------------------------------------
    text = strict_utf8(read(d, 'out.text'), 'text output')
    if re.search(r'[\x00-\x08\x0b-\x1f\x7f]', text):
        fail('text output holds a control character')
    tl = text.split('\n')
    at = 0
    for dg in diags:
        loc = 'pgpair' if dg['file'] is None else \
            policy_text(dg['file'], '\t\n') + \
            ('' if dg['line'] is None else ':%d:%d' % (dg['line'], dg['column']))
        head = '%s: %s: %s%s' % (loc, dg['severity'],
                                 policy_text(dg['message'], '\t\n'),
                                 ' [%s]' % dg['rule'] if dg['rule'] else '')
        while at < len(tl) and tl[at] != head.split('\n')[0]:
            at += 1
        if at == len(tl):
            fail('text lacks %r, in order' % head)
            break
        at += 1

    if fails:
        for f in fails:
            print('FAIL: ' + f)
        return 1
    print('ok: %d diagnostics, %d SARIF results, %d notifications%s' %
          (len(diags), len(results), len(notes),
           ', schema-valid' if schema_path else ''))
    return 0


sys.exit(main())
