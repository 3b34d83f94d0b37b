#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that Documentation/netlink/specs/kiscsi.yaml and the uapi header
include/uapi/linux/kiscsi.h describe the same contract: family name and
version, every enum (names, values, order), every attribute set
(names, values, order, and the type a header comment gives), every
command, the multicast group and the constants. Prints flat TAP; the
exit status is non-zero when they disagree."""
import os
import re
import sys

import yaml

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
HDR = os.path.join(TOP, 'include/uapi/linux/kiscsi.h')
SPEC = os.environ.get('KISCSI_SPEC') or os.path.join(
    TOP, 'Documentation/netlink/specs/kiscsi.yaml')

n = 0
failed = 0


def ok(cond, name, diag=None):
    global n, failed
    n += 1
    print(('ok' if cond else 'not ok') + ' %d - %s' % (n, name))
    if not cond:
        failed += 1
        if diag:
            for line in str(diag).splitlines():
                print('# ' + line)


def strip_comments(text):
    return re.sub(r'/\*.*?\*/', lambda m: ' ' * len(m.group(0)), text,
                  flags=re.S)


def header_enums(text):
    """{enum name: [(CONST, value, comment)]}; __X_MAX/__X_LAST dropped."""
    enums = {}
    for m in re.finditer(r'enum\s+(\w+)\s*\{(.*?)\};', text, re.S):
        body = m.group(2)
        entries, val = [], 0
        for line in body.splitlines():
            cm = re.search(r'/\*(.*?)\*/', line)
            code = re.sub(r'/\*.*?\*/', '', line).strip().rstrip(',')
            if not code:
                continue
            if '=' in code:
                name, v = (x.strip() for x in code.split('=', 1))
                val = int(v, 0)
            else:
                name = code
            if not name.startswith('__'):
                entries.append((name, val, cm.group(1).strip() if cm else ''))
            val += 1
        enums[m.group(1)] = entries
    return enums


def header_defines(text):
    return dict(re.findall(r'#define\s+(\w+)\s+("[^"]*"|\d+)', text))


def c_name(prefix, name):
    return (prefix + name).upper().replace('-', '_')


# The attribute type a header comment states, when it states one.
COMMENT_TYPES = [('binary', 'binary'), ('string', 'string'),
                 ('nest', 'nest'), ('flag', 'flag'), ('u16', 'u16'),
                 ('u32', 'u32'), ('u64', 'u64')]


def comment_type(comment):
    for word, t in COMMENT_TYPES:
        if re.match(r'\s*' + word + r'\b', comment):
            return t
    return None


def main():
    with open(HDR) as f:
        raw = f.read()
    with open(SPEC) as f:
        spec = yaml.safe_load(f)
    enums = header_enums(raw)
    defines = header_defines(strip_comments(raw))

    ok(spec.get('protocol') in ('genetlink', 'genetlink-legacy'),
       'the spec is a generic netlink family')
    ok(defines.get('KISCSI_GENL_NAME') == '"%s"' % spec['name'],
       'family name %s' % spec['name'], defines.get('KISCSI_GENL_NAME'))
    ok(str(spec.get('version')) == defines.get('KISCSI_GENL_VERSION'),
       'family version', (spec.get('version'), defines.get('KISCSI_GENL_VERSION')))

    seen_enums = set()
    for d in spec.get('definitions', []):
        if d['type'] == 'const':
            cname = c_name(d.get('name-prefix', 'kiscsi-'), d['name'])
            ok(defines.get(cname) == str(d['value']),
               'constant %s = %s' % (cname, d['value']), defines.get(cname))
            continue
        ename = d.get('enum-name') or 'kiscsi_' + d['name'].replace('-', '_')
        seen_enums.add(ename)
        want = enums.get(ename)
        ok(want is not None, 'enum %s exists in the header' % ename)
        if want is None:
            continue
        prefix = d.get('name-prefix', 'kiscsi-%s-' % d['name'])
        got = []
        for i, e in enumerate(d['entries']):
            name = e['name'] if isinstance(e, dict) else e
            val = e.get('value', i) if isinstance(e, dict) else i
            got.append((c_name(prefix, name), val))
        ok(got == [(c, v) for c, v, _ in want],
           'enum %s: every value, name and order' % ename,
           'spec:   %s\nheader: %s' % (got, [(c, v) for c, v, _ in want]))

    for aset in spec['attribute-sets']:
        ename = aset.get('enum-name') or 'kiscsi_%s_attr' % aset['name']
        seen_enums.add(ename)
        want = enums.get(ename)
        ok(want is not None, 'attribute set %s is enum %s' % (aset['name'], ename))
        if want is None:
            continue
        got, val = [], 0
        for a in aset['attributes']:
            val = a.get('value', val)
            got.append((c_name(aset['name-prefix'], a['name']), val, a))
            val += 1
        ok([(c, v) for c, v, _ in got] == [(c, v) for c, v, _ in want],
           'attribute set %s: every attribute, value and order' % aset['name'],
           'spec:   %s\nheader: %s' % ([c for c, _, _ in got],
                                       [c for c, _, _ in want]))
        bad = []
        for (c, _, a), (hc, _, comment) in zip(got, want):
            t = comment_type(comment)
            if t and a.get('type') != t and not (
                    t == 'string' and a.get('type') == 'string'):
                bad.append('%s: spec %s, header says %s' % (c, a.get('type'), t))
            if a.get('type') == 'nest' and 'nested-attributes' not in a:
                bad.append('%s: a nest without nested-attributes' % c)
        ok(not bad, 'attribute set %s: types agree with the header' % aset['name'],
           '\n'.join(bad))
        names = {a['name'] for a in aset['attributes']}
        for a in aset['attributes']:
            na = a.get('nested-attributes')
            if na:
                ok(any(s['name'] == na for s in spec['attribute-sets']),
                   '%s nests attribute set %s' % (a['name'], na))
        del names

    ops = spec['operations']
    prefix = ops.get('name-prefix', 'kiscsi-cmd-')
    got, val = [], 0
    for o in ops['list']:
        val = o.get('value', val)
        got.append((c_name(prefix, o['name']), val))
        val += 1
    want = [(c, v) for c, v, _ in enums['kiscsi_cmd']]
    seen_enums.add('kiscsi_cmd')
    ok(got == want, 'operations: every command, value and order',
       'spec:   %s\nheader: %s' % (got, want))
    for o in ops['list']:
        aset = o.get('attribute-set')
        if not aset:
            continue
        names = {a['name'] for s in spec['attribute-sets'] if s['name'] == aset
                 for a in s['attributes']}
        used = []
        for kind in ('do', 'dump', 'event'):
            part = o.get(kind) or {}
            if kind == 'event':
                used += part.get('attributes', [])
            for sub in ('request', 'reply'):
                used += (part.get(sub) or {}).get('attributes', [])
        unknown = sorted(set(used) - names)
        ok(not unknown, 'operation %s uses only attributes of %s' % (o['name'], aset),
           unknown)

    groups = [g['name'] for g in spec.get('mcast-groups', {}).get('list', [])]
    ok(['"%s"' % g for g in groups] == [defines.get('KISCSI_MCGRP_EVENTS')],
       'multicast group events', groups)

    missing = sorted(set(enums) - seen_enums)
    ok(not missing, 'the spec describes every enum of the header', missing)
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
