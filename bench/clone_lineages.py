#!/usr/bin/env python3
"""Clone one certbot-layout lineage (certbot's own, or acme's) N times under new lineage names.

    clone_lineages.py CONFIG_DIR TEMPLATE_NAME PREFIX COUNT

For i in 1..COUNT it creates lineage `<PREFIX><i>`:
  - archive/<new>/          a copy of archive/<template>/ (same files, same modes);
  - live/...                every entry of live/ that belongs to the template (`<template>`, and
                            acme's per-version `.<template>.vN` directories) is recreated under the
                            new name, with symlink targets rewritten to point at the new names;
  - renewal/<new>.conf      the template's conf with the paths rewritten (`/live/<template>/`,
                            `/archive/<template>`) so that each copy points at its own files.

Only lineage *names* and *paths* change. The domains stay the template's (certbot's webroot_map,
acme's `domains`/`webroot.*`), so every copy is internally consistent: its certificate names
exactly the domains its conf lists, and renewing a copy does the same work as renewing the
template (one order for the template's names). That is what makes the copies cheap: one real
issuance instead of COUNT.
"""
import os
import re
import shutil
import sys


def rewrite(text, src, dst):
    # Paths only: /live/<src>/..., /archive/<src> and /archive/<src>/..., renewal/<src>.conf,
    # and acme's per-version live directory names .<src>.vN
    esc = re.escape(src)
    text = re.sub(r"(/(?:live|archive)/)" + esc + r"(?=/|$|\s)", r"\g<1>" + dst, text, flags=re.M)
    text = re.sub(r"(renewal/)" + esc + r"\.conf", r"\g<1>" + dst + ".conf", text)
    text = re.sub(r"(^|/)\." + esc + r"(\.v\d+)", r"\g<1>." + dst + r"\g<2>", text, flags=re.M)
    # a bare relative target equal to the template name (live/<src> -> <src>) stays a name
    return dst if text == src else text


def copy_tree_with_links(src_path, dst_path, src, dst):
    if os.path.islink(src_path):
        os.symlink(rewrite(os.readlink(src_path), src, dst), dst_path)
    elif os.path.isdir(src_path):
        os.mkdir(dst_path)
        shutil.copymode(src_path, dst_path)
        for entry in os.listdir(src_path):
            copy_tree_with_links(
                os.path.join(src_path, entry), os.path.join(dst_path, entry), src, dst
            )
    else:
        shutil.copy2(src_path, dst_path)


def main():
    cfg, src, prefix, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    live = os.path.join(cfg, "live")
    own = [e for e in os.listdir(live) if e == src or re.fullmatch(r"\." + re.escape(src) + r"\.v\d+", e)]
    if not own:
        sys.exit(f"no live entry for {src} under {live}")
    with open(os.path.join(cfg, "renewal", src + ".conf")) as f:
        conf = f.read()
    for i in range(1, count + 1):
        dst = f"{prefix}{i}"
        shutil.copytree(os.path.join(cfg, "archive", src), os.path.join(cfg, "archive", dst), symlinks=True)
        for e in own:
            new = dst if e == src else "." + dst + e[len(src) + 1:]
            copy_tree_with_links(os.path.join(live, e), os.path.join(live, new), src, dst)
        path = os.path.join(cfg, "renewal", dst + ".conf")
        text = "".join(
            line.replace(f'"{src}"', f'"{dst}"') if line.startswith("#") else line
            for line in rewrite(conf, src, dst).splitlines(keepends=True)
        )
        with open(path, "w") as f:
            f.write(text)
        shutil.copymode(os.path.join(cfg, "renewal", src + ".conf"), path)


if __name__ == "__main__":
    main()
