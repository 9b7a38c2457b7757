#include "fonts_theme.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>

#include <imgui_impl_opengl3.h>

#include "palette.hpp"

namespace flowscope::gui {

namespace {

constexpr float baseFontSize = 17.0f;

std::string fontFile(const char* name) {
    const char* dir = std::getenv("FLOWSCOPE_FONTS");
    const std::string folder = dir && *dir ? dir : "/usr/share/fonts/truetype/dejavu";
    const std::string path = folder + "/" + name;
    return std::filesystem::exists(path) ? path : std::string();
}

// Latin, Greek, and the sub- and superscripts, arrows, mathematical operators and
// shapes the labels use (theta_i, a_j, F*, proportional to, play and pause marks).
const ImWchar* glyphRanges() {
    static const ImWchar ranges[] = {
        0x0020, 0x00FF, 0x0370, 0x03FF, 0x1D00, 0x1DBF, 0x2000, 0x206F, 0x2070, 0x209F,
        0x2190, 0x21FF, 0x2200, 0x22FF, 0x25A0, 0x25FF, 0x2C60, 0x2C7F, 0,
    };
    return ranges;
}

}  // namespace

Fonts loadFonts(float scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    Fonts fonts;
    ImFontConfig config;
    config.OversampleH = 2;
    const std::string regular = fontFile("DejaVuSans.ttf"), bold = fontFile("DejaVuSans-Bold.ttf");
    if (!regular.empty())
        fonts.regular = io.Fonts->AddFontFromFileTTF(regular.c_str(), baseFontSize * scale, &config, glyphRanges());
    if (!fonts.regular) {
        ImFontConfig fallback;
        fallback.SizePixels = 13.0f * scale;
        fonts.regular = io.Fonts->AddFontDefault(&fallback);
    }
    if (!bold.empty())
        fonts.heading = io.Fonts->AddFontFromFileTTF(bold.c_str(), baseFontSize * 1.2f * scale, &config, glyphRanges());
    if (!fonts.heading) fonts.heading = fonts.regular;
    io.FontDefault = fonts.regular;
    io.Fonts->Build();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    return fonts;
}

void applyTheme(float scale) {
    ImGuiStyle style;
    ImGui::StyleColorsDark(&style);
    style.WindowPadding = ImVec2(10, 10);
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(9, 7);
    style.ItemInnerSpacing = ImVec2(7, 5);
    style.ScrollbarSize = 16;
    style.GrabMinSize = 14;
    style.WindowRounding = 0;
    style.ChildRounding = 5;
    style.FrameRounding = 4;
    style.GrabRounding = 4;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = ImVec4(0.92f, 0.93f, 0.95f, 1.0f);
    c[ImGuiCol_TextDisabled] = ImVec4(0.62f, 0.64f, 0.70f, 1.0f);
    c[ImGuiCol_WindowBg] = ImVec4(0.07f, 0.075f, 0.09f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(0.095f, 0.10f, 0.12f, 1.0f);
    c[ImGuiCol_PopupBg] = ImVec4(0.10f, 0.11f, 0.13f, 1.0f);  // opaque: a list over a plot must stay readable
    c[ImGuiCol_Border] = ImVec4(0.25f, 0.27f, 0.32f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.17f, 0.21f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.22f, 0.24f, 0.30f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.26f, 0.29f, 0.36f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.20f, 0.32f, 0.50f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.26f, 0.42f, 0.64f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.30f, 0.50f, 0.76f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.18f, 0.22f, 0.30f, 1.0f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.24f, 0.30f, 0.42f, 1.0f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.28f, 0.36f, 0.50f, 1.0f);
    c[ImGuiCol_SliderGrab] = ImVec4(0.45f, 0.65f, 0.95f, 1.0f);
    c[ImGuiCol_SliderGrabActive] = ImVec4(0.60f, 0.78f, 1.0f, 1.0f);
    c[ImGuiCol_CheckMark] = ImVec4(0.55f, 0.78f, 1.0f, 1.0f);
    c[ImGuiCol_Separator] = ImVec4(0.28f, 0.30f, 0.36f, 1.0f);
    if (palette::highContrastOn()) {
        // For a washed-out projector: white text on black, widgets outlined, a bright
        // accent for what is active.
        c[ImGuiCol_Text] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
        c[ImGuiCol_TextDisabled] = ImVec4(0.80f, 0.82f, 0.86f, 1.0f);
        c[ImGuiCol_WindowBg] = ImVec4(0.0f, 0.0f, 0.0f, 1.0f);
        c[ImGuiCol_ChildBg] = ImVec4(0.03f, 0.03f, 0.035f, 1.0f);
        c[ImGuiCol_PopupBg] = ImVec4(0.05f, 0.05f, 0.06f, 1.0f);
        c[ImGuiCol_Border] = ImVec4(0.75f, 0.78f, 0.85f, 1.0f);
        c[ImGuiCol_FrameBg] = ImVec4(0.10f, 0.10f, 0.12f, 1.0f);
        c[ImGuiCol_Button] = ImVec4(0.10f, 0.30f, 0.62f, 1.0f);
        c[ImGuiCol_ButtonHovered] = ImVec4(0.16f, 0.42f, 0.80f, 1.0f);
        c[ImGuiCol_SliderGrab] = ImVec4(0.40f, 0.76f, 1.0f, 1.0f);
        c[ImGuiCol_CheckMark] = ImVec4(0.40f, 0.76f, 1.0f, 1.0f);
        c[ImGuiCol_Separator] = ImVec4(0.70f, 0.72f, 0.78f, 1.0f);
        style.FrameBorderSize = 1.0f;
    }
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

void sectionHeading(const char* text) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.60f, 0.78f, 1.0f, 1.0f));
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
    ImGui::Separator();
}

}  // namespace flowscope::gui
