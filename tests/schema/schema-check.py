#!/usr/bin/env python3
"""
tests/schema: schemas/cluster.schema.json against pgpair itself.

The schema is what an editor (yaml-language-server) checks a description
with; pgpair check is the judge.  This script
  - checks the schema against the 2020-12 meta-schema, and that every key
    has a description and examples that validate;
  - compares, for every description given, the schema's verdict with
    pgpair's structural verdict: a description with a diagnostic of a rule
    of scope SCOPE_YAML in src/rules.def (yaml-*, cluster-unknown-key,
    cluster-type, ...) is rejected, any other is accepted, whatever the
    later rules say.  A case may say what it expects in its first lines:
        # schema: valid|invalid
        # gap: why pgpair disagrees (a check a schema cannot express)
    and a gap case must disagree, so that the list of gaps stays true; a
    first line "# RULE: ..." names the rule pgpair must report;
  - catches drift between src/model.c and the schema: every key of a
    *_keys array, the connection types and methods, the encodings, the
    settings pgpair owns and the patterns.

A description is turned into the JSON data model as pgpair reads YAML
(YAML 1.2 core schema, as yaml-language-server does): a plain scalar is
null, a boolean, an integer or a float when that schema says so, !!str and
! make a string, keys are their text.  A YAML error or a duplicate key,
which an editor reports before any schema, counts as a rejection.
Patterns are ECMA-262 regular expressions; Python's re is close, but its
$ also matches before a final newline and its . matches a carriage return,
so both are translated.

usage: schema-check.py --schema FILE --pgpair PROG --srcdir DIR FILE...
"""
import argparse
import json
import os
import re
import subprocess
import sys

import yaml
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

# --- YAML as pgpair reads it ----------------------------------------------


class YamlError(Exception):
    pass


NULLS = {"", "~", "null", "Null", "NULL"}
BOOLS = {"true": True, "True": True, "TRUE": True,
         "false": False, "False": False, "FALSE": False}
INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
NAN = re.compile(r"\.(?:nan|NaN|NAN)")


def scalar(ev):
    """The JSON value of a scalar event, by YAML 1.2's core schema."""
    s = ev.value
    plain = ev.style in (None, "") and ev.tag not in ("tag:yaml.org,2002:str", "!")
    if not plain:
        return s
    if s in NULLS:
        return None
    if s in BOOLS:
        return BOOLS[s]
    if INT.fullmatch(s):
        if s.startswith("0o"):
            return int(s[2:], 8)
        if s.startswith("0x"):
            return int(s[2:], 16)
        return int(s)
    if FLOAT.fullmatch(s):
        return float(s)
    if INF.fullmatch(s):
        return float("-inf") if s[0] == "-" else float("inf")
    if NAN.fullmatch(s):
        return float("nan")
    return s


def load(data):
    """A description's bytes -> JSON data, or YamlError."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise YamlError(str(e))
    anchors = {}
    stack = []          # [container, pending key or None]
    root = []
    ndocs = 0
    try:
        for ev in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(ev, yaml.DocumentStartEvent):
                ndocs += 1
                if ndocs > 1:
                    raise YamlError("more than one document")
                continue
            if isinstance(ev, yaml.ScalarEvent):
                node, key = scalar(ev), ev.value
            elif isinstance(ev, yaml.AliasEvent):
                if ev.anchor not in anchors:
                    raise YamlError("undefined alias " + ev.anchor)
                node, key = anchors[ev.anchor]
            elif isinstance(ev, (yaml.MappingStartEvent,
                                 yaml.SequenceStartEvent)):
                node = {} if isinstance(ev, yaml.MappingStartEvent) else []
                if ev.anchor is not None:
                    anchors[ev.anchor] = (node, None)
                stack.append([node, None, ev.anchor])
                continue
            elif isinstance(ev, (yaml.MappingEndEvent,
                                 yaml.SequenceEndEvent)):
                node, _, _ = stack.pop()
                key = None
            else:
                continue
            if isinstance(ev, yaml.ScalarEvent) and ev.anchor is not None:
                anchors[ev.anchor] = (node, key)
            if not stack:
                root.append(node)
                continue
            top = stack[-1]
            if isinstance(top[0], list):
                top[0].append(node)
            elif top[1] is None:
                if key is None:
                    raise YamlError("a mapping key must be a scalar")
                if key in top[0]:
                    raise YamlError("duplicate key " + key)
                top[1] = key
            else:
                top[0][top[1]] = node
                top[1] = None
    except yaml.YAMLError as e:
        raise YamlError(str(e).replace("\n", " "))
    # No document, or an empty one: an empty mapping, as pgpair reads it.
    if not root or root[0] is None and empty_plain_root(text):
        return {}
    return root[0]


def empty_plain_root(text):
    for ev in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(ev, yaml.ScalarEvent):
            return ev.value == "" and ev.style in (None, "")
    return True

# --- the schema, with ECMA-262 patterns -----------------------------------


def ecma(pattern):
    """An ECMA-262 pattern as Python's re reads it the same way."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":     # "[]...]": ] is literal
                out.append("[]")
                i += 2
                continue
        elif c == "$":
            c = r"\Z"
        elif c == ".":
            c = r"[^\n\r\u2028\u2029]"
        out.append(c)
        i += 1
    return "".join(out)


