#include "gl_program.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "resource_paths.hpp"

namespace flowscope::gui {

namespace {

std::string readShader(const std::string& file) {
    const std::string path = shaderDirectory() + "/" + file;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read shader " + path + " (set FLOWSCOPE_SHADERS to the shaders folder)");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

GLuint compile(GLenum stage, const std::string& file) {
    const std::string source = readShader(file);
    const char* text = source.c_str();
    const GLuint shader = glCreateShader(stage);
    glShaderSource(shader, 1, &text, nullptr);
    glCompileShader(shader);
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        GLint length = 0;
        glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
        std::vector<char> log(static_cast<std::size_t>(length) + 1, '\0');
        glGetShaderInfoLog(shader, length, nullptr, log.data());
        glDeleteShader(shader);
        throw std::runtime_error("shader " + file + " does not compile: " + log.data());
    }
    return shader;
}

}  // namespace

GlProgram::~GlProgram() {
    if (id_) glDeleteProgram(id_);
}

void GlProgram::load(const std::string& vertexFile, const std::string& fragmentFile) {
    const GLuint vertex = compile(GL_VERTEX_SHADER, vertexFile);
    const GLuint fragment = compile(GL_FRAGMENT_SHADER, fragmentFile);
    const GLuint program = glCreateProgram();
    glAttachShader(program, vertex);
    glAttachShader(program, fragment);
    glLinkProgram(program);
    glDeleteShader(vertex);
    glDeleteShader(fragment);
    GLint ok = 0;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[2048] = {};
        glGetProgramInfoLog(program, sizeof log, nullptr, log);
        glDeleteProgram(program);
        throw std::runtime_error("shaders " + vertexFile + " + " + fragmentFile + " do not link: " + log);
    }
    if (id_) glDeleteProgram(id_);
    id_ = program;
}

}  // namespace flowscope::gui
