#include "data_panel.hpp"

#include <imgui.h>

#include <nlohmann/json.hpp>

#include "data_csv.hpp"
#include "input_error.hpp"

namespace flowscope::gui {

void loadDataFile(AppState& state, const std::string& path) {
    Scenario s = state.snapshot.scenario;
    try {
        if (s.isDeconvolution()) throw InputError(path + ": data files are for networks; pick a network preset first");
        // Only the header is read here; the engine reads the file, and refuses it if it must.
        const int inputDim = dataCsvInputDim(path);
        const bool sameInputs = s.usesGivenData() && inputDim == s.network.inputDim;
        s.network.inputDim = inputDim;
        s.data.file = path;
        if (s.network.risk == RiskKind::Population) s.network.risk = RiskKind::Empirical;
        validateScenario(s, path);
        if (sameInputs) {
            state.engine->setValue("data.file", nlohmann::json(path).dump());  // the particles flow on
            state.keyEdits.clear();
        } else {
            openScenario(state, s, "");
        }
        // No notice here: the engine reads the file and may still refuse it (its warning then
        // says so); the data section shows the file the run uses once it does.
    } catch (const std::exception& e) {  // InputError or EnvironmentError: one line, the run unchanged
        postWarning(state, e.what());
    }
}

void addDrawnSample(AppState& state, const ClassifierView::Click& click) {
    try {
        const std::string path = writeDataWithSample(state.snapshot, click);
        state.engine->setValue("data.file", nlohmann::json(path).dump());
        state.keyEdits.clear();
    } catch (const std::exception& e) {
        postWarning(state, e.what());
    }
}

void dataSection(AppState& state) {
    const Scenario& s = state.snapshot.scenario;
    if (s.isDeconvolution()) return;
    static char path[1024] = "";
    ImGui::TextUnformatted("Load data...");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("a CSV with a header x0,x1,...,y (or drop one onto the window); labels -1/+1 or 0/1 to classify");
    const float buttons = ImGui::CalcTextSize("LoadClear").x + ImGui::GetStyle().FramePadding.x * 4 + ImGui::GetStyle().ItemSpacing.x * 2;
    ImGui::SetNextItemWidth(std::max(40.0f, ImGui::GetContentRegionAvail().x - buttons));
    const bool entered = ImGui::InputTextWithHint("##data file", "path/to/data.csv", path, sizeof path, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Load") || entered) && path[0] != '\0') loadDataFile(state, path);
    ImGui::SameLine();
    ImGui::BeginDisabled(s.data.file.empty());
    if (ImGui::Button("Clear")) state.engine->setValue("data.file", "\"\"");  // back to data.kind
    ImGui::EndDisabled();
    if (!s.data.file.empty()) ImGui::TextDisabled("%s", s.data.file.c_str());
}

}  // namespace flowscope::gui
