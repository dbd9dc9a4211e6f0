#!/usr/bin/env python3
"""Check that the paths and links the user documentation mentions exist.

    python3 scripts/check-doc-paths.py            # README.md, ARCHITECTURE.md, docs/*.md
    python3 scripts/check-doc-paths.py FILE.md …  # those files

For each page:
- every Markdown link to a file (`[text](path#anchor)`, images too) must name a file or folder of the
  repository, relative to the page, and its `#anchor`, if any, a heading of that page (GitHub's slugs);
- every path in backticks (`src/chart/backend.rs`, `config/themes/house.toml`) must exist, from the
  repository's root, from `config/` (where the example specs are, for paths a spec names:
  `themes/house.toml`), from `fonts/`, from `src/` or `src/model/` (ARCHITECTURE.md names files by
  module) or from the page's folder. Not checked: a bare file name (`card.toml`, the name of a file
  yitu writes or a user's), what yitu writes (`output/…`, `DIR/…`, `.yitu-record/…`), patterns (`*`),
  URLs and placeholders in capitals.

Prints each problem as `FILE:LINE: …` and exits 1 if there was any. Mentions of the workspace folder outside the repository (the parent's `shared`) always fail.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASES = ["", "config", "fonts", "src", "src/model"]
NOT_PATHS = {"GB/T", "OS/2", "n/N", "K/N"}
# Names that stand for a user's files in docs/spec.md, in a message quoted as yitu prints it (a cycle of
# theme files) or in an example of a file format the repository holds no sample of.
ILLUSTRATIVE = {"themes/a.toml", "themes/b.toml", "data/growth.json"}
# What yitu writes, or what stands for a user's own files, never a file of the repository.
GENERATED = re.compile(
    r"^(output/|tests/output/|target/|DIR/|NAME|\.yitu-record|\.yitu-tmp|~|/etc/|/usr/|\$)|"
    r"[A-Z]{3,}|[*…{}<>|]|://|^-|\.yitu-tmp"
)
# A folder beside the repository on the machine it was written on, which a user's clone does not have
# (spelt in two parts so that this script does not mention it itself).
OUTSIDE = "../" + "shared"
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
CODE = re.compile(r"`([^`\n]+)`")
PATHLIKE = re.compile(r"^[\w.\-/]+$")


def slug(heading):
    s = heading.strip().lower()
    s = re.sub(r"[`*_]", "", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"[^\w\- ]", "", s)  # keeps letters of every script, digits, _ and -
    return s.replace(" ", "-")


def anchors(path):
    found, seen, fence = set(), {}, False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("```"):
                fence = not fence
            if fence or not line.startswith("#"):
                continue
            base = slug(line.lstrip("#"))
            n = seen.get(base, 0)
            seen[base] = n + 1
            found.add(base if n == 0 else f"{base}-{n}")
    return found


def check(page):
    problems = []
    here = os.path.dirname(os.path.join(ROOT, page))
    fence = False
    with open(os.path.join(ROOT, page), encoding="utf-8") as f:
        lines = f.readlines()
    for no, line in enumerate(lines, 1):
        if OUTSIDE in line:
            problems.append(f"{page}:{no}: mentions {OUTSIDE}, a folder outside the repository")
        if line.startswith("```"):
            fence = not fence
            continue
        for target in LINK.findall(line):
            if re.match(r"^(https?:|mailto:)", target):
                continue
            path, _, anchor = target.partition("#")
            full = os.path.normpath(os.path.join(here, path)) if path else os.path.join(ROOT, page)
            if not os.path.exists(full):
                problems.append(f"{page}:{no}: link to a missing file: {target}")
            elif anchor and full.endswith(".md") and anchor not in anchors(full):
                problems.append(f"{page}:{no}: link to a missing heading: {target}")
        if fence:
            continue
        for code in CODE.findall(line):
            for token in code.split():
                token = token.rstrip(",;:.)").lstrip("(").strip("\"'")
                if not PATHLIKE.match(token) or GENERATED.search(token):
                    continue
                if "/" not in token or token in NOT_PATHS | ILLUSTRATIVE or token.startswith(("/", ".")):
                    continue
                if re.match(r"^[\d./]+$", token):
                    continue
                if not any(
                    os.path.exists(os.path.join(ROOT, base, token)) for base in BASES
                ) and not os.path.exists(os.path.join(here, token)):
                    problems.append(f"{page}:{no}: path not in the repository: {token}")
    return problems


def main():
    pages = sys.argv[1:] or ["README.md", "ARCHITECTURE.md"] + sorted(
        os.path.join("docs", p) for p in os.listdir(os.path.join(ROOT, "docs")) if p.endswith(".md")
    )
    problems = [p for page in pages for p in check(page)]
    for p in problems:
        print(p)
    print(f"{len(pages)} pages, {len(problems)} problems", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
