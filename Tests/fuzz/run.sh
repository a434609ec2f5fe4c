#!/usr/bin/env bash
# Builds the order fuzzers with libFuzzer and fuzzes each target for a bounded time (docs/FUZZING.md).
#
#   Tests/fuzz/run.sh                                  # CI: 60 s per target
#   FUZZ_SECONDS=1800 FUZZ_KEEP_GOING=1 Tests/fuzz/run.sh   # long run, collecting every crash
#
# FUZZ_SECONDS    seconds of fuzzing per target (default 60)
# FUZZ_TARGETS    which targets, of "body venue" (default both)
# FUZZ_KEEP_GOING 1: fork mode that records each crash and keeps fuzzing (libFuzzer -fork -ignore_crashes)
#
# Exits non-zero if any target crashed (trapped, broke an invariant, or its readers disagreed). Crash inputs
# land in .build-fuzz/fuzz-crashes/<target>/; the corpus grown from Tests/fuzz/corpus/<target> in
# .build-fuzz/fuzz-corpus/<target>/, so later runs start where earlier ones stopped.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${FUZZ_SECONDS:-60}"
targets="${FUZZ_TARGETS:-body venue}"
scratch=.build-fuzz
fuzz_flags=(-Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING)

# Both targets need only MarketCore and MarketWire, which build quickly in release, where the fuzzers run many
# times faster than in debug.
build() {
    local started=$SECONDS
    nice -n 19 swift build --scratch-path "$scratch" "$@" "${fuzz_flags[@]}"
    echo "built $* in $((SECONDS - started)) s"
}
for target in $targets; do
    case "$target" in
        body | venue) build -c release --product "order-fuzz-$target" ;;
        *) echo "unknown fuzz target $target (body, venue)" >&2; exit 2 ;;
    esac
done

failed=0
for target in $targets; do
    case "$target" in
        body) options=(-max_len=1024 -dict=Tests/fuzz/order-body.dict) ;;
        venue) options=(-max_len=1024) ;;
    esac
    binary="$(swift build --scratch-path "$scratch" -c release --show-bin-path)/order-fuzz-$target"
    corpus="$scratch/fuzz-corpus/$target"
    artifacts="$scratch/fuzz-crashes/$target"
    log="$scratch/fuzz-$target.log"
    mkdir -p "$corpus" "$artifacts"
    crashes_before=$(find "$artifacts" -type f | wc -l)
    if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
        options+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    fi
    echo "== fuzzing $target for $seconds s (log: $log)"
    status=0
    # The grown corpus first: libFuzzer writes new inputs to the first directory only.
    nice -n 19 "$binary" "${options[@]}" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$corpus" "Tests/fuzz/corpus/$target" >"$log" 2>&1 || status=$?
    crashes=$(($(find "$artifacts" -type f | wc -l) - crashes_before))
    echo "== $target: exit $status, $crashes new crash inputs in $artifacts"
    # libFuzzer's closing figures: the last coverage line (executions, cov, ft, corpus, exec/s) and stats.
    grep -E '^#[0-9]+.*(DONE|cov:)' "$log" | tail -n 1 || true
    grep -E '^stat::|^INFO: fuzzed for|==ERROR|^SUMMARY|Fatal error|deadly signal' "$log" | head -n 20 || true
    if [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ]; then
        failed=1
        grep -E -A 30 'Fatal error|deadly signal' "$log" | head -n 60 || true
    fi
done
exit "$failed"