_compiled = {}


def ecma_pattern(validator, patrn, instance, schema):
    if not validator.is_type(instance, "string"):
        return
    if patrn not in _compiled:
        _compiled[patrn] = re.compile(ecma(patrn))
    if not _compiled[patrn].search(instance):
        yield ValidationError(f"{instance!r} does not match {patrn!r}")


Validator = validators.extend(Draft202012Validator, {"pattern": ecma_pattern})

# --- the test ---------------------------------------------------------------

fails = 0


def fail(msg):
    global fails
    fails += 1
    print("FAIL " + msg)


def structural_rules(srcdir):
    text = open(os.path.join(srcdir, "src/rules.def")).read()
    ids = re.findall(r'RULE\(\s*[A-Z0-9_]+,\s*"([a-z0-9-]+)",\s*[A-Z_]+,\s*'
                     r'SCOPE_YAML\b', text)
    if len(ids) < 5:
        sys.exit("schema-check: cannot read the SCOPE_YAML rules of rules.def")
    return set(ids)


def pgpair_verdict(pgpair, path, structural):
    """(accepted, rules): no diagnostic of a structural rule."""
    r = subprocess.run([pgpair, "check", "--format", "json", path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"pgpair check exited {r.returncode}: "
                           f"{r.stderr.decode(errors='replace')}")
    diags = json.loads(r.stdout)["diagnostics"]
    rules = sorted({d["rule"] for d in diags if d["rule"] in structural})
    return not rules, rules


def schema_verdict(v, path):
    """(valid, why)."""
    try:
        with open(path, "rb") as f:
            doc = load(f.read())
    except YamlError as e:
        return False, "YAML: " + str(e)
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if not errs:
        return True, ""
    e = errs[0]
    where = "/".join(str(p) for p in e.absolute_path) or "(top)"
    msg = e.message if len(e.message) < 160 else e.message[:160] + "..."
    return False, f"{where}: {msg}"


def header(path):
    """The case's expectations: schema verdict, gap, and pgpair's rule."""
    want, gap, rule = None, None, None
    with open(path, encoding="utf-8", errors="replace") as f:
        for i, line in enumerate(f):
            if not line.startswith("#"):
                break
            m = re.match(r"#\s*(schema|gap):\s*(.*\S)", line)
            if m and m.group(1) == "schema":
                want = m.group(2) == "valid"
            elif m:
                gap = m.group(2)
            elif i == 0:
                m = re.match(r"#\s*([a-z]+-[a-z-]+):", line)
                rule = m.group(1) if m else None
    return want, gap, rule


def agree(v, pgpair, structural, files):
    n = 0
    for path in files:
        n += 1
        name = os.path.relpath(path)
        ok, why = schema_verdict(v, path)
        accepted, rules = pgpair_verdict(pgpair, path, structural)
        want, gap, rule = header(path)
        said = f"schema {'valid' if ok else 'invalid'}" + \
            (f" ({why})" if why else "") + \
            f", pgpair {'accepts' if accepted else 'rejects: ' + ' '.join(rules)}"
        if want is not None and ok != want:
            fail(f"{name}: the case says schema {'valid' if want else 'invalid'}; {said}")
        elif gap is not None and ok == accepted:
            fail(f"{name}: a known gap ({gap}), but now they agree; {said}")
        elif want is not None and rule is not None and rule not in rules:
            fail(f"{name}: the case is about {rule}, which pgpair does not "
                 f"report; {said}")
        elif gap is None and ok != accepted:
            fail(f"{name}: the schema and pgpair disagree; {said}")
        else:
            print(f"ok {name}: {said}" + (f" [gap: {gap}]" if gap else ""))
    return n

# --- every key documented, with examples that validate --------------------


def walk_properties(schema, node, where):
    """Yield (where, subschema) for every entry of every "properties"."""
    if isinstance(node, dict):
        for k, sub in node.get("properties", {}).items():
            yield f"{where}/{k}", sub
        for k, sub in node.items():
            if k != "properties" or not isinstance(sub, dict):
                yield from walk_properties(schema, sub, f"{where}/{k}")
            else:
                for pk, psub in sub.items():
                    yield from walk_properties(schema, psub, f"{where}/{pk}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from walk_properties(schema, sub, f"{where}/{i}")


def documented(schema):
    n = 0
    v = Validator(schema)
    for e in schema.get("examples", []):
        for err in v.iter_errors(e):
            fail(f"the schema's example {e!r} does not validate: {err.message[:120]}")
            break
    for where, sub in walk_properties(schema, schema, ""):
        # "if" and "not" restate a key to constrain it, not to document it
        if re.search(r"/(if|then|else|not|allOf)(/|$)", where):
            continue
        n += 1
        if not sub.get("description"):
            fail(f"schema key {where} has no description")
        ex = sub.get("examples")
        if not ex:
            fail(f"schema key {where} has no examples")
            continue
        wrapped = dict(sub)
        wrapped["$defs"] = schema.get("$defs", {})
        ev = Validator(wrapped)
        for e in ex:
            for err in ev.iter_errors(e):
                fail(f"schema key {where}: example {e!r} does not validate: "
                     f"{err.message[:120]}")
                break
    return n

# --- drift from src/model.c ------------------------------------------------

# Where each *_keys array of model.c lives in the schema.
KEY_ARRAYS = {
    "top_keys": "",
    "postgres_keys": "/properties/postgres",
    "replication_keys": "/properties/replication",
    "password_keys": "/$defs/password",
    "sync_keys": "/properties/synchronous",
    "initdb_keys": "/properties/initdb",
    "node_keys": "/$defs/node",
    "access_keys": "/$defs/access",
}


def pointer(schema, ptr):
    node = schema
    for part in ptr.split("/")[1:]:
        node = node[part]
    return node


def c_array(model, name):
    m = re.search(r"static const char \*const " + re.escape(name) +
                  r"\[\] = \{(.*?)\};", model, re.S)
    return re.findall(r'"([^"]*)"', m.group(1)) if m else None


# Patterns made from model.c's lists: what the schema must hold.
LOOSE = "[^A-Za-z0-9\\u0000]*"


def encoding_pattern(names):
    """clean_encoding(): letters and digits in any case, the rest dropped."""
    def core(name):
        return LOOSE.join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c
                          for c in name.lower() if c.isalnum())
    return "^" + LOOSE + "(?:" + "|".join(core(n) for n in names) + ")" + \
        LOOSE + "$"


def owned_pattern(names):
    """strcasecmp(): each name in any case (the schema refuses it with a
    negative lookahead, which editors report with its message)."""
    def ci(name):
        return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c
                       for c in name)
    return "^(?:" + "|".join(ci(n) for n in names) + ")$"


