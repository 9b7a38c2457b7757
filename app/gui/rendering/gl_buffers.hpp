#pragma once
// Thin owners of OpenGL objects: a vertex array with one interleaved float buffer, an
// off-screen render target that a view draws into and ImGui shows as an image, and a
// single-channel float texture for heat maps.
#include <initializer_list>
#include <vector>

#include "gl.hpp"

namespace flowscope::gui {

class VertexArray {
public:
    VertexArray() = default;
    ~VertexArray();
    VertexArray(const VertexArray&) = delete;
    VertexArray& operator=(const VertexArray&) = delete;

    // Attribute i has attributeSizes[i] floats; vertices are interleaved in that order.
    void create(std::initializer_list<int> attributeSizes);
    // Replaces the contents (the old storage is orphaned so the driver need not wait).
    void upload(const std::vector<float>& data);
    void draw(GLenum mode) const;
    // Draws `count` vertices generated in the vertex shader from gl_VertexID (no attributes).
    void drawGenerated(GLenum mode, int count) const;
    int vertexCount() const { return vertices_; }

private:
    GLuint vao_ = 0, vbo_ = 0;
    int stride_ = 0;  // floats per vertex
    int vertices_ = 0;
};

class RenderTarget {
public:
    RenderTarget() = default;
    ~RenderTarget();
    RenderTarget(const RenderTarget&) = delete;
    RenderTarget& operator=(const RenderTarget&) = delete;

    // Binds the target as the framebuffer at this size (reallocated when it changes),
    // cleared to the given colour. end() returns to the window's framebuffer.
    void begin(int width, int height, float r, float g, float b, float a);
    void end() const;
    GLuint texture() const { return texture_; }
    int width() const { return width_; }
    int height() const { return height_; }

private:
    GLuint framebuffer_ = 0, texture_ = 0;
    int width_ = 0, height_ = 0;
};

class FloatTexture {
public:
    FloatTexture() = default;
    ~FloatTexture();
    FloatTexture(const FloatTexture&) = delete;
    FloatTexture& operator=(const FloatTexture&) = delete;

    void upload(int width, int height, const std::vector<float>& values);  // row-major, row 0 at the bottom
    void bind(int unit) const;
    bool empty() const { return texture_ == 0; }

private:
    GLuint texture_ = 0;
    int width_ = 0, height_ = 0;
};

}  // namespace flowscope::gui
