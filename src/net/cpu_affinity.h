#pragma once
// CPU placement of I/O threads (Linux; elsewhere these report "unsupported" and change nothing).
//
// Why: with one io_context per thread, a connection is served only by the thread that accepted it.
// When two I/O threads share a core, every connection of the one waiting for the core waits with it
// (one scheduler slice, milliseconds). Pinning thread i to its own CPU keeps them apart; the rest of
// the machine (Valkey, a load generator, other processes) still moves freely around them.

#include <string>
#include <vector>

namespace contrail::net {

// CPUs the calling thread may run on (sched_getaffinity), ascending. Empty if it cannot be read.
std::vector<int> AllowedCpus();

// Restricts the calling thread to `cpus`. False (nothing changed) if the kernel refuses or `cpus`
// is empty.
bool SetCurrentThreadCpus(const std::vector<int>& cpus);

// "0,1,3": the CPUs in the order given, comma-separated (for logs and the like).
std::string CpuListText(const std::vector<int>& cpus);

// The number of I/O threads to run by default: one per CPU this process may use (a container's
// cpuset counts, unlike std::thread::hardware_concurrency), at least 1.
int DefaultThreadCount();

}  // namespace contrail::net