def accepts(v, sub, value):
    return not any(True for _ in v.evolve(schema=sub).iter_errors(value))


def drift(schema, srcdir):
    model = open(os.path.join(srcdir, "src/model.c")).read()
    v = Validator(schema)
    arrays = re.findall(r"^static const char \*const ([a-z_]+_keys)\[\]",
                        model, re.M)
    for name in arrays:
        if name not in KEY_ARRAYS:
            fail(f"src/model.c has a new array {name}: give its keys a place "
                 "in schemas/cluster.schema.json and in KEY_ARRAYS of "
                 "tests/schema/schema-check.py")
            continue
        keys = c_array(model, name)
        props = pointer(schema, KEY_ARRAYS[name]).get("properties", {})
        for k in keys:
            if k not in props:
                fail(f"key {k} ({name} of src/model.c) is not in the schema "
                     f"at {KEY_ARRAYS[name] or '/'}/properties")
        for k in props:
            if k not in keys:
                fail(f"the schema has key {k} at {KEY_ARRAYS[name] or '/'}, "
                     f"which {name} of src/model.c lacks")
        print(f"ok drift: {name}: {len(keys)} keys")
    for name in KEY_ARRAYS:
        if name not in arrays:
            fail(f"src/model.c has no array {name} any more")
    access = pointer(schema, "/$defs/access/properties")
    vocab_c = open(os.path.join(srcdir, "src/hba_vocab.c")).read()
    types = re.findall(r'\[HBA_[A-Z]+\] = "([a-z]+)"', vocab_c)
    # the methods a Linux server can have (not HBA_FEAT_NEVER)
    methods = [m for m, needs in re.findall(
        r'\{ "([a-z0-9-]+)",\s+AUTH_[A-Z0-9]+,\s+\d+, ([A-Z_0-9]+) \}',
        vocab_c) if needs != "HBA_FEAT_NEVER"]
    for want, key, arr in ((types, "type", "conntype_names"),
                           (methods, "method", "methods")):
        if not want or sorted(want) != sorted(access[key]["enum"]):
            fail(f"access {key}: the schema's enum {access[key]['enum']} "
                 f"is not {arr} of src/hba_vocab.c {want}")
    # The encodings, as written and spelled loosely.
    enc = pointer(schema, "/properties/initdb/properties/encoding")
    server = c_array(model, "server_encodings") or []
    if enc.get("pattern") != encoding_pattern(server):
        fail("the schema's encoding pattern is not made of server_encodings "
             "of src/model.c; it would be:\n" +
             json.dumps(encoding_pattern(server)))
    for e in server:
        for spelling in dict.fromkeys((e, e.lower(), e.replace("_", "-"),
                                       e.lower().replace("_", ""))):
            if not accepts(v, enc, spelling):
                fail(f"the schema refuses server encoding {spelling!r}")
        if e not in enc.get("examples", []):
            fail(f"server encoding {e} is not among the schema's examples")
    for e in c_array(model, "client_encodings") or []:
        if accepts(v, enc, e) or accepts(v, enc, e.lower()):
            fail(f"the schema accepts client-only encoding {e!r}")
    # The settings pgpair owns, in any case.
    owned = re.findall(r'\{ "([a-z_]+)", "', model.split("owned_settings[] = {")[1].split("};")[0])
    names = pointer(schema, "/$defs/settings/propertyNames")
    if not any(p.get("pattern") == "^(?!" + owned_pattern(owned)[1:] + ")"
               for p in names.get("allOf", [])):
        fail("the schema's pattern of the settings pgpair owns is not made "
             "of owned_settings of src/model.c; it would be:\n" +
             json.dumps("^(?!" + owned_pattern(owned)[1:] + ")"))
    for o in owned:
        for spelling in (o, o.upper(), o.capitalize()):
            if accepts(v, names, spelling):
                fail(f"the schema accepts setting {spelling!r}, which pgpair owns")
    if not accepts(v, names, "work_mem") or not accepts(v, names, "pg_stat_statements.track"):
        fail("the schema refuses setting names it must accept")
    # The patterns: each PAT_ of model.c, anchored, is a pattern of the schema.
    text = json.dumps(schema)
    pats = dict(re.findall(r'#define (PAT_[A-Z_]+)\s+((?:"(?:[^"\\]|\\.)*"\s*(?:\\\n\s*)?)+)', model))
    if len(pats) < 8:
        fail(f"found {len(pats)} PAT_ patterns in src/model.c")
    inline = {"PAT_HOSTNAME", "PAT_HBA_NAME"}     # inside longer patterns
    all_patterns = set()
    def collect(node):
        if isinstance(node, dict):
            for k, s in node.items():
                if k == "pattern" and isinstance(s, str):
                    all_patterns.add(s)
                collect(s)
        elif isinstance(node, list):
            for s in node:
                collect(s)
    collect(schema)
    for name, lit in pats.items():
        p = "".join(json.loads(x) for x in re.findall(r'"(?:[^"\\]|\\.)*"', lit))
        if name in inline:
            found = any(p in s for s in all_patterns)
        else:
            found = "^" + p + "$" in all_patterns
        if not found:
            fail(f"{name} of src/model.c ({p}) is not a pattern of the schema")
    print(f"ok drift: {len(pats)} patterns")
    # the supported majors are the catalogs (tools/catalog2c.sh --majors)
    majors = sorted(int(m) for m in re.findall(
        r"pg(\d+)\.tsv", " ".join(os.listdir(os.path.join(srcdir,
                                                        "schemas")))))
    lo, hi = majors[0], majors[-1]
    ver = pointer(schema, "/properties/postgres/properties/version")
    if (ver.get("minimum"), ver.get("maximum")) != (lo, hi):
        fail(f"postgres.version: the schema says {ver.get('minimum')} to "
             f"{ver.get('maximum')}, the catalogs in schemas/ {lo} to {hi}")
    if f"{lo} to {hi}" not in ver.get("description", ""):
        fail(f"postgres.version: the schema's description does not say "
             f"{lo} to {hi}")


