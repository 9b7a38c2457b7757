#version 330 core
// One triangle that covers the render target; the texture coordinate runs over [0,1]^2.
out vec2 vUV;

void main() {
    vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
    vUV = corner;
    gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
