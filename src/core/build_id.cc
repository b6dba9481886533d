#include "core/build_id.h"

#include <elf.h>
#include <link.h>

#include <cstring>

#include "core/text.h"

namespace contrail::core {

namespace {

// dl_iterate_phdr visits the main executable first (its name is empty); only its notes count.
int FindBuildId(dl_phdr_info* info, size_t, void* out) {
  auto& id = *static_cast<std::string*>(out);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_NOTE) continue;
    const auto* p = reinterpret_cast<const unsigned char*>(info->dlpi_addr + ph.p_vaddr);
    const unsigned char* end = p + ph.p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      ElfW(Nhdr) note;
      std::memcpy(&note, p, sizeof note);
      const unsigned char* name = p + sizeof note;
      const unsigned char* desc = name + ((note.n_namesz + 3) & ~3u);
      if (desc + note.n_descsz > end) break;
      if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
        id = LowerHex(std::string_view(reinterpret_cast<const char*>(desc), note.n_descsz));
        return 1;
      }
      p = desc + ((note.n_descsz + 3) & ~3u);
    }
  }
  return 1;  // the executable has no build id: do not read the libraries' ones
}

}  // namespace

const std::string& BuildId() {
  static const std::string id = [] {
    std::string found;
    dl_iterate_phdr(FindBuildId, &found);
    return found.empty() ? std::string(CONTRAIL_VERSION) : found;
  }();
  return id;
}

}  // namespace contrail::core