def addresses(schema):
    """
    The address patterns against inet_pton(), which pgpair calls: the C
    library's, through Python's socket module, on strings of the shapes
    that matter (groups, ::, an IPv4 tail, octets at their limits), from a
    fixed seed so that a failure repeats.
    """
    import random
    import socket
    v = Validator(schema)
    pats = {4: pointer(schema, "/$defs/ipv4"), 6: pointer(schema, "/$defs/ipv6")}
    rnd = random.Random(11)
    octets = ["0", "1", "9", "10", "99", "100", "199", "200", "249", "250",
              "255", "256", "01", "00", "1000", ""]
    def v4():
        return ".".join(rnd.choice(octets) for _ in range(rnd.choice([3, 4, 4, 4, 5])))
    def group():
        return rnd.choice(["0", "1", "ff", "FFFF", "abcd", "0db8", "00000", "fffff", "g", ""])
    def v6():
        g = [group() for _ in range(rnd.randint(1, 9))]
        if rnd.random() < 0.3:
            g[-1] = v4()
        if rnd.random() < 0.6:
            j = rnd.randint(0, len(g))
            return ":".join(g[:j]) + "::" + ":".join(g[j:])
        return ":".join(g)
    n = bad = 0
    for fam, gen, af in ((4, v4, socket.AF_INET), (6, v6, socket.AF_INET6)):
        for _ in range(20000):
            s = gen()
            try:
                socket.inet_pton(af, s)
                want = True
            except (OSError, ValueError):
                want = False
            n += 1
            if accepts(v, pats[fam], s) != want:
                bad += 1
                if bad <= 5:
                    fail(f"IPv{fam} pattern: {s!r} is {'valid' if want else 'invalid'} "
                         "for inet_pton, not for the schema")
    if bad == 0:
        print(f"ok addresses: {n} strings, the IPv4 and IPv6 patterns agree with inet_pton")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schema", required=True)
    ap.add_argument("--pgpair", required=True)
    ap.add_argument("--srcdir", required=True)
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    with open(a.schema) as f:
        schema = json.load(f)
    try:
        Draft202012Validator.check_schema(schema)
    except Exception as e:
        fail(f"{a.schema} is not a valid 2020-12 schema: {e}")
        return 1
    if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
        fail("the schema does not declare draft 2020-12")
    nkeys = documented(schema)
    print(f"ok documented: {nkeys} keys with a description and examples")
    drift(schema, a.srcdir)
    addresses(schema)
    n = agree(Validator(schema), a.pgpair, structural_rules(a.srcdir), a.files)
    print(f"{n} descriptions compared, {fails} failure(s)")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
