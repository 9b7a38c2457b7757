#include <iostream>

#include "commands.hpp"
#include "scenario.hpp"

namespace flowscope::cli {

// The scenario format's reference table, generated from the same table that reads and
// validates scenarios, so the documentation cannot drift from the code.
Command addKeysCommand(CLI::App& app) {
    CLI::App* keys = app.add_subcommand("keys", "Print every scenario key with its type, default, valid range and "
                                                "meaning, as a Markdown table");
    return [keys]() -> int {
        if (!keys->parsed()) return -1;
        std::cout << "| key | type | default | valid values | meaning |\n|---|---|---|---|---|\n";
        for (const auto& k : scenarioKeys())
            std::cout << "| `" << k.path << "` | " << k.type << " | `" << k.defaultValue.dump() << "` | " << k.range
                      << " | " << k.meaning << " |\n";
        return 0;
    };
}

}  // namespace flowscope::cli
