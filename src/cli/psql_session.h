#pragma once
// psql as a child process, for `contrail bench search`'s floor: ONE session for the whole run
// (like the pool's one connection), fed script text on stdin. stdbuf makes its stdout
// line-buffered (a pipe is block-buffered), so a block's \timing lines arrive as soon as the
// block is done.

#include <sys/types.h>

#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "knowledge/search_sql.h"

namespace contrail::cli {

class Psql {
 public:
  // Starts `stdbuf -oL psql …` against `pc`. kUnavailable when it cannot be spawned.
  static core::Result<std::unique_ptr<Psql>> Start(const core::PostgresConfig& pc);
  ~Psql();
  Psql(const Psql&) = delete;
  Psql& operator=(const Psql&) = delete;

  // The simple-query form of `p` as one psql line: its statements joined by `\;`, which psql sends
  // as ONE Query message (one round trip, one \timing figure). New PREPAREs are queued for Run.
  std::string Line(const knowledge::SimpleQueryPipeline& p);

  // Runs queued PREPAREs (untimed), then `lines`, timed when `timed`. Returns the \timing
  // figures in microseconds, one per line; kUnavailable with psql's output when it failed.
  core::Result<std::vector<double>> Run(const std::string& lines, bool timed);

 private:
  Psql(pid_t pid, int in, FILE* out) : pid_(pid), in_(in), out_(out) {}

  pid_t pid_;
  int in_;
  FILE* out_;
  std::set<std::string> prepared_;
  std::string pending_;
};

}  // namespace contrail::cli
