#include <iostream>

#include "commands.hpp"
#include "scenario.hpp"

namespace flowscope::cli {

// The scenario format's reference table, generated from the same table that reads and
// validates scenarios, so the documentation cannot drift from the code.
int keysCommand() {
    std::cout << "| key | type | default | valid values | meaning |\n|---|---|---|---|---|\n";
    for (const auto& k : scenarioKeys())
        std::cout << "| `" << k.path << "` | " << k.type << " | `" << k.defaultValue.dump() << "` | " << k.range
                  << " | " << k.meaning << " |\n";
    return 0;
}

}  // namespace flowscope::cli
