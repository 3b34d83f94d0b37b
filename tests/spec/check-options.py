#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that kiscsi(8) and the bash completion cover every command of
the tool's table (userspace/kiscsi.c) and every long option of each
command (the getopt tables of userspace/cmd_*.c). Flat TAP."""
import os
import re
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
US = os.path.join(TOP, 'userspace')


def main():
    n = failed = 0
    with open(os.path.join(US, 'kiscsi.c')) as f:
        cmds = re.findall(r'\{\s*"([a-z]+)",\s*cmd_(\w+),', f.read())
    with open(os.path.join(US, 'man', 'kiscsi.8')) as f:
        man = f.read().replace('\\-', '-')
    with open(os.path.join(US, 'completion', 'kiscsi')) as f:
        comp = f.read()
    for name, fn in cmds:
        path = os.path.join(US, 'cmd_%s.c' % fn)
        with open(path) as f:
            opts = sorted(set(re.findall(
                r'\{\s*"([a-z0-9-]+)",\s*(?:required|no|optional)_argument', f.read())))
        for where, text, pat in (('kiscsi(8)', man, r'\.SS %s\b|\.B kiscsi %s\b'),
                                 ('completion', comp, r'\b%s\b')):
            n += 1
            good = re.search(pat.replace('%s', re.escape(name)), text)
            failed += not good
            print('%s %d - %s covers command %s' % ('ok' if good else 'not ok', n, where, name))
        for o in opts:
            if o == 'help':
                continue
            for where, text in (('kiscsi(8)', man), ('completion', comp)):
                n += 1
                good = re.search(r'(?<![\w-])--%s(?![\w-])' % re.escape(o), text)
                failed += not good
                print('%s %d - %s covers %s --%s' % ('ok' if good else 'not ok', n,
                                                    where, name, o))
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
