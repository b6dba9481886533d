#include "net/cpu_affinity.h"

#include <algorithm>
#include <thread>

#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#endif

namespace contrail::net {

#ifdef __linux__

std::vector<int> AllowedCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (pthread_getaffinity_np(pthread_self(), sizeof set, &set) != 0) return cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  }
  return cpus;
}

bool SetCurrentThreadCpus(const std::vector<int>& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  int n = 0;
  for (int cpu : cpus) {
    if (cpu < 0 || cpu >= CPU_SETSIZE) return false;
    CPU_SET(cpu, &set);
    ++n;
  }
  return n > 0 && pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

#else

std::vector<int> AllowedCpus() { return {}; }
bool SetCurrentThreadCpus(const std::vector<int>&) { return false; }

#endif

std::string CpuListText(const std::vector<int>& cpus) {
  std::string out;
  for (int cpu : cpus) out += (out.empty() ? "" : ",") + std::to_string(cpu);
  return out;
}

int DefaultThreadCount() {
  auto allowed = AllowedCpus().size();
  if (allowed == 0) allowed = std::thread::hardware_concurrency();
  return static_cast<int>(std::max<std::size_t>(1, allowed));
}

}  // namespace contrail::net
