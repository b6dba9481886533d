#pragma once
// Memory events for the extractors' tests: a message of a session, by role.

#include <string>

#include "memory/memory_event.h"

namespace contrail::test {

inline memory::MemoryEvent Event(llm::Role role, std::string content) {
  memory::MemoryEvent e;
  e.role = role;
  e.content = std::move(content);
  return e;
}
inline memory::MemoryEvent User(std::string content) { return Event(llm::Role::kUser, std::move(content)); }
inline memory::MemoryEvent Assistant(std::string content) { return Event(llm::Role::kAssistant, std::move(content)); }

}  // namespace contrail::test
