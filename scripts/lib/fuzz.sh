# shellcheck shell=bash
# The libFuzzer targets of fuzz/: building them (clang, in a build folder of their own) and running
# each for a while over a copy of its corpus. Sourced after services.sh (log, cmake_build), by
# scripts/test's fuzz phase or by hand:
#
#   REPO=$PWD LOG_TAG=fuzz; source scripts/lib/services.sh; source scripts/lib/fuzz.sh
#   fuzz_build build-fuzz && fuzz_run build-fuzz 60 /tmp/fuzz-out
#
# The repository is never written: libFuzzer adds the inputs it finds to the copy.

# fuzz_build DIR: configures (once) and builds the fuzz targets in DIR with clang (-DCONTRAIL_BUILD_FUZZ,
# no tests, no contrail binary) through cmake_build, so through ccache.
fuzz_build() {
  NINJA_TARGETS=fuzzers cmake_build "$1" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DCONTRAIL_BUILD_FUZZ=ON -DCONTRAIL_BUILD_TESTS=OFF
}

# fuzz_run DIR SECONDS OUT: runs every target DIR/fuzz/*_fuzz for SECONDS over a copy of
# fuzz/corpus/<target>/ in OUT/<target>/corpus (with fuzz/dict/<target>.dict when there is one).
# A target's log is OUT/<target>.log; the input of a crash, leak, timeout or failed FUZZ_CHECK is
# OUT/<target>/crash-… (leak-…, timeout-…, oom-…). Prints one line per target and sets
# FUZZ_PASSED and FUZZ_FAILED to the number of targets; returns 1 when any failed.
fuzz_run() {
  local dir=$1 seconds=$2 out=$3 bin name args artifact
  FUZZ_PASSED=0
  FUZZ_FAILED=0
  mkdir -p "$out"
  for bin in "$dir"/fuzz/*_fuzz; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    mkdir -p "$out/$name/corpus"
    if [ -d "$REPO/fuzz/corpus/$name" ]; then cp -R "$REPO/fuzz/corpus/$name/." "$out/$name/corpus/"; fi
    # -timeout: one input that takes over 5 s is a hang; -rss_limit_mb: one that needs 2 GB is a
    # memory blow-up (the machine has 2 cores and 24 GB, shared).
    args=(-max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1
      -artifact_prefix="$out/$name/")
    if [ -f "$REPO/fuzz/dict/$name.dict" ]; then args+=(-dict="$REPO/fuzz/dict/$name.dict"); fi
    if UBSAN_OPTIONS=print_stacktrace=1 "$bin" "${args[@]}" "$out/$name/corpus" >"$out/$name.log" 2>&1; then
      log "fuzz $name: ok ($(fuzz_summary "$out/$name.log"))"
      FUZZ_PASSED=$((FUZZ_PASSED + 1))
    else
      artifact=$(find "$out/$name" -maxdepth 1 -type f -name '*-*' | head -n 1)
      log "fuzz $name: FAILED; the input: ${artifact:-none saved}; log: $out/$name.log"
      grep -E -m 1 -A 25 'ERROR: |FUZZ_CHECK failed|runtime error:' "$out/$name.log" >&2 || tail -n 30 "$out/$name.log" >&2
      log "reproduce: $bin ${artifact:-INPUT}"
      FUZZ_FAILED=$((FUZZ_FAILED + 1))
    fi
  done
  if [ $((FUZZ_PASSED + FUZZ_FAILED)) = 0 ]; then
    log "fuzz: no targets in $dir/fuzz"
    FUZZ_FAILED=1
  fi
  [ "$FUZZ_FAILED" = 0 ]
}

# fuzz_summary LOG: "N runs, M corpus inputs" from libFuzzer's final stats in LOG.
fuzz_summary() {
  local runs corpus
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$1" | tail -n 1)
  corpus=$(grep -oE 'corp: [0-9]+' "$1" | tail -n 1 | grep -oE '[0-9]+' || true)
  echo "${runs:-?} runs, ${corpus:-?} corpus inputs"
}
