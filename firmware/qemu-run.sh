#!/usr/bin/env bash
# Cargo runner for the QEMU platform: ./qemu-run.sh path/to/ELF
#
# Runs the ELF on QEMU mps2-an386 (Cortex-M4F) and decodes the defmt frames
# (semihosting -> QEMU stdout) with `defmt-print -e ELF`. The exit status is
# QEMU's: the firmware's semihosting exit code (0 ok, 1 panic/HardFault,
# 2 divergence), 124 on timeout, 134 on a QEMU lockup abort; if QEMU
# succeeded but the decoder failed, the decoder's status.
#
# Environment:
#   QEMU_TIMEOUT  seconds before the run is killed (default 60)
#   QEMU_EXTRA    extra QEMU arguments, split on spaces (e.g. "-d guest_errors")
#   FW_RAW        if set, also save the raw defmt stream to this file
set -uo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 ELF" >&2
  exit 2
fi
ELF="$1"
shift

# -display/-monitor/-serial: work with stdin closed (CI), unlike -nographic.
# -icount shift=0: 1 instruction = 1 ns of virtual time, so SysTick-based
# cost numbers are deterministic (1 tick = 40 instructions at 25 MHz).
QEMU=(qemu-system-arm -machine mps2-an386 -cpu cortex-m4
  -display none -monitor none -serial null
  -semihosting-config enable=on,target=native
  -icount shift=0
  -kernel "$ELF")
# shellcheck disable=SC2206  # intentional word splitting
[ -n "${QEMU_EXTRA:-}" ] && QEMU+=(${QEMU_EXTRA})

# Pinned output format (no colours, no locations): `defmt::println!` data
# lines come out verbatim; every log line starts with its padded level
# ("INFO  ", "ERROR "); decoder messages start with "(HOST) ".
DECODE=(defmt-print -e "$ELF" --log-format '{L} {s}' --host-log-format '(HOST) {L} {s}')

if [ -n "${FW_RAW:-}" ]; then
  timeout "${QEMU_TIMEOUT:-60}" "${QEMU[@]}" </dev/null | tee "$FW_RAW" | "${DECODE[@]}"
  st=("${PIPESTATUS[@]}")
  dec=${st[2]}
else
  timeout "${QEMU_TIMEOUT:-60}" "${QEMU[@]}" </dev/null | "${DECODE[@]}"
  st=("${PIPESTATUS[@]}")
  dec=${st[1]}
fi
qemu=${st[0]}
if [ "$qemu" -ne 0 ]; then
  [ "$qemu" -eq 124 ] && echo "qemu-run.sh: timeout after ${QEMU_TIMEOUT:-60}s: $ELF" >&2
  exit "$qemu"
fi
exit "$dec"
