#!/usr/bin/env python3
"""Where the Cortex-M4F's instructions go in one NCE update, counted exactly on QEMU.

Builds the firmware's NCE program twice, for 2 and for 4 epochs (refit off, one sample), runs
each on QEMU with every executed translation block logged (`-d in_asm,exec,nochain`), and
subtracts the two: what is left is exactly 2 epochs of training (50 updates of 40 data and
160 noise points), with the start-up, the data and the checks cancelled out. Each executed
instruction is then put down to the source it came from (binutils' `addr2line`, through the
inlining) and to its kind of instruction, and the tables are printed per update, with an
estimate of the cycles from the Cortex-M4 manual's instruction timings.

    python3 scripts/m4f-profile.py            # about a minute; needs what firmware/check.sh installs
    python3 scripts/m4f-profile.py --hot 20   # also the 20 costliest blocks and their sources

Standard library only. The log is read from a pipe as QEMU writes it, so nothing large is kept
on disk. The counts are instructions: QEMU models no pipeline, so the cycles are an estimate.
"""

import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

FIRMWARE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "firmware")
ELF = "target/thumbv7em-none-eabihf/release/nce"
EPOCHS = (2, 4)
UPDATES_PER_EPOCH = 25  # 1000 points in minibatches of 40

# Where an instruction's inlining chain says it comes from: the first rule with a match wins.
SOURCES = [
    ("Adam step", ("adam.rs",)),
    ("products z = W·x and Wᵀ·δ (`matvec_rows`)", ("matvec_rows",)),
    ("gradient sums (`accumulate_rows`)", ("accumulate_rows",)),
    ("ELU and its slope (`exp`)", ("apply_with_derivative", "exp.rs", "activation")),
    ("noise draws (Box–Muller)", ("gaussian", "rng.rs", "turns.rs", "ln.rs", "noise")),
    ("loss", ("loss.rs",)),
    ("memory copies", ("memcpy", "memset", "copy_nonoverlapping")),
]


def kind(mnemonic):
    """The kind of a Thumb-2/VFP instruction, by its mnemonic."""
    m = mnemonic
    if m.startswith(("vmla", "vmls", "vfma", "vfms")):
        return "VFP multiply-adds (`vmla`)"
    if m.startswith(("vcmp", "vmrs", "it")) or re.match(r"vmov(eq|ne|mi|pl|gt|ge|lt|le|hi|ls|vs|vc)", m):
        return "VFP compares and selects"
    if m.startswith(("vmul", "vadd", "vsub", "vdiv", "vabs", "vneg", "vsqrt")):
        return "other VFP arithmetic"
    if m.startswith(("vldr", "vldm", "vpop")):
        return "VFP loads"
    if m.startswith(("vstr", "vstm", "vpush")):
        return "VFP stores"
    if m.startswith(("vmov", "vcvt")):
        return "VFP register moves"
    if m.startswith(("ldr", "str", "ldm", "stm", "push", "pop")):
        return "integer loads and stores"
    if m.startswith("b") and not m.startswith(("bic", "bfi", "bfc")):
        return "branches and calls"
    return "integer arithmetic (addresses, counters)"


def cycles(mnemonic):
    """Cortex-M4 cycles of one instruction, from the Technical Reference Manual's timing
    tables (r0p1: processor instructions, and the FPU's): an estimate, for QEMU counts
    instructions only. Every branch is taken as taken, with a refill of 2 (the manual gives
    1 to 3), a multiple load or store as moving 3 registers, and memory as having no wait
    states (flash wait states depend on the part and its clock)."""
    m = mnemonic.split(".")[0]
    if m in ("vmla", "vmls", "vnmla", "vnmls", "vfma", "vfms", "vfnma", "vfnms"):
        return 3
    if m in ("vdiv", "vsqrt"):
        return 14
    if m in ("vldr", "vstr", "ldr", "ldrb", "ldrh", "ldrd", "str", "strb", "strh", "strd"):
        return 2
    if m in ("vldmia", "vstmia", "vldmdb", "vstmdb", "vpush", "vpop", "push", "pop", "ldm", "stm", "ldmia", "stmia", "stmdb"):
        return 4
    if m in ("sdiv", "udiv"):
        return 6
    if m in ("mla", "mls"):
        return 2
    if m in ("b", "bl", "bx", "blx", "cbz", "cbnz") or re.fullmatch(r"b(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le)(\.w)?", mnemonic):
        return 3
    return 1


def build(epochs, out):
    env = dict(os.environ, TINYGEN_NCE_EPOCHS=str(epochs), TINYGEN_REFIT_NOISE="0", TINYGEN_SAMPLES="1")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "nce"], cwd=FIRMWARE, env=env, check=True)
    shutil.copy(os.path.join(FIRMWARE, ELF), out)


