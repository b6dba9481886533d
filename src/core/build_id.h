#pragma once
// The identity of this build of the program: the GNU build id the linker writes into the
// executable (a hash of its contents), so two binaries that differ in any code differ here. Used
// where a result depends on the code itself, such as a built-in model's cached answers.

#include <string>

namespace contrail::core {

// The executable's build id in hex, or CONTRAIL_VERSION when it has none (a linker without
// --build-id). Read once; the same string for the life of the process.
const std::string& BuildId();

}  // namespace contrail::core
