#!/usr/bin/python3
"""Writes a help2man include file whose COMMANDS section documents every subcommand of a
program as the program itself does (`PROGRAM SUBCOMMAND --help`): its purpose, its usage
and its options, one entry each.

    subcommand_sections.py PROGRAM OUTPUT

The subcommands are those listed under "Subcommands:" in `PROGRAM --help` (CLI11's layout).
"""
import re
import subprocess
import sys


def help_text(program, *args):
    return subprocess.run([program, *args, "--help"], capture_output=True, text=True, check=True).stdout.splitlines()


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


def subcommands(lines):
    names, inside = [], False
    for line in lines:
        if line.endswith(":") and not line.startswith(" "):
            inside = line == "Subcommands:"
        elif inside and (m := re.match(r"^  (\S+)\s", line)):
            names.append(m.group(1))
    return names


def section(program, name):
    """The subcommand's purpose, usage and options; the footer it shares with the program
    (after its options) is the program's own section already."""
    lines = help_text(program, name)
    out = [f'.SS "{roff(name)}"', roff(lines[0])]
    heading = None
    for line in lines[1:]:
        if not line.strip():
            continue
        if line.startswith("Usage: "):
            out += [".PP", "\\fB" + roff(line[len("Usage: "):]) + "\\fR"]
        elif not line.startswith(" "):
            heading = line.rstrip(":")
            if heading not in ("Positionals", "Options"):
                break
        elif (m := re.match(r"^\s{10,}(\S.*)$", line)):  # an option's description on its own line
            out.append(roff(m.group(1)))
        elif (m := re.match(r"^  (\S.*?)(?:\s{2,}(\S.*))?$", line)):
            option, meaning = m.group(1), m.group(2)
            if option.startswith(("-h,--help", "--help-all")):  # every subcommand's, in OPTIONS already
                continue
            out += [".TP", "\\fB" + roff(option) + "\\fR"]
            if meaning:
                out.append(roff(meaning))
    return out


def main():
    program, output = sys.argv[1], sys.argv[2]
    out = ["[COMMANDS]"]
    for name in subcommands(help_text(program)):
        out += section(program, name)
    with open(output, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