def profile(elf, fifo):
    """Per translation block: its instructions (address, mnemonic) and how often it ran."""
    blocks, runs = {}, collections.Counter()
    qemu = subprocess.Popen(
        ["qemu-system-arm", "-machine", "mps2-an386", "-cpu", "cortex-m4", "-display", "none",
         "-monitor", "none", "-serial", "null", "-semihosting-config", "enable=on,target=native",
         "-icount", "shift=0", "-kernel", elf, "-d", "in_asm,exec,nochain", "-D", fifo],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    timer = threading.Timer(600, qemu.kill)
    timer.start()
    current = None
    with open(fifo, errors="replace") as log:
        for line in log:
            if line.startswith("Trace"):
                # Trace 0: 0x… [cs_base/pc/flags/cflags] symbol
                runs[int(line[line.index("[") + 10:line.index("[") + 18], 16)] += 1
                current = None
            elif line.startswith("0x"):
                fields = line.split()
                address = int(fields[0].rstrip(":"), 16)
                mnemonic = next((f for f in fields[1:] if not re.fullmatch(r"[0-9a-f]{4}", f)), "?")
                if current is None:
                    current = address
                    blocks[current] = []
                blocks[current].append((address, mnemonic))
            else:
                current = None
    qemu.wait()
    timer.cancel()
    return blocks, runs


def sources(elf, addresses):
    """Each address's inlining chain, innermost first, as a list of (function, file:line)."""
    out = subprocess.run(["addr2line", "-e", elf, "-f", "-i", "-C", "-a"] + [hex(a) for a in addresses],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    frames, current = {}, None
    for line in out:
        if re.fullmatch(r"0x[0-9a-f]+", line):
            current = int(line, 16)
            frames[current] = []
        elif frames[current] and len(frames[current][-1]) == 1:
            frames[current][-1] = (frames[current][-1][0], line)
        else:
            frames[current].append((line,))
    return frames


def innermost_own(chain):
    """The innermost of the project's own functions in an inlining chain, with its source line
    (the library's slice and iterator helpers say little on their own)."""
    function, line = next((f for f in chain if f[0].startswith("tinygen")), chain[0] if chain else ("?", "?"))
    return f"{function} ({os.path.basename(line)})"


def main():
    hot = 0
    if sys.argv[1:2] == ["--hot"] and len(sys.argv) == 3 and sys.argv[2].isdigit():
        hot = int(sys.argv[2])
    elif len(sys.argv) > 1:
        sys.exit("usage: m4f-profile.py [--hot N]")
    for tool in ("cargo", "qemu-system-arm", "addr2line"):
        if shutil.which(tool) is None:
            sys.exit(f"m4f-profile: `{tool}` is not installed (see firmware/check.sh)")
    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, "log")
        os.mkfifo(fifo)
        runs = []
        for epochs in EPOCHS:
            elf = os.path.join(tmp, f"nce-{epochs}")
            build(epochs, elf)
            runs.append((elf, *profile(elf, fifo)))
        (_, _, few), (elf, blocks, many) = runs
        updates = UPDATES_PER_EPOCH * (EPOCHS[1] - EPOCHS[0])
        frames = sources(elf, sorted({a for b in blocks.values() for a, _ in b}))
        by_source, by_kind, total, cycle_total = collections.Counter(), collections.Counter(), 0, 0
        for start, instructions in blocks.items():
            n = many[start] - few[start]
            for address, mnemonic in instructions:
                chain = " ".join(" ".join(f) for f in frames.get(address, []))
                by_source[next((s for s, keys in SOURCES if any(k in chain for k in keys)), "other")] += n
                by_kind[kind(mnemonic)] += n
                total += n
                cycle_total += n * cycles(mnemonic)
        costliest = sorted(blocks, key=lambda b: -(many[b] - few[b]) * len(blocks[b]))[:hot]
        hottest = [(b, (many[b] - few[b]) * len(blocks[b]) / updates, len(blocks[b]),
                    innermost_own(frames.get(b, []))) for b in costliest]
    per_update = total / updates
    print(f"{per_update:,.0f} instructions per NCE update ({total:,} over {updates} updates)")
    print(f"about {cycle_total / updates:,.0f} cycles per update by the Cortex-M4 manual's timings "
          f"({cycle_total / total:.2f} per instruction; see `cycles`)\n")
    for title, table in (("source", by_source), ("instruction", by_kind)):
        print(f"| {title} | per update | share |\n|---|---|---|")
        for name, n in table.most_common():
            print(f"| {name} | {n / updates:,.0f} | {100 * n / total:.1f} % |")
        print()
    if hottest:
        print("| block | instructions per update | length | innermost source |\n|---|---|---|---|")
        for start, n, length, source in hottest:
            print(f"| {start:#x} | {n:,.0f} | {length} | {source} |")


if __name__ == "__main__":
    main()
