#pragma once
// A linked GLSL program built from two files of the shader folder (shaderDirectory(),
// resource_paths.hpp).
#include <string>

#include "gl.hpp"

namespace flowscope::gui {

class GlProgram {
public:
    GlProgram() = default;
    ~GlProgram();
    GlProgram(const GlProgram&) = delete;
    GlProgram& operator=(const GlProgram&) = delete;

    // Compiles shaders/<vertex> and shaders/<fragment> and links them; throws
    // std::runtime_error carrying the file name and the driver's log.
    void load(const std::string& vertexFile, const std::string& fragmentFile);
    void use() const { glUseProgram(id_); }
    GLint uniform(const char* name) const { return glGetUniformLocation(id_, name); }

    void set(const char* name, float v) const { glUniform1f(uniform(name), v); }
    void set(const char* name, int v) const { glUniform1i(uniform(name), v); }
    void set(const char* name, float x, float y) const { glUniform2f(uniform(name), x, y); }
    void set(const char* name, float x, float y, float z) const { glUniform3f(uniform(name), x, y, z); }
    void setMatrix3(const char* name, const float* columnMajor) const {
        glUniformMatrix3fv(uniform(name), 1, GL_FALSE, columnMajor);
    }

private:
    GLuint id_ = 0;
};

}  // namespace flowscope::gui
