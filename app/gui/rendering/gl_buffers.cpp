#include "gl_buffers.hpp"

#include <cstdint>

namespace flowscope::gui {

VertexArray::~VertexArray() {
    if (vbo_) glDeleteBuffers(1, &vbo_);
    if (vao_) glDeleteVertexArrays(1, &vao_);
}

void VertexArray::create(std::initializer_list<int> attributeSizes) {
    glGenVertexArrays(1, &vao_);
    glGenBuffers(1, &vbo_);
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    stride_ = 0;
    for (int size : attributeSizes) stride_ += size;
    GLuint index = 0;
    std::uintptr_t offset = 0;
    for (int size : attributeSizes) {
        glEnableVertexAttribArray(index);
        glVertexAttribPointer(index, size, GL_FLOAT, GL_FALSE, stride_ * static_cast<GLsizei>(sizeof(float)),
                              reinterpret_cast<const void*>(offset));
        offset += static_cast<std::uintptr_t>(size) * sizeof(float);
        ++index;
    }
    glBindVertexArray(0);
}

void VertexArray::upload(const std::vector<float>& data) {
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    const auto bytes = static_cast<GLsizeiptr>(data.size() * sizeof(float));
    glBufferData(GL_ARRAY_BUFFER, bytes, nullptr, GL_STREAM_DRAW);
    if (bytes > 0) glBufferSubData(GL_ARRAY_BUFFER, 0, bytes, data.data());
    vertices_ = stride_ > 0 ? static_cast<int>(data.size() / static_cast<std::size_t>(stride_)) : 0;
}

void VertexArray::draw(GLenum mode) const {
    if (vertices_ == 0) return;
    glBindVertexArray(vao_);
    glDrawArrays(mode, 0, vertices_);
    glBindVertexArray(0);
}

void VertexArray::drawGenerated(GLenum mode, int count) const {
    glBindVertexArray(vao_);
    glDrawArrays(mode, 0, count);
    glBindVertexArray(0);
}

RenderTarget::~RenderTarget() {
    if (framebuffer_) glDeleteFramebuffers(1, &framebuffer_);
    if (texture_) glDeleteTextures(1, &texture_);
}

void RenderTarget::begin(int width, int height, float r, float g, float b, float a) {
    width = width < 1 ? 1 : width;
    height = height < 1 ? 1 : height;
    if (!framebuffer_) {
        glGenFramebuffers(1, &framebuffer_);
        glGenTextures(1, &texture_);
    }
    if (width != width_ || height != height_) {
        width_ = width;
        height_ = height;
        glBindTexture(GL_TEXTURE_2D, texture_);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glViewport(0, 0, width_, height_);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    glClearColor(r, g, b, a);
    glClear(GL_COLOR_BUFFER_BIT);
}

void RenderTarget::end() const { glBindFramebuffer(GL_FRAMEBUFFER, 0); }

FloatTexture::~FloatTexture() {
    if (texture_) glDeleteTextures(1, &texture_);
}

void FloatTexture::upload(int width, int height, const std::vector<float>& values) {
    if (!texture_) glGenTextures(1, &texture_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    if (width != width_ || height != height_) {
        width_ = width;
        height_ = height;
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, width, height, 0, GL_RED, GL_FLOAT, values.data());
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    } else {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RED, GL_FLOAT, values.data());
    }
}

void FloatTexture::bind(int unit) const {
    glActiveTexture(static_cast<GLenum>(GL_TEXTURE0 + unit));
    glBindTexture(GL_TEXTURE_2D, texture_);
}

}  // namespace flowscope::gui
